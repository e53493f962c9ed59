//===- SimplifyShapes.cpp - Simplify symbolic dims under facts ------------===//
//
// Types are uniqued in the fact-free normal form (types belong to the
// MLIRContext, facts to a function). This pass rewrites the Kiln types in a
// function that declares `kiln.facts` into their simplest form under those
// facts, so that later stages see `S` rather than `(S floordiv 8)*8`.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/Transforms/Passes.h"

#include "mlir/Interfaces/FunctionInterfaces.h"

namespace kiln {
#define GEN_PASS_DEF_KILNSIMPLIFYSHAPES
#include "kiln/Dialect/Kiln/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

/// The simplest form of `type` under `facts` (non-Kiln types unchanged).
static Type simplifyType(Type type, const sym::Facts &facts) {
  auto tensorType = dyn_cast<KilnTensorType>(type);
  if (!tensorType)
    return type;
  SmallVector<sym::Expr> dims;
  for (sym::Expr dim : tensorType.getDims())
    dims.push_back(dim ? sym::simplify(dim, facts) : dim);
  return tensorType.withDims(dims);
}

int64_t kiln::simplifyShapesUnderFacts(Operation *op) {
  auto fn = dyn_cast<FunctionOpInterface>(op);
  if (!fn || fn.isExternal())
    return 0;
  sym::Facts facts = getFactsAt(op);
  if (facts.empty())
    return 0;
  int64_t changed = 0;
  auto update = [&](Value value) {
    Type simplified = simplifyType(value.getType(), facts);
    if (simplified == value.getType())
      return;
    value.setType(simplified);
    ++changed;
  };
  fn.getFunctionBody().walk([&](Block *block) {
    for (BlockArgument arg : block->getArguments())
      update(arg);
  });
  fn.getFunctionBody().walk([&](Operation *nested) {
    for (Value result : nested->getResults())
      update(result);
  });
  SmallVector<Type> inputs, results;
  for (Type t : fn.getArgumentTypes())
    inputs.push_back(simplifyType(t, facts));
  for (Type t : fn.getResultTypes())
    results.push_back(simplifyType(t, facts));
  fn.setType(fn.cloneTypeWith(inputs, results));
  return changed;
}

namespace {
struct KilnSimplifyShapesPass
    : kiln::impl::KilnSimplifyShapesBase<KilnSimplifyShapesPass> {
  void runOnOperation() override {
    getOperation()->walk([&](FunctionOpInterface fn) {
      numTypesSimplified += simplifyShapesUnderFacts(fn);
    });
  }
};
} // namespace
