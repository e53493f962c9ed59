//===- MemoryReport.cpp - Memory figures of a compiled function -----------===//
//
// kiln-plan-memory records its plan on a function when all sizes are
// static; for symbolic functions the report specializes a copy to the
// symbol values of the run, so the figures are those of the same planning
// algorithm evaluated at those values.
//
//===----------------------------------------------------------------------===//

#include "kiln/Runner/MemoryReport.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;
using namespace kiln;

/// `type` with every symbol replaced by its value.
static Type specialize(Type type, const llvm::StringMap<sym::Expr> &values) {
  auto tensorType = dyn_cast<KilnTensorType>(type);
  if (!tensorType)
    return type;
  SmallVector<sym::Expr> dims;
  for (sym::Expr dim : tensorType.getDims())
    dims.push_back(dim ? dim.substitute(values) : dim);
  return tensorType.withDims(dims);
}

/// Specializes `entry` to `symbols`, runs `buildUntilPlanning` and reads
/// the plan recorded on the function.
static llvm::Expected<MemoryReport>
planMemory(ModuleOp module, StringRef entry,
           const llvm::StringMap<int64_t> &symbols,
           function_ref<void(OpPassManager &)> buildUntilPlanning) {
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func)
    return llvm::createStringError("no function named '" + entry + "'");
  sym::ExprContext &ctx = getExprContext(module.getContext());
  llvm::StringMap<sym::Expr> values;
  for (const auto &entry : symbols)
    values[entry.getKey()] = sym::Expr::constant(ctx, entry.getValue());

  // The values were checked against the facts already.
  func->removeAttr(KilnDialect::getFactsAttrName());
  func.walk([&](Operation *op) {
    for (Value result : op->getResults())
      result.setType(specialize(result.getType(), values));
  });
  for (BlockArgument arg : func.getArguments())
    arg.setType(specialize(arg.getType(), values));
  // Attributes that hold dim expressions name the symbols too.
  func.walk([&](SliceOp slice) {
    for (auto [name, expr] : {std::pair{"start", slice.getStartExpr()},
                              std::pair{"end", slice.getEndExpr()}})
      if (expr)
        slice->setAttr(name, StringAttr::get(module.getContext(),
                                             expr.substitute(values).str()));
  });
  SmallVector<Type> inputs, results;
  for (Type t : func.getArgumentTypes())
    inputs.push_back(specialize(t, values));
  for (Type t : func.getResultTypes())
    results.push_back(specialize(t, values));
  func.setType(FunctionType::get(module.getContext(), inputs, results));

  PassManager pm(module.getContext());
  buildUntilPlanning(pm);
  if (failed(pm.run(module)))
    return llvm::createStringError("memory planning failed");
  MemoryReport report;
  auto get = [&](StringRef name) -> int64_t {
    auto attr = func->getAttrOfType<IntegerAttr>(name);
    return attr ? attr.getInt() : 0;
  };
  report.arenaBytes = get(KilnDialect::getArenaBytesAttrName());
  report.naiveBytes = get(KilnDialect::getNaiveBytesAttrName());
  report.lowerBoundBytes = get(KilnDialect::getLowerBoundBytesAttrName());
  return report;
}

llvm::Expected<MemoryReport>
kiln::planMemoryForShapes(ModuleOp module, StringRef entry,
                          const llvm::StringMap<int64_t> &symbols,
                          const CpuPipelineOptions &options) {
  return planMemory(module, entry, symbols, [&](OpPassManager &pm) {
    buildKilnCpuPipeline(pm, options, PipelineStage::Frontend,
                         PipelineStage::Bufferization);
  });
}

llvm::Expected<MemoryReport>
kiln::planMemoryForShapes(ModuleOp module, StringRef entry,
                          const llvm::StringMap<int64_t> &symbols,
                          const GpuPipelineOptions &options) {
  return planMemory(module, entry, symbols, [&](OpPassManager &pm) {
    buildKilnGpuPipeline(pm, options, PipelineStage::Frontend,
                         PipelineStage::Bufferization);
  });
}
