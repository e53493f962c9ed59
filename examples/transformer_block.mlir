// A pre-norm transformer block with symbolic batch B and sequence S
// (model width 256, 4 heads of 64, MLP hidden 1024):
//   h = x + attention(layer_norm(x))
//   y = h + mlp(layer_norm(h)),  mlp(z) = gelu(z @ w1 + b1) @ w2 + b2
// One compilation serves every (B, S) within the declared facts.
// transformer_block.args holds kiln-run's --random-std for it: weights with
// standard deviation 1/sqrt(fan-in), as models initialize them.

!act = !kiln.tensor<[B, S, 256], f32>
!rows = !kiln.tensor<[B*S, 256], f32>
!vec = !kiln.tensor<[256], f32>
!heads = !kiln.tensor<[B, S, 4, 64], f32>
!bh = !kiln.tensor<[B, 4, S, 64], f32>
!w = !kiln.tensor<[256, 256], f32>

func.func @transformer_block(%x: !act,
    %ln1_w: !vec, %ln1_b: !vec, %wq: !w, %wk: !w, %wv: !w, %wo: !w,
    %ln2_w: !vec, %ln2_b: !vec,
    %w1: !kiln.tensor<[256, 1024], f32>, %b1: !kiln.tensor<[1024], f32>,
    %w2: !kiln.tensor<[1024, 256], f32>, %b2: !vec) -> !act
    attributes {kiln.facts = #kiln.facts<B in [1, 64], S in [1, 2048]>} {
  // Attention: project to heads [B, 4, S, 64].
  %n1 = kiln.layer_norm %x, %ln1_w, %ln1_b {epsilon = 1.0e-5 : f64} : !act, !vec, !vec
  %r1 = kiln.reshape %n1 : !act -> !rows
  %q0 = kiln.matmul %r1, %wq : !rows, !w -> !rows
  %k0 = kiln.matmul %r1, %wk : !rows, !w -> !rows
  %v0 = kiln.matmul %r1, %wv : !rows, !w -> !rows
  %q1 = kiln.reshape %q0 : !rows -> !heads
  %k1 = kiln.reshape %k0 : !rows -> !heads
  %v1 = kiln.reshape %v0 : !rows -> !heads
  %q = kiln.transpose %q1 {perm = array<i64: 0, 2, 1, 3>} : !heads -> !bh
  %v = kiln.transpose %v1 {perm = array<i64: 0, 2, 1, 3>} : !heads -> !bh
  // softmax(q @ k^T / sqrt(64)) @ v
  %kt = kiln.transpose %k1 {perm = array<i64: 0, 2, 3, 1>} : !heads -> !kiln.tensor<[B, 4, 64, S], f32>
  %scores = kiln.matmul %q, %kt : !bh, !kiln.tensor<[B, 4, 64, S], f32> -> !kiln.tensor<[B, 4, S, S], f32>
  %scale = kiln.constant {value = dense<0.125> : tensor<f32>} : !kiln.tensor<[], f32>
  %scaled = kiln.mul %scores, %scale : !kiln.tensor<[B, 4, S, S], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[B, 4, S, S], f32>
  %p = kiln.softmax %scaled {dim = -1 : i64} : !kiln.tensor<[B, 4, S, S], f32>
  %ctx = kiln.matmul %p, %v : !kiln.tensor<[B, 4, S, S], f32>, !bh -> !bh
  %ctxt = kiln.transpose %ctx {perm = array<i64: 0, 2, 1, 3>} : !bh -> !heads
  %ctx2 = kiln.reshape %ctxt : !heads -> !rows
  %o = kiln.matmul %ctx2, %wo : !rows, !w -> !rows
  %o3 = kiln.reshape %o : !rows -> !act
  %h = kiln.add %x, %o3 : !act, !act -> !act
  // MLP.
  %n2 = kiln.layer_norm %h, %ln2_w, %ln2_b {epsilon = 1.0e-5 : f64} : !act, !vec, !vec
  %u = kiln.matmul %n2, %w1 : !act, !kiln.tensor<[256, 1024], f32> -> !kiln.tensor<[B, S, 1024], f32>
  %ub = kiln.add %u, %b1 : !kiln.tensor<[B, S, 1024], f32>, !kiln.tensor<[1024], f32> -> !kiln.tensor<[B, S, 1024], f32>
  %g = kiln.gelu %ub : !kiln.tensor<[B, S, 1024], f32>
  %d = kiln.matmul %g, %w2 : !kiln.tensor<[B, S, 1024], f32>, !kiln.tensor<[1024, 256], f32> -> !act
  %db = kiln.add %d, %b2 : !act, !vec -> !act
  %y = kiln.add %h, %db : !act, !act -> !act
  return %y : !act
}
