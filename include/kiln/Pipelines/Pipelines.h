//===- Pipelines.h - Kiln's compilation pipelines ---------------*- C++ -*-===//
//
// The pipelines as library functions with option structs: kiln-opt registers
// them (`--kiln-cpu-pipeline`), kiln-run and tests call the same functions.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PIPELINES_PIPELINES_H
#define KILN_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

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

/// The front half shared by every target: Kiln-level cleanup, shape
/// simplification under facts, decomposition, lowering to linalg on tensors.
void buildKilnFrontendPipeline(mlir::OpPassManager &pm);

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

/// Registers `--kiln-cpu-pipeline` (and the front half as
/// `--kiln-frontend-pipeline`).
void registerKilnPipelines();

} // namespace kiln

#endif // KILN_PIPELINES_PIPELINES_H
