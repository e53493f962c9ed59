// attention (design.md §6): y = softmax(q @ k^T * 1/sqrt(64)) @ v, bf16.
// q, k, v [B, H, S, 64] with B, H, S symbolic (--sym B=.. --sym H=..
// --sym S=..); k is transposed inside the program, as PyTorch's
// scaled_dot_product_attention takes it. The benchmark counts the flops of
// both batched matmuls: 2 * (2 * B * H * S * S * 64).
// bf16 inputs and results; the matmuls accumulate in f32 (IR contract).

!qkv = !kiln.tensor<[B, H, S, 64], bf16>
!kt = !kiln.tensor<[B, H, 64, S], bf16>
!scores = !kiln.tensor<[B, H, S, S], bf16>
!scalar = !kiln.tensor<[], bf16>

func.func @attention(%q: !qkv, %k: !qkv, %v: !qkv) -> !qkv {
  %kt = kiln.transpose %k {perm = array<i64: 0, 1, 3, 2>} : !qkv -> !kt
  %s = kiln.matmul %q, %kt : !qkv, !kt -> !scores
  // 1/sqrt(64) = 0.125, exact in every float type.
  %scale = kiln.constant {value = dense<0.125> : tensor<bf16>} : !scalar
  %scaled = kiln.mul %s, %scale : !scores, !scalar -> !scores
  %p = kiln.softmax %scaled {dim = -1 : i64} : !scores
  %y = kiln.matmul %p, %v : !scores, !qkv -> !qkv
  return %y : !qkv
}
