// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s -mlir-print-op-generic | kiln-opt | FileCheck %s
//
// Round trip of kiln.gather and kiln.gather_elements (design.md §2.1).

// CHECK-LABEL: func.func @gather
// CHECK: kiln.gather %{{.*}}, %{{.*}} {dim = 0 : i64} : !kiln.tensor<[V, D], f32>, !kiln.tensor<[B, S], i64> -> !kiln.tensor<[B, S, D], f32>
// CHECK: kiln.gather %{{.*}}, %{{.*}} {dim = -1 : i64} : !kiln.tensor<[V, D], f32>, !kiln.tensor<[], i32> -> !kiln.tensor<[V], f32>
func.func @gather(%t: !kiln.tensor<[V, D], f32>, %ids: !kiln.tensor<[B, S], i64>, %i: !kiln.tensor<[], i32>)
    -> (!kiln.tensor<[B, S, D], f32>, !kiln.tensor<[V], f32>) {
  %0 = kiln.gather %t, %ids {dim = 0 : i64} : !kiln.tensor<[V, D], f32>, !kiln.tensor<[B, S], i64> -> !kiln.tensor<[B, S, D], f32>
  %1 = kiln.gather %t, %i {dim = -1 : i64} : !kiln.tensor<[V, D], f32>, !kiln.tensor<[], i32> -> !kiln.tensor<[V], f32>
  return %0, %1 : !kiln.tensor<[B, S, D], f32>, !kiln.tensor<[V], f32>
}

// CHECK-LABEL: func.func @gather_elements
// CHECK: kiln.gather_elements %{{.*}}, %{{.*}} {dim = 1 : i64} : !kiln.tensor<[B, V], bf16>, !kiln.tensor<[B, K], i64> -> !kiln.tensor<[B, K], bf16>
func.func @gather_elements(%x: !kiln.tensor<[B, V], bf16>, %i: !kiln.tensor<[B, K], i64>) -> !kiln.tensor<[B, K], bf16> {
  %0 = kiln.gather_elements %x, %i {dim = 1 : i64} : !kiln.tensor<[B, V], bf16>, !kiln.tensor<[B, K], i64> -> !kiln.tensor<[B, K], bf16>
  return %0 : !kiln.tensor<[B, K], bf16>
}
