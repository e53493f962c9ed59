/* Kiln's C runtime API: compile a module from text and from an MlirModule,
 * read the signature, call on host buffers, time, and every error path as
 * a status (never an abort). */
// RUN: kiln-capi-runtime-test 2>&1 | FileCheck %s

#include "kiln-c/Dialects.h"
#include "kiln-c/Runtime.h"

#include "Common.h"

#include <stdio.h>
#include <string.h>

static const char *kSource =
    "func.func @scale(%x: !kiln.tensor<[B, S], f32>, %y: !kiln.tensor<[S], "
    "f32>) -> (!kiln.tensor<[B, S], f32>, !kiln.tensor<[B*S], f32>) {\n"
    "  %0 = kiln.mul %x, %y : !kiln.tensor<[B, S], f32>, !kiln.tensor<[S], "
    "f32> -> !kiln.tensor<[B, S], f32>\n"
    "  %1 = kiln.reshape %0 : !kiln.tensor<[B, S], f32> -> "
    "!kiln.tensor<[B*S], f32>\n"
    "  return %0, %1 : !kiln.tensor<[B, S], f32>, !kiln.tensor<[B*S], f32>\n"
    "}\n";

static void printSignature(KilnFunction f) {
  printf("name: ");
  print(kilnFunctionGetName(f), NULL);
  printf("\n");
  for (intptr_t i = 0; i < kilnFunctionGetNumArguments(f); ++i) {
    printf("arg %d: dtype %d dims", (int)i, (int)kilnFunctionGetArgumentDType(f, i));
    for (intptr_t d = 0; d < kilnFunctionGetArgumentRank(f, i); ++d) {
      printf(" ");
      kilnFunctionPrintArgumentDim(f, i, d, print, NULL);
    }
    printf("\n");
  }
  for (intptr_t i = 0; i < kilnFunctionGetNumResults(f); ++i) {
    printf("result %d: dtype %d dims", (int)i, (int)kilnFunctionGetResultDType(f, i));
    for (intptr_t d = 0; d < kilnFunctionGetResultRank(f, i); ++d) {
      printf(" ");
      kilnFunctionPrintResultDim(f, i, d, print, NULL);
    }
    printf("\n");
  }
}

int main(void) {
  KilnFunction f = NULL;
  // CHECK: compile: ok
  if (!report("compile", kilnFunctionCompileSource(str(kSource), str(""),
                                                   KILN_TARGET_CPU, str(""), &f)))
    return 1;
  // CHECK-NEXT: name: scale
  // CHECK-NEXT: arg 0: dtype 0 dims B S
  // CHECK-NEXT: arg 1: dtype 0 dims S
  // CHECK-NEXT: result 0: dtype 0 dims B S
  // CHECK-NEXT: result 1: dtype 0 dims B*S
  printSignature(f);

  float x[6] = {1, 2, 3, 4, 5, 6}, y[3] = {10, 100, 1000};
  int64_t xSizes[2] = {2, 3}, ySizes[1] = {3};
  KilnBufferView args[2] = {{x, KILN_DTYPE_F32, 2, xSizes, NULL},
                            {y, KILN_DTYPE_F32, 1, ySizes, NULL}};
  KilnBuffer results[2] = {NULL, NULL};
  // CHECK-NEXT: call: ok
  if (report("call", kilnFunctionCall(f, args, 2, false, NULL, results))) {
    const float *r = (const float *)kilnBufferGetData(results[1]);
    // CHECK-NEXT: result 1: rank 1 size 6 bytes 24 device 0: 10 200 3000 40 500 6000
    printf("result 1: rank %d size %lld bytes %lld device %d:",
           (int)kilnBufferGetRank(results[1]),
           (long long)kilnBufferGetSizes(results[1])[0],
           (long long)kilnBufferGetNumBytes(results[1]),
           (int)kilnBufferIsOnDevice(results[1]));
    for (int i = 0; i < 6; ++i)
      printf(" %g", r[i]);
    printf("\n");
    kilnBufferDestroy(results[0]);
    kilnBufferDestroy(results[1]);
  }

  // Strides in elements: row-major is accepted, a transposed view is not.
  int64_t rowMajor[2] = {3, 1}, transposed[2] = {1, 2};
  args[0].strides = rowMajor;
  // CHECK-NEXT: strided call: ok
  if (report("strided call", kilnFunctionCall(f, args, 2, false, NULL, results))) {
    kilnBufferDestroy(results[0]);
    kilnBufferDestroy(results[1]);
  }
  args[0].strides = transposed;
  // CHECK-NEXT: transposed: error 4: argument 0 is not contiguous (row-major): dim 1 has stride 2, expected 1
  report("transposed", kilnFunctionCall(f, args, 2, false, NULL, results));
  args[0].strides = NULL;

  // Conflicting symbols, a wrong count, a wrong dtype.
  int64_t badSizes[1] = {4};
  args[1].sizes = badSizes;
  // CHECK-NEXT: conflict: error 4: symbol S is bound to 3 by argument 0 (dim 1) and to 4 by argument 1 (dim 0)
  report("conflict", kilnFunctionCall(f, args, 2, false, NULL, results));
  args[1].sizes = ySizes;
  // CHECK-NEXT: count: error 4: {{.*}}2 arguments{{.*}}
  report("count", kilnFunctionCall(f, args, 1, false, NULL, results));
  args[1].dtype = KILN_DTYPE_I32;
  // CHECK-NEXT: dtype: error 4: argument 1{{.*}}i32{{.*}}
  report("dtype", kilnFunctionCall(f, args, 2, false, NULL, results));
  args[1].dtype = (KilnDType)42;
  // CHECK-NEXT: unknown dtype: error 4: argument 1 has an unknown dtype (42)
  report("unknown dtype", kilnFunctionCall(f, args, 2, false, NULL, results));
  args[1].dtype = KILN_DTYPE_F32;
  // CHECK-NEXT: device on cpu: error 4: device arguments need a function compiled for KILN_TARGET_CUDA
  report("device on cpu", kilnFunctionCall(f, args, 2, true, NULL, results));

  double times[3] = {-1, -1, -1};
  // CHECK-NEXT: time: ok
  if (report("time", kilnFunctionTime(f, args, 2, 3, times)))
    // CHECK-NEXT: times: 1 1 1
    printf("times: %d %d %d\n", times[0] >= 0, times[1] >= 0, times[2] >= 0);
  // CHECK-NEXT: time 0: error 4: repeat must be at least 1
  report("time 0", kilnFunctionTime(f, args, 2, 0, times));
  kilnFunctionDestroy(f);

  // Compile errors: each a status with its code.
  KilnFunction g = NULL;
  // CHECK-NEXT: parse: error 1: <source>:1:{{[0-9]+}}: {{.*}}
  report("parse", kilnFunctionCompileSource(str("func.func @f("), str(""),
                                            KILN_TARGET_CPU, str(""), &g));
  // CHECK-NEXT: entry: error 3: no function named 'nope'
  report("entry", kilnFunctionCompileSource(str(kSource), str("nope"),
                                            KILN_TARGET_CPU, str(""), &g));
  // CHECK-NEXT: options: error 3: invalid pipeline options 'fuse=maybe'{{.*}}
  report("options", kilnFunctionCompileSource(str(kSource), str(""), KILN_TARGET_CPU,
                                              str("fuse=maybe"), &g));
  // CHECK-NEXT: target: error 3: unknown target 7 (expected KILN_TARGET_CPU or KILN_TARGET_CUDA)
  report("target", kilnFunctionCompileSource(str(kSource), str(""), (KilnTarget)7,
                                             str(""), &g));
  // CHECK-NEXT: verify: error 2: {{.*}}
  report("verify",
         kilnFunctionCompileSource(
             str("func.func @f(%x: !kiln.tensor<[B], f32>) -> "
                 "!kiln.tensor<[S], f32> {\n  return %x : !kiln.tensor<[B], f32>\n}\n"),
             str(""), KILN_TARGET_CPU, str(""), &g));
  // CHECK-NEXT: g untouched: 1
  printf("g untouched: %d\n", g == NULL);

  // A module built through MLIR's C API, compiled with options.
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  kilnRegisterDialects(registry);
  MlirContext ctx = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  MlirModule module = mlirModuleCreateParse(ctx, str(kSource));
  // CHECK-NEXT: from module: ok
  if (report("from module", kilnFunctionCompile(module, str("scale"), KILN_TARGET_CPU,
                                                str("fuse=false parallel=false"), &g))) {
    // CHECK-NEXT: name: scale
    printSignature(g);
    kilnFunctionDestroy(g);
  }
  // CHECK: null module: error 4: the module is null
  report("null module", kilnFunctionCompile((MlirModule){NULL}, str(""),
                                            KILN_TARGET_CPU, str(""), &g));
  mlirModuleDestroy(module);
  mlirContextDestroy(ctx);
  kilnStatusDestroy(NULL);
  // CHECK-NEXT: null status: 0 ''
  printf("null status: %d '%s'\n", (int)kilnStatusGetCode(NULL), kilnStatusGetMessage(NULL));
  return 0;
}
