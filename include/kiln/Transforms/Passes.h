//===- Passes.h - Kiln's target-independent transformations -----*- C++ -*-===//

#ifndef KILN_TRANSFORMS_PASSES_H
#define KILN_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace kiln {

#define GEN_PASS_DECL
#include "kiln/Transforms/Passes.h.inc"

/// The loop order that makes a contraction's innermost loop a parallel loop
/// walking the output contiguously (reductions moved outside it), or an
/// empty vector when the op's order is already right or no such order
/// exists. Kiln's CPU cost model for loop order.
llvm::SmallVector<unsigned> getVectorFriendlyInterchange(mlir::linalg::LinalgOp op);

/// Distributes `op` (on memrefs) over an scf.parallel on its first parallel
/// loop, one row per iteration; returns the parallel loop or failure.
mlir::FailureOr<mlir::Operation *>
distributeOverRows(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp op);

#define GEN_PASS_REGISTRATION
#include "kiln/Transforms/Passes.h.inc"

} // namespace kiln

#endif // KILN_TRANSFORMS_PASSES_H
