//===- Passes.td - Kiln codegen for CPUs -------------------*- tablegen -*-===//
//
// The CPU lowering: rows spread over cores, vectorizable math, BLAS calls.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_CPU_PASSES_TD
#define KILN_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

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

def KilnMatmulToBlas : Pass<"kiln-matmul-to-blas", "::mlir::ModuleOp"> {
  let summary = "Call the CPU runtime (oneDNN, BLAS) for float matrix products on buffers";
  let description = [{
    Replaces `linalg.matmul` and `linalg.batch_matmul` with an f32 output on
    memrefs by calls to Kiln's CPU runtime (C interface): `kiln_rt_sgemm`
    and `kiln_rt_sgemm_batched` for f32 inputs, `kiln_rt_matmul_bf16` and
    `kiln_rt_matmul_bf16_batched` for bf16 ones (no widened copies). The
    runtime runs them through oneDNN's matmul (AVX-512 for f32,
    AVX512_BF16/AMX with f32 accumulation for bf16), or without oneDNN
    through OpenBLAS's `cblas_sgemm` or a plain loop; on the 2-core AVX-512
    machine either is several times faster than Kiln's generated loop nest
    (bench/ measures them). Other half inputs (f16, or mixed types) are
    widened to f32 copies first, which costs one pass over the inputs;
    integer matmuls keep the generated code.

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

def KilnStackDynamicBuffers : Pass<"kiln-stack-dynamic-buffers"> {
  let summary = "Put small dynamic-size temporaries of loop bodies on the stack";
  let description = [{
    A fusion group's row buffer (an exp kept between a softmax's sum and its
    normalization) has the row's size, a symbol when the row length is one;
    bufferization allocates it on the heap in every iteration of the loop
    over rows. This pass turns each `memref.alloc` with dynamic sizes in a
    loop body or allocation scope, freed by a `memref.dealloc` in the same
    block, into a choice at run time: `memref.alloca` when the buffer's
    bytes are at most `max-bytes`, the heap otherwise. The stack pointer is
    saved before the choice and restored where the buffer was freed (what
    a `memref.alloca_scope` lowers to), so that the stack does not grow
    with the number of iterations. Runs after the deallocation pipeline
    (and the conversion to OpenMP), before the lowering to LLVM.

    Before:
    ```mlir
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %t = memref.alloc(%len) : memref<1x?xf32>
      ...
      memref.dealloc %t : memref<1x?xf32>
    }
    ```
    After:
    ```mlir
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %sp = llvm.intr.stacksave : !llvm.ptr
      %small = arith.cmpi ule, %bytes, %c65536 : index
      %t = scf.if %small -> (memref<1x?xf32>) {
        %s = memref.alloca(%len) : memref<1x?xf32>
        scf.yield %s : memref<1x?xf32>
      } else {
        %h = memref.alloc(%len) : memref<1x?xf32>
        scf.yield %h : memref<1x?xf32>
      }
      ...
      %big = arith.xori %small, %true : i1
      scf.if %big {
        memref.dealloc %t : memref<1x?xf32>
      }
      llvm.intr.stackrestore %sp : !llvm.ptr
    }
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
  let options = [
    Option<"maxBytes", "max-bytes", "int64_t",
           /*default=*/"::kiln::kMaxStackBufferBytes",
           "The largest buffer (bytes at run time) that goes on the stack">,
  ];
  let statistics = [
    Statistic<"numStacked", "num-stacked",
              "Dynamic-size allocations given a stack path">,
  ];
}

#endif // KILN_CODEGEN_CPU_PASSES_TD
