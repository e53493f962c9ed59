//===- Transforms.h - Kiln's CPU code generation ----------------*- C++ -*-===//
//
// The public pieces of the CPU lowering, which kiln-distribute-loops drives.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_CPU_TRANSFORMS_H
#define KILN_CODEGEN_CPU_TRANSFORMS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
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

} // namespace kiln

#endif // KILN_CODEGEN_CPU_TRANSFORMS_H
