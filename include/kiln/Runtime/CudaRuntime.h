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

#include "kiln/Runtime/DeviceMemoryCache.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
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

/// Counters of the caching device allocator that serves every device
/// allocation (DeviceMemoryCache.h).
DeviceMemoryStats getCudaMemoryStats();

/// Milliseconds of `fn` measured with CUDA events on the default stream.
llvm::Expected<double> cudaTimeMs(llvm::function_ref<llvm::Error()> fn);

/// (symbol name, address) of every mgpu* function.
std::vector<std::pair<llvm::StringRef, void *>> getCudaRuntimeSymbols();

} // namespace kiln

#endif // KILN_RUNTIME_CUDARUNTIME_H
