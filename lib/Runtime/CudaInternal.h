//===- CudaInternal.h - Shared state of Kiln's CUDA runtime -----*- C++ -*-===//
//
// What CudaRuntime.cpp (the driver, the allocator, error recording) offers
// the other parts of the CUDA runtime (CudaBlas.cpp). Not installed.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_RUNTIME_CUDAINTERNAL_H
#define KILN_LIB_RUNTIME_CUDAINTERNAL_H

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "llvm/ADT/StringRef.h"

namespace kiln::cuda_detail {

/// Loads the driver on first use and makes the context current; false
/// (with the error recorded) if CUDA is unusable.
bool ready();
/// Records `message` as the first error unless one is recorded already.
void recordError(const std::string &message);
/// True if an error is recorded.
bool hasError();
/// Device memory from the caching allocator for work on `stream`.
void *allocateDevice(size_t bytes, const void *stream);
/// Device memory a library keeps across calls (cuBLASLt's workspace):
/// never part of a CUDA graph's memory, even when allocated in a capture.
void *allocateLibraryMemory(size_t bytes);
/// The stream that work for the legacy default stream goes to now: null,
/// or the capture stream while a CUDA graph is captured on this thread.
void *getWorkStream();
/// Returns `device` (from allocateDevice) to the cache once the work queued
/// on `stream` is done with it (during a capture, the graph keeps it).
void freeDevice(void *device, const void *stream);
/// Copies `rows` rows of `rowBytes` bytes from `src` (rows `srcPitch` bytes
/// apart) to `dst` (rows `dstPitch` bytes apart), device to device, on
/// `stream`.
void copyDevice2D(void *dst, size_t dstPitch, const void *src,
                  size_t srcPitch, size_t rowBytes, size_t rows, void *stream);
/// Fills `count` 32-bit words at `device` with zero on `stream`.
void zeroDevice32(void *device, size_t count, void *stream);
/// Fills `count` 16-bit words at `device` with zero on `stream`.
void zeroDevice16(void *device, size_t count, void *stream);

/// (symbol name, address) of the cuBLASLt matmul entry points.
std::vector<std::pair<llvm::StringRef, void *>> getCudaBlasSymbols();

} // namespace kiln::cuda_detail

#endif // KILN_LIB_RUNTIME_CUDAINTERNAL_H
