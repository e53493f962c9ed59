//===- Transforms.h - Kiln's CPU code generation ----------------*- C++ -*-===//
//
// The public pieces of the CPU lowering, which its passes (Passes.td) drive.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_CPU_TRANSFORMS_H
#define KILN_CODEGEN_CPU_TRANSFORMS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {

/// The loop order that makes a contraction's innermost loop a parallel loop
/// walking the output contiguously (reductions moved outside it), or an
/// empty vector when the op's order is already right or no such order
/// exists. Kiln's CPU cost model for loop order.
llvm::SmallVector<unsigned>
getVectorFriendlyInterchange(mlir::linalg::LinalgOp op);

/// Distributes `op` (on memrefs) over an scf.parallel on its first parallel
/// loop, one row per iteration; returns the parallel loop or failure.
mlir::FailureOr<mlir::Operation *>
distributeOverRows(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp op);

/// The most bytes a temporary of the CPU pipeline takes on the stack:
/// static-size ones (upstream's promote-buffers-to-stack) and dynamic-size
/// ones (stackDynamicBuffer) alike. OpenMP's worker threads have 4 MiB of
/// stack.
inline constexpr int64_t kMaxStackBufferBytes = 64 * 1024;

/// Puts `alloc` (a dynamic-size buffer of one loop iteration, freed by a
/// memref.dealloc in its block) on the stack when its size at run time is
/// at most `maxBytes`, and on the heap otherwise, inside a
/// memref.alloca_scope per iteration; fails for other allocations.
mlir::LogicalResult stackDynamicBuffer(mlir::RewriterBase &rewriter,
                                       mlir::memref::AllocOp alloc,
                                       int64_t maxBytes);

} // namespace kiln

#endif // KILN_CODEGEN_CPU_TRANSFORMS_H
