/* Compiles a symbolic function with Kiln's C API and calls it twice, at two
 * shapes, from one compilation. */
#include "kiln-c/Runtime.h"

#include <stdio.h>

static const char *kSource =
    "func.func @axpy(%x: !kiln.tensor<[N], f32>, %y: !kiln.tensor<[N], f32>)"
    " -> !kiln.tensor<[N], f32> {\n"
    "  %0 = kiln.add %x, %y : !kiln.tensor<[N], f32>, !kiln.tensor<[N], f32>"
    " -> !kiln.tensor<[N], f32>\n"
    "  return %0 : !kiln.tensor<[N], f32>\n}\n";

int main(void) {
  KilnFunction f = NULL;
  KilnStatus status = kilnFunctionCompileSource(
      mlirStringRefCreateFromCString(kSource), mlirStringRefCreateFromCString(""),
      KILN_TARGET_CPU, mlirStringRefCreateFromCString(""), &f);
  if (status) {
    printf("error: %s\n", kilnStatusGetMessage(status));
    kilnStatusDestroy(status);
    return 1;
  }
  float x[4] = {1, 2, 3, 4}, y[4] = {10, 20, 30, 40};
  for (int64_t n = 2; n <= 4; n += 2) {
    KilnBufferView args[2] = {{x, KILN_DTYPE_F32, 1, &n, NULL},
                              {y, KILN_DTYPE_F32, 1, &n, NULL}};
    KilnBuffer result = NULL;
    status = kilnFunctionCall(f, args, 2, false, NULL, &result);
    if (status) {
      printf("error: %s\n", kilnStatusGetMessage(status));
      kilnStatusDestroy(status);
      return 1;
    }
    const float *r = (const float *)kilnBufferGetData(result);
    printf("N=%lld:", (long long)n);
    for (int64_t i = 0; i < n; ++i)
      printf(" %g", r[i]);
    printf("\n");
    kilnBufferDestroy(result);
  }
  kilnFunctionDestroy(f);
  return 0;
}
