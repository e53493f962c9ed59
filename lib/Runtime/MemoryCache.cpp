//===- MemoryCache.cpp - Caching allocator -------------------------------===//

#include "kiln/Runtime/MemoryCache.h"

#include "llvm/Support/MathExtras.h"

#include <unordered_set>

using namespace kiln;

MemoryCache::MemoryCache(AllocateFn allocate, FreeFn free,
                         size_t maxCachedBytes)
    : allocateFn(std::move(allocate)), freeFn(std::move(free)),
      maxCachedBytes(maxCachedBytes) {}

// Blocks still cached at exit go back with the process (the driver may
// already be gone), so the destructor does not call freeFn.
MemoryCache::~MemoryCache() = default;

size_t MemoryCache::roundSize(size_t bytes) {
  constexpr size_t kSmall = 512, kLarge = 2 << 20, kLargeFrom = 1 << 20;
  if (bytes == 0)
    return kSmall;
  return bytes < kLargeFrom ? llvm::alignTo(bytes, kSmall)
                            : llvm::alignTo(bytes, kLarge);
}

uintptr_t MemoryCache::allocate(size_t bytes, const void *stream) {
  size_t size = roundSize(bytes);
  std::lock_guard<std::mutex> lock(mutex);
  auto take = [&](std::multimap<size_t, uintptr_t> &from) -> uintptr_t {
    auto it = from.find(size);
    if (it == from.end())
      return 0;
    uintptr_t block = it->second;
    from.erase(it);
    ++stats.cacheHits;
    stats.bytesInUse += size;
    return block;
  };
  if (stream) {
    auto it = pending.find(stream);
    if (it != pending.end())
      if (uintptr_t block = take(it->second))
        return block;
  }
  if (uintptr_t block = take(freeBlocks))
    return block;
  uintptr_t block = allocateFn(size);
  if (!block && !freeBlocks.empty()) {
    releaseLocked();
    block = allocateFn(size);
  }
  if (!block)
    return 0;
  sizes[block] = size;
  ++stats.driverAllocations;
  stats.bytesInUse += size;
  stats.bytesReserved += size;
  return block;
}

bool MemoryCache::deallocate(uintptr_t block, const void *stream) {
  std::lock_guard<std::mutex> lock(mutex);
  auto it = sizes.find(block);
  if (it == sizes.end())
    return false;
  size_t size = it->second;
  stats.bytesInUse -= size;
  // Past the bound, a block freed for every stream goes back at once.
  if (!stream && stats.bytesReserved - stats.bytesInUse > maxCachedBytes) {
    freeFn(block);
    sizes.erase(it);
    stats.bytesReserved -= size;
    ++stats.driverFrees;
    return true;
  }
  if (stream)
    pending[stream].emplace(it->second, block);
  else
    freeBlocks.emplace(it->second, block);
  return true;
}

void MemoryCache::streamSynchronized(const void *stream) {
  std::lock_guard<std::mutex> lock(mutex);
  auto it = pending.find(stream);
  if (it == pending.end())
    return;
  freeBlocks.insert(it->second.begin(), it->second.end());
  pending.erase(it);
}

std::vector<uintptr_t> MemoryCache::getPendingBlocks() const {
  std::lock_guard<std::mutex> lock(mutex);
  std::vector<uintptr_t> blocks;
  for (const auto &[stream, byStream] : pending)
    for (auto [size, block] : byStream)
      blocks.push_back(block);
  return blocks;
}

void MemoryCache::blocksSynchronized(
    const std::vector<uintptr_t> &blocks) {
  std::unordered_set<uintptr_t> done(blocks.begin(), blocks.end());
  std::lock_guard<std::mutex> lock(mutex);
  for (auto it = pending.begin(); it != pending.end();) {
    auto &byStream = it->second;
    for (auto block = byStream.begin(); block != byStream.end();) {
      if (done.count(block->second)) {
        freeBlocks.insert(*block);
        block = byStream.erase(block);
      } else {
        ++block;
      }
    }
    it = byStream.empty() ? pending.erase(it) : std::next(it);
  }
}

void MemoryCache::release() {
  std::lock_guard<std::mutex> lock(mutex);
  releaseLocked();
}

void MemoryCache::releaseLocked() {
  for (auto [size, block] : freeBlocks) {
    freeFn(block);
    sizes.erase(block);
    stats.bytesReserved -= size;
    ++stats.driverFrees;
  }
  freeBlocks.clear();
}

MemoryCacheStats MemoryCache::getStats() const {
  std::lock_guard<std::mutex> lock(mutex);
  return stats;
}
