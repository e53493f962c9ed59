//===- MemoryReport.cpp - Memory figures of a Kiln function ---------------===//
//
// Liveness over the Kiln-level program: an intermediate is live from its
// defining op to its last use (ops in block order; Kiln functions are one
// block).
//
//===----------------------------------------------------------------------===//

#include "kiln/Runner/MemoryReport.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;
using namespace kiln;

/// Bytes of a Kiln tensor value for the given symbols.
static std::optional<int64_t> getBytes(Type type,
                                       const llvm::StringMap<int64_t> &syms) {
  auto tensorType = dyn_cast<KilnTensorType>(type);
  if (!tensorType)
    return std::nullopt;
  int64_t bytes =
      std::max<int64_t>(1, tensorType.getElementType().getIntOrFloatBitWidth() / 8);
  for (sym::Expr dim : tensorType.getDims()) {
    std::optional<int64_t> size = dim ? dim.evaluate(syms) : std::nullopt;
    if (!size)
      return std::nullopt;
    bytes *= *size;
  }
  return bytes;
}

std::optional<MemoryReport>
kiln::analyzeIntermediates(func::FuncOp func,
                           const llvm::StringMap<int64_t> &symbols) {
  if (func.isExternal())
    return MemoryReport();
  Block &block = func.getBody().front();
  Operation *terminator = block.getTerminator();
  llvm::DenseMap<Operation *, int64_t> position;
  int64_t index = 0;
  for (Operation &op : block)
    position[&op] = index++;

  // Each intermediate's [def, lastUse] interval and size.
  struct Interval {
    int64_t begin, end, bytes;
  };
  SmallVector<Interval> intervals;
  MemoryReport report;
  for (Operation &op : block) {
    for (Value result : op.getResults()) {
      bool isOutput = llvm::is_contained(terminator->getOperands(), result);
      // Constants are globals, not allocated per call.
      if (isOutput || !isa<KilnDialect>(op.getDialect()) || isa<ConstantOp>(op))
        continue;
      std::optional<int64_t> bytes = getBytes(result.getType(), symbols);
      if (!bytes)
        return std::nullopt;
      int64_t end = position[&op];
      for (Operation *user : result.getUsers())
        end = std::max(end, position[block.findAncestorOpInBlock(*user)]);
      intervals.push_back({position[&op], end, *bytes});
      report.naiveBytes += *bytes;
    }
  }
  for (int64_t t = 0; t < index; ++t) {
    int64_t live = 0;
    for (const Interval &interval : intervals)
      if (interval.begin <= t && t <= interval.end)
        live += interval.bytes;
    report.lowerBoundBytes = std::max(report.lowerBoundBytes, live);
  }
  return report;
}
