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

/// How the target forms fusion groups (as its pipeline does).
struct FusionSettings {
  bool fuse = true;
  bool fuseContractions = false;
  bool onlyWithReductions = false;
  /// Matmuls become cuBLASLt calls before planning (the GPU pipeline).
  bool gpuLibraryCalls = false;
};

/// The fusion settings of the CPU and GPU pipelines.
FusionSettings getFusionSettings(const CpuPipelineOptions &options);
FusionSettings getGpuFusionSettings();

/// Compiles `module` (a Kiln-level module, modified in place: pass a clone)
/// with every symbol of function `entry` replaced by its value, through the
/// stages memory planning needs (front half, fusion with `fusion`,
/// bufferization, kiln-plan-memory), and reads the plan.
llvm::Expected<MemoryReport>
planMemoryForShapes(mlir::ModuleOp module, llvm::StringRef entry,
                    const llvm::StringMap<int64_t> &symbols,
                    const FusionSettings &fusion);

} // namespace kiln

#endif // KILN_RUNNER_MEMORYREPORT_H
