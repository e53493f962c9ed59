/*===- kiln-c/Runtime.h - Compile and call Kiln functions from C --*- C -*-===*\
|*                                                                            *|
|* A Kiln function compiled for the CPU or an NVIDIA GPU (the same pipeline   *|
|* and JIT kiln-run uses), its signature (dtypes, dims as symbolic            *|
|* expressions such as `B*S`), and calls on buffers the caller owns: host     *|
|* memory, or device memory of the current CUDA context, ordered after and   *|
|* before the caller's stream. Every call that can fail returns a            *|
|* KilnStatus.                                                                *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef KILN_C_RUNTIME_H
#define KILN_C_RUNTIME_H

#include "kiln-c/Support.h"
#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Element types (design.md §2); bf16 and f16 are 16-bit patterns.
typedef enum KilnDType {
  KILN_DTYPE_F32 = 0,
  KILN_DTYPE_F16 = 1,
  KILN_DTYPE_BF16 = 2,
  KILN_DTYPE_F64 = 3,
  KILN_DTYPE_I1 = 4,
  KILN_DTYPE_I32 = 5,
  KILN_DTYPE_I64 = 6,
} KilnDType;

/// Bytes per element of `dtype` (i1: one byte per element).
KILN_CAPI_EXPORTED int64_t kilnDTypeGetSize(KilnDType dtype);

typedef enum KilnTarget { KILN_TARGET_CPU = 0, KILN_TARGET_CUDA = 1 } KilnTarget;

/// A compiled function; destroy with kilnFunctionDestroy.
typedef struct KilnFunctionImpl *KilnFunction;

/// Parses `source` (a Kiln module's text), verifies it and compiles its
/// function `entry` (empty: the only public function; `inner::f` names a
/// function of the nested module `@inner`) for `target` with pipeline
/// `options` in their textual form ("" for the defaults). On success
/// `*function` is the compiled function.
KILN_CAPI_EXPORTED KilnStatus kilnFunctionCompileSource(
    MlirStringRef source, MlirStringRef entry, KilnTarget target,
    MlirStringRef options, KilnFunction *function);

/// The same for a module built through MLIR's C API (its context needs
/// Kiln's dialects, kilnRegisterDialects). The module is not modified: the
/// function keeps a copy in a context of its own.
KILN_CAPI_EXPORTED KilnStatus kilnFunctionCompile(MlirModule module,
                                                  MlirStringRef entry,
                                                  KilnTarget target,
                                                  MlirStringRef options,
                                                  KilnFunction *function);

/// Loads an ahead-of-time artifact written by kiln-compile (no pipeline,
/// no JIT): the function, its target and options are the artifact's. A
/// missing, truncated or foreign file, or an artifact of another ABI
/// version or for a CPU with features this one lacks, is
/// KILN_STATUS_PARSE_ERROR.
KILN_CAPI_EXPORTED KilnStatus kilnFunctionLoadArtifact(MlirStringRef path,
                                                       KilnFunction *function);

/// Frees a function (NULL is accepted).
KILN_CAPI_EXPORTED void kilnFunctionDestroy(KilnFunction function);

/// The compiled function's name.
KILN_CAPI_EXPORTED MlirStringRef kilnFunctionGetName(KilnFunction function);

/// The signature: arguments and results, each with a dtype and dims.
KILN_CAPI_EXPORTED intptr_t kilnFunctionGetNumArguments(KilnFunction function);
KILN_CAPI_EXPORTED intptr_t kilnFunctionGetNumResults(KilnFunction function);
KILN_CAPI_EXPORTED KilnDType kilnFunctionGetArgumentDType(KilnFunction function,
                                                          intptr_t position);
KILN_CAPI_EXPORTED KilnDType kilnFunctionGetResultDType(KilnFunction function,
                                                        intptr_t position);
KILN_CAPI_EXPORTED intptr_t kilnFunctionGetArgumentRank(KilnFunction function,
                                                        intptr_t position);
KILN_CAPI_EXPORTED intptr_t kilnFunctionGetResultRank(KilnFunction function,
                                                      intptr_t position);
/// Dim `dim` of argument (or result) `position` as an expression over the
/// symbols: "64", "B", "B*S", "S floordiv 2 + 1", or "?" for an anonymous
/// dim; handed to `callback` (valid during the call only).
KILN_CAPI_EXPORTED void
kilnFunctionPrintArgumentDim(KilnFunction function, intptr_t position,
                             intptr_t dim, MlirStringCallback callback,
                             void *userData);
KILN_CAPI_EXPORTED void kilnFunctionPrintResultDim(KilnFunction function,
                                                   intptr_t position,
                                                   intptr_t dim,
                                                   MlirStringCallback callback,
                                                   void *userData);

/// An argument the caller lends for one call: `rank` sizes, and strides in
/// elements (NULL: row-major contiguous). Kiln reads arguments in place,
/// never writes nor frees them; strides must describe row-major contiguous
/// data (size-1 dims may have any stride).
typedef struct KilnBufferView {
  const void *data;
  KilnDType dtype;
  intptr_t rank;
  const int64_t *sizes;
  const int64_t *strides;
} KilnBufferView;

/// A result: contiguous row-major memory Kiln allocated (host memory, or
/// device memory of the current context for a call on device arguments),
/// owned by the caller until kilnBufferDestroy.
typedef struct KilnBufferImpl *KilnBuffer;

KILN_CAPI_EXPORTED void *kilnBufferGetData(KilnBuffer buffer);
KILN_CAPI_EXPORTED KilnDType kilnBufferGetDType(KilnBuffer buffer);
KILN_CAPI_EXPORTED intptr_t kilnBufferGetRank(KilnBuffer buffer);
KILN_CAPI_EXPORTED const int64_t *kilnBufferGetSizes(KilnBuffer buffer);
KILN_CAPI_EXPORTED int64_t kilnBufferGetNumBytes(KilnBuffer buffer);
KILN_CAPI_EXPORTED bool kilnBufferIsOnDevice(KilnBuffer buffer);
/// Frees a result (NULL is accepted); device memory goes back to Kiln's
/// caching allocator in stream order.
KILN_CAPI_EXPORTED void kilnBufferDestroy(KilnBuffer buffer);

/// Calls `function` on `numArguments` arguments and stores its
/// kilnFunctionGetNumResults results in `results`. Arguments are checked
/// against the signature first: count, ranks, dtypes, every dim and the
/// function's facts; a mismatch is a KILN_STATUS_INVALID_ARGUMENT naming
/// the argument and dim ("symbol S is bound to 5 by argument 0 (dim 1) and
/// to 7 by argument 1 (dim 0)").
///
/// A CPU function takes host arguments. A CUDA function takes host
/// arguments (copied in, results copied back to host memory, synchronous)
/// or device arguments when `onDevice`: then the work is ordered after what
/// `stream` (a CUstream; NULL: the legacy default stream) holds, queued
/// without waiting, and `stream` waits for it; results stay on the device
/// and a kernel's failure shows at the next synchronization.
KILN_CAPI_EXPORTED KilnStatus kilnFunctionCall(KilnFunction function,
                                               const KilnBufferView *arguments,
                                               intptr_t numArguments,
                                               bool onDevice, void *stream,
                                               KilnBuffer *results);

/// Calls `function` `repeat` times back to back on host arguments (checked
/// as kilnFunctionCall checks them) and stores each call's milliseconds in
/// `milliseconds` (`repeat` entries): wall-clock on the CPU, device time
/// between CUDA events on the GPU (arguments copied to the device once).
KILN_CAPI_EXPORTED KilnStatus kilnFunctionTime(KilnFunction function,
                                               const KilnBufferView *arguments,
                                               intptr_t numArguments,
                                               intptr_t repeat,
                                               double *milliseconds);

#ifdef __cplusplus
}
#endif

#endif // KILN_C_RUNTIME_H
