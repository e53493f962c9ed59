// RUN: kiln-opt %s --kiln-matmul-to-cublas="fold-fills=false fuse-epilogues=false narrow-products=false fold-transposes=false" -split-input-file | FileCheck %s --check-prefix=CALLS
// RUN: kiln-opt %s --kiln-matmul-to-cublas="fuse-epilogues=false narrow-products=false fold-transposes=false" -split-input-file | FileCheck %s --check-prefix=FILLS
// RUN: kiln-opt %s --kiln-matmul-to-cublas="narrow-products=false fold-transposes=false" -split-input-file | FileCheck %s --check-prefix=EPILOGUE
// RUN: kiln-opt %s --kiln-matmul-to-cublas="fuse-epilogues=false fold-transposes=false" -split-input-file | FileCheck %s --check-prefix=NARROW
// RUN: kiln-opt %s --kiln-matmul-to-cublas="fold-fills=false fuse-epilogues=false narrow-products=false" -split-input-file | FileCheck %s --check-prefix=TRANSPOSE
//
// Each rewrite of kiln-matmul-to-cublas is a pattern set of its own
// (kiln/Codegen/GPU/Transforms.h), turned off by its option. With every
// folding off, matmuls become accumulating calls (flags 1) and nothing else
// changes; fill folding alone makes the call overwrite (flags 0); the
// epilogue and narrowing sets need the fill folded (a fresh product); the
// transpose set alone reads the transposed copy's input and leaves the
// fill (flags 1 | 32).

// CALLS-LABEL: func.func @bias_relu
// CALLS: linalg.fill
// CALLS: %[[F:.*]] = arith.constant 1 : i32
// CALLS: call @kiln_rt_cuda_matmul_bf16_f32_2d(%{{.*}}, %{{.*}}, %{{.*}}, %[[F]])
// CALLS-NOT: linalg.matmul
// CALLS: linalg.generic
// FILLS-LABEL: func.func @bias_relu
// FILLS-NOT: linalg.fill
// FILLS: %[[F:.*]] = arith.constant 0 : i32
// FILLS: call @kiln_rt_cuda_matmul_bf16_f32_2d(%{{.*}}, %{{.*}}, %{{.*}}, %[[F]])
// FILLS: linalg.generic
// EPILOGUE-LABEL: func.func @bias_relu
// EPILOGUE-NOT: linalg.
// EPILOGUE: %[[F:.*]] = arith.constant 2 : i32
// EPILOGUE: call @kiln_rt_cuda_matmul_bias_bf16_bf16_2d(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[F]])
// EPILOGUE-NOT: linalg.
// EPILOGUE: return
// Only the entry point that is called stays declared.
// EPILOGUE-NOT: func.func private @kiln_rt_cuda_matmul_bf16_f32_2d
// EPILOGUE: func.func private @kiln_rt_cuda_matmul_bias_bf16_bf16_2d
// EPILOGUE-NEXT: {{^}}}
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @bias_relu(%a: memref<?x?xbf16>, %b: memref<?x?xbf16>, %bias: memref<?xbf16>, %out: memref<?x?xbf16>, %p: memref<?x?xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%p : memref<?x?xf32>)
  linalg.matmul ins(%a, %b : memref<?x?xbf16>, memref<?x?xbf16>) outs(%p : memref<?x?xf32>)
  linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%p, %bias : memref<?x?xf32>, memref<?xbf16>) outs(%out : memref<?x?xbf16>) {
  ^bb0(%v: f32, %c: bf16, %o: bf16):
    %ce = arith.extf %c : bf16 to f32
    %s = arith.addf %v, %ce : f32
    %r = arith.maximumf %s, %zero : f32
    %y = arith.truncf %r : f32 to bf16
    linalg.yield %y : bf16
  }
  return
}

// -----

// NARROW-LABEL: func.func @rounded
// NARROW: %[[P:.*]] = memref.alloc() : memref<8x64xbf16>
// NARROW: call @kiln_rt_cuda_matmul_bf16_bf16_2d
// NARROW: linalg.generic
// NARROW-NEXT: ^bb0(%[[IN:.*]]: bf16, %{{.*}}: bf16):
// NARROW-NOT: arith.truncf %[[IN]]
// NARROW: arith.extf %[[IN]] : bf16 to f32
// NARROW: memref.dealloc %[[P]] : memref<8x64xbf16>
// FILLS-LABEL: func.func @rounded
// FILLS: memref.alloc() : memref<8x64xf32>
// FILLS: call @kiln_rt_cuda_matmul_bf16_f32_2d
// FILLS: arith.truncf
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @rounded(%x: memref<8x32xbf16>, %w: memref<32x64xbf16>, %out: memref<8x64xbf16>) {
  %zero = arith.constant 0.0 : f32
  %p = memref.alloc() : memref<8x64xf32>
  linalg.fill ins(%zero : f32) outs(%p : memref<8x64xf32>)
  linalg.matmul ins(%x, %w : memref<8x32xbf16>, memref<32x64xbf16>) outs(%p : memref<8x64xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%p : memref<8x64xf32>) outs(%out : memref<8x64xbf16>) {
  ^bb0(%v: f32, %o: bf16):
    %t = arith.truncf %v : f32 to bf16
    %e = arith.extf %t : bf16 to f32
    %g = math.tanh %e : f32
    %y = arith.truncf %g : f32 to bf16
    linalg.yield %y : bf16
  }
  memref.dealloc %p : memref<8x64xf32>
  return
}

// -----

// TRANSPOSE-LABEL: func.func @transposed
// TRANSPOSE-SAME: (%[[X:.*]]: memref<8x64xf32>, %[[W:.*]]: memref<16x64xf32>,
// TRANSPOSE-NOT: linalg.transpose
// TRANSPOSE: linalg.fill
// TRANSPOSE: %[[CW:.*]] = memref.cast %[[W]]
// TRANSPOSE: %[[F:.*]] = arith.constant 33 : i32
// TRANSPOSE: call @kiln_rt_cuda_matmul_f32_f32_2d(%{{.*}}, %[[CW]], %{{.*}}, %[[F]])
// TRANSPOSE-NOT: memref.dealloc
// CALLS-LABEL: func.func @transposed
// CALLS: linalg.transpose
// CALLS: call @kiln_rt_cuda_matmul_f32_f32_2d
// CALLS: memref.dealloc
func.func @transposed(%x: memref<8x64xf32>, %w: memref<16x64xf32>, %out: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %wt = memref.alloc() : memref<64x16xf32>
  linalg.transpose ins(%w : memref<16x64xf32>) outs(%wt : memref<64x16xf32>) permutation = [1, 0]
  linalg.fill ins(%zero : f32) outs(%out : memref<8x16xf32>)
  linalg.matmul ins(%x, %wt : memref<8x64xf32>, memref<64x16xf32>) outs(%out : memref<8x16xf32>)
  memref.dealloc %wt : memref<64x16xf32>
  return
}
