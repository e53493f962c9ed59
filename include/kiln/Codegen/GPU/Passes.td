//===- Passes.td - Kiln codegen for NVIDIA GPUs ------------*- tablegen -*-===//
//
// The GPU lowering: loop nests mapped to blocks, threads and vector lanes,
// and matmuls sent to cuBLASLt.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_GPU_PASSES_TD
#define KILN_CODEGEN_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def KilnMapToGpu : Pass<"kiln-map-to-gpu", "::mlir::func::FuncOp"> {
  let summary = "Turn a bufferized function into host code launching kernels";
  let description = [{
    Runs on bufferized IR whose linalg ops are loops (top-level ones
    `scf.parallel`). Every top-level `scf.parallel` becomes one
    `gpu.launch`:

    - A fusion group over rows (a parallel loop whose body holds a reduction
      loop accumulating into memory, as `kiln-fuse-rows` produces for
      softmax or layer_norm) gets one block per row. The row's parallel
      loops are spread over the block's threads (thread t takes elements t,
      t + blockDim, ...); each reduction loop accumulates per thread in
      registers and is combined across the block with `gpu.all_reduce`
      (warp shuffles and shared memory); row temporaries that threads write
      live in shared memory (`#gpu.address_space<workgroup>`), with a
      barrier after each loop. Static rows get enough threads for 8
      vectors each (a multiple of 32, at most `block-size`); their loops
      are unrolled and the row's loads are issued once and kept in
      registers for every later loop. Loops over a row of symbolic length
      are versioned on divisibility: where the length and the row views'
      dynamic offsets and strides are multiples of the vector width (a
      uniform check in the kernel), they run block-strided 16-byte
      vectors; elsewhere scalars.
    - Any other parallel loop (elementwise groups, copies, matmuls) gets one
      thread per iteration over its linearized iteration space, the last
      dim fastest, `block-size` threads per block.

    In both, a loop over a static extent whose body's accesses are
    contiguous in its induction variable and provably aligned runs
    `vector-bytes / element size` consecutive iterations per thread with
    `vector.load`/`vector.store` carrying that alignment (16-byte
    `ld.global.v4` on NVPTX). Device buffers are assumed 16-byte aligned.
    f32 divisions and exponentials inside kernels get the `afn` fast-math
    flag, as Triton's kernels compute them: NVPTX emits `div.approx.f32`
    (2 ulp) rather than the IEEE division subroutine, and `math.exp`
    becomes libdevice's `__nv_fast_expf` (`ex2.approx.f32` of x * log2 e)
    rather than the range-reduced `__nv_expf` (`fast-math=false` keeps
    both exact).

    A top-level `kiln.flash_attention` becomes its fused kernel: blocks of
    4 warps, each block 64 queries of one batch entry; K and V tiles of 64
    keys staged in shared memory; `nvvm.mma.sync` m16n8k16 for both
    products with f32 accumulators; the online softmax (running max and
    sum per row, `exp2` of log2-scaled scores) in registers; causal blocks
    stop at their last query's key tile.

    Top-level ops that touch memory otherwise (loops, loads, stores) run in
    a one-thread launch. Host-side buffers become device buffers
    (`memref.alloc` -> `gpu.alloc`, `memref.dealloc` -> `gpu.dealloc`,
    `memref.copy` -> `gpu.memcpy`; a constant global is copied to a device
    buffer once per call). Views, dims and index arithmetic stay on the
    host.

    Example: a softmax row group over `memref<?x1024xf32>` becomes
    `gpu.launch blocks(%r) threads(32)`: each thread loads 8
    `vector<4xf32>` of its row once; the max and the sum end in
    `vector.reduction` and `gpu.all_reduce maximumf` / `add`; the output
    loop reuses the loaded vectors.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::NVVM::NVVMDialect"];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block (the most per row for row groups)">,
    Option<"vectorBytes", "vector-bytes", "int64_t", /*default=*/"16",
           "Bytes per vector access (1: scalar accesses only)">,
    Option<"rowMapping", "row-mapping", "bool", /*default=*/"true",
           "Map fusion groups over rows to one block per row">,
    Option<"fastMath", "fast-math", "bool", /*default=*/"true",
           "Mark f32 divisions and exps in kernels `afn` (div.approx.f32, "
           "ex2.approx.f32)">,
  ];
  let statistics = [
    Statistic<"numLaunches", "num-launches", "Kernels launched">,
    Statistic<"numRowKernels", "num-row-kernels",
              "Kernels with one block per row">,
  ];
}

def KilnDedupeGpuModules : Pass<"kiln-dedupe-gpu-modules", "::mlir::ModuleOp"> {
  let summary = "Merge identical gpu.modules, so that each kernel compiles once";
  let description = [{
    `gpu-kernel-outlining` gives every launch a `gpu.module` of its own; a
    model's layers launch the same kernels over and over (12 copies of
    each of a 12-layer transformer's kernels). This pass merges the modules
    whose bodies are identical (the same ops, attributes and types, and the
    same targets, up to the module's own name) into the first of them and
    retargets the others' `gpu.launch_func` ops, so that each distinct
    kernel is lowered, compiled to PTX and assembled once
    (`gpu-module-to-binary` was three quarters of BERT-base's compile time).
    Modules that differ in anything (a constant, a block size) are left
    alone.

    Before:
    ```mlir
    gpu.module @f_kernel { gpu.func @f_kernel(...) kernel { ... } }
    gpu.module @f_kernel_0 { gpu.func @f_kernel(...) kernel { ... } }  // same
    gpu.launch_func @f_kernel_0::@f_kernel blocks in (...) threads in (...)
    ```
    After: one `gpu.module @f_kernel`; the launch calls `@f_kernel::@f_kernel`.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
  let statistics = [
    Statistic<"numMerged", "num-merged", "Duplicate gpu.modules merged">,
  ];
}

def KilnMatmulToCublas : Pass<"kiln-matmul-to-cublas", "::mlir::ModuleOp"> {
  let summary = "Call cuBLASLt for float matrix products on device buffers";
  let description = [{
    The GPU counterpart of `kiln-matmul-to-blas`: replaces `linalg.matmul`
    and `linalg.batch_matmul` (default indexing maps) on memrefs whose
    inputs are f32, f16 or bf16 and whose output is f32 or the input type
    by calls to Kiln's CUDA runtime, `kiln_rt_cuda_matmul_<in>_<out>_<r>d`
    (C interface), which runs cuBLASLt (`CUBLAS_COMPUTE_32F`: f32 products
    without TF32, half inputs accumulated in f32) on the legacy default
    stream. A zero `linalg.fill` of the output right before the product is
    folded away (the call overwrites; flags = 0); otherwise the call
    accumulates (flags = 1). The elementwise consumer of a fresh 2-d
    product that computes `relu?(product + bias? + residual?)` (the sum in
    any order; bias along the columns and residual of the output's shape,
    both of the output's type), converted to f32 or the inputs' type, is
    folded into the call as cuBLASLt's epilogue
    (`kiln_rt_cuda_matmul_[bias_][residual_]*`; bias in the epilogue, the
    residual as C with beta = 1; flags bit 1: relu): D is written once, in
    its final type, and the intermediate roundings of half types are
    dropped (the value stays f32 until the final conversion, as in
    Inductor's kernels). A fresh f32 product of f16/bf16 inputs that every
    reader only rounds to the inputs' type (`arith.truncf` of the element)
    is written by cuBLASLt in that type instead: the same rounding, half
    the bytes written and read. An operand that is a fresh copy written
    by a `linalg.transpose` of the last two dims of another buffer (through
    a `memref.collapse_shape` of leading dims, as attention's K^T) is not
    materialized: cuBLASLt reads that buffer with CUBLAS_OP_T (flags bits
    4 and 5: A, B transposed). Run it on bufferized IR before
    `kiln-map-to-gpu`, which leaves calls on the host.

    Before:
    ```mlir
    linalg.fill ins(%zero : f32) outs(%c : memref<?x?xf32>)
    linalg.matmul ins(%a, %b : memref<?x?xbf16>, memref<?x?xbf16>)
                  outs(%c : memref<?x?xf32>)
    ```
    After:
    ```mlir
    %a2 = memref.cast %a : memref<?x?xbf16> to memref<?x?xbf16, strided<[?, ?], offset: ?>>
    ...
    call @kiln_rt_cuda_matmul_bf16_f32_2d(%a2, %b2, %c2, %c0_i32) : (...) -> ()
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
  let options = [
    Option<"foldFills", "fold-fills", "bool", /*default=*/"true",
           "Fold a zero fill of the output into the call">,
    Option<"fuseEpilogues", "fuse-epilogues", "bool", /*default=*/"true",
           "Take relu?(product + bias? + residual?) into cuBLASLt's "
           "epilogue">,
    Option<"narrowProducts", "narrow-products", "bool", /*default=*/"true",
           "Write f32 products that every reader rounds in the inputs' "
           "half type">,
    Option<"foldTransposes", "fold-transposes", "bool", /*default=*/"true",
           "Read transposed copies' inputs transposed (CUBLAS_OP_T)">,
  ];
  let statistics = [
    Statistic<"numCalls", "num-calls", "Matmuls sent to cuBLASLt">,
    Statistic<"numFoldedFills", "num-folded-fills",
              "Zero fills folded into the call">,
    Statistic<"numFusedEpilogues", "num-fused-epilogues",
              "Consumers computed by cuBLASLt's epilogue">,
    Statistic<"numNarrowedProducts", "num-narrowed-products",
              "f32 products written in the inputs' half type">,
    Statistic<"numFoldedTransposes", "num-folded-transposes",
              "Transposed operand copies read transposed by cuBLASLt">,
  ];
}

#endif // KILN_CODEGEN_GPU_PASSES_TD
