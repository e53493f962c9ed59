//===- DeviceMemoryCacheTest.cpp - The caching device allocator -----------===//
//
// Runs the cache over a fake driver (no GPU needed): steady-state calls
// allocate nothing, stream ordering is respected, out-of-memory releases
// the cache and retries.
//
//===----------------------------------------------------------------------===//

#include "kiln/Runtime/DeviceMemoryCache.h"

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

  DeviceMemoryCache makeCache() {
    return DeviceMemoryCache(
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
        });
  }
};

const void *streamA = reinterpret_cast<const void *>(0xA);
const void *streamB = reinterpret_cast<const void *>(0xB);

TEST(DeviceMemoryCache, RoundsSizes) {
  EXPECT_EQ(DeviceMemoryCache::roundSize(0), 512u);
  EXPECT_EQ(DeviceMemoryCache::roundSize(1), 512u);
  EXPECT_EQ(DeviceMemoryCache::roundSize(513), 1024u);
  EXPECT_EQ(DeviceMemoryCache::roundSize((1 << 20) + 1), size_t(2) << 20);
  EXPECT_EQ(DeviceMemoryCache::roundSize(size_t(3) << 20), size_t(4) << 20);
}

TEST(DeviceMemoryCache, SteadyStateCallsDoNotReachTheDriver) {
  FakeDriver driver;
  DeviceMemoryCache cache = driver.makeCache();
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
  DeviceMemoryStats stats = cache.getStats();
  EXPECT_EQ(stats.driverAllocations, 2u);
  EXPECT_EQ(stats.cacheHits, 18u);
  EXPECT_EQ(stats.bytesInUse, 0u);
  EXPECT_EQ(stats.bytesReserved, (size_t(4) << 20) + 1024);
}

TEST(DeviceMemoryCache, BlocksFreedOnAStreamWaitForItsSynchronization) {
  FakeDriver driver;
  DeviceMemoryCache cache = driver.makeCache();
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

TEST(DeviceMemoryCache, ADeviceSynchronizationFreesThePendingBlocks) {
  FakeDriver driver;
  DeviceMemoryCache cache = driver.makeCache();
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

TEST(DeviceMemoryCache, AsynchronousCallsOnTheLegacyStreamReuseAtOnce) {
  // Asynchronous calls: host code runs on the legacy default stream (null)
  // and the runner frees results in stream order without synchronizing.
  FakeDriver driver;
  DeviceMemoryCache cache = driver.makeCache();
  for (int call = 0; call < 5; ++call) {
    uintptr_t arena = cache.allocate(3000000, nullptr);
    uintptr_t result = cache.allocate(1000, nullptr);
    cache.deallocate(arena, nullptr);
    cache.deallocate(result, nullptr);
  }
  EXPECT_EQ(driver.allocations, 2);
}

TEST(DeviceMemoryCache, OutOfMemoryReleasesCachedBlocksAndRetries) {
  FakeDriver driver;
  driver.capacity = size_t(8) << 20;
  DeviceMemoryCache cache = driver.makeCache();
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

TEST(DeviceMemoryCache, UnknownBlocksAreRejected) {
  FakeDriver driver;
  DeviceMemoryCache cache = driver.makeCache();
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
