// RUN: kiln-opt %s --kiln-dedupe-gpu-modules | FileCheck %s
//
// kiln-dedupe-gpu-modules: gpu.modules with identical bodies (up to their
// own names) become one, and their launches call it; modules that differ
// in a constant or in an attribute stay apart.

// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK: gpu.module @k {
// CHECK: arith.constant 2.000000e+00
// CHECK-NOT: gpu.module @k_0
// CHECK: gpu.module @k_1 {
// CHECK: arith.constant 3.000000e+00
// CHECK: gpu.module @k_2 {
// CHECK: known_block_size = array<i32: 64, 1, 1>
// CHECK-LABEL: func.func @host
// CHECK: gpu.launch_func @k::@k
// CHECK: gpu.launch_func @k::@k
// CHECK: gpu.launch_func @k_1::@k
// CHECK: gpu.launch_func @k_2::@k
module attributes {gpu.container_module} {
  gpu.module @k {
    gpu.func @k(%x: memref<128xf32>) kernel attributes {known_block_size = array<i32: 128, 1, 1>} {
      %i = gpu.thread_id x
      %c = arith.constant 2.0 : f32
      %v = memref.load %x[%i] : memref<128xf32>
      %w = arith.mulf %v, %c : f32
      memref.store %w, %x[%i] : memref<128xf32>
      gpu.return
    }
  }
  gpu.module @k_0 {
    gpu.func @k(%x: memref<128xf32>) kernel attributes {known_block_size = array<i32: 128, 1, 1>} {
      %i = gpu.thread_id x
      %c = arith.constant 2.0 : f32
      %v = memref.load %x[%i] : memref<128xf32>
      %w = arith.mulf %v, %c : f32
      memref.store %w, %x[%i] : memref<128xf32>
      gpu.return
    }
  }
  gpu.module @k_1 {
    gpu.func @k(%x: memref<128xf32>) kernel attributes {known_block_size = array<i32: 128, 1, 1>} {
      %i = gpu.thread_id x
      %c = arith.constant 3.0 : f32
      %v = memref.load %x[%i] : memref<128xf32>
      %w = arith.mulf %v, %c : f32
      memref.store %w, %x[%i] : memref<128xf32>
      gpu.return
    }
  }
  gpu.module @k_2 {
    gpu.func @k(%x: memref<128xf32>) kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
      %i = gpu.thread_id x
      %c = arith.constant 2.0 : f32
      %v = memref.load %x[%i] : memref<128xf32>
      %w = arith.mulf %v, %c : f32
      memref.store %w, %x[%i] : memref<128xf32>
      gpu.return
    }
  }
  func.func @host(%x: memref<128xf32>) {
    %c1 = arith.constant 1 : index
    %c64 = arith.constant 64 : index
    %c128 = arith.constant 128 : index
    gpu.launch_func @k::@k blocks in (%c1, %c1, %c1) threads in (%c128, %c1, %c1) args(%x : memref<128xf32>)
    gpu.launch_func @k_0::@k blocks in (%c1, %c1, %c1) threads in (%c128, %c1, %c1) args(%x : memref<128xf32>)
    gpu.launch_func @k_1::@k blocks in (%c1, %c1, %c1) threads in (%c128, %c1, %c1) args(%x : memref<128xf32>)
    gpu.launch_func @k_2::@k blocks in (%c1, %c1, %c1) threads in (%c64, %c1, %c1) args(%x : memref<128xf32>)
    return
  }
}
