// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file | FileCheck %s
//
// convert-kiln-to-linalg on kiln.conv2d (x padded by a guarded generic,
// then one generic over (n, f, oh, ow | c, kh, kw), the group's channel
// offset as (f floordiv Fg) * Cg + c, f32 accumulation for bf16) and on
// kiln.avg_pool2d (a [KH, KW] window operand for the reduction bounds; the
// count of elements inside x from the output index without the padding).

// CHECK-DAG: #[[$X:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, (d1 floordiv 3) * 2 + d4, d2 * 2 + d5, d3 * 2 + d6)>
// CHECK-DAG: #[[$W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>
// CHECK-DAG: #[[$O:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv
// CHECK: %[[P:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<?x4x?x?xbf16>)
// CHECK: scf.if
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x6x?x?xf32>)
// CHECK: %[[C:.*]] = linalg.generic {indexing_maps = [#[[$X]], #[[$W]], #[[$O]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[P]], %arg1 : tensor<?x4x?x?xbf16>, tensor<6x2x3x3xbf16>) outs(%[[Z]] : tensor<?x6x?x?xf32>)
// CHECK:   arith.extf
// CHECK:   arith.extf
// CHECK:   arith.mulf
// CHECK:   arith.addf
// CHECK: linalg.generic {{.*}} ins(%[[C]] : tensor<?x6x?x?xf32>) outs(%{{.*}} : tensor<?x6x?x?xbf16>)
// CHECK:   arith.truncf
func.func @conv(%x: !kiln.tensor<[N, 4, H, W], bf16>, %w: !kiln.tensor<[6, 2, 3, 3], bf16>) -> !kiln.tensor<[N, 6, H floordiv 2, (W - 1) floordiv 2 + 1], bf16> {
  %0 = kiln.conv2d %x, %w {groups = 2 : i64, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 0, 2>} : !kiln.tensor<[N, 4, H, W], bf16>, !kiln.tensor<[6, 2, 3, 3], bf16> -> !kiln.tensor<[N, 6, H floordiv 2, (W - 1) floordiv 2 + 1], bf16>
  return %0 : !kiln.tensor<[N, 6, H floordiv 2, (W - 1) floordiv 2 + 1], bf16>
}

// -----

// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d4, d3 + d5)>
// CHECK-DAG: #[[$WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-LABEL: func.func @pool
// CHECK: %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: %[[S:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$WIN]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%{{.*}}, %[[WINDOW]] : tensor<?x3x?x?xf32>, tensor<3x3xf32>)
// CHECK:   arith.addf
// CHECK: linalg.generic {{.*}} ins(%[[S]] : tensor<?x3x?x?xf32>)
// CHECK:   arith.minsi
// CHECK:   arith.maxsi
// CHECK:   arith.minsi
// CHECK:   arith.maxsi
// CHECK:   arith.muli
// CHECK:   arith.sitofp
// CHECK:   arith.divf
func.func @pool(%x: !kiln.tensor<[N, 3, H, W], f32>) -> !kiln.tensor<[N, 3, H, W], f32> {
  %0 = kiln.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, count_include_pad = false} : !kiln.tensor<[N, 3, H, W], f32> -> !kiln.tensor<[N, 3, H, W], f32>
  return %0 : !kiln.tensor<[N, 3, H, W], f32>
}
