// RUN: kiln-opt %s --kiln-matmul-to-cublas -split-input-file | FileCheck %s
//
// kiln-matmul-to-cublas: matmuls on buffers call the CUDA runtime's
// cuBLASLt entry points; a zero fill right before folds into the call
// (flags 0: overwrite), anything else accumulates (flags 1).

// CHECK-LABEL: func.func @bf16_zero_fill
// CHECK-SAME: (%[[A:.*]]: memref<?x?xbf16>, %[[B:.*]]: memref<?x?xbf16>, %[[C:.*]]: memref<?x?xf32>)
// CHECK-NOT: linalg.fill
// CHECK: %[[CA:.*]] = memref.cast %[[A]] : memref<?x?xbf16> to memref<?x?xbf16, strided<[?, ?], offset: ?>>
// CHECK: %[[CB:.*]] = memref.cast %[[B]]
// CHECK: %[[CC:.*]] = memref.cast %[[C]] : memref<?x?xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[FLAGS:.*]] = arith.constant 0 : i32
// CHECK: call @kiln_rt_cuda_matmul_bf16_f32_2d(%[[CA]], %[[CB]], %[[CC]], %[[FLAGS]])
// CHECK-NOT: linalg.matmul
// CHECK: func.func private @kiln_rt_cuda_matmul_bf16_f32_2d(memref<?x?xbf16, strided<[?, ?], offset: ?>>, memref<?x?xbf16, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, i32) attributes {llvm.emit_c_interface}
func.func @bf16_zero_fill(%a: memref<?x?xbf16>, %b: memref<?x?xbf16>, %c: memref<?x?xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<?x?xf32>)
  linalg.matmul ins(%a, %b : memref<?x?xbf16>, memref<?x?xbf16>) outs(%c : memref<?x?xf32>)
  return
}

// -----

// No fill (or a non-zero one): accumulate. Batched products call the 3-d
// entry point.
// CHECK-LABEL: func.func @accumulate
// CHECK: linalg.fill
// CHECK: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: call @kiln_rt_cuda_matmul_f32_f32_3d(%{{.*}}, %{{.*}}, %{{.*}}, %[[ONE]])
func.func @accumulate(%a: memref<2x4x8xf32>, %b: memref<2x8x16xf32>, %c: memref<2x4x16xf32>) {
  %one = arith.constant 1.0 : f32
  linalg.fill ins(%one : f32) outs(%c : memref<2x4x16xf32>)
  linalg.batch_matmul ins(%a, %b : memref<2x4x8xf32>, memref<2x8x16xf32>) outs(%c : memref<2x4x16xf32>)
  return
}

// -----

// Kept as generated code: integer matmuls, mixed input types, and products
// with transposing indexing maps.
// CHECK-LABEL: func.func @kept
// CHECK-NOT: call
// CHECK: linalg.matmul
// CHECK: linalg.matmul
// CHECK: linalg.matmul
// CHECK-NOT: call
#ta = affine_map<(m, n, k) -> (k, m)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
func.func @kept(%ai: memref<4x8xi32>, %bi: memref<8x4xi32>, %ci: memref<4x4xi32>,
                %a: memref<4x8xf16>, %b: memref<8x4xf32>, %c: memref<4x4xf32>,
                %at: memref<8x4xf32>) {
  linalg.matmul ins(%ai, %bi : memref<4x8xi32>, memref<8x4xi32>) outs(%ci : memref<4x4xi32>)
  linalg.matmul ins(%a, %b : memref<4x8xf16>, memref<8x4xf32>) outs(%c : memref<4x4xf32>)
  linalg.matmul indexing_maps = [#ta, #b, #c] ins(%at, %b : memref<8x4xf32>, memref<8x4xf32>) outs(%c : memref<4x4xf32>)
  return
}
