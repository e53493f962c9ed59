//===- CudaRuntime.h - Kiln's CUDA runtime ----------------------*- C++ -*-===//
//
// The host side of Kiln's GPU code: the `mgpu*` functions that host code
// from the GPU pipeline calls (module loading, launches, streams, device
// allocation, copies), implemented over the CUDA driver API, plus the
// staging helpers the runner uses. The driver (libcuda.so.1) is opened on
// first use, so binaries that link this library run on machines without a
// GPU; --target=cuda then fails with a clear message.
//
// Errors: the mgpu* ABI cannot return errors, so the first failing call is
// recorded (naming the call and the CUDA error) and later launches are
// skipped; takeCudaError() hands it to the caller after the call.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_CUDARUNTIME_H
#define KILN_RUNTIME_CUDARUNTIME_H

#include "kiln/Runtime/MemoryCache.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace kiln {

/// Loads the CUDA driver and creates the context on first use.
llvm::Error initCuda();

/// The first CUDA error since the last call, as an llvm::Error (success if
/// none), and clears it.
llvm::Error takeCudaError();

/// Device memory helpers for the runner (errors name the failing call).
llvm::Expected<void *> cudaAllocate(size_t bytes);
llvm::Error cudaFree(void *device);
llvm::Error cudaCopyToDevice(void *device, const void *host, size_t bytes);
llvm::Error cudaCopyToHost(void *host, const void *device, size_t bytes);
/// A device-to-device copy queued on the legacy default stream.
llvm::Error cudaCopyOnDevice(void *dst, const void *src, size_t bytes);

/// Counters of the caching device allocator that serves every device
/// allocation (MemoryCache.h).
MemoryCacheStats getCudaMemoryStats();

/// Asynchronous calls, as PyTorch runs operators. Off (the default), a
/// compiled function runs its work on a stream of its own and waits for it
/// before returning. On, it queues all its work (kernels, copies, cuBLASLt
/// calls) on the legacy default stream and returns at once: its results
/// are valid in stream order, cudaCopyToHost and cudaSynchronize wait for
/// them, and memory freed by the host is reused in stream order. Kiln's
/// own streams are blocking, so they stay ordered with that stream.
void setCudaAsyncCalls(bool enabled);
bool getCudaAsyncCalls();

/// Makes `stream` (a CUstream; null: the legacy default stream) wait for
/// the work queued on `other` so far, without blocking the host. A no-op
/// when both are the same stream.
llvm::Error cudaStreamWaitFor(void *stream, void *other);

/// Waits for all queued work; an error names the call that failed,
/// including a kernel that faulted.
llvm::Error cudaSynchronize();

/// Milliseconds of each of `count` calls of `fn(i)`, made back to back
/// and bracketed by CUDA events on the legacy default stream. With
/// asynchronous calls the host queues call i + 1 while the device runs
/// call i, so a call's time is its device time (plus any gap where the
/// host fell behind).
llvm::Expected<std::vector<double>>
cudaTimeEachMs(unsigned count, llvm::function_ref<llvm::Error(unsigned)> fn);

/// A CUDA graph of one call's device work, and the device memory that work
/// uses: every block allocated (or freed) while it was captured, kept until
/// the graph is destroyed, so each launch finds its buffers where the
/// capture put them. Launches run on the legacy default stream.
class CudaGraph {
public:
  CudaGraph(const CudaGraph &) = delete;
  CudaGraph &operator=(const CudaGraph &) = delete;
  ~CudaGraph();

  /// Starts recording this thread's device work into a graph instead of
  /// running it: kernels, copies and cuBLASLt calls that compiled code
  /// queues on the legacy default stream (asynchronous calls) go to a
  /// capture stream, and its allocations become the graph's memory.
  static llvm::Error beginCapture();
  /// Ends the capture and instantiates the graph; an error (a call that
  /// failed or could not be recorded) ends it too and frees its memory.
  static llvm::Expected<std::unique_ptr<CudaGraph>> endCapture();

  /// Queues the graph's work on the legacy default stream.
  llvm::Error launch();

private:
  CudaGraph() = default;
  void *exec = nullptr;
  std::vector<uintptr_t> blocks;
};

/// (symbol name, address) of every mgpu* function.
std::vector<std::pair<llvm::StringRef, void *>> getCudaRuntimeSymbols();

} // namespace kiln

#endif // KILN_RUNTIME_CUDARUNTIME_H
