// RUN: kiln-opt %s -convert-kiln-to-linalg | FileCheck %s
// RUN: kiln-opt %s --pass-pipeline='builtin.module(builtin.module(kiln-cpu-pipeline))' | FileCheck %s --check-prefix=NESTED
//
// Functions of nested modules are converted like top-level ones: each reads
// its symbol sizes from its own arguments (the sizes of @inner's B come from
// @inner::@f's argument, not from @top's). The nested module compiles on its
// own, as mlir-opt pipelines anchor on it.

// CHECK-LABEL: func.func @top
// CHECK: linalg.generic
// CHECK-LABEL: module @inner
// CHECK: func.func @f(%[[X:.*]]: tensor<?x4xf32>) -> tensor<?xf32>
// CHECK: %[[B:.*]] = tensor.dim %[[X]], %c0
// CHECK: tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2]] output_shape [%[[B]], 2, 2]
// CHECK: tensor.empty(%[[B]]) : tensor<?xf32>
// CHECK: linalg.generic

// NESTED: module @inner
// NESTED: llvm.func @f(
// NESTED-NOT: kiln.
// NESTED-NOT: linalg.

module {
  func.func @top(%x: !kiln.tensor<[B], f32>) -> !kiln.tensor<[B], f32> {
    %0 = kiln.exp %x : !kiln.tensor<[B], f32>
    return %0 : !kiln.tensor<[B], f32>
  }
  module @inner {
    func.func @f(%x: !kiln.tensor<[B, 4], f32>) -> !kiln.tensor<[B], f32> {
      %0 = kiln.reshape %x : !kiln.tensor<[B, 4], f32> -> !kiln.tensor<[B, 2, 2], f32>
      %1 = kiln.reduce_sum %0 {dims = array<i64: 1, 2>} : !kiln.tensor<[B, 2, 2], f32> -> !kiln.tensor<[B], f32>
      return %1 : !kiln.tensor<[B], f32>
    }
  }
}
