/*===- kiln-c/Dialects.h - Kiln's dialect and passes in C ---------*- C -*-===*\
|*                                                                            *|
|* Registration of Kiln's dialect, the upstream dialects its pipelines lower  *|
|* through, and Kiln's passes and pipelines, for programs that build and     *|
|* transform IR through MLIR's C API.                                         *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef KILN_C_DIALECTS_H
#define KILN_C_DIALECTS_H

#include "kiln-c/Support.h"
#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/// The Kiln dialect's handle (mlirDialectHandleRegisterDialect and friends).
KILN_CAPI_EXPORTED MlirDialectHandle mlirGetDialectHandle__kiln__(void);

/// Adds the Kiln dialect, the upstream dialects Kiln's pipelines lower
/// through and their interface extensions to `registry`: a context made
/// with it can parse Kiln modules and run Kiln's pipelines.
KILN_CAPI_EXPORTED void kilnRegisterDialects(MlirDialectRegistry registry);

/// Registers Kiln's passes and pipelines (and the upstream passes) by name,
/// so that mlirParsePassPipeline and mlirOpPassManagerAddPipeline accept
/// them (`kiln-fuse-rows`, `kiln-cpu-pipeline{fuse=false}`, ...).
KILN_CAPI_EXPORTED void kilnRegisterPasses(void);

#ifdef __cplusplus
}
#endif

#endif // KILN_C_DIALECTS_H
