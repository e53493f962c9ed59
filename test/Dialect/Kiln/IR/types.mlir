// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
//
// The tensor type's dims print canonically: expressions are normalized, so
// equal polynomials give the same type.

// CHECK-LABEL: func.func private @canonical_dims
// CHECK-SAME: !kiln.tensor<[], f32>
// CHECK-SAME: !kiln.tensor<[S + 2], f16>
// CHECK-SAME: !kiln.tensor<[B*S, 2*D], bf16>
// CHECK-SAME: !kiln.tensor<[B*S + S, D], f64>
// CHECK-SAME: !kiln.tensor<[S floordiv 8, S ceildiv 4, S mod 3], i1>
// CHECK-SAME: !kiln.tensor<[?, 4, seq_len - 1], i32>
// CHECK-SAME: !kiln.tensor<[S], i64>
// CHECK-SAME: !kiln.tensor<[3, S + 1], f32>
func.func private @canonical_dims(
    !kiln.tensor<[], f32>,
    !kiln.tensor<[S+1+1], f16>,
    !kiln.tensor<[S*B, D+D], bf16>,
    !kiln.tensor<[(B+1)*S, D], f64>,
    !kiln.tensor<[S floordiv 8, S ceildiv 4, S mod 3], i1>,
    !kiln.tensor<[?, 2*2, seq_len - 1], i32>,
    !kiln.tensor<[(8*S + 3) floordiv 8], i64>,
    !kiln.tensor<[(7) floordiv 2, -(-S - 1)], f32>)

// Types of equal dims are the same type: the function type check passes.
// CHECK-LABEL: func.func @same_type
func.func @same_type(%x: !kiln.tensor<[B*S], f32>) -> !kiln.tensor<[S*B], f32> {
  return %x : !kiln.tensor<[S*B], f32>
}

// CHECK-LABEL: func.func @facts
// CHECK-SAME: attributes {kiln.facts = #kiln.facts<B in [1, 4096], S mod 8 == 0>}
func.func @facts(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
    attributes {kiln.facts = #kiln.facts<B in [1, 4096], S mod 8 == 0>} {
  return %x : !kiln.tensor<[B, S], f32>
}

// With S mod 8 == 0, (S floordiv 8)*8 is provably S: the matmul verifies.
// CHECK-LABEL: func.func @facts_feed_equality
func.func @facts_feed_equality(%x: !kiln.tensor<[B, S], f32>, %w: !kiln.tensor<[(S floordiv 8)*8, N], f32>)
    -> !kiln.tensor<[B, N], f32> attributes {kiln.facts = #kiln.facts<S mod 8 == 0>} {
  %0 = kiln.matmul %x, %w : !kiln.tensor<[B, S], f32>, !kiln.tensor<[(S floordiv 8)*8, N], f32> -> !kiln.tensor<[B, N], f32>
  return %0 : !kiln.tensor<[B, N], f32>
}
