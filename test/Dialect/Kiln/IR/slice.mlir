// RUN: kiln-opt %s -split-input-file | FileCheck %s
// RUN: kiln-opt %s -split-input-file --mlir-print-op-generic | kiln-opt -split-input-file | FileCheck %s
// RUN: kiln-opt %s -split-input-file --canonicalize | FileCheck %s --check-prefix=FOLD
//
// kiln.slice: bounds are dim expressions over the function's symbols, the
// result dim is (end - start) ceildiv step; the custom and generic forms
// round-trip. A whole-range slice with step 1 folds to its operand.

// CHECK-LABEL: func.func @slices
// CHECK: kiln.slice %{{.*}} {dim = 1 : i64, end = "S - 1", start = "0"} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, S - 1], f32>
// CHECK: kiln.slice %{{.*}} {dim = -1 : i64, end = "S", start = "1", step = 2 : i64} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, (S - 1) ceildiv 2], f32>
// CHECK: kiln.slice %{{.*}} {dim = 0 : i64, end = "B", start = "0"} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, S], f32>
// FOLD-LABEL: func.func @slices
// FOLD: kiln.slice
// FOLD: kiln.slice
// FOLD-NOT: kiln.slice
// FOLD: return %{{.*}}, %{{.*}}, %arg0
func.func @slices(%x: !kiln.tensor<[B, S], f32>)
    -> (!kiln.tensor<[B, S - 1], f32>, !kiln.tensor<[B, (S - 1) ceildiv 2], f32>, !kiln.tensor<[B, S], f32>) {
  %a = kiln.slice %x {dim = 1 : i64, start = "0", end = "S - 1"}
      : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, S - 1], f32>
  %b = "kiln.slice"(%x) {dim = -1 : i64, start = "1", end = "S", step = 2 : i64}
      : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, (S - 1) ceildiv 2], f32>
  %c = kiln.slice %x {dim = 0 : i64, start = "0", end = "B"}
      : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, S], f32>
  return %a, %b, %c : !kiln.tensor<[B, S - 1], f32>, !kiln.tensor<[B, (S - 1) ceildiv 2], f32>, !kiln.tensor<[B, S], f32>
}

// -----

// Static bounds: a static result.
// CHECK-LABEL: func.func @static
// CHECK: kiln.slice %{{.*}} {dim = 0 : i64, end = "7", start = "2", step = 3 : i64} : !kiln.tensor<[8, 4], i32> -> !kiln.tensor<[2, 4], i32>
func.func @static(%x: !kiln.tensor<[8, 4], i32>) -> !kiln.tensor<[2, 4], i32> {
  %0 = kiln.slice %x {dim = 0 : i64, start = "2", end = "7", step = 3 : i64}
      : !kiln.tensor<[8, 4], i32> -> !kiln.tensor<[2, 4], i32>
  return %0 : !kiln.tensor<[2, 4], i32>
}
