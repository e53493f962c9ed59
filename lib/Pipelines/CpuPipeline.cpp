//===- CpuPipeline.cpp - Kiln's CPU pipeline ------------------------------===//
//
//   kiln (symbolic)   simplify shapes under facts, canonicalize, decompose
//   -> linalg         convert-kiln-to-linalg (symbol sizes at entry)
//   -> fusion         elementwise fusion without recompute, then fusion groups
//                     (kiln-fuse-rows: one loop over rows per group)
//   -> buffers        one-shot bufferization (results are returned buffers
//                     that the caller frees)
//   -> loops          rows spread over cores (scf.parallel -> OpenMP),
//                     sequential inner loops that LLVM vectorizes
//   -> LLVM           math through LLVM intrinsics and libm
//
//===----------------------------------------------------------------------===//

#include "kiln/Conversion/Passes.h"
#include "kiln/Dialect/Kiln/Transforms/Passes.h"
#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Async/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/Threading.h"

using namespace mlir;

void kiln::buildKilnFrontendPipeline(OpPassManager &pm) {
  pm.addPass(createKilnSimplifyShapes());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createKilnDecompose());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createConvertKilnToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void kiln::buildKilnFusionPipeline(OpPassManager &pm, bool fuseContractions,
                                   bool onlyWithReductions) {
  pm.addPass(createKilnFuseElementwise());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  KilnFuseRowsOptions fuseRows;
  fuseRows.fuseContractions = fuseContractions;
  fuseRows.onlyWithReductions = onlyWithReductions;
  pm.addPass(createKilnFuseRows(fuseRows));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void kiln::buildKilnBufferizationPipeline(
    OpPassManager &pm, function_ref<void(OpPassManager &)> beforePlanning) {
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  if (beforePlanning)
    beforePlanning(pm);
  pm.addNestedPass<func::FuncOp>(createKilnPlanMemory());
}

void kiln::buildKilnCpuTensorPipeline(OpPassManager &pm,
                                      const CpuPipelineOptions &options) {
  buildKilnFrontendPipeline(pm);
  // Matmuls sent to BLAS stay out of fusion groups.
  if (options.fuse)
    buildKilnFusionPipeline(pm, /*fuseContractions=*/!options.blas);
}

void kiln::buildKilnCpuPipeline(OpPassManager &pm,
                                const CpuPipelineOptions &options) {
  buildKilnCpuTensorPipeline(pm, options);
  buildKilnCpuLoweringPipeline(pm, options);
}

void kiln::buildKilnCpuLoweringPipeline(OpPassManager &pm,
                                        const CpuPipelineOptions &options) {
  // Intermediates go to one arena per call; what remains (row-sized
  // temporaries of fusion groups, allocated in loops) lives on the stack.
  buildKilnBufferizationPipeline(pm);
  bufferization::PromoteBuffersToStackPassOptions stack;
  stack.maxAllocSizeInBytes = 64 * 1024;
  pm.addNestedPass<func::FuncOp>(
      bufferization::createPromoteBuffersToStackPass(stack));
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createCanonicalizerPass());
  if (!options.lowerToLLVM)
    return;

  // Buffers returned to the caller are cloned (fresh allocations);
  // lower the clones to alloc + copy.
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createForallToParallelLoopPass());
  if (options.blas)
    pm.addPass(createKilnMatmulToBlas());
  if (options.parallel)
    pm.addPass(createKilnDistributeLoops());
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  bool useAsync = options.parallel && options.parallelRuntime == "async";
  if (options.parallel && !useAsync)
    pm.addPass(createConvertSCFToOpenMPPass());
  if (useAsync) {
    AsyncParallelForPassOptions async;
    async.asyncDispatch = true;
    async.numWorkerThreads = std::max<int32_t>(
        1, llvm::hardware_concurrency().compute_thread_count());
    async.minTaskSize = 1;
    pm.addPass(createAsyncParallelForPass(async));
    pm.addPass(createAsyncToAsyncRuntimePass());
    pm.addPass(createAsyncRuntimeRefCountingPass());
    pm.addPass(createAsyncRuntimeRefCountingOptPass());
  }
  pm.addPass(createKilnLowerDynamicExpandShape());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Before SCF-to-CF: the OpenMP conversion wraps loop bodies in
  // memref.alloca_scope, which must stay single-block until lowered.
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createKilnApproximateMath());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  if (useAsync)
    pm.addPass(createConvertAsyncToLLVMPass());
  pm.addPass(createConvertToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
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
