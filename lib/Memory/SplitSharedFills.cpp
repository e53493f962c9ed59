//===- SplitSharedFills.cpp - One fill per destination --------------------===//
//
// A linalg.fill whose result has several uses, some of them destinations
// (DPS inits), is cloned, with its tensor.empty, right before each op that
// writes into it, so that one-shot bufferization writes each destination
// in place.
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
#define GEN_PASS_DEF_KILNSPLITSHAREDFILLS
#include "kiln/Memory/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {
/// Whether `use` is written in place: a destination of its owner.
bool isDestination(OpOperand &use) {
  auto dps = dyn_cast<DestinationStyleOpInterface>(use.getOwner());
  return dps && dps.isDpsInit(&use);
}

struct SplitSharedFill : OpRewritePattern<linalg::FillOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::FillOp fill,
                                PatternRewriter &rewriter) const override {
    if (!fill.hasPureTensorSemantics())
      return failure();
    Value result = fill.getResult(0);
    SmallVector<OpOperand *> destinations;
    for (OpOperand &use : result.getUses())
      if (isDestination(use))
        destinations.push_back(&use);
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

struct KilnSplitSharedFillsPass
    : kiln::impl::KilnSplitSharedFillsBase<KilnSplitSharedFillsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    kiln::populateSplitSharedFillsPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void kiln::populateSplitSharedFillsPatterns(RewritePatternSet &patterns) {
  patterns.add<SplitSharedFill>(patterns.getContext());
}
