//===- FuseRows.cpp - Fusion groups as one loop over rows -----------------===//
//
// Every fusion group becomes one scf.forall over the rows of its root (the
// last op of the group); its producers are fused into the loop body through
// upstream's tile-and-fuse (TilingInterface), and the cost model decides
// which producers join. A producer that also has users outside the group
// yields its tile so that those users read the materialized result.
//
//===----------------------------------------------------------------------===//

#include "kiln/Fusion/Passes.h"
#include "kiln/Fusion/Transforms.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/SmallBitVector.h"

#include <functional>

namespace kiln {
#define GEN_PASS_DEF_KILNFUSEROWS
#include "kiln/Fusion/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {
/// generic(expand_shape(%r) [unit dims inserted], ...) -> generic(%r, ...)
/// with the inserted dims dropped from that operand's indexing map.
struct FoldUnitExpandIntoGeneric : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    for (OpOperand *input : op.getDpsInputOperands()) {
      auto expand = input->get().getDefiningOp<tensor::ExpandShapeOp>();
      if (!expand)
        continue;
      ArrayRef<int64_t> shape = expand.getResultType().getShape();
      ArrayRef<int64_t> srcShape = expand.getSrcType().getShape();
      // Per group: keep the dim carrying the source dim, drop the unit dims.
      llvm::SmallBitVector drop(shape.size());
      bool ok = true;
      for (auto [g, group] :
           llvm::enumerate(expand.getReassociationIndices())) {
        SmallVector<int64_t> nonUnit;
        for (int64_t d : group)
          if (shape[d] != 1)
            nonUnit.push_back(d);
        if (nonUnit.size() > 1 ||
            (nonUnit.size() == 1 && shape[nonUnit[0]] != srcShape[g] &&
             !ShapedType::isDynamic(shape[nonUnit[0]]))) {
          ok = false;
          break;
        }
        int64_t keep = nonUnit.empty() ? group.front() : nonUnit.front();
        for (int64_t d : group)
          if (d != keep)
            drop.set(d);
      }
      if (!ok || drop.none())
        continue;
      AffineMap map = op.getMatchingIndexingMap(input);
      SmallVector<AffineExpr> exprs;
      for (auto [i, expr] : llvm::enumerate(map.getResults()))
        if (!drop.test(i))
          exprs.push_back(expr);
      SmallVector<AffineMap> maps = op.getIndexingMapsArray();
      maps[input->getOperandNumber()] = AffineMap::get(
          map.getNumDims(), map.getNumSymbols(), exprs, op.getContext());
      // Every loop must still be read by some operand (its extent comes
      // from the operands' sizes): a unit loop that only this operand's
      // dropped dim indexed (a reduction over an inserted unit dim) keeps
      // the expand_shape.
      if (!inversePermutation(concatAffineMaps(maps, op.getContext())))
        continue;
      rewriter.modifyOpInPlace(op, [&] {
        input->set(expand.getSrc());
        op.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
      });
      return success();
    }
    return failure();
  }
};
} // namespace

void kiln::populateRowFusionPreparationPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldUnitExpandIntoGeneric>(patterns.getContext());
  memref::populateResolveRankedShapedTypeResultDimsPatterns(patterns);
  memref::populateResolveShapedTypeResultDimsPatterns(patterns);
}

/// True for matmul-like ops: a reduction loop and a multiply-accumulate.
static bool isContraction(linalg::LinalgOp op) {
  return op.getNumReductionLoops() > 0 && op.getNumDpsInputs() >= 2 &&
         linalg::isaContractionOpInterface(op);
}

/// Scalar ops per element of the op's iteration space (its body's size).
static int64_t getOpsPerIteration(linalg::LinalgOp op) {
  int64_t ops = 0;
  op.getBlock()->walk([&](Operation *) { ++ops; });
  return std::max<int64_t>(ops - 1, 1); // Not the yield.
}

/// Bytes per element of a shaped value's element type.
static int64_t getElementBytes(Value value) {
  auto shaped = cast<ShapedType>(value.getType());
  return std::max<int64_t>(1, shaped.getElementTypeBitWidth() / 8);
}

bool FusionCostModel::shouldFuse(linalg::LinalgOp producer,
                                 int64_t usesInGroup) const {
  if (isContraction(producer))
    return fuseContractions && usesInGroup <= 1;
  // Such an op (a gather) stays a kernel of its own: recomputing it would
  // repeat its reads, and its guarded read keeps a group from mapping onto
  // a GPU block (the group would run a row per thread, with its row-sized
  // temporaries on the thread's stack).
  if (kiln::readsInBody(producer))
    return false;
  // Everything per element of the producer's result. Iterations of the
  // producer per result element: the reduced extent for reductions (1024
  // when unknown), else 1.
  double iterationsPerOutput = 1;
  SmallVector<int64_t> ranges = producer.getStaticLoopRanges();
  for (auto [range, iterator] :
       llvm::zip(ranges, producer.getIteratorTypesArray()))
    if (iterator == utils::IteratorType::reduction)
      iterationsPerOutput *= ShapedType::isDynamic(range) ? 1024 : range;
  // A kernel of its own would read the producer's inputs and write its
  // result, which the group then reads back.
  double bytesMoved = 2.0 * getElementBytes(producer->getResult(0));
  for (OpOperand *input : producer.getDpsInputOperands())
    if (isa<ShapedType>(input->get().getType()))
      bytesMoved += iterationsPerOutput * getElementBytes(input->get());
  // Fusing evaluates the producer once per use inside the group.
  double recomputedOps = double(usesInGroup - 1) * iterationsPerOutput *
                         double(getOpsPerIteration(producer));
  return recomputedOps <= bytesMoved * opsPerByte;
}

/// Erases those of `ops` (untiled producers fused into a group) that
/// nothing reads any more, with the slices of them that tile-and-fuse left
/// unused, until none is left to erase. Shape queries move to the op's
/// destination, which has the result's shape.
static void eraseDeadOriginals(RewriterBase &rewriter,
                               SmallVector<Operation *> ops) {
  auto isDead = [](Operation *user) {
    return isa<tensor::DimOp>(user) ||
           (isa<tensor::ExtractSliceOp>(user) && user->use_empty());
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (Operation *&op : ops) {
      auto dps = dyn_cast_if_present<DestinationStyleOpInterface>(op);
      if (!dps || !llvm::all_of(op->getUsers(), isDead))
        continue;
      for (OpResult result : op->getResults())
        for (OpOperand &use : llvm::make_early_inc_range(result.getUses())) {
          Operation *user = use.getOwner();
          if (isa<tensor::DimOp>(user))
            rewriter.modifyOpInPlace(user, [&] {
              use.set(dps.getDpsInitOperand(result.getResultNumber())->get());
            });
          else
            rewriter.eraseOp(user);
        }
      rewriter.eraseOp(op);
      op = nullptr;
      changed = true;
    }
  }
}

/// Whether `root`'s innermost loop is parallel and indexes the result of a
/// reducing linalg op that `root` reads (a row of reduction results).
static bool readsReductionAlongInnermost(linalg::LinalgOp root) {
  unsigned numLoops = root.getNumLoops();
  if (numLoops == 0 || root.getNumReductionLoops() != 0)
    return false;
  for (OpOperand *operand : root.getDpsInputOperands()) {
    auto producer = operand->get().getDefiningOp<linalg::LinalgOp>();
    if (!producer || producer.getNumReductionLoops() == 0 ||
        isContraction(producer))
      continue;
    if (root.getMatchingIndexingMap(operand).isFunctionOfDim(numLoops - 1))
      return true;
  }
  return false;
}

FailureOr<int64_t> kiln::formRowFusionGroup(RewriterBase &rewriter,
                                            linalg::LinalgOp root,
                                            const FusionCostModel &model,
                                            int64_t &numRejected) {
  SmallVector<utils::IteratorType> iterators = root.getIteratorTypesArray();
  if (iterators.empty() || iterators.front() != utils::IteratorType::parallel)
    return failure();
  auto tilingOp = dyn_cast<TilingInterface>(root.getOperation());
  if (!tilingOp)
    return failure();
  // An empty iteration space (a zero-size dim) has no rows: the op stays a
  // plain loop nest of zero trips (upstream tiling cannot take it).
  if (llvm::is_contained(root.getStaticLoopRanges(), 0))
    return failure();

  // One row per iteration: every parallel loop but the innermost loop is
  // tiled by 1 ([B, S, D] -> rows of D), so that a group's temporaries are
  // row-sized (static when the row length is). A matmul-rooted group takes
  // rows of the output (only its first loop is tiled). A root whose
  // innermost loop runs over the results of a reduction (the division of a
  // mean) is tiled there too: its rows are those of the reduction, one
  // result each, not a row of results that each reduce a row.
  SmallVector<OpFoldResult> tileSizes(iterators.size(),
                                      rewriter.getIndexAttr(0));
  int64_t last = iterators.size() - 1;
  bool tileInnermost = readsReductionAlongInnermost(root);
  for (int64_t i = 0; i <= last; ++i)
    if (iterators[i] == utils::IteratorType::parallel &&
        (i == 0 || (i < last && !isContraction(root)) ||
         (i == last && tileInnermost)))
      tileSizes[i] = rewriter.getIndexAttr(1);
  scf::SCFTilingOptions tiling;
  tiling.setTileSizes(tileSizes).setLoopType(
      scf::SCFTilingOptions::LoopType::ForallOp);

  Operation *rootOp = root.getOperation();
  // The ops that can join the group: those the root reads, transitively,
  // up to the ops that never join (a matmul that stays a library call, a
  // fused attention kernel). A producer's user beyond them keeps the
  // producer's result materialized.
  SetVector<Operation *> reachesRoot;
  BackwardSliceOptions sliceOptions;
  sliceOptions.omitBlockArguments = true;
  sliceOptions.filter = [&](Operation *op) {
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
      return !isContraction(linalgOp) || model.fuseContractions;
    return isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp,
               tensor::ExtractSliceOp, tensor::EmptyOp>(op);
  };
  (void)getBackwardSlice(rootOp, &reachesRoot, sliceOptions);
  // Groups formed before this one read their producers through slices too.
  DenseSet<Operation *> earlierGroups;
  rootOp->getParentOp()->walk(
      [&](scf::ForallOp group) { earlierGroups.insert(group); });
  int64_t numRecomputed = 0;
  // The group's reads from outside (an upper bound: shared operands count
  // once per op).
  int64_t numOperands = rootOp->getNumOperands();
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tiling);
  options.setFusionControlFn(
      [&](tensor::ExtractSliceOp, OpResult producerResult, bool isDestination)
          -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        auto producer = dyn_cast<linalg::LinalgOp>(producerResult.getOwner());
        // Destinations (fills, empties) always follow their consumer.
        if (isDestination || !producer)
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        // Nor is a producer over an empty iteration space tiled (see above).
        if (llvm::is_contained(producer.getStaticLoopRanges(), 0))
          return std::nullopt;
        // Each use (other than shape queries) is one evaluation of the
        // producer's row once it is fused: uses inside the group recompute
        // the row per use, and a use outside keeps the original op alive.
        // (Slices are the copies tile-and-fuse is making, not uses.)
        int64_t uses = 0;
        bool usedBeyond = false;
        for (Operation *user : producerResult.getUsers()) {
          if (isa<tensor::ExtractSliceOp>(user) &&
              earlierGroups.contains(user->getParentOfType<scf::ForallOp>()))
            usedBeyond = true;
          if (isa<tensor::DimOp, tensor::ExtractSliceOp>(user))
            continue;
          ++uses;
          usedBeyond |= user != rootOp && !reachesRoot.contains(user);
        }
        // A producer whose result is written anyway for users beyond the
        // group joins it only if the group then reads no more than that
        // result: one full-size input (a cast, a biased tensor), not two (a
        // link of a residual stream, which would pull the whole chain in),
        // nor a reduction's result broadcast (a layer_norm's output, whose
        // statistics would be reduced again or kept apart, kernels more).
        if (usedBeyond && (countFullInputs(producer) > 1 ||
                           readsBroadcastReduction(producer))) {
          ++numRejected;
          return std::nullopt;
        }
        // Only recomputed producers count against the budget: fusing a
        // producer used once copies nothing.
        bool recomputed = uses > 1;
        int64_t inputs = producer.getNumDpsInputs();
        if ((recomputed && numRecomputed >= model.maxFusedProducers) ||
            numOperands + inputs > model.maxOperands ||
            !model.shouldFuse(producer, std::max<int64_t>(uses, 1))) {
          ++numRejected;
          return std::nullopt;
        }
        numRecomputed += recomputed;
        numOperands += inputs;
        return scf::SCFTileAndFuseOptions::ControlFnResult{};
      });

  rewriter.setInsertionPoint(rootOp);
  FailureOr<scf::SCFTileAndFuseResult> fused =
      scf::tileConsumerAndFuseProducersUsingSCF(rewriter, tilingOp, options);
  if (failed(fused))
    return failure();
  for (auto [original, replacement] : fused->replacements)
    rewriter.replaceAllUsesWith(original, replacement);
  // The untiled root is dead now; erasing it, and then the producers fused
  // above that nothing else reads, keeps them from forming groups of their
  // own and from counting as users of their own producers.
  if (rootOp->use_empty())
    rewriter.eraseOp(rootOp);
  int64_t numFused = fused->fusedProducers.size();
  eraseDeadOriginals(rewriter, fused->fusedProducers.takeVector());
  return numFused;
}

namespace {
struct KilnFuseRowsPass : kiln::impl::KilnFuseRowsBase<KilnFuseRowsPass> {
  using KilnFuseRowsBase::KilnFuseRowsBase;

  void runOnOperation() override {
    {
      RewritePatternSet patterns(&getContext());
      populateRowFusionPreparationPatterns(patterns);
      if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
        return signalPassFailure();
    }
    FusionCostModel model;
    model.fuseContractions = fuseContractions;
    // Whether `op` or a linalg op it reads (transitively) reduces, in a way
    // that the group would take in.
    std::function<bool(Operation *, int)> hasReduction =
        [&](Operation *op, int depth) -> bool {
      auto linalgOp = dyn_cast_if_present<linalg::LinalgOp>(op);
      if (!linalgOp || depth > 16)
        return false;
      // A contraction that stays out of the group (a matmul kernel of its
      // own) does not make its epilogue a reduction group.
      if (!fuseContractions && linalg::isaContractionOpInterface(linalgOp))
        return false;
      if (linalgOp.getNumReductionLoops() > 0)
        return true;
      for (Value operand : op->getOperands())
        if (hasReduction(operand.getDefiningOp(), depth + 1))
          return true;
      return false;
    };
    // Roots: linalg ops on tensors whose results no other linalg op reads,
    // visited from the end, so that each group's root is its last op.
    SmallVector<linalg::LinalgOp> roots;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (!op.hasPureTensorSemantics() || isa<linalg::FillOp>(op) ||
          op->getParentOfType<scf::ForallOp>())
        return;
      if (isContraction(op) && !fuseContractions)
        return;
      roots.push_back(op);
    });
    // Forming a group erases ops that were roots to visit.
    struct ErasedOps : RewriterBase::Listener {
      void notifyOperationErased(Operation *op) override { erased.insert(op); }
      DenseSet<Operation *> erased;
    } listener;
    IRRewriter rewriter(&getContext(), &listener);
    for (linalg::LinalgOp root : llvm::reverse(roots)) {
      if (listener.erased.contains(root.getOperation()))
        continue;
      // Ops fused into a later group (and not used elsewhere) are dead, up
      // to shape queries, which are resolved from operands below.
      // (Dead slices left behind by tile-and-fuse do not count.)
      if (llvm::all_of(root->getUsers(), [](Operation *user) {
            return isa<tensor::DimOp>(user) ||
                   (isa<tensor::ExtractSliceOp>(user) && user->use_empty());
          }))
        continue;
      if (onlyWithReductions && !hasReduction(root, 0))
        continue;
      int64_t rejected = 0;
      FailureOr<int64_t> fused =
          formRowFusionGroup(rewriter, root, model, rejected);
      numRejected += rejected;
      if (failed(fused))
        continue;
      ++numGroups;
      numFused += *fused;
    }
    // A group's temporaries: slices of full-size tensor.empty become
    // row-sized tensor.empty inside the loop (stack buffers later); shape
    // queries of fused producers are answered from their operands.
    {
      RewritePatternSet patterns(&getContext());
      tensor::populateFoldTensorEmptyPatterns(patterns);
      memref::populateResolveRankedShapedTypeResultDimsPatterns(patterns);
      memref::populateResolveShapedTypeResultDimsPatterns(patterns);
      (void)applyPatternsGreedily(getOperation(), std::move(patterns));
    }
    // Producers now computed inside groups have no users left.
    SmallVector<Operation *> dead;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() && op->use_empty())
        dead.push_back(op);
    });
    for (Operation *op : llvm::reverse(dead))
      if (op->use_empty())
        rewriter.eraseOp(op);
  }
};
} // namespace
