// kiln.conv2d, kiln.max_pool2d and kiln.avg_pool2d against the reference
// interpreter: symbolic batch and spatial sizes (output sizes with
// floordiv), padding, strides, dilations, groups (depthwise too), bf16, and
// a conv + batch-norm (inference) + relu block.

// RUN: kiln-run %s --entry=conv --random-inputs --seed=1 --sym N=2 --sym H=9 --sym W=7 --check | FileCheck %s
// RUN: kiln-run %s --entry=conv --random-inputs --seed=2 --sym N=1 --sym H=4 --sym W=12 --check | FileCheck %s
// RUN: kiln-run %s --entry=conv_strided --random-inputs --seed=3 --sym N=3 --sym H=11 --sym W=10 --check | FileCheck %s
// RUN: kiln-run %s --entry=conv_groups --random-inputs --seed=4 --sym N=2 --check | FileCheck %s
// RUN: kiln-run %s --entry=conv_bf16 --random-inputs --seed=5 --check | FileCheck %s
// RUN: kiln-run %s --entry=block --random-inputs --seed=6 --sym N=2 --sym H=8 --sym W=8 --check | FileCheck %s
// RUN: kiln-run %s --entry=pools --random-inputs --seed=7 --sym N=2 --sym H=9 --sym W=13 --check | FileCheck %s
// RUN: kiln-run %s --entry=pools --random-inputs --seed=8 --sym N=1 --sym H=2 --sym W=2 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

func.func @conv(%x: !kiln.tensor<[N, 3, H, W], f32>, %w: !kiln.tensor<[8, 3, 3, 3], f32>) -> (!kiln.tensor<[N, 8, H, W], f32>, !kiln.tensor<[N, 8, H - 2, W - 2], f32>) {
  %0 = kiln.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : !kiln.tensor<[N, 3, H, W], f32>, !kiln.tensor<[8, 3, 3, 3], f32> -> !kiln.tensor<[N, 8, H, W], f32>
  %1 = kiln.conv2d %x, %w : !kiln.tensor<[N, 3, H, W], f32>, !kiln.tensor<[8, 3, 3, 3], f32> -> !kiln.tensor<[N, 8, H - 2, W - 2], f32>
  return %0, %1 : !kiln.tensor<[N, 8, H, W], f32>, !kiln.tensor<[N, 8, H - 2, W - 2], f32>
}

// Stride 2 with asymmetric padding, and a dilated 3x3.
func.func @conv_strided(%x: !kiln.tensor<[N, 4, H, W], f32>, %w: !kiln.tensor<[6, 4, 3, 3], f32>) -> (!kiln.tensor<[N, 6, H floordiv 2, (W - 1) floordiv 2 + 1], f32>, !kiln.tensor<[N, 6, H - 2, W - 2], f32>) {
  %0 = kiln.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 0, 2>} : !kiln.tensor<[N, 4, H, W], f32>, !kiln.tensor<[6, 4, 3, 3], f32> -> !kiln.tensor<[N, 6, H floordiv 2, (W - 1) floordiv 2 + 1], f32>
  %1 = kiln.conv2d %x, %w {dilations = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : !kiln.tensor<[N, 4, H, W], f32>, !kiln.tensor<[6, 4, 3, 3], f32> -> !kiln.tensor<[N, 6, H - 2, W - 2], f32>
  return %0, %1 : !kiln.tensor<[N, 6, H floordiv 2, (W - 1) floordiv 2 + 1], f32>, !kiln.tensor<[N, 6, H - 2, W - 2], f32>
}

// Two groups, and depthwise (groups = channels).
func.func @conv_groups(%x: !kiln.tensor<[N, 4, 6, 6], f32>, %w: !kiln.tensor<[6, 2, 3, 3], f32>, %d: !kiln.tensor<[4, 1, 3, 3], f32>) -> (!kiln.tensor<[N, 6, 4, 4], f32>, !kiln.tensor<[N, 4, 6, 6], f32>) {
  %0 = kiln.conv2d %x, %w {groups = 2 : i64} : !kiln.tensor<[N, 4, 6, 6], f32>, !kiln.tensor<[6, 2, 3, 3], f32> -> !kiln.tensor<[N, 6, 4, 4], f32>
  %1 = kiln.conv2d %x, %d {groups = 4 : i64, padding = array<i64: 1, 1, 1, 1>} : !kiln.tensor<[N, 4, 6, 6], f32>, !kiln.tensor<[4, 1, 3, 3], f32> -> !kiln.tensor<[N, 4, 6, 6], f32>
  return %0, %1 : !kiln.tensor<[N, 6, 4, 4], f32>, !kiln.tensor<[N, 4, 6, 6], f32>
}

func.func @conv_bf16(%x: !kiln.tensor<[2, 16, 8, 8], bf16>, %w: !kiln.tensor<[8, 16, 1, 1], bf16>) -> !kiln.tensor<[2, 8, 8, 8], bf16> {
  %0 = kiln.conv2d %x, %w : !kiln.tensor<[2, 16, 8, 8], bf16>, !kiln.tensor<[8, 16, 1, 1], bf16> -> !kiln.tensor<[2, 8, 8, 8], bf16>
  return %0 : !kiln.tensor<[2, 8, 8, 8], bf16>
}

// conv 3x3 + bias + batch-norm (inference: scale and shift per channel) +
// relu, the conv_block workload's shape.
func.func @block(%x: !kiln.tensor<[N, 8, H, W], f32>, %w: !kiln.tensor<[8, 8, 3, 3], f32>, %b: !kiln.tensor<[8, 1, 1], f32>, %scale: !kiln.tensor<[8, 1, 1], f32>, %shift: !kiln.tensor<[8, 1, 1], f32>) -> !kiln.tensor<[N, 8, H, W], f32> {
  %0 = kiln.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : !kiln.tensor<[N, 8, H, W], f32>, !kiln.tensor<[8, 8, 3, 3], f32> -> !kiln.tensor<[N, 8, H, W], f32>
  %1 = kiln.add %0, %b : !kiln.tensor<[N, 8, H, W], f32>, !kiln.tensor<[8, 1, 1], f32> -> !kiln.tensor<[N, 8, H, W], f32>
  %2 = kiln.mul %1, %scale : !kiln.tensor<[N, 8, H, W], f32>, !kiln.tensor<[8, 1, 1], f32> -> !kiln.tensor<[N, 8, H, W], f32>
  %3 = kiln.add %2, %shift : !kiln.tensor<[N, 8, H, W], f32>, !kiln.tensor<[8, 1, 1], f32> -> !kiln.tensor<[N, 8, H, W], f32>
  %4 = kiln.relu %3 : !kiln.tensor<[N, 8, H, W], f32>
  return %4 : !kiln.tensor<[N, 8, H, W], f32>
}

// ResNet's stem pool (3x3, stride 2, padding 1), a 2x2 max pool, and
// average pools with and without the padding counted.
func.func @pools(%x: !kiln.tensor<[N, 3, H, W], f32>) -> (!kiln.tensor<[N, 3, (H - 1) floordiv 2 + 1, (W - 1) floordiv 2 + 1], f32>, !kiln.tensor<[N, 3, H floordiv 2, W floordiv 2], f32>, !kiln.tensor<[N, 3, H, W], f32>, !kiln.tensor<[N, 3, H, W], f32>) {
  %0 = kiln.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : !kiln.tensor<[N, 3, H, W], f32> -> !kiln.tensor<[N, 3, (H - 1) floordiv 2 + 1, (W - 1) floordiv 2 + 1], f32>
  %1 = kiln.max_pool2d %x {kernel = array<i64: 2, 2>} : !kiln.tensor<[N, 3, H, W], f32> -> !kiln.tensor<[N, 3, H floordiv 2, W floordiv 2], f32>
  %2 = kiln.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>} : !kiln.tensor<[N, 3, H, W], f32> -> !kiln.tensor<[N, 3, H, W], f32>
  %3 = kiln.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, count_include_pad = false} : !kiln.tensor<[N, 3, H, W], f32> -> !kiln.tensor<[N, 3, H, W], f32>
  return %0, %1, %2, %3 : !kiln.tensor<[N, 3, (H - 1) floordiv 2 + 1, (W - 1) floordiv 2 + 1], f32>, !kiln.tensor<[N, 3, H floordiv 2, W floordiv 2], f32>, !kiln.tensor<[N, 3, H, W], f32>, !kiln.tensor<[N, 3, H, W], f32>
}
