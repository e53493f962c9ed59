//===- HostMemory.h - The caching host allocator ----------------*- C++ -*-===//
//
// Host memory for compiled CPU code (its arenas, results and temporaries)
// and for HostTensor: 64-byte aligned blocks from one process-wide
// MemoryCache over the C heap, kept by the CPU runtime
// (libKilnCpuRuntime.so). A steady-state call therefore touches no fresh
// pages: freed blocks are handed out again instead of going back to the
// OS and being faulted in on the next call. Free cached blocks are bounded
// (KILN_HOST_CACHE_MIB, default 2048); past the bound, freed blocks go back
// to the heap.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_HOSTMEMORY_H
#define KILN_RUNTIME_HOSTMEMORY_H

#include "kiln/Runtime/MemoryCache.h"

#include <cstddef>

extern "C" {
/// A 64-byte aligned block of at least `bytes` bytes, or null when the
/// heap is exhausted.
void *kiln_rt_host_alloc(size_t bytes);
/// Gives back a block of kiln_rt_host_alloc (or of the generic allocation
/// functions); null is ignored, and a block the cache does not know (an
/// over-aligned one) goes to free().
void kiln_rt_host_free(void *block);

/// MLIR's generic allocation functions (RuntimeABI.h), over the same cache.
void *_mlir_memref_to_llvm_alloc(size_t bytes);
void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t bytes);
void _mlir_memref_to_llvm_free(void *block);
}

namespace kiln {

/// Counters of the host cache.
MemoryCacheStats getHostMemoryStats();

/// Returns every free cached host block to the heap.
void releaseHostMemory();

} // namespace kiln

#endif // KILN_RUNTIME_HOSTMEMORY_H
