//===- MemoryReport.h - Memory figures of a compiled function ---*- C++ -*-===//

#ifndef KILN_RUNNER_MEMORYREPORT_H
#define KILN_RUNNER_MEMORYREPORT_H

#include "kiln/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace kiln {

/// The memory plan of a function's intermediates (after fusion and
/// bufferization) for given symbol values: the planned arena, the sum of
/// the intermediates (no reuse) and the largest set live at once.
struct MemoryReport {
  int64_t arenaBytes = 0;
  int64_t naiveBytes = 0;
  int64_t lowerBoundBytes = 0;
};

/// Compiles `module` (a Kiln-level module, modified in place: pass a clone)
/// with every symbol of function `entry` replaced by its value, through the
/// target pipeline's stages up to memory planning (PipelineStage::
/// Bufferization, with the same options as the compilation), and reads the
/// plan.
llvm::Expected<MemoryReport>
planMemoryForShapes(mlir::ModuleOp module, llvm::StringRef entry,
                    const llvm::StringMap<int64_t> &symbols,
                    const CpuPipelineOptions &options);
llvm::Expected<MemoryReport>
planMemoryForShapes(mlir::ModuleOp module, llvm::StringRef entry,
                    const llvm::StringMap<int64_t> &symbols,
                    const GpuPipelineOptions &options);

} // namespace kiln

#endif // KILN_RUNNER_MEMORYREPORT_H
