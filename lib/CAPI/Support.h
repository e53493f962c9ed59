//===- Support.h - Shared pieces of Kiln's C API implementation -*- C++ -*-===//
//
// KilnStatus as it is built from an llvm::Error, for the C API's .cpp
// files (not installed).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CAPI_SUPPORT_H
#define KILN_LIB_CAPI_SUPPORT_H

#include "kiln-c/Support.h"

#include "llvm/Support/Error.h"

#include <string>

struct KilnStatusImpl {
  KilnStatusCode code;
  std::string message;
};

namespace kiln::capi {
/// NULL for success, else a status with the error's kind and message.
KilnStatus wrap(llvm::Error error);
/// A status of `code` with `message`.
KilnStatus makeStatus(KilnStatusCode code, std::string message);
} // namespace kiln::capi

#endif // KILN_LIB_CAPI_SUPPORT_H
