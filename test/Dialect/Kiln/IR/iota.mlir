// RUN: kiln-opt %s -split-input-file | FileCheck %s
// RUN: kiln-opt %s -split-input-file --mlir-print-op-generic | kiln-opt -split-input-file | FileCheck %s
// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg | FileCheck %s --check-prefix=LINALG
//
// kiln.iota: the result type gives the shape (symbolic here) and element
// type; convert-kiln-to-linalg writes linalg.index through a generic.

// CHECK-LABEL: func.func @iota
// CHECK: kiln.iota {dim = 0 : i64} : !kiln.tensor<[S], i64>
// CHECK: kiln.iota {dim = -1 : i64} : !kiln.tensor<[2, S], f32>
// LINALG-LABEL: func.func @iota
// LINALG: %[[S:.*]] = tensor.dim
// LINALG: tensor.empty(%[[S]]) : tensor<?xi64>
// LINALG: linalg.generic
// LINALG: %[[I:.*]] = linalg.index 0 : index
// LINALG: arith.index_cast %[[I]] : index to i64
// LINALG: linalg.index 1 : index
// LINALG: arith.sitofp
func.func @iota(%x: !kiln.tensor<[S], f32>) -> (!kiln.tensor<[S], i64>, !kiln.tensor<[2, S], f32>) {
  %0 = kiln.iota {dim = 0 : i64} : !kiln.tensor<[S], i64>
  %1 = "kiln.iota"() {dim = -1 : i64} : () -> !kiln.tensor<[2, S], f32>
  return %0, %1 : !kiln.tensor<[S], i64>, !kiln.tensor<[2, S], f32>
}
