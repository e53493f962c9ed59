//===- DistributeLoops.cpp - Spread linalg ops over cores -----------------===//
//
// CPU loop structure: an scf.parallel over rows (the first parallel loop),
// sequential loops inside, the innermost walking memory contiguously so
// that LLVM's loop vectorizer turns it into AVX-512 code.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/CPU/Passes.h"
#include "kiln/Codegen/CPU/Transforms.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {
#define GEN_PASS_DEF_KILNDISTRIBUTELOOPS
#include "kiln/Codegen/CPU/Passes.h.inc"
} // namespace kiln

using namespace mlir;

SmallVector<unsigned> kiln::getVectorFriendlyInterchange(linalg::LinalgOp op) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<unsigned> parallel, reduction;
  for (auto [i, it] : llvm::enumerate(iterators))
    (it == utils::IteratorType::parallel ? parallel : reduction).push_back(i);
  if (reduction.empty() || parallel.size() < 2 || op.getNumDpsInits() != 1)
    return {};
  // The innermost parallel loop must index the output's last dim.
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (outMap.getNumResults() == 0)
    return {};
  auto last = dyn_cast<AffineDimExpr>(outMap.getResults().back());
  if (!last || last.getPosition() != parallel.back())
    return {};
  // Already (parallel..., reduction..., lastParallel)?
  SmallVector<unsigned> order(parallel.begin(), parallel.end() - 1);
  order.append(reduction.begin(), reduction.end());
  order.push_back(parallel.back());
  if (llvm::equal(order, llvm::seq<unsigned>(0, order.size())))
    return {};
  return order;
}

FailureOr<Operation *> kiln::distributeOverRows(RewriterBase &rewriter,
                                                linalg::LinalgOp op) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  auto first = llvm::find(iterators, utils::IteratorType::parallel);
  if (first == iterators.end())
    return failure();
  SmallVector<int64_t> tileSizes(iterators.size(), 0);
  tileSizes[first - iterators.begin()] = 1;
  linalg::LinalgTilingOptions options;
  options.setTileSizes(tileSizes).setLoopType(
      linalg::LinalgTilingLoopType::ParallelLoops);
  rewriter.setInsertionPoint(op);
  FailureOr<linalg::TiledLinalgOp> tiled =
      linalg::tileLinalgOp(rewriter, op, options);
  if (failed(tiled) || tiled->loops.empty())
    return failure();
  rewriter.eraseOp(op);
  return tiled->loops.front();
}

namespace {
struct KilnDistributeLoopsPass
    : kiln::impl::KilnDistributeLoopsBase<KilnDistributeLoopsPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation()->walk([&](linalg::LinalgOp op) {
      // Buffers only; ops already inside a distributed loop stay.
      if (op.hasPureBufferSemantics() &&
          !op->getParentOfType<scf::ParallelOp>())
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      SmallVector<unsigned> order = kiln::getVectorFriendlyInterchange(op);
      if (!order.empty()) {
        rewriter.setInsertionPoint(op);
        auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
        if (!generic) {
          FailureOr<linalg::GenericOp> generalized =
              linalg::generalizeNamedOp(rewriter, op);
          if (failed(generalized))
            continue;
          generic = *generalized;
        }
        FailureOr<linalg::GenericOp> interchanged =
            linalg::interchangeGenericOp(rewriter, generic, order);
        if (succeeded(interchanged)) {
          op = *interchanged;
          ++numInterchanged;
        } else {
          op = generic;
        }
      }
      if (succeeded(kiln::distributeOverRows(rewriter, op)))
        ++numDistributed;
    }
  }
};
} // namespace
