/* Kiln's dialect, passes and pipelines through MLIR's C API: a context
 * that knows Kiln, the CPU pipeline added to a pass manager and run, Kiln
 * passes by name in a textual pipeline, and the options' diagnostics. */
// RUN: kiln-capi-pipelines-test 2>&1 | FileCheck %s

#include "kiln-c/Dialects.h"
#include "kiln-c/Pipelines.h"

#include "mlir-c/Pass.h"

#include <stdio.h>

static const char *kSource =
    "func.func @relu(%x: !kiln.tensor<[B], f32>) -> !kiln.tensor<[B], f32> {\n"
    "  %0 = kiln.relu %x : !kiln.tensor<[B], f32>\n"
    "  return %0 : !kiln.tensor<[B], f32>\n"
    "}\n";

static void print(MlirStringRef text, void *user) {
  (void)user;
  fwrite(text.data, 1, text.length, stdout);
}

static MlirStringRef str(const char *s) { return mlirStringRefCreateFromCString(s); }

static void report(const char *what, KilnStatus status) {
  printf("%s: %s\n", what, kilnStatusIsOk(status) ? "ok" : kilnStatusGetMessage(status));
  kilnStatusDestroy(status);
}

int main(void) {
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  kilnRegisterDialects(registry);
  MlirContext ctx = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  kilnRegisterPasses();

  // CHECK: dialect: kiln
  MlirDialectHandle handle = mlirGetDialectHandle__kiln__();
  printf("dialect: ");
  print(mlirDialectHandleGetNamespace(handle), NULL);
  printf("\n");

  MlirModule module = mlirModuleCreateParse(ctx, str(kSource));
  // CHECK-NEXT: parsed: 1
  printf("parsed: %d\n", !mlirModuleIsNull(module));

  // A Kiln pass by name in a textual pipeline.
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  MlirLogicalResult parsed = mlirParsePassPipeline(
      opm, str("builtin.module(func.func(kiln-decompose))"), print, NULL);
  // CHECK-NEXT: textual pipeline: 1
  printf("textual pipeline: %d\n", mlirLogicalResultIsSuccess(parsed));
  mlirPassManagerDestroy(pm);

  // The CPU pipeline with options, run to the LLVM dialect.
  pm = mlirPassManagerCreate(ctx);
  opm = mlirPassManagerGetAsOpPassManager(pm);
  // CHECK-NEXT: bad options: invalid pipeline options 'parallel=sometimes'{{.*}}
  report("bad options", kilnAddCpuPipeline(opm, str("parallel=sometimes")));
  // CHECK-NEXT: cpu pipeline: ok
  report("cpu pipeline", kilnAddCpuPipeline(opm, str("parallel=false")));
  MlirLogicalResult ran =
      mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  // CHECK-NEXT: ran: 1
  printf("ran: %d\n", mlirLogicalResultIsSuccess(ran));
  // CHECK-NEXT: lowered:
  // CHECK-NOT: kiln.
  // CHECK: llvm.func @relu
  // CHECK-NOT: kiln.
  // CHECK: llvm.return
  printf("lowered:\n");
  mlirOperationPrint(mlirModuleGetOperation(module), print, NULL);
  printf("\n");
  mlirPassManagerDestroy(pm);

  // The GPU pipeline builds (compile-only here: it is not run).
  pm = mlirPassManagerCreate(ctx);
  opm = mlirPassManagerGetAsOpPassManager(pm);
  // CHECK: gpu pipeline: ok
  report("gpu pipeline", kilnAddGpuPipeline(opm, str("chip=sm_90 cublas=false")));
  // CHECK-NEXT: bad gpu options: invalid pipeline options 'block-size=x'{{.*}}
  report("bad gpu options", kilnAddGpuPipeline(opm, str("block-size=x")));
  mlirPassManagerDestroy(pm);

  mlirModuleDestroy(module);
  mlirContextDestroy(ctx);
  return 0;
}
