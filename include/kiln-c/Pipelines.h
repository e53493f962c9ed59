/*===- kiln-c/Pipelines.h - Kiln's pipelines into a pass manager --*- C -*-===*\
|*                                                                            *|
|* Kiln's CPU and GPU pipelines (buildKilnCpuPipeline, buildKilnGpuPipeline)  *|
|* added to an MlirOpPassManager anchored on builtin.module, with their       *|
|* options in the textual form `--kiln-cpu-pipeline="..."` takes.            *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef KILN_C_PIPELINES_H
#define KILN_C_PIPELINES_H

#include "kiln-c/Support.h"
#include "mlir-c/Pass.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Adds Kiln's CPU pipeline (Kiln module -> LLVM dialect for the host CPU)
/// with `options` ("" for the defaults, e.g. "fuse=false parallel=false")
/// to `passManager`. NULL on success; a KILN_STATUS_COMPILE_ERROR naming
/// the option when the options do not parse (nothing is added then).
KILN_CAPI_EXPORTED KilnStatus kilnAddCpuPipeline(MlirOpPassManager passManager,
                                                 MlirStringRef options);

/// The same for the GPU pipeline (host code launching kernels embedded as
/// PTX/cubin; options such as "chip=sm_90 cublas=false").
KILN_CAPI_EXPORTED KilnStatus kilnAddGpuPipeline(MlirOpPassManager passManager,
                                                 MlirStringRef options);

#ifdef __cplusplus
}
#endif

#endif // KILN_C_PIPELINES_H
