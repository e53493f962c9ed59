//===- Passes.h - Kiln's target-independent transformations -----*- C++ -*-===//

#ifndef KILN_TRANSFORMS_PASSES_H
#define KILN_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/X86Vector/X86VectorDialect.h"
#include "mlir/Pass/Pass.h"

namespace kiln {

#define GEN_PASS_DECL
#include "kiln/Transforms/Passes.h.inc"

/// Kiln's fusion cost model: should `producer` (a linalg op on tensors)
/// join the fusion group of one of its consumers? Compares the DRAM bytes
/// saved by keeping the producer's result on chip against the work
/// recomputed when it is evaluated once per use inside the group.
struct FusionCostModel {
  /// Cost of one byte of memory traffic, in units of one scalar op
  /// (machine balance; ~10 on a 2-core AVX-512 CPU).
  double opsPerByte = 10.0;
  /// Matmuls may join their epilogue's group (generated matmuls only).
  bool fuseContractions = false;

  /// The decision for `producer`, whose result is used `usesInGroup` times
  /// inside the group.
  bool shouldFuse(mlir::linalg::LinalgOp producer, int64_t usesInGroup) const;
};

/// The control of Kiln's elementwise fusion: fuse the producer of
/// `fusedOperand` only if its consumer reads it through a permutation of all
/// the consumer's loops (no element computed twice).
bool isFusionWithoutRecompute(mlir::OpOperand *fusedOperand);

/// Adds the patterns that prepare linalg on tensors for row fusion: a
/// tensor.expand_shape that only inserts unit dims (a keepdim reduction's
/// result) is folded into the indexing maps of the linalg.generic ops that
/// read it, and tensor.dim of op results is resolved from operands, so that
/// a group's ops are connected directly.
void populateRowFusionPreparationPatterns(mlir::RewritePatternSet &patterns);

/// Tiles `root` (a linalg op on tensors) by rows and fuses its producers
/// where `model` says so; returns the number of producers fused.
mlir::FailureOr<int64_t> formRowFusionGroup(mlir::RewriterBase &rewriter,
                                            mlir::linalg::LinalgOp root,
                                            const FusionCostModel &model,
                                            int64_t &numRejected);

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

#define GEN_PASS_REGISTRATION
#include "kiln/Transforms/Passes.h.inc"

} // namespace kiln

#endif // KILN_TRANSFORMS_PASSES_H
