//===- MappingUtils.cpp - Index arithmetic of Kiln's GPU mappings ---------===//

#include "MappingUtils.h"

#include "kiln/Codegen/GPU/LaneVectorizer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace kiln;

/// The trip count of dim `d` of `loop`, built at the builder's point.
Value kiln::buildTripCount(OpBuilder &b, Location loc, IRMapping &map, Value lb,
                           Value ub, Value step) {
  Value span = arith::SubIOp::create(b, loc, map.lookupOrDefault(ub),
                                     map.lookupOrDefault(lb));
  return arith::CeilDivUIOp::create(b, loc, span, map.lookupOrDefault(step));
}

/// Splits `linear` into the induction variables of `loop` (last dim
/// fastest); `counts` are the trip counts.
SmallVector<Value> kiln::delinearize(OpBuilder &b, Location loc, IRMapping &map,
                                     scf::ParallelOp loop,
                                     ArrayRef<Value> counts, Value linear) {
  SmallVector<Value> ivs(counts.size());
  Value rest = linear;
  for (int64_t d = counts.size() - 1; d >= 0; --d) {
    Value index = rest;
    if (d != 0) {
      index = arith::RemUIOp::create(b, loc, rest, counts[d]);
      rest = arith::DivUIOp::create(b, loc, rest, counts[d]);
    }
    ivs[d] = arith::AddIOp::create(
        b, loc, map.lookupOrDefault(loop.getLowerBound()[d]),
        arith::MulIOp::create(b, loc, index,
                              map.lookupOrDefault(loop.getStep()[d])));
  }
  return ivs;
}

/// The vector width for the last dim of `loop` when its iterations can run
/// `width` at a time (static extent, unit step, a body that vectorizes);
/// 1 otherwise.
int64_t kiln::getLoopVectorWidth(scf::ParallelOp loop,
                                 const GpuMappingOptions &options) {
  int64_t last = loop.getNumLoops() - 1;
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()[last]);
  std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound()[last]);
  std::optional<int64_t> step = getConstantIntValue(loop.getStep()[last]);
  if (!lb || !ub || !step || *lb != 0 || *step != 1)
    return 1;
  int64_t width = chooseVectorWidth(
      *loop.getBody(), loop.getInductionVars()[last], options.vectorBytes);
  if (width <= 1 || *ub % width != 0)
    return 1;
  LaneVectorizer vectorizer(*loop.getBody(), loop.getInductionVars()[last],
                            width);
  return succeeded(vectorizer.analyze()) ? width : 1;
}

scf::ParallelOp kiln::buildCopyLoop(OpBuilder &b, Location loc, Value source,
                                    Value target) {
  int64_t rank = cast<MemRefType>(source.getType()).getRank();
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  SmallVector<Value> lbs(rank, zero), steps(rank, one), ubs;
  for (int64_t i = 0; i < rank; ++i)
    ubs.push_back(memref::DimOp::create(b, loc, source, i));
  return scf::ParallelOp::create(
      b, loc, lbs, ubs, steps, [&](OpBuilder &nb, Location l, ValueRange ivs) {
        Value v = memref::LoadOp::create(nb, l, source, ivs);
        memref::StoreOp::create(nb, l, v, target, ivs);
      });
}

void kiln::replaceWithScratchSlot(RewriterBase &rewriter,
                                  memref::AllocOp alloc,
                                  gpu::LaunchOp launch, Value slot,
                                  Value count) {
  OpBuilder::InsertionGuard guard(rewriter);
  Location loc = alloc.getLoc();
  MemRefType type = alloc.getType();
  // Bytes per slot, rounded up to 16.
  rewriter.setInsertionPoint(launch);
  int64_t staticBytes = std::max<int64_t>(
      1, llvm::divideCeil(type.getElementTypeBitWidth(), 8));
  for (int64_t extent : type.getShape())
    if (!ShapedType::isDynamic(extent))
      staticBytes *= extent;
  Value bytes = arith::ConstantIndexOp::create(rewriter, loc, staticBytes);
  for (Value size : alloc.getDynamicSizes())
    bytes = rewriter.createOrFold<arith::MulIOp>(loc, bytes, size);
  Value sixteen = arith::ConstantIndexOp::create(rewriter, loc, 16);
  bytes = rewriter.createOrFold<arith::MulIOp>(
      loc, rewriter.createOrFold<arith::CeilDivUIOp>(loc, bytes, sixteen),
      sixteen);
  auto scratch = memref::AllocOp::create(
      rewriter, loc,
      MemRefType::get({ShapedType::kDynamic}, rewriter.getI8Type()),
      ValueRange{arith::MulIOp::create(rewriter, loc, bytes, count)});
  rewriter.setInsertionPointAfter(launch);
  memref::DeallocOp::create(rewriter, loc, scratch);
  for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
    if (isa<memref::DeallocOp>(user))
      rewriter.eraseOp(user);
  rewriter.setInsertionPoint(alloc);
  Value shift = arith::MulIOp::create(rewriter, loc, slot, bytes);
  rewriter.replaceOpWithNewOp<memref::ViewOp>(alloc, type, scratch, shift,
                                              alloc.getDynamicSizes());
}
