/* Kiln's C runtime API on an ahead-of-time artifact: load what kiln-compile
 * wrote, read its signature, call it for two bindings of its symbols, and
 * the load errors as statuses. */
// RUN: rm -rf %t && mkdir -p %t
// RUN: kiln-compile %S/Inputs/scale.mlir -o %t/scale.so
// RUN: head -c 2000 %t/scale.so > %t/truncated.so
// RUN: kiln-capi-artifact-test %t/scale.so %t/truncated.so %t/missing.so 2>&1 | FileCheck %s

#include "kiln-c/Runtime.h"

#include "Common.h"

#include <stdio.h>

/// Calls `f` on x[rows, cols] * y[cols] and prints the flat result.
static void call(KilnFunction f, int64_t rows, int64_t cols) {
  float x[12], y[4];
  for (int i = 0; i < rows * cols; ++i)
    x[i] = (float)(i + 1);
  for (int j = 0; j < cols; ++j)
    y[j] = (float)(j + 2);
  int64_t xSizes[2] = {rows, cols}, ySizes[1] = {cols};
  KilnBufferView args[2] = {{x, KILN_DTYPE_F32, 2, xSizes, NULL},
                            {y, KILN_DTYPE_F32, 1, ySizes, NULL}};
  KilnBuffer results[2] = {NULL, NULL};
  if (!report("call", kilnFunctionCall(f, args, 2, false, NULL, results)))
    return;
  const float *r = (const float *)kilnBufferGetData(results[1]);
  printf("result 1: size %lld:", (long long)kilnBufferGetSizes(results[1])[0]);
  for (int64_t i = 0; i < rows * cols; ++i)
    printf(" %g", r[i]);
  printf("\n");
  kilnBufferDestroy(results[0]);
  kilnBufferDestroy(results[1]);
}

int main(int argc, char **argv) {
  if (argc != 4)
    return 2;
  KilnFunction f = NULL;
  // CHECK: load: ok
  if (!report("load", kilnFunctionLoadArtifact(str(argv[1]), &f)))
    return 1;
  // CHECK-NEXT: name: scale
  // CHECK-NEXT: arg 0 dims: B S
  // CHECK-NEXT: result 1 dims: B*S
  printf("name: ");
  print(kilnFunctionGetName(f), NULL);
  printf("\narg 0 dims:");
  for (intptr_t d = 0; d < kilnFunctionGetArgumentRank(f, 0); ++d) {
    printf(" ");
    kilnFunctionPrintArgumentDim(f, 0, d, print, NULL);
  }
  printf("\nresult 1 dims: ");
  kilnFunctionPrintResultDim(f, 1, 0, print, NULL);
  printf("\n");

  // One artifact, two bindings of B and S.
  // CHECK-NEXT: call: ok
  // CHECK-NEXT: result 1: size 6: 2 6 12 8 15 24
  call(f, 2, 3);
  // CHECK-NEXT: call: ok
  // CHECK-NEXT: result 1: size 12: 2 6 12 20 10 18 28 40 18 30 44 60
  call(f, 3, 4);

  // A call that does not fit the signature is an input error, as for a
  // compiled function.
  float x[2] = {1, 2}, y[3] = {1, 2, 3};
  int64_t xSizes[2] = {1, 2}, ySizes[1] = {3};
  KilnBufferView args[2] = {{x, KILN_DTYPE_F32, 2, xSizes, NULL},
                            {y, KILN_DTYPE_F32, 1, ySizes, NULL}};
  KilnBuffer results[2] = {NULL, NULL};
  // CHECK-NEXT: mismatch: error {{[0-9]+}}: {{.*}}S
  report("mismatch", kilnFunctionCall(f, args, 2, false, NULL, results));
  kilnFunctionDestroy(f);

  // Bad artifacts: parse errors that name the file; *function untouched.
  KilnFunction g = NULL;
  // CHECK-NEXT: truncated: error 1: '{{.*}}truncated.so' is not a loadable Kiln artifact: {{.*}}(truncated?)
  report("truncated", kilnFunctionLoadArtifact(str(argv[2]), &g));
  // CHECK-NEXT: missing: error 1: cannot open '{{.*}}missing.so': no such file
  report("missing", kilnFunctionLoadArtifact(str(argv[3]), &g));
  // CHECK-NEXT: out-pointer: error {{[0-9]+}}: the function out-pointer is NULL
  report("out-pointer", kilnFunctionLoadArtifact(str(argv[1]), NULL));
  // CHECK-NEXT: untouched: 1
  printf("untouched: %d\n", g == NULL);
  return 0;
}
