// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file | FileCheck %s
//
// kiln.slice is a tensor.extract_slice: the offset is `start` (a constant,
// or the value of its expression computed once at entry from the symbols),
// the stride `step`, the sizes the result's.

// CHECK-LABEL: func.func @symbolic
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf32>)
// CHECK: %[[B:.*]] = tensor.dim %[[X]], %c0
// CHECK: %[[S:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[N:.*]] = arith.addi %[[S]], %c-2
// CHECK: tensor.extract_slice %[[X]][0, 1] [%[[B]], %[[N]]] [1, 1] : tensor<?x?xf32> to tensor<?x?xf32>
func.func @symbolic(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S - 2], f32> {
  %0 = kiln.slice %x {dim = 1 : i64, start = "1", end = "S - 1"}
      : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, S - 2], f32>
  return %0 : !kiln.tensor<[B, S - 2], f32>
}

// -----

// A symbolic start is the value computed at entry; a step is the stride.
// CHECK-LABEL: func.func @offset
// CHECK-SAME: (%[[X:.*]]: tensor<?xf32>, %[[Y:.*]]: tensor<?xf32>)
// CHECK: %[[K:.*]] = tensor.dim %[[Y]], %c0
// CHECK: %[[N:.*]] = arith.ceildivsi %{{.*}}, %c2
// CHECK: tensor.extract_slice %[[X]][%[[K]]] [%[[N]]] [2] : tensor<?xf32> to tensor<?xf32>
func.func @offset(%x: !kiln.tensor<[S], f32>, %y: !kiln.tensor<[K], f32>)
    -> !kiln.tensor<[(S - K) ceildiv 2], f32> {
  %0 = kiln.slice %x {dim = 0 : i64, start = "K", end = "S", step = 2 : i64}
      : !kiln.tensor<[S], f32> -> !kiln.tensor<[(S - K) ceildiv 2], f32>
  return %0 : !kiln.tensor<[(S - K) ceildiv 2], f32>
}
