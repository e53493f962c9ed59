// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file | FileCheck %s
//
// convert-kiln-to-linalg on kiln.pad (a generic over the result whose read
// of x is guarded by the unsigned in-bounds test), kiln.cumsum (a masked
// reduction over the triangle j <= i, in f32 for bf16) and kiln.argmax (a
// two-accumulator reduction; keepdim is an expand_shape).

// CHECK-LABEL: func.func @pad
// CHECK: linalg.generic {indexing_maps = [#{{.*}}], iterator_types = ["parallel", "parallel"]} outs(
// CHECK: %[[I0:.*]] = linalg.index 0 : index
// CHECK: %[[R0:.*]] = arith.subi %[[I0]], %c1
// CHECK: arith.cmpi ult, %[[R0]]
// CHECK: %[[I1:.*]] = linalg.index 1 : index
// CHECK: %[[R1:.*]] = arith.subi %[[I1]], %c2
// CHECK: %[[IN:.*]] = arith.andi
// CHECK: scf.if %[[IN]] -> (f32) {
// CHECK:   tensor.extract %{{.*}}[%[[R0]], %[[R1]]]
// CHECK: } else {
// CHECK:   arith.truncf %{{.*}} : f64 to f32
func.func @pad(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B + 1, S + 5], f32> {
  %0 = kiln.pad %x {low = array<i64: 1, 2>, high = array<i64: 0, 3>, value = -1.0 : f64} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B + 1, S + 5], f32>
  return %0 : !kiln.tensor<[B + 1, S + 5], f32>
}

// -----

// The triangle: d2 is j along dim 1, read where j <= i (d1).
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @cumsum
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x?xf32>)
// CHECK: %[[S:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%{{.*}} : tensor<?x?xbf16>) outs(%[[Z]] : tensor<?x?xf32>)
// CHECK:   %[[I:.*]] = linalg.index 1 : index
// CHECK:   %[[J:.*]] = linalg.index 2 : index
// CHECK:   %[[KEEP:.*]] = arith.cmpi ule, %[[J]], %[[I]]
// CHECK:   %[[V:.*]] = arith.extf
// CHECK:   arith.select %[[KEEP]], %[[V]]
// CHECK:   arith.addf
// CHECK: linalg.generic {{.*}} ins(%[[S]] : tensor<?x?xf32>)
// CHECK:   arith.truncf
func.func @cumsum(%x: !kiln.tensor<[B, S], bf16>) -> !kiln.tensor<[B, S], bf16> {
  %1 = kiln.cumsum %x {dim = 1 : i64} : !kiln.tensor<[B, S], bf16>
  return %1 : !kiln.tensor<[B, S], bf16>
}

// -----

// CHECK-LABEL: func.func @argmax
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NINF]] : f32)
// CHECK: %[[R:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: ^bb0(%[[V:.*]]: f32, %[[BEST:.*]]: f32, %[[AT:.*]]: i64):
// CHECK:   %[[GT:.*]] = arith.cmpf ogt, %[[V]], %[[BEST]]
// CHECK:   %[[NAN:.*]] = arith.cmpf uno, %[[V]], %[[V]]
// CHECK:   %[[NUM:.*]] = arith.cmpf ord, %[[BEST]], %[[BEST]]
// CHECK:   %[[WIN:.*]] = arith.ori %[[GT]]
// CHECK:   %[[IDX:.*]] = linalg.index 1 : index
// CHECK:   %[[I:.*]] = arith.index_cast %[[IDX]] : index to i64
// CHECK:   arith.select %[[WIN]], %[[V]], %[[BEST]]
// CHECK:   arith.select %[[WIN]], %[[I]], %[[AT]]
// CHECK: tensor.expand_shape %[[R]]#1 {{\[\[}}0, 1]]
func.func @argmax(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, 1], i64> {
  %2 = kiln.argmax %x {dim = -1 : i64, keepdim = true} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, 1], i64>
  return %2 : !kiln.tensor<[B, 1], i64>
}
