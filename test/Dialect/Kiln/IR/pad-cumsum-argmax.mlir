// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s -mlir-print-op-generic | kiln-opt | FileCheck %s
//
// Round trip of kiln.pad, kiln.cumsum, kiln.argmax and kiln.argmin.

// CHECK-LABEL: func.func @ops
// CHECK: kiln.pad %{{.*}} {high = array<i64: 0, 3>, low = array<i64: 1, 2>, value = -1.000000e+00 : f64} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B + 1, S + 5], f32>
// CHECK: kiln.cumsum %{{.*}} {dim = 1 : i64} : !kiln.tensor<[B, S], f32>
// CHECK: kiln.argmax %{{.*}} {dim = -1 : i64} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B], i64>
// CHECK: kiln.argmin %{{.*}} {dim = 0 : i64, keepdim = true} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[1, S], i32>
func.func @ops(%x: !kiln.tensor<[B, S], f32>) -> (!kiln.tensor<[B + 1, S + 5], f32>, !kiln.tensor<[B, S], f32>, !kiln.tensor<[B], i64>, !kiln.tensor<[1, S], i32>) {
  %0 = kiln.pad %x {low = array<i64: 1, 2>, high = array<i64: 0, 3>, value = -1.0 : f64} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B + 1, S + 5], f32>
  %1 = kiln.cumsum %x {dim = 1 : i64} : !kiln.tensor<[B, S], f32>
  %2 = kiln.argmax %x {dim = -1 : i64} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B], i64>
  %3 = kiln.argmin %x {dim = 0 : i64, keepdim = true} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[1, S], i32>
  return %0, %1, %2, %3 : !kiln.tensor<[B + 1, S + 5], f32>, !kiln.tensor<[B, S], f32>, !kiln.tensor<[B], i64>, !kiln.tensor<[1, S], i32>
}
