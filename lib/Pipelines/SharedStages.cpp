//===- SharedStages.cpp - The building blocks of every Kiln pipeline ------===//
//
//   Frontend        simplify shapes under facts, canonicalize, (targets with
//                   fused attention: raise matmul-softmax-matmul into
//                   kiln.attention), decompose composites,
//                   convert-kiln-to-linalg (symbol sizes at entry)
//   Fusion          elementwise fusion without recompute, then fusion groups
//                   (kiln-fuse-rows: one loop over rows per group)
//   Bufferization   one destination per writer
//                   (kiln-split-shared-destinations),
//                   one-shot bufferization, then one arena per call
//                   (kiln-plan-memory)
//
// Each target (CpuPipeline.cpp, GpuPipeline.cpp) composes these with its
// own settings; the pass registrations live here too.
//
//===----------------------------------------------------------------------===//

#include "kiln/Conversion/Passes.h"
#include "kiln/Dialect/Kiln/Transforms/Passes.h"
#include "kiln/Fusion/Passes.h"
#include "kiln/Memory/Passes.h"
#include "kiln/Pipelines/Pipelines.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void kiln::buildKilnFrontendPipeline(OpPassManager &pm, bool flashAttention) {
  pm.addPass(createKilnSimplifyShapes());
  pm.addPass(createCanonicalizerPass());
  if (flashAttention)
    pm.addPass(createKilnRaiseAttention());
  KilnDecomposeOptions decompose;
  decompose.keepFlashAttention = flashAttention;
  pm.addPass(createKilnDecompose(decompose));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  ConvertKilnToLinalgOptions convert;
  convert.flashAttention = flashAttention;
  pm.addPass(createConvertKilnToLinalg(convert));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void kiln::buildKilnFusionPipeline(OpPassManager &pm,
                                   const FusionSettings &settings) {
  KilnFuseElementwiseOptions fuseElementwise;
  fuseElementwise.shareTranscendentals = settings.shareTranscendentals;
  pm.addPass(createKilnFuseElementwise(fuseElementwise));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  KilnFuseRowsOptions fuseRows;
  fuseRows.fuseContractions = settings.fuseContractions;
  fuseRows.onlyWithReductions = settings.onlyWithReductions;
  pm.addPass(createKilnFuseRows(fuseRows));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void kiln::buildKilnBufferizationPipeline(
    OpPassManager &pm, function_ref<void(OpPassManager &)> beforePlanning) {
  pm.addPass(createKilnSplitSharedDestinations());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  if (beforePlanning)
    beforePlanning(pm);
  pm.addNestedPass<func::FuncOp>(createKilnPlanMemory());
}

void kiln::addKilnPipelineStages(
    OpPassManager &pm, PipelineStage first, PipelineStage last,
    function_ref<void(OpPassManager &)> fusion,
    function_ref<void(OpPassManager &)> bufferization,
    function_ref<void(OpPassManager &)> lowering, bool flashAttention) {
  auto runs = [&](PipelineStage stage) {
    return first <= stage && stage <= last;
  };
  if (runs(PipelineStage::Frontend))
    buildKilnFrontendPipeline(pm, flashAttention);
  if (runs(PipelineStage::Fusion))
    fusion(pm);
  if (runs(PipelineStage::Bufferization))
    bufferization(pm);
  if (runs(PipelineStage::Lowering))
    lowering(pm);
}

void kiln::registerKilnPipelines() {
  PassPipelineRegistration<>(
      "kiln-frontend-pipeline",
      "Kiln-level cleanup, decomposition and lowering to linalg on tensors",
      [](OpPassManager &pm) { buildKilnFrontendPipeline(pm); });
  PassPipelineRegistration<GpuPipelineOptions>(
      "kiln-gpu-pipeline",
      "Compile a Kiln module for NVIDIA GPUs (host code + kernels)",
      [](OpPassManager &pm, const GpuPipelineOptions &options) {
        buildKilnGpuPipeline(pm, options);
      });
  PassPipelineRegistration<CpuPipelineOptions>(
      "kiln-cpu-pipeline", "Compile a Kiln module for the host CPU",
      [](OpPassManager &pm, const CpuPipelineOptions &options) {
        buildKilnCpuPipeline(pm, options);
      });
}
