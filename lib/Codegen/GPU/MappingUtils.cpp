//===- MappingUtils.cpp - Index arithmetic of Kiln's GPU mappings ---------===//

#include "MappingUtils.h"

#include "kiln/Codegen/GPU/LaneVectorizer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"

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
