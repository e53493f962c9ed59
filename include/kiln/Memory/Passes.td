//===- Passes.td - Kiln memory planning --------------------*- tablegen -*-===//
//
// The memory phase: on tensors, one destination per fill before
// bufferization; on bufferized functions, liveness-based reuse of
// intermediates in one arena per call (the plan itself is an analysis,
// kiln/Memory/MemoryPlan.h).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_MEMORY_PASSES_TD
#define KILN_MEMORY_PASSES_TD

include "mlir/Pass/PassBase.td"

def KilnSplitSharedDestinations : Pass<"kiln-split-shared-destinations"> {
  let summary = "Give each writer its own linalg.fill or tensor.empty before bufferization";
  let description = [{
    CSE merges identical fills and empty tensors: every matmul of one
    output shape ends up writing into the same zero-filled tensor, every
    transposed copy of a weight of one shape into the same empty tensor.
    One-shot bufferization then fills one buffer and copies it into a fresh
    buffer for every writer (a kernel and a copy per matmul, and a copy
    that hides the fill from the library calls that would fold it, D = A @ B
    instead of D += A @ B), and lets the transposed copies share one buffer
    (which hides each copy from the library call that would read its source
    transposed instead).

    This pass clones such a fill, with its `tensor.empty`, right before each
    op that writes into it (a DPS init use), and erases the original when no
    reader is left; a `tensor.empty` that several ops write into is cloned
    before each writer, and goes when nothing else uses it. A fill with one
    use, or that ops only read, and an empty tensor with one writer are left
    alone. (Buffers stay as few as before: kiln-plan-memory packs them by
    lifetime.)

    Before:
    ```mlir
    %z = linalg.fill ins(%c0 : f32) outs(%e : tensor<64x64xf32>)
    %a = linalg.matmul ins(%x, %w1 : ...) outs(%z : tensor<64x64xf32>)
    %b = linalg.matmul ins(%x, %w2 : ...) outs(%z : tensor<64x64xf32>)
    ```
    After: `%b` writes into its own `tensor.empty` + `linalg.fill`.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

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

#endif // KILN_MEMORY_PASSES_TD
