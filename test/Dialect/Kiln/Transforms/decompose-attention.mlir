// RUN: kiln-opt %s -kiln-decompose -split-input-file | FileCheck %s
//
// kiln-decompose on kiln.attention: k transposed, q @ k^T with its f32
// accumulator as the result (bf16 inputs, scores never rounded to bf16),
// the scores times the scale (1/sqrt(32) by default), the causal triangle from two
// iotas (key j visible when j <= i), an i1 mask by select and a float mask
// by add, the softmax (decomposed too), back to v's type, @ v.

// CHECK-LABEL: func.func @causal
// CHECK-DAG: %[[NINF:.*]] = kiln.constant {value = dense<0xFF800000> : tensor<f32>}
// CHECK-DAG: %[[SCALE:.*]] = kiln.constant {value = dense<0.176776692> : tensor<f32>}
// CHECK: %[[KT:.*]] = kiln.transpose %arg1 {perm = array<i64: 0, 1, 3, 2>}
// CHECK: %[[QK:.*]] = kiln.matmul %arg0, %[[KT]] : !kiln.tensor<[B, 2, S, 32], bf16>, {{.*}} -> !kiln.tensor<[B, 2, S, S], f32>
// CHECK: %[[SC:.*]] = kiln.mul %[[QK]], %[[SCALE]]
// CHECK: %[[I:.*]] = kiln.iota {dim = 0 : i64} : !kiln.tensor<[S, S], i64>
// CHECK: %[[J:.*]] = kiln.iota {dim = 1 : i64} : !kiln.tensor<[S, S], i64>
// CHECK: %[[VIS:.*]] = kiln.cmp %[[J]], %[[I]] {predicate = "le"}
// CHECK: %[[C:.*]] = kiln.select %[[VIS]], %[[SC]], %[[NINF]]
// CHECK: %[[M:.*]] = kiln.select %arg3, %[[C]], %[[NINF]]
// CHECK: kiln.reduce_max %[[M]]
// CHECK: %[[INV:.*]] = kiln.reciprocal
// CHECK: %[[P:.*]] = kiln.mul %{{.*}}, %[[INV]]
// CHECK: %[[PB:.*]] = kiln.cast %[[P]] {{.*}} -> !kiln.tensor<[B, 2, S, S], bf16>
// CHECK: %[[O:.*]] = kiln.matmul %[[PB]], %arg2
// CHECK: return %[[O]]
func.func @causal(%q: !kiln.tensor<[B, 2, S, 32], bf16>, %k: !kiln.tensor<[B, 2, S, 32], bf16>, %v: !kiln.tensor<[B, 2, S, 32], bf16>, %m: !kiln.tensor<[B, 1, 1, S], i1>) -> !kiln.tensor<[B, 2, S, 32], bf16> {
  %0 = kiln.attention %q, %k, %v, %m {causal = true} : !kiln.tensor<[B, 2, S, 32], bf16>, !kiln.tensor<[B, 2, S, 32], bf16>, !kiln.tensor<[B, 2, S, 32], bf16>, !kiln.tensor<[B, 1, 1, S], i1> -> !kiln.tensor<[B, 2, S, 32], bf16>
  return %0 : !kiln.tensor<[B, 2, S, 32], bf16>
}

// -----

// CHECK-LABEL: func.func @bias
// CHECK: %[[SCALE:.*]] = kiln.constant {value = dense<2.500000e-01> : tensor<f32>}
// CHECK-NOT: kiln.iota
// CHECK: %[[SC:.*]] = kiln.mul %{{.*}}, %[[SCALE]]
// CHECK: kiln.add %[[SC]], %arg3 : !kiln.tensor<[4, L, S], f32>, !kiln.tensor<[L, S], f32>
func.func @bias(%q: !kiln.tensor<[4, L, 8], f32>, %k: !kiln.tensor<[4, S, 8], f32>, %v: !kiln.tensor<[4, S, 8], f32>, %b: !kiln.tensor<[L, S], f32>) -> !kiln.tensor<[4, L, 8], f32> {
  %0 = kiln.attention %q, %k, %v, %b {scale = 0.25 : f64} : !kiln.tensor<[4, L, 8], f32>, !kiln.tensor<[4, S, 8], f32>, !kiln.tensor<[4, S, 8], f32>, !kiln.tensor<[L, S], f32> -> !kiln.tensor<[4, L, 8], f32>
  return %0 : !kiln.tensor<[4, L, 8], f32>
}
