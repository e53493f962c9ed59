//===- MemoryCache.h - Caching allocator ------------------------*- C++ -*-===//
//
// A caching allocator in the spirit of PyTorch's CUDA caching allocator:
// freed blocks are kept and handed out again, so a compiled function called
// repeatedly (its arena, its results, the runner's staging buffers)
// allocates from the underlying allocator (the "driver") only on its first
// call. The CUDA runtime keeps one over cuMemAlloc (device memory); the CPU
// runtime one over the C heap (host memory, HostMemory.h), where a fresh
// allocation costs page faults on every touch.
//
// Stream ordering: a block freed on a stream may still be in use by work
// queued on that stream. It is reused at once by allocations on the same
// stream (which run after that work), and by any stream once the stream
// has been synchronized (streamSynchronized). Blocks freed on the null
// stream are reusable at once: it stands for the host after a
// synchronization, or for CUDA's legacy default stream, with which every
// stream Kiln creates (blocking streams) is ordered.
//
// Sizes are rounded up (512 bytes below 1 MiB, 2 MiB above) and a request
// is served by a cached block of exactly its rounded size. When the driver
// is out of memory, all cached blocks are returned and the allocation is
// retried once. A bound on the bytes of free cached blocks (none by
// default) returns a freed block to the driver when keeping it would pass
// the bound.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_MEMORYCACHE_H
#define KILN_RUNTIME_MEMORYCACHE_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace kiln {

/// Counters of a MemoryCache.
struct MemoryCacheStats {
  /// Allocations served by the driver, and by cached blocks.
  uint64_t driverAllocations = 0;
  uint64_t cacheHits = 0;
  /// Blocks returned to the driver (out of memory, or release()).
  uint64_t driverFrees = 0;
  /// Bytes in blocks handed out now, and held by the cache (in use or not).
  uint64_t bytesInUse = 0;
  uint64_t bytesReserved = 0;
};

class MemoryCache {
public:
  /// Allocates `bytes` from the driver; returns 0 when out of memory (or on
  /// any failure, which the callback records).
  using AllocateFn = std::function<uintptr_t(size_t bytes)>;
  /// Returns a block to the driver.
  using FreeFn = std::function<void(uintptr_t block)>;

  /// Keeps at most `maxCachedBytes` in free blocks (SIZE_MAX: no bound).
  MemoryCache(AllocateFn allocate, FreeFn free,
              size_t maxCachedBytes = SIZE_MAX);
  ~MemoryCache();

  /// A block of at least `bytes` bytes for work on `stream` (0 on failure).
  uintptr_t allocate(size_t bytes, const void *stream);
  /// Gives back `block` (from allocate) whose last use is queued on
  /// `stream`. Unknown blocks are ignored and reported by the result.
  bool deallocate(uintptr_t block, const void *stream);
  /// All work queued on `stream` is done: its freed blocks are reusable
  /// by every stream.
  void streamSynchronized(const void *stream);
  /// The blocks freed on some stream and not yet reusable by all.
  std::vector<uintptr_t> getPendingBlocks() const;
  /// After a device synchronization: `blocks` (getPendingBlocks() before
  /// it) are reusable by every stream.
  void blocksSynchronized(const std::vector<uintptr_t> &blocks);
  /// Returns every cached block that is not in use to the driver.
  void release();

  MemoryCacheStats getStats() const;

  /// The size a request of `bytes` is rounded up to.
  static size_t roundSize(size_t bytes);

private:
  void releaseLocked();

  AllocateFn allocateFn;
  FreeFn freeFn;
  size_t maxCachedBytes;
  mutable std::mutex mutex;
  /// Rounded size of every block the cache owns.
  std::unordered_map<uintptr_t, size_t> sizes;
  /// Blocks free for every stream, by rounded size.
  std::multimap<size_t, uintptr_t> freeBlocks;
  /// Blocks freed on a stream that has not been synchronized since.
  std::unordered_map<const void *, std::multimap<size_t, uintptr_t>> pending;
  MemoryCacheStats stats;
};

} // namespace kiln

#endif // KILN_RUNTIME_MEMORYCACHE_H
