// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s -mlir-print-op-generic | kiln-opt | FileCheck %s
//
// Round trip of kiln.conv2d, kiln.max_pool2d and kiln.avg_pool2d with
// symbolic batch and spatial sizes.

// CHECK-LABEL: func.func @ops
// CHECK: kiln.conv2d %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : !kiln.tensor<[N, 3, H, W], f32>, !kiln.tensor<[64, 3, 7, 7], f32> -> !kiln.tensor<[N, 64, (H - 5) floordiv 2 + 1, (W - 5) floordiv 2 + 1], f32>
// CHECK: kiln.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>} : !kiln.tensor<[N, 3, H, W], f32> -> !kiln.tensor<[N, 3, H floordiv 2, W floordiv 2], f32>
// CHECK: kiln.avg_pool2d %{{.*}} {count_include_pad = false, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : !kiln.tensor<[N, 3, H, W], f32> -> !kiln.tensor<[N, 3, H, W], f32>
func.func @ops(%x: !kiln.tensor<[N, 3, H, W], f32>, %w: !kiln.tensor<[64, 3, 7, 7], f32>) -> (!kiln.tensor<[N, 64, (H - 5) floordiv 2 + 1, (W - 5) floordiv 2 + 1], f32>, !kiln.tensor<[N, 3, H floordiv 2, W floordiv 2], f32>, !kiln.tensor<[N, 3, H, W], f32>) {
  %0 = kiln.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : !kiln.tensor<[N, 3, H, W], f32>, !kiln.tensor<[64, 3, 7, 7], f32> -> !kiln.tensor<[N, 64, (H - 5) floordiv 2 + 1, (W - 5) floordiv 2 + 1], f32>
  %1 = kiln.max_pool2d %x {kernel = array<i64: 2, 2>} : !kiln.tensor<[N, 3, H, W], f32> -> !kiln.tensor<[N, 3, H floordiv 2, W floordiv 2], f32>
  %2 = kiln.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, count_include_pad = false} : !kiln.tensor<[N, 3, H, W], f32> -> !kiln.tensor<[N, 3, H, W], f32>
  return %0, %1, %2 : !kiln.tensor<[N, 64, (H - 5) floordiv 2 + 1, (W - 5) floordiv 2 + 1], f32>, !kiln.tensor<[N, 3, H floordiv 2, W floordiv 2], f32>, !kiln.tensor<[N, 3, H, W], f32>
}
