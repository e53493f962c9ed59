//===- FuseElementwise.cpp - Elementwise fusion without recompute ---------===//
//
// Upstream's linalg elementwise fusion patterns under a control function
// that refuses fusions that would evaluate a producer's element more than
// once (into contractions, or through broadcasting maps), that would make a
// consumer of a shared producer read more than the producer's result, and
// keeps ops that read in their bodies (gathers) out of reductions.
//
//===----------------------------------------------------------------------===//

#include "kiln/Fusion/Passes.h"
#include "kiln/Fusion/Transforms.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln {
#define GEN_PASS_DEF_KILNFUSEELEMENTWISE
#include "kiln/Fusion/Passes.h.inc"
} // namespace kiln

using namespace mlir;

bool kiln::readsInBody(linalg::LinalgOp op) {
  return op.getBlock()
      ->walk([](tensor::ExtractOp) { return WalkResult::interrupt(); })
      .wasInterrupted();
}

int64_t kiln::countFullInputs(linalg::LinalgOp producer, Operation *reader) {
  int64_t count = 0;
  for (OpOperand *input : producer.getDpsInputOperands())
    if (isa<ShapedType>(input->get().getType()) &&
        producer.getMatchingIndexingMap(input).isPermutation() &&
        (!reader || !llvm::is_contained(reader->getOperands(), input->get())))
      ++count;
  return count;
}

/// Whether `value` is computed by a reduction, possibly finished by ops of
/// its size (the division of a mean, an rsqrt of a variance) and reshaped
/// (keepdim).
static bool isReductionResult(Value value, int depth = 0) {
  if (depth > 8)
    return false;
  Operation *op = value.getDefiningOp();
  if (isa_and_present<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(op))
    return isReductionResult(op->getOperand(0), depth + 1);
  auto linalgOp = dyn_cast_if_present<linalg::LinalgOp>(op);
  if (!linalgOp)
    return false;
  if (linalgOp.getNumReductionLoops() > 0)
    return true;
  return llvm::any_of(linalgOp.getDpsInputOperands(), [&](OpOperand *input) {
    return linalgOp.getMatchingIndexingMap(input).isPermutation() &&
           isReductionResult(input->get(), depth + 1);
  });
}

/// readsBroadcastReduction, for `op` or an elementwise op it reads through
/// a permutation (before fusion has merged the chain into one op).
static bool readsBroadcastReductionIn(linalg::LinalgOp op, int depth) {
  if (depth > 8)
    return false;
  return llvm::any_of(op.getDpsInputOperands(), [&](OpOperand *input) {
    if (!op.getMatchingIndexingMap(input).isPermutation())
      return isReductionResult(input->get());
    auto producer = input->get().getDefiningOp<linalg::LinalgOp>();
    return producer && producer.getNumReductionLoops() == 0 &&
           readsBroadcastReductionIn(producer, depth + 1);
  });
}

bool kiln::readsBroadcastReduction(linalg::LinalgOp op) {
  return readsBroadcastReductionIn(op, 0);
}

/// Whether `value` is written to memory whatever fusion does: a matmul, a
/// library kernel or the caller reads it (through reshapes).
static bool isMaterialized(Value value, int depth = 0) {
  if (depth > 8)
    return true;
  for (Operation *user : value.getUsers()) {
    if (isa<tensor::DimOp>(user))
      continue;
    if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(user)) {
      if (isMaterialized(user->getResult(0), depth + 1))
        return true;
      continue;
    }
    auto linalgUser = dyn_cast<linalg::LinalgOp>(user);
    if (!linalgUser || linalg::isaContractionOpInterface(linalgUser))
      return true;
  }
  return false;
}

bool kiln::hasTranscendentalMath(linalg::LinalgOp op) {
  return op.getBlock()
      ->walk([](Operation *inner) {
        return isa<math::ExpOp, math::Exp2Op, math::ExpM1Op, math::LogOp,
                   math::Log1pOp, math::Log2Op, math::Log10Op, math::ErfOp,
                   math::TanhOp, math::PowFOp, math::SinOp, math::CosOp,
                   math::TanOp, math::AtanOp, math::Atan2Op>(inner)
                   ? WalkResult::interrupt()
                   : WalkResult::advance();
      })
      .wasInterrupted();
}

bool kiln::isIndexOnly(linalg::LinalgOp op) {
  constexpr int64_t kMaxIndexOps = 8;
  int64_t numOps = 0;
  op.getBlock()->walk([&](Operation *) { ++numOps; });
  return op.getNumReductionLoops() == 0 && numOps <= kMaxIndexOps &&
         llvm::none_of(op.getDpsInputOperands(), [](OpOperand *input) {
           return isa<ShapedType>(input->get().getType());
         }) &&
         !readsInBody(op);
}

/// Whether a reduction reads `value` (through a permutation of its loops).
static bool isReducedBy(Value value) {
  return llvm::any_of(value.getUses(), [](OpOperand &use) {
    auto reader = dyn_cast<linalg::LinalgOp>(use.getOwner());
    return reader && reader.getNumReductionLoops() > 0 &&
           !linalg::isaContractionOpInterface(reader) &&
           reader.isDpsInput(&use) &&
           reader.getMatchingIndexingMap(&use).isPermutation();
  });
}

bool kiln::isFusionWithoutRecompute(OpOperand *fusedOperand,
                                    bool shareTranscendentals) {
  auto consumer = dyn_cast<linalg::LinalgOp>(fusedOperand->getOwner());
  if (!consumer)
    return false;
  AffineMap map = consumer.getMatchingIndexingMap(fusedOperand);
  auto producer = fusedOperand->get().getDefiningOp<linalg::LinalgOp>();
  // A producer computed from indices alone (a causal mask from iotas)
  // reads nothing: evaluating it once per element of a broadcast costs its
  // few scalar ops, where its materialized result (an i1 mask) would be
  // read back, and keep the consumer's loop from vectorizing.
  if (producer && isIndexOnly(producer) && map.isProjectedPermutation() &&
      !linalg::isaContractionOpInterface(consumer))
    return true;
  if (!map.isPermutation())
    return false;
  // The fused op reads the consumer's other operands and the producer's.
  Operation *producerOp = fusedOperand->get().getDefiningOp();
  if (producerOp && int64_t(consumer->getNumOperands() - 1 +
                            producerOp->getNumOperands()) > kMaxFusedOperands)
    return false;
  // A producer that reads in its body (a gather) joins only a sole
  // elementwise consumer: each fused copy repeats its reads, and its
  // guarded read in a reduction keeps that row group off a GPU block.
  if (producer && readsInBody(producer))
    return fusedOperand->get().hasOneUse() &&
           consumer.getNumReductionLoops() == 0;
  // A producer that other ops read too stays (its result is written
  // anyway), and its copy in the consumer reads the producer's inputs in
  // place of that result: fine for one full-size input (a cast, a scaled or
  // biased tensor), more traffic for two. A chain of two-input ops (the
  // residual stream of a transformer, h2 = h1 + f(h1), ...) would otherwise
  // be recomputed from its start in every consumer of every link.
  Value fused = fusedOperand->get();
  bool shared = llvm::any_of(fused.getUsers(), [&](Operation *user) {
    return user != consumer.getOperation();
  });
  if (producer && shared && countFullInputs(producer, consumer) > 1)
    return false;
  // Where a reduction and other ops read a producer of exponentials (the
  // exp of a softmax, read by its sum and its normalization), the producer
  // may stay an op of its own: its row group then computes it once into a
  // row buffer instead of once per reader.
  if (shareTranscendentals && producer && shared &&
      producer.getNumReductionLoops() == 0 && hasTranscendentalMath(producer) &&
      isReducedBy(fused))
    return false;
  // Nor does a copy pay off that needs a reduction's result broadcast (a
  // layer_norm's output, read by a matmul and by a residual add): the
  // statistics would be kept as tensors of their own, or reduced again,
  // where the consumer could read the producer's result.
  if (producer && shared && readsBroadcastReduction(producer) &&
      isMaterialized(fused))
    return false;
  return true;
}

namespace {
struct KilnFuseElementwisePass
    : kiln::impl::KilnFuseElementwiseBase<KilnFuseElementwisePass> {
  using KilnFuseElementwiseBase::KilnFuseElementwiseBase;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    linalg::ControlFusionFn control = [this](OpOperand *operand) {
      if (kiln::isFusionWithoutRecompute(operand, shareTranscendentals))
        return true;
      ++numRefused;
      return false;
    };
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
    tensor::populateFoldTensorEmptyPatterns(patterns);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
