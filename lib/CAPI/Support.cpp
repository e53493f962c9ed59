//===- Support.cpp - KilnStatus -------------------------------------------===//

#include "Support.h"

#include "kiln/Runner/CompiledFunction.h"

using namespace kiln;

static KilnStatusCode getCode(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::Parse:
    return KILN_STATUS_PARSE_ERROR;
  case ErrorKind::Verification:
    return KILN_STATUS_VERIFICATION_ERROR;
  case ErrorKind::Compile:
    return KILN_STATUS_COMPILE_ERROR;
  case ErrorKind::Input:
    return KILN_STATUS_INVALID_ARGUMENT;
  case ErrorKind::Call:
    break;
  }
  return KILN_STATUS_CALL_ERROR;
}

KilnStatus capi::makeStatus(KilnStatusCode code, std::string message) {
  return new KilnStatusImpl{code, std::move(message)};
}

KilnStatus capi::wrap(llvm::Error error) {
  if (!error)
    return nullptr;
  auto [kind, message] = takeError(std::move(error));
  return makeStatus(getCode(kind), std::move(message));
}

KilnStatusCode kilnStatusGetCode(KilnStatus status) {
  return status ? status->code : KILN_STATUS_OK;
}

const char *kilnStatusGetMessage(KilnStatus status) {
  return status ? status->message.c_str() : "";
}

void kilnStatusDestroy(KilnStatus status) { delete status; }
