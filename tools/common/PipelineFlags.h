//===- PipelineFlags.h - The pipeline flags kiln-run and kiln-compile share ===//
//
// --target and the options of the CPU and GPU pipelines as command-line
// flags, defined once for both tools (kiln-run compiles before it runs;
// kiln-compile writes the same compilation as an artifact).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TOOLS_PIPELINEFLAGS_H
#define KILN_TOOLS_PIPELINEFLAGS_H

#include "kiln/Pipelines/Pipelines.h"

#include "llvm/Support/Error.h"

namespace kiln::tools {

/// The --target flag's value is cuda.
bool isCudaTarget();
/// --target was given on the command line.
bool isTargetGiven();

/// Checks --target and the pipeline flags (ranges, combinations).
llvm::Error checkPipelineFlags();

/// Names a pipeline flag given on the command line (kiln-run refuses them
/// for an artifact, whose pipeline ran when it was written); empty if none.
std::string getGivenPipelineFlag();

/// Sets the pipelines' options the flags say.
void applyPipelineFlags(CpuPipelineOptions &options);
void applyPipelineFlags(GpuPipelineOptions &options);

} // namespace kiln::tools

#endif // KILN_TOOLS_PIPELINEFLAGS_H
