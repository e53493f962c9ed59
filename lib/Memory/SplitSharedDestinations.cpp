//===- SplitSharedDestinations.cpp - One destination per writer ----------===//
//
// A linalg.fill or tensor.empty whose result several ops write into (DPS
// inits; CSE merged them) is cloned right before each writer, so that
// one-shot bufferization gives each writer a buffer of its own, written in
// place.
//
//===----------------------------------------------------------------------===//

#include "kiln/Memory/Passes.h"
#include "kiln/Memory/Transforms.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln {
#define GEN_PASS_DEF_KILNSPLITSHAREDDESTINATIONS
#include "kiln/Memory/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {
/// Whether `use` is written in place: a destination of its owner.
bool isDestination(OpOperand &use) {
  auto dps = dyn_cast<DestinationStyleOpInterface>(use.getOwner());
  return dps && dps.isDpsInit(&use);
}

/// The uses of `value` that ops write into.
SmallVector<OpOperand *> getDestinations(Value value) {
  SmallVector<OpOperand *> destinations;
  for (OpOperand &use : value.getUses())
    if (isDestination(use))
      destinations.push_back(&use);
  return destinations;
}

struct SplitSharedFill : OpRewritePattern<linalg::FillOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::FillOp fill,
                                PatternRewriter &rewriter) const override {
    if (!fill.hasPureTensorSemantics())
      return failure();
    Value result = fill.getResult(0);
    SmallVector<OpOperand *> destinations = getDestinations(result);
    if (destinations.empty() || result.hasOneUse())
      return failure();
    // Each destination gets its fill right before it (where a library call
    // finds it); the original goes once no reader is left.
    auto empty = fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>();
    for (OpOperand *use : destinations) {
      rewriter.setInsertionPoint(use->getOwner());
      IRMapping map;
      if (empty)
        map.map(empty.getResult(), rewriter.clone(*empty)->getResult(0));
      Operation *copy = rewriter.clone(*fill, map);
      rewriter.modifyOpInPlace(use->getOwner(),
                               [&] { use->set(copy->getResult(0)); });
    }
    if (result.use_empty())
      rewriter.eraseOp(fill);
    return success();
  }
};

/// An empty tensor that several ops write into (the transposed copies of
/// every weight of one shape): each writer gets its own, right before it,
/// so that each copy is a fresh buffer that a library call can read from
/// its source instead (a transpose folded into CUBLAS_OP_T).
struct SplitSharedEmpty : OpRewritePattern<tensor::EmptyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::EmptyOp empty,
                                PatternRewriter &rewriter) const override {
    SmallVector<OpOperand *> destinations = getDestinations(empty.getResult());
    if (destinations.size() < 2)
      return failure();
    for (OpOperand *use : destinations) {
      rewriter.setInsertionPoint(use->getOwner());
      Operation *copy = rewriter.clone(*empty);
      rewriter.modifyOpInPlace(use->getOwner(),
                               [&] { use->set(copy->getResult(0)); });
    }
    if (empty->use_empty())
      rewriter.eraseOp(empty);
    return success();
  }
};

struct KilnSplitSharedDestinationsPass
    : kiln::impl::KilnSplitSharedDestinationsBase<
          KilnSplitSharedDestinationsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    kiln::populateSplitSharedDestinationsPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void kiln::populateSplitSharedDestinationsPatterns(
    RewritePatternSet &patterns) {
  patterns.add<SplitSharedFill, SplitSharedEmpty>(patterns.getContext());
}
