//===- Pipelines.h - Kiln's compilation pipelines ---------------*- C++ -*-===//
//
// The pipelines as library functions with option structs: kiln-opt registers
// them (`--kiln-cpu-pipeline`), kiln-run and tests call the same functions.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PIPELINES_PIPELINES_H
#define KILN_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace kiln {

/// Options of the CPU pipeline (also `--kiln-cpu-pipeline="..."`).
struct CpuPipelineOptions
    : public mlir::PassPipelineOptions<CpuPipelineOptions> {
  Option<bool> fuse{*this, "fuse",
                    llvm::cl::desc("Fuse elementwise producers into their "
                                   "consumers"),
                    llvm::cl::init(true)};
  Option<bool> parallel{*this, "parallel",
                        llvm::cl::desc("Run parallel loops on all cores "
                                       "(OpenMP)"),
                        llvm::cl::init(true)};
  Option<std::string> parallelRuntime{
      *this, "parallel-runtime",
      llvm::cl::desc("How parallel loops run: `openmp` (libomp) or `async` "
                     "(MLIR's async runtime)"),
      llvm::cl::init("openmp")};
  Option<bool> blas{*this, "blas",
                    llvm::cl::desc("Call BLAS (OpenBLAS) for f32 matrix "
                                   "products instead of generated loops"),
                    llvm::cl::init(true)};
  Option<bool> lowerToLLVM{*this, "lower-to-llvm",
                           llvm::cl::desc("Lower to the LLVM dialect (off: "
                                          "stop after bufferization)"),
                           llvm::cl::init(true)};
};

/// Options of the GPU pipeline (also `--kiln-gpu-pipeline="..."`).
struct GpuPipelineOptions
    : public mlir::PassPipelineOptions<GpuPipelineOptions> {
  Option<std::string> chip{*this, "chip", llvm::cl::desc("GPU architecture"),
                           llvm::cl::init("sm_90")};
  Option<std::string> features{*this, "features",
                               llvm::cl::desc("PTX features"),
                               llvm::cl::init("+ptx80")};
  Option<std::string> format{*this, "format",
                             llvm::cl::desc("isa (PTX), bin (cubin) or "
                                            "fatbin (cubin + PTX)"),
                             llvm::cl::init("fatbin")};
  Option<std::string> cudaPath{*this, "cuda-path",
                               llvm::cl::desc("CUDA toolkit (ptxas, "
                                              "libdevice)"),
                               llvm::cl::init("/usr/local/cuda")};
  Option<int64_t> blockSize{*this, "block-size",
                            llvm::cl::desc("Threads per block"),
                            llvm::cl::init(256)};
  Option<bool> cublas{
      *this, "cublas",
      llvm::cl::desc("Matmuls call cuBLASLt (false: generated kernels)"),
      llvm::cl::init(true)};
};

/// Kiln module -> host code (LLVM dialect) that launches kernels embedded
/// as a gpu.binary (PTX/cubin for `chip`), calling the `mgpu*` runtime ABI
/// that Kiln's CUDA runtime implements. Shares the front half and the
/// fusion groups with the CPU pipeline.
void buildKilnGpuPipeline(mlir::OpPassManager &pm,
                          const GpuPipelineOptions &options);

/// The front half shared by every target: Kiln-level cleanup, shape
/// simplification under facts, decomposition, lowering to linalg on tensors.
void buildKilnFrontendPipeline(mlir::OpPassManager &pm);

/// Fusion on linalg tensors, shared by every target: elementwise fusion
/// without recompute, then the fusion groups (kiln-fuse-rows; matmuls join
/// their epilogue's group when `fuseContractions`; only groups holding a
/// reduction are formed when `onlyWithReductions`).
void buildKilnFusionPipeline(mlir::OpPassManager &pm, bool fuseContractions,
                             bool onlyWithReductions = false);

/// The GPU pipeline's library calls on buffers (kiln-matmul-to-cublas),
/// which run before memory planning.
void addKilnGpuLibraryCalls(mlir::OpPassManager &pm);

/// One-shot bufferization (identity layouts at function boundaries) and
/// one memory arena per call (kiln-plan-memory), shared by every target.
/// `beforePlanning` adds the passes that change which buffers ops use
/// (library calls that take over an epilogue) before lifetimes are planned.
void buildKilnBufferizationPipeline(
    mlir::OpPassManager &pm,
    llvm::function_ref<void(mlir::OpPassManager &)> beforePlanning = {});

/// The tensor-level half of the CPU pipeline: the front half, then fusion.
/// Each remaining linalg op is one kernel (loop nest).
void buildKilnCpuTensorPipeline(mlir::OpPassManager &pm,
                                const CpuPipelineOptions &options);

/// The buffer-level half: bufferization, loops, LLVM.
void buildKilnCpuLoweringPipeline(mlir::OpPassManager &pm,
                                  const CpuPipelineOptions &options);

/// Kiln module -> LLVM dialect module for the host CPU (the two halves).
/// Function results are buffers that the callee allocates (malloc) and the
/// caller frees; a function with `llvm.emit_c_interface` gets
/// `_mlir_ciface_NAME`.
void buildKilnCpuPipeline(mlir::OpPassManager &pm,
                          const CpuPipelineOptions &options);

/// Registers `--kiln-cpu-pipeline`, `--kiln-gpu-pipeline` and the front
/// half as `--kiln-frontend-pipeline`.
void registerKilnPipelines();

} // namespace kiln

#endif // KILN_PIPELINES_PIPELINES_H
