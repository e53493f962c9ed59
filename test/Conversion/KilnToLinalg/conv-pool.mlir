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

// -----

// An ungrouped conv2d is im2col + one matrix product: the copy writes
// cols[c, kh, kw, n, oh, ow] from the padded x (strides 2, dilations 3 in the
// window offsets), w is viewed as [F, C*KH*KW] and cols as
// [C*KH*KW, N*Ho*Wo], linalg.matmul accumulates in f32 for bf16, and the
// [F, N, Ho, Wo] view of the product is written out as [N, F, Ho, Wo] in bf16.

// CHECK-DAG: #[[$COLS_IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d0, d4 * 2 + d1 * 3, d5 * 2 + d2 * 3)>
// CHECK-DAG: #[[$COLS_OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
// CHECK-DAG: #[[$FN:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, d2, d3)>
// CHECK-LABEL: func.func @conv_im2col
// CHECK: %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[$COLS_IN]], #[[$COLS_OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%{{.*}} : tensor<?x4x?x?xbf16>) outs(%{{.*}} : tensor<4x3x3x?x?x?xbf16>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: bf16, %{{.*}}: bf16):
// CHECK-NEXT:   linalg.yield %[[IN]] : bf16
// CHECK: %[[LHS:.*]] = tensor.collapse_shape %arg1 {{\[}}[0], [1, 2, 3]] : tensor<5x4x3x3xbf16> into tensor<5x36xbf16>
// CHECK: %[[RHS:.*]] = tensor.collapse_shape %[[COLS]] {{\[}}[0, 1, 2], [3, 4, 5]] : tensor<4x3x3x?x?x?xbf16> into tensor<36x?xbf16>
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<5x?xf32>)
// CHECK: %[[PRODUCT:.*]] = linalg.matmul ins(%[[LHS]], %[[RHS]] : tensor<5x36xbf16>, tensor<36x?xbf16>) outs(%[[ZERO]] : tensor<5x?xf32>)
// CHECK: %[[FNVIEW:.*]] = tensor.expand_shape %[[PRODUCT]] {{\[}}[0], [1, 2, 3]] output_shape [5, %{{.*}}, %{{.*}}, %{{.*}}] : tensor<5x?xf32> into tensor<5x?x?x?xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$FN]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[FNVIEW]] : tensor<5x?x?x?xf32>) outs(%{{.*}} : tensor<?x5x?x?xbf16>)
// CHECK:   arith.truncf
// CHECK-NOT: linalg.generic
func.func @conv_im2col(%x: !kiln.tensor<[N, 4, H, W], bf16>, %w: !kiln.tensor<[5, 4, 3, 3], bf16>) -> !kiln.tensor<[N, 5, H floordiv 2 - 2, W floordiv 2 - 2], bf16> {
  %0 = kiln.conv2d %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 3, 3>, padding = array<i64: 1, 1, 0, 0>} : !kiln.tensor<[N, 4, H, W], bf16>, !kiln.tensor<[5, 4, 3, 3], bf16> -> !kiln.tensor<[N, 5, H floordiv 2 - 2, W floordiv 2 - 2], bf16>
  return %0 : !kiln.tensor<[N, 5, H floordiv 2 - 2, W floordiv 2 - 2], bf16>
}
