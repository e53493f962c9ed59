//===- Executable.h - JIT-compiled Kiln functions ---------------*- C++ -*-===//
//
// Compiles one function of a Kiln module through the CPU or GPU pipeline
// and the LLVM JIT (or loads one compiled ahead of time), and calls it on HostTensors. Arguments are checked and
// bound by the function's kiln::Signature. The compiled function returns
// buffers it allocated; run() hands them to the caller as HostTensors
// without copying (copying only views that are not contiguous or that alias
// an input or another result).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNNER_EXECUTABLE_H
#define KILN_RUNNER_EXECUTABLE_H

#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Runner/CompileCache.h"
#include "kiln/Runner/CudaGraphCache.h"
#include "kiln/Runtime/HostTensor.h"
#include "kiln/Signature/Signature.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <vector>

namespace mlir {
class ExecutionEngine;
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace kiln {

struct ArtifactManifest;
struct ArtifactObject;

/// An argument the caller owns and lends for one call: contiguous row-major
/// host data of `dtype` and `shape` (NumPy arrays and DLPack tensors are
/// passed this way, without copies).
struct TensorRef {
  DType dtype;
  const void *data;
  llvm::ArrayRef<int64_t> shape;

  size_t getNumBytes() const;
};

/// A result left in device memory by callOnDevice(): `data` is its first
/// element, `allocation` what to give back with kiln::cudaFree.
struct DeviceTensor {
  DType dtype;
  llvm::SmallVector<int64_t> shape;
  void *data;
  void *allocation;

  size_t getNumBytes() const;
};

/// A function compiled for the host CPU.
class Executable {
public:
  Executable() = default;
  ~Executable();

  /// Compiles function `entry` of `module` (Kiln-level or already lowered;
  /// the module is modified in place) through `buildKilnCpuPipeline` and the
  /// JIT at -O3 for the host CPU. Errors carry the pipeline's diagnostics.
  /// With a `cache`, the pipeline's output is looked up there first and
  /// stored there after a miss (CompileCache.h).
  /// With an `artifact`, the compiled code is also written as a
  /// relocatable object with its manifest (Artifact.h), which
  /// kiln::writeArtifact links into a shared library.
  static llvm::Expected<std::unique_ptr<Executable>>
  compile(mlir::ModuleOp module, llvm::StringRef entry,
          const CpuPipelineOptions &options,
          const CompileCache *cache = nullptr,
          const ArtifactObject *artifact = nullptr);

  /// The same for NVIDIA GPUs: `buildKilnGpuPipeline`, host code JIT-ed,
  /// kernels embedded as PTX/cubin, run through Kiln's CUDA runtime. run()
  /// copies inputs to the device and results back.
  static llvm::Expected<std::unique_ptr<Executable>>
  compile(mlir::ModuleOp module, llvm::StringRef entry,
          const GpuPipelineOptions &options,
          const CompileCache *cache = nullptr,
          const ArtifactObject *artifact = nullptr);

  /// Loads an artifact (a shared library written by kiln::writeArtifact):
  /// checks its ABI version, reads its manifest, parses the Kiln-level
  /// module it was compiled from into `ctx` (returned in `source`: the
  /// signature's dims live there) and binds its entry point; no pipeline
  /// and no JIT run. `info` receives the manifest.
  static llvm::Expected<std::unique_ptr<Executable>>
  load(llvm::StringRef path, mlir::MLIRContext *ctx,
       mlir::OwningOpRef<mlir::ModuleOp> &source,
       ArtifactManifest *info = nullptr);

  /// The Kiln-level signature of the compiled function (its dims live in
  /// the module's MLIRContext, which must outlive the executable).
  const Signature &getSignature() const { return signature; }

  /// Kernels (linalg loop nests after fusion) in the compiled function.
  int64_t getNumKernels() const { return numKernels; }

  /// True when the pipeline's output came from the compile cache.
  bool isFromCache() const { return fromCache; }

  /// Calls the function. The inputs are checked first by
  /// Signature::bind: their number, ranks, dtypes, every dim (static
  /// sizes, symbols, expressions such as `B*S`) and the function's facts
  /// (an error names the problem, e.g. "symbol S is bound to 5 by
  /// argument 0 (dim 1) and to 7 by argument 1 (dim 0)").
  llvm::Expected<std::vector<HostTensor>>
  run(llvm::ArrayRef<HostTensor> inputs);
  /// The same on borrowed arguments (never adopted, freed nor written).
  llvm::Expected<std::vector<HostTensor>>
  call(llvm::ArrayRef<TensorRef> inputs);

  /// A CUDA executable's call on arguments already in device memory (the
  /// TensorRefs' data are device pointers of the current context): the
  /// work is queued on the legacy default stream and the call returns
  /// without waiting; the results stay on the device (fresh allocations
  /// the caller frees, never an argument's memory). A kernel's failure
  /// shows at the next cudaSynchronize.
  llvm::Expected<std::vector<DeviceTensor>>
  callOnDevice(llvm::ArrayRef<TensorRef> inputs);

  /// Calls the function `repeat` times back to back on the same inputs
  /// (checked as run() checks them), discards the results, and returns the
  /// milliseconds of each call. On the CPU: wall-clock time of run(). On
  /// the GPU: the inputs are copied to the device once, the calls are
  /// asynchronous (setCudaAsyncCalls) and each is bracketed by CUDA events,
  /// so a call's time is its device time in steady state, as
  /// torch.cuda.Event timings of back-to-back calls measure.
  llvm::Expected<std::vector<double>> time(llvm::ArrayRef<HostTensor> inputs,
                                           unsigned repeat);

  /// The CUDA graph counters (all zero unless compiled with the GPU
  /// pipeline's `cuda-graphs`, CudaGraphCache.h).
  CudaGraphStats getCudaGraphStats() const;
  /// Calls are captured into CUDA graphs (the `cuda-graphs` option).
  bool usesCudaGraphs() const { return graphs != nullptr; }

private:
  /// Compiles `entry` with `lower` (runs a pipeline, counts kernels), or
  /// takes the lowered module from `cache` (keyed with `options`, the
  /// printed pipeline options), and JITs the result with the runtime
  /// functions `symbols`.
  static llvm::Expected<std::unique_ptr<Executable>> compileWith(
      mlir::ModuleOp module, llvm::StringRef entry,
      llvm::function_ref<mlir::LogicalResult(mlir::ModuleOp, mlir::func::FuncOp,
                                             int64_t &)>
          lower,
      llvm::ArrayRef<std::pair<llvm::StringRef, void *>> symbols, bool cuda,
      const CompileCache *cache, llvm::StringRef options,
      const ArtifactObject *artifact);
  /// Runs the compiled function on packed arguments (PackedCall).
  llvm::Error invoke(llvm::MutableArrayRef<void *> args);
  /// run() on the GPU: inputs to the device, one asynchronous call, a
  /// synchronization, results back to the host.
  llvm::Expected<std::vector<HostTensor>>
  runOnCuda(llvm::ArrayRef<TensorRef> inputs);
  /// callOnDevice() after its checks, asynchronous calls on: through the
  /// CUDA graph cache when there is one.
  llvm::Expected<std::vector<DeviceTensor>>
  callDevice(llvm::ArrayRef<TensorRef> inputs);
  /// One run of the compiled host code on device arguments.
  llvm::Expected<std::vector<DeviceTensor>>
  invokeOnDevice(llvm::ArrayRef<TensorRef> inputs);

  /// The error of a run-time check that failed in the last call (and
  /// clears it); success when none did.
  llvm::Error takeFailedCheck();

  /// The JIT's code, or a loaded artifact's (its dlopen handle and packed
  /// entry point).
  std::unique_ptr<mlir::ExecutionEngine> engine;
  void *library = nullptr;
  void (*packedEntry)(void **) = nullptr;
  /// A loaded artifact's kiln_artifact_fini (run before dlclose).
  void (*artifactFini)() = nullptr;
  /// The module's error slot (kiln::abi::kErrorSlot) and the messages of
  /// its checks; null when it has no run-time checks.
  int64_t *errorSlot = nullptr;
  std::vector<std::string> errorMessages;
  std::string entry;
  /// Calls replayed as CUDA graphs (GpuPipelineOptions::cudaGraphs).
  std::unique_ptr<CudaGraphCache> graphs;
  int64_t numKernels = 0;
  bool cuda = false;
  bool fromCache = false;
  Signature signature;
};

} // namespace kiln

#endif // KILN_RUNNER_EXECUTABLE_H
