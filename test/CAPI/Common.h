/* Helpers of the C API tests (runtime.c, artifact.c): printing MLIR strings
 * and statuses. */
#ifndef KILN_TEST_CAPI_COMMON_H
#define KILN_TEST_CAPI_COMMON_H

#include "kiln-c/Runtime.h"

#include <stdio.h>

static void print(MlirStringRef text, void *user) {
  (void)user;
  fwrite(text.data, 1, text.length, stdout);
}

/// Prints a status: "ok" or "error <code>: <message>", and frees it.
static int report(const char *what, KilnStatus status) {
  if (kilnStatusIsOk(status))
    printf("%s: ok\n", what);
  else
    printf("%s: error %d: %s\n", what, (int)kilnStatusGetCode(status),
           kilnStatusGetMessage(status));
  int ok = kilnStatusIsOk(status);
  kilnStatusDestroy(status);
  return ok;
}

static MlirStringRef str(const char *s) { return mlirStringRefCreateFromCString(s); }

#endif // KILN_TEST_CAPI_COMMON_H
