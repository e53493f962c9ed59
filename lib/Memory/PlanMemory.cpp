//===- PlanMemory.cpp - Apply the memory plan to a function ---------------===//
//
// kiln-plan-memory: a thin driver over MemoryPlan.h. The plan's figures are
// recorded on the function when all sizes are static (the dialect's
// kiln.arena_bytes, kiln.naive_bytes, kiln.lower_bound_bytes).
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "kiln/Memory/MemoryPlan.h"
#include "kiln/Memory/Passes.h"

namespace kiln {
#define GEN_PASS_DEF_KILNPLANMEMORY
#include "kiln/Memory/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {
struct KilnPlanMemoryPass : kiln::impl::KilnPlanMemoryBase<KilnPlanMemoryPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MemoryPlan plan(func);
    if (plan.empty())
      return;
    std::optional<MemoryFigures> figures = plan.getStaticFigures();
    IRRewriter rewriter(&getContext());
    applyMemoryPlan(rewriter, plan);
    numPlanned += plan.getBuffers().size();
    numSlots += plan.getNumSlots();
    if (!figures)
      return;
    Builder b(&getContext());
    func->setAttr(KilnDialect::getArenaBytesAttrName(),
                  b.getI64IntegerAttr(figures->arenaBytes));
    func->setAttr(KilnDialect::getNaiveBytesAttrName(),
                  b.getI64IntegerAttr(figures->naiveBytes));
    func->setAttr(KilnDialect::getLowerBoundBytesAttrName(),
                  b.getI64IntegerAttr(figures->lowerBoundBytes));
  }
};
} // namespace
