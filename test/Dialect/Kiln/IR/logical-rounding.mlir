// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s -mlir-print-op-generic | kiln-opt | FileCheck %s
//
// Round trip of the rounding, logical and remainder ops and the prod/any/all
// reductions (design.md §2.1).

// CHECK-LABEL: func.func @unary
// CHECK: kiln.floor %{{.*}} : !kiln.tensor<[B, 4], f32>
// CHECK: kiln.ceil
// CHECK: kiln.round
// CHECK: kiln.sign
// CHECK: kiln.log1p
// CHECK: kiln.floor %{{.*}} : !kiln.tensor<[B], i32>
func.func @unary(%x: !kiln.tensor<[B, 4], f32>, %i: !kiln.tensor<[B], i32>)
    -> (!kiln.tensor<[B, 4], f32>, !kiln.tensor<[B], i32>) {
  %0 = kiln.floor %x : !kiln.tensor<[B, 4], f32>
  %1 = kiln.ceil %0 : !kiln.tensor<[B, 4], f32>
  %2 = kiln.round %1 : !kiln.tensor<[B, 4], f32>
  %3 = kiln.sign %2 : !kiln.tensor<[B, 4], f32>
  %4 = kiln.log1p %3 : !kiln.tensor<[B, 4], f32>
  %5 = kiln.floor %i : !kiln.tensor<[B], i32>
  return %4, %5 : !kiln.tensor<[B, 4], f32>, !kiln.tensor<[B], i32>
}

// CHECK-LABEL: func.func @logical
// CHECK: kiln.not %{{.*}} : !kiln.tensor<[S, S], i1>
// CHECK: kiln.and %{{.*}}, %{{.*}} : !kiln.tensor<[S, S], i1>, !kiln.tensor<[S], i1> -> !kiln.tensor<[S, S], i1>
// CHECK: kiln.or
// CHECK: kiln.xor
// CHECK: kiln.not %{{.*}} : !kiln.tensor<[S], i64>
// CHECK: kiln.rem %{{.*}}, %{{.*}} : !kiln.tensor<[S], i64>, !kiln.tensor<[], i64> -> !kiln.tensor<[S], i64>
func.func @logical(%a: !kiln.tensor<[S, S], i1>, %b: !kiln.tensor<[S], i1>,
                   %n: !kiln.tensor<[S], i64>, %d: !kiln.tensor<[], i64>)
    -> (!kiln.tensor<[S, S], i1>, !kiln.tensor<[S], i64>) {
  %0 = kiln.not %a : !kiln.tensor<[S, S], i1>
  %1 = kiln.and %0, %b : !kiln.tensor<[S, S], i1>, !kiln.tensor<[S], i1> -> !kiln.tensor<[S, S], i1>
  %2 = kiln.or %1, %b : !kiln.tensor<[S, S], i1>, !kiln.tensor<[S], i1> -> !kiln.tensor<[S, S], i1>
  %3 = kiln.xor %2, %a : !kiln.tensor<[S, S], i1>, !kiln.tensor<[S, S], i1> -> !kiln.tensor<[S, S], i1>
  %4 = kiln.not %n : !kiln.tensor<[S], i64>
  %5 = kiln.rem %4, %d : !kiln.tensor<[S], i64>, !kiln.tensor<[], i64> -> !kiln.tensor<[S], i64>
  return %3, %5 : !kiln.tensor<[S, S], i1>, !kiln.tensor<[S], i64>
}

// CHECK-LABEL: func.func @reductions
// CHECK: kiln.reduce_prod %{{.*}} {dims = array<i64: 1>} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B], f32>
// CHECK: kiln.reduce_any %{{.*}} {dims = array<i64: 0>, keepdim = true} : !kiln.tensor<[B, S], i1> -> !kiln.tensor<[1, S], i1>
// CHECK: kiln.reduce_all %{{.*}} {dims = array<i64: 0, 1>} : !kiln.tensor<[B, S], i1> -> !kiln.tensor<[], i1>
func.func @reductions(%x: !kiln.tensor<[B, S], f32>, %m: !kiln.tensor<[B, S], i1>)
    -> (!kiln.tensor<[B], f32>, !kiln.tensor<[1, S], i1>, !kiln.tensor<[], i1>) {
  %0 = kiln.reduce_prod %x {dims = array<i64: 1>} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B], f32>
  %1 = kiln.reduce_any %m {dims = array<i64: 0>, keepdim = true} : !kiln.tensor<[B, S], i1> -> !kiln.tensor<[1, S], i1>
  %2 = kiln.reduce_all %m {dims = array<i64: 0, 1>} : !kiln.tensor<[B, S], i1> -> !kiln.tensor<[], i1>
  return %0, %1, %2 : !kiln.tensor<[B], f32>, !kiln.tensor<[1, S], i1>, !kiln.tensor<[], i1>
}
