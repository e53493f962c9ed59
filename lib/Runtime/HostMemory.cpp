//===- HostMemory.cpp - The caching host allocator ------------------------===//
//
// The CPU runtime's process-wide MemoryCache over aligned_alloc, and the
// generic allocation functions compiled CPU code calls.
//
//===----------------------------------------------------------------------===//

#include "kiln/Runtime/HostMemory.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace kiln;

/// Every block's alignment (a cache line, and AVX-512's vector width).
static constexpr size_t kHostAlignment = 64;

/// The bound on free cached bytes: $KILN_HOST_CACHE_MIB, default 2 GiB.
static size_t getMaxCachedBytes() {
  size_t mib = 2048;
  if (const char *value = std::getenv("KILN_HOST_CACHE_MIB")) {
    char *end = nullptr;
    unsigned long long parsed = std::strtoull(value, &end, 10);
    if (end != value && *end == '\0')
      mib = parsed;
  }
  return mib > SIZE_MAX / (1 << 20) ? SIZE_MAX : mib << 20;
}

static MemoryCache &getHostCache() {
  // Never destroyed: blocks may be freed by static destructors after main.
  static auto *cache = new MemoryCache(
      [](size_t bytes) {
        // MemoryCache rounds sizes to multiples of 512: aligned_alloc's
        // size rule holds.
        return reinterpret_cast<uintptr_t>(
            std::aligned_alloc(kHostAlignment, bytes));
      },
      [](uintptr_t block) { std::free(reinterpret_cast<void *>(block)); },
      getMaxCachedBytes());
  return *cache;
}

extern "C" void *kiln_rt_host_alloc(size_t bytes) {
  return reinterpret_cast<void *>(getHostCache().allocate(bytes, nullptr));
}

extern "C" void kiln_rt_host_free(void *block) {
  if (block &&
      !getHostCache().deallocate(reinterpret_cast<uintptr_t>(block), nullptr))
    std::free(block);
}

// MLIR's generic allocation functions (RuntimeABI.h).
extern "C" void *_mlir_memref_to_llvm_alloc(size_t bytes) {
  return kiln_rt_host_alloc(bytes);
}

extern "C" void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment,
                                                    size_t bytes) {
  if (alignment <= kHostAlignment)
    return kiln_rt_host_alloc(bytes);
  // Over-aligned (rare): straight from the heap; kiln_rt_host_free frees
  // blocks the cache does not know.
  size_t rounded = (bytes + alignment - 1) / alignment * alignment;
  return std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded);
}

extern "C" void _mlir_memref_to_llvm_free(void *block) {
  kiln_rt_host_free(block);
}

MemoryCacheStats kiln::getHostMemoryStats() {
  return getHostCache().getStats();
}

void kiln::releaseHostMemory() { getHostCache().release(); }
