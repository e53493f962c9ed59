//===- Pipelines.h - Kiln's compilation pipelines ---------------*- C++ -*-===//
//
// The pipelines as library functions with option structs: kiln-opt registers
// them (`--kiln-cpu-pipeline`), kiln-run and tests call the same functions.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PIPELINES_PIPELINES_H
#define KILN_PIPELINES_PIPELINES_H

#include "kiln/Support/Paths.h"

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
                                              "libdevice; default: "
                                              "$KILN_CUDA_PATH, $CUDA_HOME "
                                              "or the configured one)"),
                               llvm::cl::init(getCudaToolkitDir())};
  Option<int64_t> blockSize{*this, "block-size",
                            llvm::cl::desc("Threads per block"),
                            llvm::cl::init(256)};
  Option<bool> cublas{
      *this, "cublas",
      llvm::cl::desc("Matmuls call cuBLASLt (false: generated kernels)"),
      llvm::cl::init(true)};
  Option<bool> flashAttention{
      *this, "flash-attention",
      llvm::cl::desc("kiln.attention of f16/bf16 inputs with static head "
                     "dims (multiples of 16 up to 128), no mask, is one "
                     "fused tensor-core kernel (false: two matmuls around "
                     "a softmax kernel)"),
      llvm::cl::init(true)};
  Option<bool> cudaGraphs{
      *this, "cuda-graphs",
      llvm::cl::desc("reduce-overhead: the runner captures a call into a "
                     "CUDA graph per binding of the arguments' shapes and "
                     "replays it (no effect on the IR)"),
      llvm::cl::init(false)};
  Option<unsigned> maxCudaGraphs{
      *this, "max-cuda-graphs",
      llvm::cl::desc("cuda-graphs: bindings kept (least recently used "
                     "evicted)"),
      llvm::cl::init(16)};
};

/// The stages of every Kiln pipeline, in order (CIRCT's firtool model):
/// each target's pipeline is these stages with the target's settings, and
/// a tool that needs part of a pipeline (the memory report stops after
/// planning; Executable counts kernels after fusion) builds that slice of
/// the same function, never a copy of its settings.
enum class PipelineStage {
  /// Kiln-level cleanup, shape simplification under facts, decomposition,
  /// lowering to linalg on tensors (the same on every target).
  Frontend,
  /// Elementwise fusion and fusion groups on tensors.
  Fusion,
  /// One-shot bufferization, the target's library calls that change which
  /// buffers ops use (cuBLASLt epilogues), one memory arena per call.
  Bufferization,
  /// Everything after planning, down to the LLVM dialect (and, on the GPU,
  /// kernels serialized to PTX/cubin).
  Lowering,
};

/// Kiln module -> LLVM dialect module for the host CPU: stages `first`
/// through `last`. Function results are buffers that the callee allocates
/// (malloc) and the caller frees; a function with `llvm.emit_c_interface`
/// gets `_mlir_ciface_NAME`.
void buildKilnCpuPipeline(mlir::OpPassManager &pm,
                          const CpuPipelineOptions &options,
                          PipelineStage first = PipelineStage::Frontend,
                          PipelineStage last = PipelineStage::Lowering);

/// Kiln module -> host code (LLVM dialect) that launches kernels embedded
/// as a gpu.binary (PTX/cubin for `chip`), calling the `mgpu*` runtime ABI
/// that Kiln's CUDA runtime implements: stages `first` through `last`.
void buildKilnGpuPipeline(mlir::OpPassManager &pm,
                          const GpuPipelineOptions &options,
                          PipelineStage first = PipelineStage::Frontend,
                          PipelineStage last = PipelineStage::Lowering);

/// Adds the stages `first` through `last` of a target's pipeline, each
/// built by its function (the Frontend stage is shared by every target;
/// `flashAttention` as in buildKilnFrontendPipeline).
void addKilnPipelineStages(
    mlir::OpPassManager &pm, PipelineStage first, PipelineStage last,
    llvm::function_ref<void(mlir::OpPassManager &)> fusion,
    llvm::function_ref<void(mlir::OpPassManager &)> bufferization,
    llvm::function_ref<void(mlir::OpPassManager &)> lowering,
    bool flashAttention = false);

/// The front half shared by every target (PipelineStage::Frontend). With
/// `flashAttention` (a target with a fused attention kernel), kiln.attention
/// in the flash form becomes kiln.flash_attention instead of matmuls and a
/// softmax.
void buildKilnFrontendPipeline(mlir::OpPassManager &pm,
                               bool flashAttention = false);

/// What a target's Fusion stage does differently.
struct FusionSettings {
  /// Matmuls join their epilogue's group (generated matmuls).
  bool fuseContractions = false;
  /// Only groups holding a reduction are formed (the rest become kernels
  /// through the target's own mapping).
  bool onlyWithReductions = false;
  /// kiln-fuse-elementwise's share-transcendentals: an exp read by a
  /// reduction and its normalization is computed once per row, into a row
  /// buffer (cheap on the CPU's stack; a GPU block recomputes instead).
  bool shareTranscendentals = false;
};

/// Fusion on linalg tensors, the building block of every target's Fusion
/// stage: elementwise fusion without recompute, then the fusion groups
/// (kiln-fuse-rows).
void buildKilnFusionPipeline(mlir::OpPassManager &pm,
                             const FusionSettings &settings);

/// One-shot bufferization (identity layouts at function boundaries) and
/// one memory arena per call (kiln-plan-memory), the building block of
/// every target's Bufferization stage. `beforePlanning` adds the passes
/// that change which buffers ops use (library calls that take over an
/// epilogue) before lifetimes are planned.
void buildKilnBufferizationPipeline(
    mlir::OpPassManager &pm,
    llvm::function_ref<void(mlir::OpPassManager &)> beforePlanning = {});

/// Registers `--kiln-cpu-pipeline`, `--kiln-gpu-pipeline` and the front
/// half as `--kiln-frontend-pipeline`.
void registerKilnPipelines();

} // namespace kiln

#endif // KILN_PIPELINES_PIPELINES_H
