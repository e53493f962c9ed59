//===- MemoryCacheTest.cpp - The caching allocator -----------------------===//
//
// Runs the cache over a fake driver (no GPU needed): steady-state calls
// allocate nothing, stream ordering is respected, out-of-memory releases
// the cache and retries, the bound on free cached bytes holds; and the CPU
// runtime's host cache (HostMemory.h) reuses freed blocks.
//
//===----------------------------------------------------------------------===//

#include "kiln/Runtime/MemoryCache.h"
#include "kiln/Runtime/HostMemory.h"

#include "gtest/gtest.h"

#include <set>

using namespace kiln;

namespace {
/// A fake driver with a byte budget.
struct FakeDriver {
  size_t capacity = size_t(1) << 40;
  size_t used = 0;
  uintptr_t next = 0x1000;
  std::map<uintptr_t, size_t> live;
  int allocations = 0, frees = 0;

  MemoryCache makeCache(size_t maxCachedBytes = SIZE_MAX) {
    return MemoryCache(
        [this](size_t bytes) -> uintptr_t {
          if (used + bytes > capacity)
            return 0;
          used += bytes;
          ++allocations;
          uintptr_t block = next;
          next += bytes;
          live[block] = bytes;
          return block;
        },
        [this](uintptr_t block) {
          used -= live.at(block);
          live.erase(block);
          ++frees;
        },
        maxCachedBytes);
  }
};

const void *streamA = reinterpret_cast<const void *>(0xA);
const void *streamB = reinterpret_cast<const void *>(0xB);

TEST(MemoryCache, RoundsSizes) {
  EXPECT_EQ(MemoryCache::roundSize(0), 512u);
  EXPECT_EQ(MemoryCache::roundSize(1), 512u);
  EXPECT_EQ(MemoryCache::roundSize(513), 1024u);
  EXPECT_EQ(MemoryCache::roundSize((1 << 20) + 1), size_t(2) << 20);
  EXPECT_EQ(MemoryCache::roundSize(size_t(3) << 20), size_t(4) << 20);
}

TEST(MemoryCache, SteadyStateCallsDoNotReachTheDriver) {
  FakeDriver driver;
  MemoryCache cache = driver.makeCache();
  // A "call": an arena and a result on a stream, the arena freed on the
  // stream, the stream synchronized, the result freed by the host.
  for (int call = 0; call < 10; ++call) {
    uintptr_t arena = cache.allocate(3000000, streamA);
    uintptr_t result = cache.allocate(1000, streamA);
    ASSERT_NE(arena, 0u);
    ASSERT_NE(result, 0u);
    EXPECT_NE(arena, result);
    EXPECT_TRUE(cache.deallocate(arena, streamA));
    cache.streamSynchronized(streamA);
    EXPECT_TRUE(cache.deallocate(result, nullptr));
  }
  EXPECT_EQ(driver.allocations, 2);
  MemoryCacheStats stats = cache.getStats();
  EXPECT_EQ(stats.driverAllocations, 2u);
  EXPECT_EQ(stats.cacheHits, 18u);
  EXPECT_EQ(stats.bytesInUse, 0u);
  EXPECT_EQ(stats.bytesReserved, (size_t(4) << 20) + 1024);
}

TEST(MemoryCache, BlocksFreedOnAStreamWaitForItsSynchronization) {
  FakeDriver driver;
  MemoryCache cache = driver.makeCache();
  uintptr_t a = cache.allocate(4096, streamA);
  cache.deallocate(a, streamA);
  // The same stream may reuse it at once; another stream may not.
  uintptr_t onB = cache.allocate(4096, streamB);
  EXPECT_NE(onB, a);
  uintptr_t onA = cache.allocate(4096, streamA);
  EXPECT_EQ(onA, a);
  cache.deallocate(onA, streamA);
  cache.streamSynchronized(streamA);
  EXPECT_EQ(cache.allocate(4096, streamB), a);
}

TEST(MemoryCache, ADeviceSynchronizationFreesThePendingBlocks) {
  FakeDriver driver;
  MemoryCache cache = driver.makeCache();
  uintptr_t a = cache.allocate(4096, streamA);
  uintptr_t b = cache.allocate(8192, streamB);
  uintptr_t late = cache.allocate(512, streamB);
  cache.deallocate(a, streamA);
  cache.deallocate(b, streamB);
  EXPECT_NE(cache.allocate(4096, nullptr), a);
  std::vector<uintptr_t> pending = cache.getPendingBlocks();
  EXPECT_EQ(pending.size(), 2u);
  // Freed while the device synchronizes: not covered by it.
  cache.deallocate(late, streamB);
  cache.blocksSynchronized(pending);
  EXPECT_EQ(cache.allocate(4096, streamB), a);
  EXPECT_EQ(cache.allocate(8192, nullptr), b);
  EXPECT_NE(cache.allocate(512, streamA), late);
  EXPECT_EQ(cache.allocate(512, streamB), late);
}

TEST(MemoryCache, AsynchronousCallsOnTheLegacyStreamReuseAtOnce) {
  // Asynchronous calls: host code runs on the legacy default stream (null)
  // and the runner frees results in stream order without synchronizing.
  FakeDriver driver;
  MemoryCache cache = driver.makeCache();
  for (int call = 0; call < 5; ++call) {
    uintptr_t arena = cache.allocate(3000000, nullptr);
    uintptr_t result = cache.allocate(1000, nullptr);
    cache.deallocate(arena, nullptr);
    cache.deallocate(result, nullptr);
  }
  EXPECT_EQ(driver.allocations, 2);
}

TEST(MemoryCache, OutOfMemoryReleasesCachedBlocksAndRetries) {
  FakeDriver driver;
  driver.capacity = size_t(8) << 20;
  MemoryCache cache = driver.makeCache();
  uintptr_t a = cache.allocate(size_t(6) << 20, nullptr);
  ASSERT_NE(a, 0u);
  cache.deallocate(a, nullptr);
  // A different size does not fit next to the cached 6 MiB block.
  uintptr_t b = cache.allocate(size_t(4) << 20, nullptr);
  EXPECT_NE(b, 0u);
  EXPECT_EQ(driver.frees, 1);
  EXPECT_EQ(cache.getStats().driverFrees, 1u);
  // Too large even for an empty device.
  EXPECT_EQ(cache.allocate(size_t(16) << 20, nullptr), 0u);
}

TEST(MemoryCache, UnknownBlocksAreRejected) {
  FakeDriver driver;
  MemoryCache cache = driver.makeCache();
  EXPECT_FALSE(cache.deallocate(0x1234, nullptr));
  uintptr_t a = cache.allocate(10, nullptr);
  cache.release();
  EXPECT_EQ(driver.frees, 0); // In use: not released.
  cache.deallocate(a, nullptr);
  cache.release();
  EXPECT_EQ(driver.frees, 1);
  EXPECT_EQ(cache.getStats().bytesReserved, 0u);
}
} // namespace

TEST(MemoryCache, BoundOnFreeBytesReturnsBlocksToTheDriver) {
  FakeDriver driver;
  MemoryCache cache = driver.makeCache(/*maxCachedBytes=*/1024);
  uintptr_t a = cache.allocate(512, nullptr);
  uintptr_t b = cache.allocate(512, nullptr);
  uintptr_t c = cache.allocate(512, nullptr);
  EXPECT_TRUE(cache.deallocate(a, nullptr));
  EXPECT_TRUE(cache.deallocate(b, nullptr));
  EXPECT_EQ(driver.frees, 0); // 1024 free bytes: within the bound.
  EXPECT_TRUE(cache.deallocate(c, nullptr));
  EXPECT_EQ(driver.frees, 1); // The third would pass it.
  EXPECT_EQ(cache.getStats().bytesReserved, 1024u);
  // The kept blocks serve the next requests.
  cache.allocate(512, nullptr);
  cache.allocate(512, nullptr);
  EXPECT_EQ(driver.allocations, 3);
}

TEST(HostMemory, FreedBlocksAreHandedOutAgain) {
  MemoryCacheStats before = getHostMemoryStats();
  void *a = kiln_rt_host_alloc(100000);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 64, 0u);
  kiln_rt_host_free(a);
  void *b = kiln_rt_host_alloc(100000);
  EXPECT_EQ(a, b);
  kiln_rt_host_free(b);
  MemoryCacheStats after = getHostMemoryStats();
  EXPECT_EQ(after.driverAllocations, before.driverAllocations + 1);
  EXPECT_EQ(after.cacheHits, before.cacheHits + 1);
  // MLIR's generic functions use the same cache; over-aligned blocks come
  // from the heap and are freed there.
  void *c = _mlir_memref_to_llvm_aligned_alloc(64, 100000);
  EXPECT_EQ(c, a);
  _mlir_memref_to_llvm_free(c);
  void *d = _mlir_memref_to_llvm_aligned_alloc(4096, 100);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(d) % 4096, 0u);
  _mlir_memref_to_llvm_free(d);
  kiln_rt_host_free(nullptr);
}
