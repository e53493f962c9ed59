//===- Passes.td - Kiln's target-independent transformations -*- tablegen -*-===//
//
// Passes that run on the lowered program (linalg, memrefs, loops): fusion,
// memory planning and code-generation preparation.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_PASSES_TD
#define KILN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Fusion
//===----------------------------------------------------------------------===//

def KilnFuseElementwise : Pass<"kiln-fuse-elementwise"> {
  let summary = "Fuse elementwise producers into consumers without recompute";
  let description = [{
    Upstream's elementwise fusion of linalg.generic producers into their
    consumers (elementwise chains, broadcasts, elementwise producers into
    reductions), under Kiln's control function: a producer is fused into a
    consumer only where the consumer reads each of its elements once, that
    is through a permutation of all its loops. (A producer with several
    consumers is fused into each of them, as upstream does, and so
    evaluated once per consumer.) Upstream's
    default would also fuse a layer_norm into the matmul that reads it,
    recomputing it for every output column (N times the work) and turning
    the matmul into a generic that cannot go to BLAS.

    Before:
    ```mlir
    %t = linalg.generic {parallel, parallel} ins(%x) { exp }
    %y = linalg.generic {parallel, parallel} ins(%t, %b) { add }
    ```
    After: one linalg.generic computing `exp(x) + b`.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
  let statistics = [
    Statistic<"numRefused", "num-refused",
              "Fusions refused because they would recompute the producer">,
  ];
}

def KilnFuseRows : Pass<"kiln-fuse-rows"> {
  let summary = "Form fusion groups: one loop over rows per group";
  let description = [{
    Forms Kiln's fusion groups on linalg ops on tensors. Each group becomes
    ONE `scf.forall` over the rows (the root's first parallel loop) whose
    body computes one row of every op in the group:

    - elementwise chains (already one linalg.generic after upstream
      elementwise fusion);
    - elementwise producers into reductions;
    - a reduction with the elementwise consumers of its broadcast result,
      so that softmax is one loop over rows whose body reduces the row
      (max), maps it (exp) and reduces again (sum) while the row is in cache;
    - a matmul with its elementwise epilogue (when the matmul is generated
      code; a matmul sent to BLAS stays a library call).

    Whether a producer joins its consumer's group is decided by a cost
    model (`FusionCostModel`): the bytes saved by not writing and re-reading
    the producer's result against the work recomputed when the producer has
    several users inside the group. The pass counts groups as kernels.

    Before (after decomposition and lowering, softmax is 5 linalg ops):
    ```mlir
    %m = linalg.generic {reduction} ins(%x) outs(%fill)    // max
    %e = linalg.generic {parallel} ins(%x, %m) outs(%t)    // exp(x - m)
    %s = linalg.generic {reduction} ins(%e) outs(%fill2)   // sum
    %y = linalg.generic {parallel} ins(%e, %s) outs(%t2)   // e / s
    ```
    After:
    ```mlir
    %y = scf.forall (%i) in (%rows) shared_outs(%o = %t2) {
      // the four ops on row %i (the exp recomputed for the division)
    }
    ```
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::linalg::LinalgDialect"];
  let options = [
    Option<"fuseContractions", "fuse-contractions", "bool",
           /*default=*/"false",
           "Let matmuls join their epilogue's group (off when matmuls go "
           "to BLAS)">,
    Option<"onlyWithReductions", "only-with-reductions", "bool",
           /*default=*/"false",
           "Form a group only where it holds a reduction (the GPU maps a "
           "purely elementwise op better as one flat kernel)">,
  ];
  let statistics = [
    Statistic<"numGroups", "num-groups", "Fusion groups (kernels) formed">,
    Statistic<"numFused", "num-fused", "Producers fused into a group">,
    Statistic<"numRejected", "num-rejected",
              "Producers the cost model kept out of a group">,
  ];
}

//===----------------------------------------------------------------------===//
// Memory planning
//===----------------------------------------------------------------------===//

def KilnPlanMemory : Pass<"kiln-plan-memory", "::mlir::func::FuncOp"> {
  let summary = "Place a function's intermediates in one arena per call";
  let description = [{
    Runs after bufferization, before deallocation. Every `memref.alloc` in
    the function's body (not in a loop) whose buffer is not returned is an
    intermediate. Its live range runs from the allocation to the last use of
    any alias (subviews, reshapes, casts, uses in nested regions).
    Intermediates are packed greedily, in program order, into slots. A slot
    is reused once its occupant is dead, and its size is the max of its
    occupants' sizes. With static shapes the slot sizes and offsets are
    constants. With symbolic shapes they are index arithmetic on the
    function's symbol sizes (`arith.maxui`, `arith.addi`), computed once at
    entry. One `memref.alloc` of the total (the arena) replaces them all,
    and each intermediate becomes a `memref.view` at its offset (aligned to
    64 bytes).

    When all sizes are static, the function gets the attributes
    `kiln.arena_bytes`, `kiln.naive_bytes` (the sum of the intermediates)
    and `kiln.lower_bound_bytes` (the largest set live at once) for
    reports.

    Before:
    ```mlir
    %a = memref.alloc(%n) : memref<?x1024xf32>
    ... last use of %a ...
    %b = memref.alloc(%n) : memref<?x1024xf32>
    ```
    After:
    ```mlir
    %arena = memref.alloc(%bytes) : memref<?xi8>
    %a = memref.view %arena[%c0][%n] : memref<?xi8> to memref<?x1024xf32>
    %b = memref.view %arena[%c0][%n] : memref<?xi8> to memref<?x1024xf32>
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
  let statistics = [
    Statistic<"numPlanned", "num-planned", "Intermediates placed in the arena">,
    Statistic<"numSlots", "num-slots", "Arena slots (after reuse)">,
  ];
}

//===----------------------------------------------------------------------===//
// Code generation
//===----------------------------------------------------------------------===//

def KilnApproximateMath : Pass<"kiln-approximate-math"> {
  let summary = "Replace f32 transcendental math by vectorizable polynomials";
  let description = [{
    Rewrites `math.exp`, `math.expm1`, `math.tanh`, `math.erf` and
    `math.erfc` on f32 (scalars and vectors; f16/bf16 through f32) into
    polynomial approximations built from arith ops, accurate to a few ulp
    over the whole range; with `avx2`, `math.rsqrt` on `vector<8xf32>`
    becomes the AVX rsqrt estimate plus a Newton step. `math.log` (whose
    approximation clamps subnormals) and `math.sin`/`math.cos` (no full
    range reduction) stay calls into libm, as does f64 math.
    Unlike calls into libm, these vectorize, which is what makes elementwise
    kernels such as GELU run at memory speed.

    Before:
    ```mlir
    %y = math.erf %x : f32
    ```
    After: a rational approximation of erf in `arith.mulf`/`arith.addf`/
    `math.fma`/`arith.select` ops.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::x86vector::X86VectorDialect"];
  let options = [
    Option<"enableAvx2", "avx2", "bool", /*default=*/"false",
           "Use AVX2 intrinsics for rsqrt (x86 only)">,
  ];
}

def KilnDistributeLoops : Pass<"kiln-distribute-loops"> {
  let summary = "Spread linalg ops on buffers over cores, row by row";
  let description = [{
    Each linalg op on memrefs becomes an `scf.parallel` over its first
    parallel loop (one iteration per row, which OpenMP's static schedule
    hands out in chunks) around the op on that row. The rest of the loop
    nest stays sequential so that LLVM vectorizes the innermost loop.

    Contractions are first generalized and interchanged so that their
    reduction loops run outside the innermost parallel loop whenever that
    loop walks the output contiguously: a matmul runs as (m | k, n), whose
    innermost loop is a vectorizable `C[m, :] += A[m, k] * B[k, :]`.

    Before:
    ```mlir
    linalg.generic {iterator_types = ["parallel", "parallel"]}
        ins(%x : memref<?x1024xf32>) outs(%y : memref<?x1024xf32>) {...}
    ```
    After:
    ```mlir
    scf.parallel (%i) = (%c0) to (%rows) step (%c1) {
      %xs = memref.subview %x[%i, 0] [1, 1024] [1, 1] : ...
      %ys = memref.subview %y[%i, 0] [1, 1024] [1, 1] : ...
      linalg.generic ... ins(%xs : ...) outs(%ys : ...) {...}
    }
    ```
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::linalg::LinalgDialect"];
  let statistics = [
    Statistic<"numDistributed", "num-distributed", "Linalg ops distributed">,
    Statistic<"numInterchanged", "num-interchanged",
              "Contractions interchanged to vectorize their inner loop">,
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

def KilnMatmulToBlas : Pass<"kiln-matmul-to-blas", "::mlir::ModuleOp"> {
  let summary = "Call BLAS for float matrix products on buffers";
  let description = [{
    Replaces `linalg.matmul` and `linalg.batch_matmul` on f32 memrefs by
    calls to Kiln's CPU runtime (`kiln_rt_sgemm`, `kiln_rt_sgemm_batched`,
    C interface), which calls OpenBLAS's `cblas_sgemm`: on the 2-core
    AVX-512 machine that is several times faster than Kiln's generated loop
    nest (bench/ measures both). f16/bf16 inputs (whose products
    accumulate into an f32 output) are widened to f32 copies first, which
    costs one pass over the inputs; integer matmuls keep the generated code.

    Before:
    ```mlir
    linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>)
                  outs(%c : memref<?x?xf32>)
    ```
    After:
    ```mlir
    %a2 = memref.cast %a : memref<?x?xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
    ...
    call @kiln_rt_sgemm(%a2, %b2, %c2) : (...) -> ()
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect"];
  let statistics = [
    Statistic<"numCalls", "num-calls", "Matrix products sent to BLAS">,
  ];
}

def KilnLowerDynamicExpandShape : Pass<"kiln-lower-dynamic-expand-shape"> {
  let summary = "Rewrite memref.expand_shape that splits one dynamic dim in several";
  let description = [{
    `memref.expand_shape %m [[0, 1]] output_shape [%b, %s] : memref<?xf32>
    into memref<?x?xf32>` crashes upstream's `expand-strided-metadata` in
    LLVM 22 when a group has several dynamic dims. For identity-layout
    (contiguous) operands this pass rewrites such ops into an equivalent
    `memref.reinterpret_cast` with row-major strides computed from the
    output sizes, which lowers cleanly. Other expand_shapes are left alone.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

//===----------------------------------------------------------------------===//
// GPU
//===----------------------------------------------------------------------===//

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
                           "::mlir::vector::VectorDialect"];
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

#endif // KILN_TRANSFORMS_PASSES_TD
