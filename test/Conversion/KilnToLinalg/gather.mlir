// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file | FileCheck %s
//
// convert-kiln-to-linalg on kiln.gather and kiln.gather_elements: one
// linalg.generic over the result reading the index from `indices`; the
// index wraps once if negative, is asserted in range (the message names the
// op), and the read of x is under an scf.if on the same condition.

// CHECK-DAG: #[[$IDX:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @embed
// CHECK-SAME: (%[[T:.*]]: tensor<?x?xf32>, %[[I:.*]]: tensor<?x?xi64>)
// CHECK: %[[V:.*]] = tensor.dim %[[T]], %c0
// CHECK: linalg.generic {indexing_maps = [#[[$IDX]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[I]] : tensor<?x?xi64>)
// CHECK: ^bb0(%[[RAW:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[IX:.*]] = arith.index_cast %[[RAW]] : i64 to index
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[IX]], %{{.*}}
// CHECK: %[[UP:.*]] = arith.addi %[[IX]], %[[V]]
// CHECK: %[[W:.*]] = arith.select %[[NEG]], %[[UP]], %[[IX]]
// CHECK: %[[OK:.*]] = arith.cmpi ult, %[[W]], %[[V]]
// CHECK: cf.assert %[[OK]], "kiln.gather at {{.*}}gather.mlir:{{[0-9]+}}:{{[0-9]+}}: an index is out of range for dim 0"
// CHECK: %[[D:.*]] = linalg.index 2 : index
// CHECK: scf.if %[[OK]] -> (f32) {
// CHECK:   tensor.extract %[[T]][%[[W]], %[[D]]] : tensor<?x?xf32>
// CHECK: } else {
// CHECK:   arith.constant 0.000000e+00 : f32
func.func @embed(%table: !kiln.tensor<[V, D], f32>, %ids: !kiln.tensor<[B, S], i64>) -> !kiln.tensor<[B, S, D], f32> {
  %0 = kiln.gather %table, %ids {dim = 0 : i64} : !kiln.tensor<[V, D], f32>, !kiln.tensor<[B, S], i64> -> !kiln.tensor<[B, S, D], f32>
  return %0 : !kiln.tensor<[B, S, D], f32>
}

// -----

// An inner dim: the dims after it shift by the index rank; a rank-0 index
// reads with an empty map.
// CHECK-DAG: #[[$NONE:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @inner
// CHECK: linalg.generic {indexing_maps = [#[[$NONE]], #{{.*}}]
// CHECK: ^bb0(%{{.*}}: i32, %{{.*}}: bf16):
// CHECK: cf.assert %{{.*}}, "kiln.gather at {{.*}}: an index is out of range for dim 1"
// CHECK: %[[A:.*]] = linalg.index 0 : index
// CHECK: %[[C:.*]] = linalg.index 1 : index
// CHECK: tensor.extract %{{.*}}[%[[A]], %{{.*}}, %[[C]]] : tensor<4x9x3xbf16>
func.func @inner(%x: !kiln.tensor<[4, 9, 3], bf16>, %i: !kiln.tensor<[], i32>) -> !kiln.tensor<[4, 3], bf16> {
  %0 = kiln.gather %x, %i {dim = 1 : i64} : !kiln.tensor<[4, 9, 3], bf16>, !kiln.tensor<[], i32> -> !kiln.tensor<[4, 3], bf16>
  return %0 : !kiln.tensor<[4, 3], bf16>
}

// -----

// gather_elements: the result has indices' shape; the other coordinates
// are the result's own.
// CHECK-LABEL: func.func @elements
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.*}} : tensor<?x?xi32>)
// CHECK: cf.assert %{{.*}}, "kiln.gather_elements at {{.*}}: an index is out of range for dim 1"
// CHECK: %[[R:.*]] = linalg.index 0 : index
// CHECK: tensor.extract %{{.*}}[%[[R]], %{{.*}}] : tensor<?x?xf32>
func.func @elements(%x: !kiln.tensor<[B, V], f32>, %i: !kiln.tensor<[B, K], i32>) -> !kiln.tensor<[B, K], f32> {
  %0 = kiln.gather_elements %x, %i {dim = 1 : i64} : !kiln.tensor<[B, V], f32>, !kiln.tensor<[B, K], i32> -> !kiln.tensor<[B, K], f32>
  return %0 : !kiln.tensor<[B, K], f32>
}
