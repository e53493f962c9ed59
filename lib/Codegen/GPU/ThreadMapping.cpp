//===- ThreadMapping.cpp - Parallel loops, one thread per vector ----------===//
//
// The thread mapping of kiln-map-to-gpu (Transforms.h): a top-level
// parallel loop without reductions becomes a gpu.launch with one thread
// per iteration, or per `width` consecutive iterations of the last dim
// when the body vectorizes (LaneVectorizer.h).
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/GPU/LaneVectorizer.h"
#include "kiln/Codegen/GPU/Transforms.h"

#include "MappingUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace kiln;

//===----------------------------------------------------------------------===//
// Thread mapping
//===----------------------------------------------------------------------===//

LogicalResult kiln::mapLoopToThreads(RewriterBase &rewriter,
                                     scf::ParallelOp loop,
                                     const GpuMappingOptions &options) {
  Location loc = loop.getLoc();
  if (loop.getNumReductions() != 0)
    return loop.emitOpError("reductions in parallel loops are not mapped yet");
  int64_t width = getLoopVectorWidth(loop, options);
  rewriter.setInsertionPoint(loop);
  IRMapping none;
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  SmallVector<Value> counts;
  Value total = one;
  for (auto [d, bounds] : llvm::enumerate(llvm::zip(
           loop.getLowerBound(), loop.getUpperBound(), loop.getStep()))) {
    auto [lb, ub, step] = bounds;
    Value count = buildTripCount(rewriter, loc, none, lb, ub, step);
    if (d + 1 == loop.getNumLoops() && width > 1)
      count = arith::DivUIOp::create(
          rewriter, loc, count,
          arith::ConstantIndexOp::create(rewriter, loc, width));
    counts.push_back(count);
    total = arith::MulIOp::create(rewriter, loc, total, count);
  }
  Value threads =
      arith::ConstantIndexOp::create(rewriter, loc, options.blockSize);
  Value blocks = arith::CeilDivUIOp::create(rewriter, loc, total, threads);
  auto launch =
      gpu::LaunchOp::create(rewriter, loc, blocks, one, one, threads, one, one);
  Block &body = launch.getBody().front();
  rewriter.setInsertionPointToStart(&body);
  auto terminator = gpu::TerminatorOp::create(rewriter, loc);
  rewriter.setInsertionPoint(terminator);
  Value linear = arith::AddIOp::create(
      rewriter, loc,
      arith::MulIOp::create(rewriter, loc, launch.getBlockIds().x, threads),
      launch.getThreadIds().x);
  Value inRange = arith::CmpIOp::create(
      rewriter, loc, arith::CmpIPredicate::ult, linear, total);
  auto guard = scf::IfOp::create(rewriter, loc, inRange,
                                 /*withElseRegion=*/false);
  rewriter.setInsertionPointToStart(&guard.getThenRegion().front());
  IRMapping map;
  SmallVector<Value> ivs =
      delinearize(rewriter, loc, map, loop, counts, linear);
  if (width > 1) {
    // The last iv counted vectors: ivs.back() = lb + index * step with
    // lb = 0 and step = 1; scale to the first lane's element.
    Value last = loop.getInductionVars().back();
    Value base = arith::MulIOp::create(
        rewriter, loc, ivs.back(),
        arith::ConstantIndexOp::create(rewriter, loc, width));
    SmallVector<Value> loopIvs = loop.getInductionVars();
    map.map(ArrayRef<Value>(loopIvs).drop_back(),
            ArrayRef<Value>(ivs).drop_back());
    LaneVectorizer vectorizer(*loop.getBody(), last, width);
    (void)vectorizer.analyze();
    DenseMap<Operation *, Value> accIn, accOut;
    vectorizer.emit(rewriter, map, base, accIn, accOut);
  } else {
    map.map(loop.getInductionVars(), ivs);
    for (Operation &nested : loop.getBody()->without_terminator())
      rewriter.clone(nested, map);
  }
  rewriter.eraseOp(loop);
  return success();
}
