/*===- kiln-c/Support.h - Kiln C API: status and export macros ----*- C -*-===*\
|*                                                                            *|
|* What every part of Kiln's C API shares: the export macro and KilnStatus,   *|
|* the result of every call that can fail. No C++ exception or abort         *|
|* crosses the API: a failure is a status with a code and a one-line         *|
|* message (kiln-run's wording).                                              *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef KILN_C_SUPPORT_H
#define KILN_C_SUPPORT_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define KILN_CAPI_EXPORTED __declspec(dllexport)
#else
#define KILN_CAPI_EXPORTED __attribute__((visibility("default")))
#endif

/// What went wrong.
typedef enum KilnStatusCode {
  KILN_STATUS_OK = 0,
  /// The source is not valid MLIR, or a file cannot be read.
  KILN_STATUS_PARSE_ERROR = 1,
  /// The module does not verify.
  KILN_STATUS_VERIFICATION_ERROR = 2,
  /// No such entry function, bad options, the pipeline or the JIT failed.
  KILN_STATUS_COMPILE_ERROR = 3,
  /// A call's arguments do not fit the function's signature (count, rank,
  /// dtype, a dim, conflicting symbol values, strides, device).
  KILN_STATUS_INVALID_ARGUMENT = 4,
  /// The call itself failed: a run-time check (an index out of range), a
  /// CUDA error, memory.
  KILN_STATUS_CALL_ERROR = 5,
} KilnStatusCode;

/// The result of a call that can fail: NULL on success, otherwise an error
/// the caller owns and destroys with kilnStatusDestroy.
typedef struct KilnStatusImpl *KilnStatus;

/// True when `status` is success (NULL).
static inline int kilnStatusIsOk(KilnStatus status) { return status == 0; }

/// The status's code (KILN_STATUS_OK for NULL).
KILN_CAPI_EXPORTED KilnStatusCode kilnStatusGetCode(KilnStatus status);

/// The status's one-line message, NUL-terminated, valid until the status is
/// destroyed ("" for NULL).
KILN_CAPI_EXPORTED const char *kilnStatusGetMessage(KilnStatus status);

/// Frees an error status (NULL is accepted).
KILN_CAPI_EXPORTED void kilnStatusDestroy(KilnStatus status);

#ifdef __cplusplus
}
#endif

#endif // KILN_C_SUPPORT_H
