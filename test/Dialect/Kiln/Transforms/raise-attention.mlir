// RUN: kiln-opt %s -kiln-raise-attention -split-input-file | FileCheck %s
//
// kiln-raise-attention: softmax(q @ k^T * c) @ v (or / c, casts around the
// softmax) becomes kiln.attention with scale c (1/c); variants that are not
// attention are left alone. A causal mask written out becomes causal = true.

// CHECK-LABEL: func.func @bench_attention
// CHECK-SAME: (%[[Q:.*]]: !kiln.tensor<[B, H, S, 64], bf16>, %[[K:.*]]: !kiln.tensor<[B, H, S, 64], bf16>, %[[V:.*]]: !kiln.tensor<[B, H, S, 64], bf16>)
// CHECK-NEXT: %[[Y:.*]] = kiln.attention %[[Q]], %[[K]], %[[V]] {scale = 1.250000e-01 : f64}
// CHECK-NEXT: return %[[Y]]
!qkv = !kiln.tensor<[B, H, S, 64], bf16>
!kt = !kiln.tensor<[B, H, 64, S], bf16>
!scores = !kiln.tensor<[B, H, S, S], bf16>
func.func @bench_attention(%q: !qkv, %k: !qkv, %v: !qkv) -> !qkv {
  %kt = kiln.transpose %k {perm = array<i64: 0, 1, 3, 2>} : !qkv -> !kt
  %s = kiln.matmul %q, %kt : !qkv, !kt -> !scores
  %scale = kiln.constant {value = dense<0.125> : tensor<bf16>} : !kiln.tensor<[], bf16>
  %scaled = kiln.mul %s, %scale : !scores, !kiln.tensor<[], bf16> -> !scores
  %p = kiln.softmax %scaled {dim = -1 : i64} : !scores
  %y = kiln.matmul %p, %v : !scores, !qkv -> !qkv
  return %y : !qkv
}

// -----

// Division by the constant, f32 scores cast around the softmax, rank 3.
// CHECK-LABEL: func.func @div_and_casts
// CHECK: kiln.attention %arg0, %arg1, %arg2 {scale = 2.500000e-01 : f64} : !kiln.tensor<[2, L, 16], f16>, !kiln.tensor<[2, S, 16], f16>, !kiln.tensor<[2, S, 16], f16> -> !kiln.tensor<[2, L, 16], f16>
// CHECK-NOT: kiln.softmax
func.func @div_and_casts(%q: !kiln.tensor<[2, L, 16], f16>, %k: !kiln.tensor<[2, S, 16], f16>, %v: !kiln.tensor<[2, S, 16], f16>) -> !kiln.tensor<[2, L, 16], f16> {
  %kt = kiln.transpose %k {perm = array<i64: 0, 2, 1>} : !kiln.tensor<[2, S, 16], f16> -> !kiln.tensor<[2, 16, S], f16>
  %s = kiln.matmul %q, %kt : !kiln.tensor<[2, L, 16], f16>, !kiln.tensor<[2, 16, S], f16> -> !kiln.tensor<[2, L, S], f32>
  %c = kiln.constant {value = dense<4.0> : tensor<f32>} : !kiln.tensor<[], f32>
  %d = kiln.div %s, %c : !kiln.tensor<[2, L, S], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[2, L, S], f32>
  %p = kiln.softmax %d {dim = 2 : i64} : !kiln.tensor<[2, L, S], f32>
  %ph = kiln.cast %p : !kiln.tensor<[2, L, S], f32> -> !kiln.tensor<[2, L, S], f16>
  %y = kiln.matmul %ph, %v : !kiln.tensor<[2, L, S], f16>, !kiln.tensor<[2, S, 16], f16> -> !kiln.tensor<[2, L, 16], f16>
  return %y : !kiln.tensor<[2, L, 16], f16>
}

// -----

// Left alone: the probabilities are also returned (used twice); the softmax
// is over the queries; k is not transposed; the scale is not a constant.
// CHECK-LABEL: func.func @not_attention
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @not_attention(%q: !kiln.tensor<[S, 16], bf16>, %kt: !kiln.tensor<[16, S], bf16>, %v: !kiln.tensor<[S, 16], bf16>, %c: !kiln.tensor<[], bf16>) -> (!kiln.tensor<[S, 16], bf16>, !kiln.tensor<[S, S], bf16>, !kiln.tensor<[S, 16], bf16>, !kiln.tensor<[S, 16], bf16>, !kiln.tensor<[S, 16], bf16>) {
  %k = kiln.transpose %kt {perm = array<i64: 1, 0>} : !kiln.tensor<[16, S], bf16> -> !kiln.tensor<[S, 16], bf16>
  %one = kiln.constant {value = dense<0.25> : tensor<bf16>} : !kiln.tensor<[], bf16>
  %s0 = kiln.matmul %q, %kt : !kiln.tensor<[S, 16], bf16>, !kiln.tensor<[16, S], bf16> -> !kiln.tensor<[S, S], bf16>
  %x0 = kiln.mul %s0, %one : !kiln.tensor<[S, S], bf16>, !kiln.tensor<[], bf16> -> !kiln.tensor<[S, S], bf16>
  %p0 = kiln.softmax %x0 {dim = -1 : i64} : !kiln.tensor<[S, S], bf16>
  %y0 = kiln.matmul %p0, %v : !kiln.tensor<[S, S], bf16>, !kiln.tensor<[S, 16], bf16> -> !kiln.tensor<[S, 16], bf16>
  %kt1 = kiln.transpose %k {perm = array<i64: 1, 0>} : !kiln.tensor<[S, 16], bf16> -> !kiln.tensor<[16, S], bf16>
  %s1 = kiln.matmul %q, %kt1 : !kiln.tensor<[S, 16], bf16>, !kiln.tensor<[16, S], bf16> -> !kiln.tensor<[S, S], bf16>
  %x1 = kiln.mul %s1, %one : !kiln.tensor<[S, S], bf16>, !kiln.tensor<[], bf16> -> !kiln.tensor<[S, S], bf16>
  %p1 = kiln.softmax %x1 {dim = 0 : i64} : !kiln.tensor<[S, S], bf16>
  %y1 = kiln.matmul %p1, %v : !kiln.tensor<[S, S], bf16>, !kiln.tensor<[S, 16], bf16> -> !kiln.tensor<[S, 16], bf16>
  %kt2 = kiln.transpose %k {perm = array<i64: 1, 0>} : !kiln.tensor<[S, 16], bf16> -> !kiln.tensor<[16, S], bf16>
  %s2 = kiln.matmul %q, %kt2 : !kiln.tensor<[S, 16], bf16>, !kiln.tensor<[16, S], bf16> -> !kiln.tensor<[S, S], bf16>
  %x2 = kiln.mul %s2, %c : !kiln.tensor<[S, S], bf16>, !kiln.tensor<[], bf16> -> !kiln.tensor<[S, S], bf16>
  %p2 = kiln.softmax %x2 {dim = -1 : i64} : !kiln.tensor<[S, S], bf16>
  %y2 = kiln.matmul %p2, %v : !kiln.tensor<[S, S], bf16>, !kiln.tensor<[S, 16], bf16> -> !kiln.tensor<[S, 16], bf16>
  return %y0, %p0, %y1, %y2, %y2 : !kiln.tensor<[S, 16], bf16>, !kiln.tensor<[S, S], bf16>, !kiln.tensor<[S, 16], bf16>, !kiln.tensor<[S, 16], bf16>, !kiln.tensor<[S, 16], bf16>
}

// -----

// The causal mask as transformers writes it: key index <= query index over
// iotas reshaped to [1, 1, 1, S] and [1, 1, S, 1], broadcast to the batch,
// selected into 0 / -inf: the attention becomes causal, without the mask.
// CHECK-LABEL: func.func @causal_additive_mask
// CHECK-SAME: (%[[Q:[^:]*]]: !kiln.tensor<[B, H, S, 64], bf16>, %[[K:[^:]*]]: !kiln.tensor<[B, H, S, 64], bf16>, %[[V:[^:]*]]: !kiln.tensor<[B, H, S, 64], bf16>)
// CHECK: %[[Y:.*]] = kiln.attention %[[Q]], %[[K]], %[[V]] {causal = true, scale = 1.250000e-01 : f64} : !kiln.tensor<[B, H, S, 64], bf16>, !kiln.tensor<[B, H, S, 64], bf16>, !kiln.tensor<[B, H, S, 64], bf16> -> !kiln.tensor<[B, H, S, 64], bf16>
// CHECK-NEXT: return %[[Y]]
func.func @causal_additive_mask(%q: !kiln.tensor<[B, H, S, 64], bf16>, %k: !kiln.tensor<[B, H, S, 64], bf16>, %v: !kiln.tensor<[B, H, S, 64], bf16>) -> !kiln.tensor<[B, H, S, 64], bf16> {
  %i = kiln.iota {dim = 0 : i64} : !kiln.tensor<[S], i64>
  %zero = kiln.constant {value = dense<0> : tensor<i64>} : !kiln.tensor<[], i64>
  %i0 = kiln.add %i, %zero : !kiln.tensor<[S], i64>, !kiln.tensor<[], i64> -> !kiln.tensor<[S], i64>
  %keys = kiln.reshape %i0 : !kiln.tensor<[S], i64> -> !kiln.tensor<[1, 1, 1, S], i64>
  %queries = kiln.reshape %i : !kiln.tensor<[S], i64> -> !kiln.tensor<[1, 1, S, 1], i64>
  %keep = kiln.cmp %keys, %queries {predicate = "le"} : !kiln.tensor<[1, 1, 1, S], i64>, !kiln.tensor<[1, 1, S, 1], i64> -> !kiln.tensor<[1, 1, S, S], i1>
  %wide = kiln.broadcast_to %keep : !kiln.tensor<[1, 1, S, S], i1> -> !kiln.tensor<[B, 1, S, S], i1>
  %ninf = kiln.constant {value = dense<0xFF80> : tensor<bf16>} : !kiln.tensor<[], bf16>
  %fzero = kiln.constant {value = dense<0.0> : tensor<bf16>} : !kiln.tensor<[], bf16>
  %mask = kiln.select %wide, %fzero, %ninf : !kiln.tensor<[B, 1, S, S], i1>, !kiln.tensor<[], bf16>, !kiln.tensor<[], bf16> -> !kiln.tensor<[B, 1, S, S], bf16>
  %y = kiln.attention %q, %k, %v, %mask {scale = 0.125 : f64} : !kiln.tensor<[B, H, S, 64], bf16>, !kiln.tensor<[B, H, S, 64], bf16>, !kiln.tensor<[B, H, S, 64], bf16>, !kiln.tensor<[B, 1, S, S], bf16> -> !kiln.tensor<[B, H, S, 64], bf16>
  return %y : !kiln.tensor<[B, H, S, 64], bf16>
}

// -----

// An i1 mask from a 2-d iota pair, written query >= key: causal too; and
// an additive mask of 0 / -65504 (transformers on CUDA).
// CHECK-LABEL: func.func @causal_bool_mask
// CHECK: kiln.attention %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}} {causal = true}
// CHECK: kiln.attention %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}} {causal = true}
func.func @causal_bool_mask(%q: !kiln.tensor<[H, L, 64], f32>, %k: !kiln.tensor<[H, S, 64], f32>, %v: !kiln.tensor<[H, S, 64], f32>) -> !kiln.tensor<[H, L, 64], f32> {
  %i = kiln.iota {dim = 0 : i64} : !kiln.tensor<[L, S], i64>
  %j = kiln.iota {dim = -1 : i64} : !kiln.tensor<[L, S], i64>
  %keep = kiln.cmp %i, %j {predicate = "ge"} : !kiln.tensor<[L, S], i64>, !kiln.tensor<[L, S], i64> -> !kiln.tensor<[L, S], i1>
  %y = kiln.attention %q, %k, %v, %keep : !kiln.tensor<[H, L, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[L, S], i1> -> !kiln.tensor<[H, L, 64], f32>
  %min = kiln.constant {value = dense<-65504.0> : tensor<f32>} : !kiln.tensor<[], f32>
  %zero = kiln.constant {value = dense<0.0> : tensor<f32>} : !kiln.tensor<[], f32>
  %add = kiln.select %keep, %zero, %min : !kiln.tensor<[L, S], i1>, !kiln.tensor<[], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[L, S], f32>
  %z = kiln.attention %q, %k, %v, %add : !kiln.tensor<[H, L, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[L, S], f32> -> !kiln.tensor<[H, L, 64], f32>
  %r = kiln.add %y, %z : !kiln.tensor<[H, L, 64], f32>, !kiln.tensor<[H, L, 64], f32> -> !kiln.tensor<[H, L, 64], f32>
  return %r : !kiln.tensor<[H, L, 64], f32>
}

// -----

// Left alone: a strict mask (the diagonal dropped), an index with an offset,
// the dims swapped (keys >= queries), and a mask from the caller.
// CHECK-LABEL: func.func @not_causal
// CHECK-COUNT-4: kiln.attention {{.*}}, %{{[^ ]*}} : !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[S, S], i1>
// CHECK-NOT: causal = true
func.func @not_causal(%q: !kiln.tensor<[H, S, 64], f32>, %k: !kiln.tensor<[H, S, 64], f32>, %v: !kiln.tensor<[H, S, 64], f32>, %m: !kiln.tensor<[S, S], i1>)
    -> (!kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>) {
  %i = kiln.iota {dim = 0 : i64} : !kiln.tensor<[S, S], i64>
  %j = kiln.iota {dim = 1 : i64} : !kiln.tensor<[S, S], i64>
  %strict = kiln.cmp %j, %i {predicate = "lt"} : !kiln.tensor<[S, S], i64>, !kiln.tensor<[S, S], i64> -> !kiln.tensor<[S, S], i1>
  %y0 = kiln.attention %q, %k, %v, %strict : !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[S, S], i1> -> !kiln.tensor<[H, S, 64], f32>
  %one = kiln.constant {value = dense<1> : tensor<i64>} : !kiln.tensor<[], i64>
  %j1 = kiln.add %j, %one : !kiln.tensor<[S, S], i64>, !kiln.tensor<[], i64> -> !kiln.tensor<[S, S], i64>
  %offset = kiln.cmp %j1, %i {predicate = "le"} : !kiln.tensor<[S, S], i64>, !kiln.tensor<[S, S], i64> -> !kiln.tensor<[S, S], i1>
  %y1 = kiln.attention %q, %k, %v, %offset : !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[S, S], i1> -> !kiln.tensor<[H, S, 64], f32>
  %swapped = kiln.cmp %i, %j {predicate = "le"} : !kiln.tensor<[S, S], i64>, !kiln.tensor<[S, S], i64> -> !kiln.tensor<[S, S], i1>
  %y2 = kiln.attention %q, %k, %v, %swapped : !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[S, S], i1> -> !kiln.tensor<[H, S, 64], f32>
  %y3 = kiln.attention %q, %k, %v, %m : !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[S, S], i1> -> !kiln.tensor<[H, S, 64], f32>
  return %y0, %y1, %y2, %y3 : !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>
}

// -----

// Left alone: an additive mask whose masked value (-1e4) leaves some weight
// on the masked keys.
// CHECK-LABEL: func.func @weak_additive_mask
// CHECK: kiln.attention %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %{{[^ ]*}} :
// CHECK-NOT: causal = true
func.func @weak_additive_mask(%q: !kiln.tensor<[H, S, 64], f32>, %k: !kiln.tensor<[H, S, 64], f32>, %v: !kiln.tensor<[H, S, 64], f32>) -> !kiln.tensor<[H, S, 64], f32> {
  %i = kiln.iota {dim = 0 : i64} : !kiln.tensor<[S, S], i64>
  %j = kiln.iota {dim = 1 : i64} : !kiln.tensor<[S, S], i64>
  %keep = kiln.cmp %j, %i {predicate = "le"} : !kiln.tensor<[S, S], i64>, !kiln.tensor<[S, S], i64> -> !kiln.tensor<[S, S], i1>
  %weak = kiln.constant {value = dense<-1.0e4> : tensor<f32>} : !kiln.tensor<[], f32>
  %zero = kiln.constant {value = dense<0.0> : tensor<f32>} : !kiln.tensor<[], f32>
  %add = kiln.select %keep, %zero, %weak : !kiln.tensor<[S, S], i1>, !kiln.tensor<[], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[S, S], f32>
  %y = kiln.attention %q, %k, %v, %add : !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[H, S, 64], f32>, !kiln.tensor<[S, S], f32> -> !kiln.tensor<[H, S, 64], f32>
  return %y : !kiln.tensor<[H, S, 64], f32>
}
