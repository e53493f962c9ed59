//===- Registration.cpp - Register Kiln with a tool -----------------------===//

#include "kiln/Registration.h"
#include "kiln/Codegen/CPU/Passes.h"
#include "kiln/Codegen/Common/Passes.h"
#include "kiln/Codegen/GPU/Passes.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/Transforms/BufferizableOpInterfaceImpl.h"
#include "kiln/Dialect/Kiln/Transforms/Passes.h"
#include "kiln/Fusion/Passes.h"
#include "kiln/Memory/Passes.h"
#include "kiln/Pipelines/Pipelines.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

void kiln::registerKilnDialects(mlir::DialectRegistry &registry) {
  registry.insert<kiln::KilnDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  kiln::registerBufferizableOpInterfaceExternalModels(registry);
  // Serializing GPU modules (gpu-module-to-binary) translates to LLVM IR.
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::NVVM::registerNVVMTargetInterfaceExternalModels(registry);
}

void kiln::registerKilnPasses() {
  mlir::registerAllPasses();
  kiln::registerKilnDialectTransformsPasses();
  kiln::registerKilnConversionPasses();
  kiln::registerKilnFusionPasses();
  kiln::registerKilnMemoryPasses();
  kiln::registerKilnCodegenCommonPasses();
  kiln::registerKilnCodegenCPUPasses();
  kiln::registerKilnCodegenGPUPasses();
  kiln::registerKilnPipelines();
}
