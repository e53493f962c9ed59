//===- GpuPipeline.cpp - Kiln's GPU pipeline ------------------------------===//
//
//   kiln -> linalg           the front half of the CPU pipeline
//   -> fusion groups         elementwise fusion, kiln-fuse-rows
//   -> buffers               bufferization, one arena per call
//   -> loops -> kernels      kiln-map-to-gpu: one gpu.launch per loop nest
//                            (kiln/Codegen/GPU/Transforms.h); outlined,
//                            identical kernels merged (each compiles once)
//   -> NVVM -> binary        libdevice linked, PTX/cubin for `chip`
//   -> host LLVM             gpu.launch_func through the mgpu* runtime ABI
//
// Fusion groups over rows run one block per row (gpu.all_reduce for the
// reductions), other loops one thread per 16-byte vector of iterations;
// attention in the flash form is one fused tensor-core kernel
// (flash-attention=true, kiln.flash_attention).
// Matmuls call cuBLASLt (kiln-matmul-to-cublas, before memory planning),
// which also computes a relu?(x + bias? + residual?) epilogue, writes half
// products that are only rounded in their half type, and reads transposed
// copies' inputs transposed; other epilogues are kernels. With
// cublas=false matmuls are generated loop nests (one thread per output
// element).
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Common/Passes.h"
#include "kiln/Codegen/GPU/Passes.h"
#include "kiln/Pipelines/Pipelines.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using kiln::PipelineStage;

/// Matmuls stay out of fusion groups (library calls or kernels of their
/// own); purely elementwise ops stay flat (one thread per 16 bytes,
/// coalesced) rather than becoming a loop over rows. kiln-map-to-gpu gives
/// each row a block, with the row's temporaries in shared memory or, where
/// they are symbolic or large, in rows of a global scratch buffer.
static void addFusionStage(OpPassManager &pm) {
  kiln::FusionSettings settings;
  settings.onlyWithReductions = true;
  kiln::buildKilnFusionPipeline(pm, settings);
}

/// Matmuls become cuBLASLt calls before lifetimes are planned: a call that
/// takes over its epilogue reads its inputs where the epilogue was.
static void addBufferizationStage(OpPassManager &pm,
                                  const kiln::GpuPipelineOptions &options) {
  kiln::buildKilnBufferizationPipeline(pm, [&](OpPassManager &nested) {
    if (!options.cublas)
      return;
    nested.addPass(kiln::createKilnMatmulToCublas());
    // Products whose epilogue went into the call leave unused buffers.
    nested.addPass(createCanonicalizerPass());
  });
}

/// Loops to kernels, NVVM and the binary, host code to LLVM.
static void addLoweringStage(OpPassManager &pm,
                             const kiln::GpuPipelineOptions &options) {
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createCanonicalizerPass());

  pm.addPass(createForallToParallelLoopPass());
  pm.addPass(createConvertLinalgToParallelLoopsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  kiln::KilnMapToGpuOptions map;
  map.blockSize = options.blockSize;
  pm.addNestedPass<func::FuncOp>(kiln::createKilnMapToGpu(map));
  pm.addPass(kiln::createKilnLowerDynamicExpandShape());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Fold the mapping's index arithmetic and sink constants into kernels:
  // static extents stay constants there (a division by a power of two
  // becomes a shift rather than a division by a kernel argument).
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createGpuLaunchSinkIndexComputationsPass());
  pm.addPass(createGpuKernelOutliningPass());
  // Each distinct kernel compiles once (a model's layers repeat them).
  pm.addPass(kiln::createKilnDedupeGpuModules());
  // Checks left on the host report through the error slot; those in
  // kernels become the device's assertion (__assertfail).
  pm.addPass(kiln::createKilnLowerAsserts());
  // Math goes to libdevice (exp: __nv_fast_expf under kiln-map-to-gpu's
  // fast-math; __nv_erff, __nv_tanhf), cheaper on the GPU than
  // kiln-approximate-math's polynomials.
  pm.addPass(createSCFToControlFlowPass());

  GpuNVVMAttachTargetOptions target;
  target.chip = options.chip;
  target.features = options.features;
  target.linkLibs.push_back(options.cudaPath +
                            "/nvvm/libdevice/libdevice.10.bc");
  pm.addPass(createGpuNVVMAttachTarget(target));
  pm.addNestedPass<gpu::GPUModuleOp>(createConvertGpuOpsToNVVMOps());
  pm.addPass(createReconcileUnrealizedCastsPass());
  // Device allocations and copies lower to runtime calls in async form.
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());
  pm.addPass(createGpuToLLVMConversionPass());
  GpuModuleToBinaryPassOptions binary;
  binary.toolkitPath = options.cudaPath;
  binary.compilationTarget = options.format;
  pm.addPass(createGpuModuleToBinaryPass(binary));
  pm.addPass(createConvertToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void kiln::buildKilnGpuPipeline(OpPassManager &pm,
                                const GpuPipelineOptions &options,
                                PipelineStage first, PipelineStage last) {
  addKilnPipelineStages(
      pm, first, last, [](OpPassManager &nested) { addFusionStage(nested); },
      [&](OpPassManager &nested) { addBufferizationStage(nested, options); },
      [&](OpPassManager &nested) { addLoweringStage(nested, options); },
      options.flashAttention);
}
