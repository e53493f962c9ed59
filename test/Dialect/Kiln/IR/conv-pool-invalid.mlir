// RUN: kiln-opt %s -split-input-file -verify-diagnostics
//
// The diagnostics of kiln.conv2d, kiln.max_pool2d and kiln.avg_pool2d.

func.func @rank(%x: !kiln.tensor<[N, 3, H], f32>, %w: !kiln.tensor<[8, 3, 3, 3], f32>) -> !kiln.tensor<[N, 8, H], f32> {
  // expected-error @+1 {{needs x of rank 4 (NCHW); got rank 3}}
  %0 = kiln.conv2d %x, %w : !kiln.tensor<[N, 3, H], f32>, !kiln.tensor<[8, 3, 3, 3], f32> -> !kiln.tensor<[N, 8, H], f32>
  return %0 : !kiln.tensor<[N, 8, H], f32>
}

// -----

func.func @channels(%x: !kiln.tensor<[N, 4, 8, 8], f32>, %w: !kiln.tensor<[8, 3, 3, 3], f32>) -> !kiln.tensor<[N, 8, 6, 6], f32> {
  // expected-error @+1 {{x has 4 channels; the weight expects 3 (3 per group, 1 groups)}}
  %0 = kiln.conv2d %x, %w : !kiln.tensor<[N, 4, 8, 8], f32>, !kiln.tensor<[8, 3, 3, 3], f32> -> !kiln.tensor<[N, 8, 6, 6], f32>
  return %0 : !kiln.tensor<[N, 8, 6, 6], f32>
}

// -----

func.func @groups(%x: !kiln.tensor<[N, 4, 8, 8], f32>, %w: !kiln.tensor<[6, 1, 3, 3], f32>) -> !kiln.tensor<[N, 6, 6, 6], f32> {
  // expected-error @+1 {{groups (4) must be positive and divide F (6)}}
  %0 = kiln.conv2d %x, %w {groups = 4 : i64} : !kiln.tensor<[N, 4, 8, 8], f32>, !kiln.tensor<[6, 1, 3, 3], f32> -> !kiln.tensor<[N, 6, 6, 6], f32>
  return %0 : !kiln.tensor<[N, 6, 6, 6], f32>
}

// -----

func.func @symbolic_weight(%x: !kiln.tensor<[N, 3, 8, 8], f32>, %w: !kiln.tensor<[F, 3, 3, 3], f32>) -> !kiln.tensor<[N, F, 6, 6], f32> {
  // expected-error @+1 {{needs a static weight shape}}
  %0 = kiln.conv2d %x, %w : !kiln.tensor<[N, 3, 8, 8], f32>, !kiln.tensor<[F, 3, 3, 3], f32> -> !kiln.tensor<[N, F, 6, 6], f32>
  return %0 : !kiln.tensor<[N, F, 6, 6], f32>
}

// -----

func.func @strides(%x: !kiln.tensor<[N, 3, 8, 8], f32>, %w: !kiln.tensor<[8, 3, 3, 3], f32>) -> !kiln.tensor<[N, 8, 6, 6], f32> {
  // expected-error @+1 {{strides must be positive}}
  %0 = kiln.conv2d %x, %w {strides = array<i64: 0, 1>} : !kiln.tensor<[N, 3, 8, 8], f32>, !kiln.tensor<[8, 3, 3, 3], f32> -> !kiln.tensor<[N, 8, 6, 6], f32>
  return %0 : !kiln.tensor<[N, 8, 6, 6], f32>
}

// -----

func.func @padding(%x: !kiln.tensor<[N, 3, 8, 8], f32>, %w: !kiln.tensor<[8, 3, 3, 3], f32>) -> !kiln.tensor<[N, 8, 6, 6], f32> {
  // expected-error @+1 {{padding needs 4 entries [top, left, bottom, right]; got 2}}
  %0 = kiln.conv2d %x, %w {padding = array<i64: 1, 1>} : !kiln.tensor<[N, 3, 8, 8], f32>, !kiln.tensor<[8, 3, 3, 3], f32> -> !kiln.tensor<[N, 8, 6, 6], f32>
  return %0 : !kiln.tensor<[N, 8, 6, 6], f32>
}

// -----

func.func @output(%x: !kiln.tensor<[N, 3, H, W], f32>, %w: !kiln.tensor<[8, 3, 3, 3], f32>) -> !kiln.tensor<[N, 8, H, W], f32> {
  // expected-error @+1 {{result dim 2 is H but the op computes H - 2}}
  %0 = kiln.conv2d %x, %w : !kiln.tensor<[N, 3, H, W], f32>, !kiln.tensor<[8, 3, 3, 3], f32> -> !kiln.tensor<[N, 8, H, W], f32>
  return %0 : !kiln.tensor<[N, 8, H, W], f32>
}

// -----

func.func @pool_padding(%x: !kiln.tensor<[N, 3, 8, 8], f32>) -> !kiln.tensor<[N, 3, 8, 8], f32> {
  // expected-error @+1 {{padding must be at most half the kernel}}
  %0 = kiln.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, padding = array<i64: 2, 0, 0, 0>} : !kiln.tensor<[N, 3, 8, 8], f32> -> !kiln.tensor<[N, 3, 8, 8], f32>
  return %0 : !kiln.tensor<[N, 3, 8, 8], f32>
}

// -----

func.func @pool_kernel(%x: !kiln.tensor<[N, 3, 8, 8], f32>) -> !kiln.tensor<[N, 3, 8, 8], f32> {
  // expected-error @+1 {{kernel needs 2 entries; got 1}}
  %0 = kiln.avg_pool2d %x {kernel = array<i64: 2>} : !kiln.tensor<[N, 3, 8, 8], f32> -> !kiln.tensor<[N, 3, 8, 8], f32>
  return %0 : !kiln.tensor<[N, 3, 8, 8], f32>
}

// -----

func.func @pool_int(%x: !kiln.tensor<[N, 3, 8, 8], i32>) -> !kiln.tensor<[N, 3, 4, 4], i32> {
  // expected-error @+1 {{requires a floating-point element type; got 'i32'}}
  %0 = kiln.max_pool2d %x {kernel = array<i64: 2, 2>} : !kiln.tensor<[N, 3, 8, 8], i32> -> !kiln.tensor<[N, 3, 4, 4], i32>
  return %0 : !kiln.tensor<[N, 3, 4, 4], i32>
}
