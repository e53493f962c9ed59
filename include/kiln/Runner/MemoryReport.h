//===- MemoryReport.h - Memory figures of a Kiln function -------*- C++ -*-===//

#ifndef KILN_RUNNER_MEMORYREPORT_H
#define KILN_RUNNER_MEMORYREPORT_H

#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <optional>

namespace mlir::func {
class FuncOp;
} // namespace mlir::func

namespace kiln {

/// Bytes of the intermediates of a Kiln-level function for given symbol
/// values: `naiveBytes` is the sum over every intermediate (op results that
/// are not function results), `lowerBoundBytes` the largest set of them live
/// at once in program order.
struct MemoryReport {
  int64_t naiveBytes = 0;
  int64_t lowerBoundBytes = 0;
};

/// Computes the report; nullopt if a size cannot be evaluated (a `?` dim).
std::optional<MemoryReport>
analyzeIntermediates(mlir::func::FuncOp func,
                     const llvm::StringMap<int64_t> &symbols);

} // namespace kiln

#endif // KILN_RUNNER_MEMORYREPORT_H
