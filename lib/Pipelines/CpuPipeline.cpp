//===- CpuPipeline.cpp - Kiln's CPU pipeline ------------------------------===//
//
// The shared stages (SharedStages.cpp) with the CPU's settings, then the
// CPU's lowering:
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

#include "kiln/Codegen/CPU/Passes.h"
#include "kiln/Codegen/Common/Passes.h"
#include "kiln/Pipelines/Pipelines.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Async/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/Threading.h"

using namespace mlir;
using kiln::PipelineStage;

/// Matmuls sent to BLAS stay out of fusion groups.
static void addFusionStage(OpPassManager &pm,
                           const kiln::CpuPipelineOptions &options) {
  if (!options.fuse)
    return;
  kiln::FusionSettings settings;
  settings.fuseContractions = !options.blas;
  settings.shareTranscendentals = true;
  kiln::buildKilnFusionPipeline(pm, settings);
}

/// Everything after memory planning: what is left (row-sized temporaries
/// of fusion groups, allocated in loops) lives on the stack (static sizes
/// here, symbolic ones once the loops have their final form), then loops,
/// OpenMP or async, and LLVM.
static void addLoweringStage(OpPassManager &pm,
                             const kiln::CpuPipelineOptions &options) {
  bufferization::PromoteBuffersToStackPassOptions stack;
  stack.maxAllocSizeInBytes = kiln::kMaxStackBufferBytes;
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
    pm.addPass(kiln::createKilnMatmulToBlas());
  if (options.parallel)
    pm.addPass(kiln::createKilnDistributeLoops());
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(kiln::createKilnLowerAsserts());
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
  // Row buffers of symbolic size: on the stack when small (after the loops
  // took their final form: an OpenMP body is an allocation scope).
  pm.addPass(kiln::createKilnStackDynamicBuffers());
  pm.addPass(kiln::createKilnLowerDynamicExpandShape());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Before SCF-to-CF: the OpenMP conversion wraps loop bodies in
  // memref.alloca_scope, which must stay single-block until lowered.
  // Allocations through the CPU runtime's caching host allocator (no page
  // faults per call: RuntimeABI.h, HostMemory.h).
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(kiln::createKilnApproximateMath());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  if (useAsync)
    pm.addPass(createConvertAsyncToLLVMPass());
  pm.addPass(createConvertToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void kiln::buildKilnCpuPipeline(OpPassManager &pm,
                                const CpuPipelineOptions &options,
                                PipelineStage first, PipelineStage last) {
  addKilnPipelineStages(
      pm, first, last, [&](OpPassManager &nested) { addFusionStage(nested, options); },
      [](OpPassManager &nested) { buildKilnBufferizationPipeline(nested); },
      [&](OpPassManager &nested) { addLoweringStage(nested, options); });
}
