//===- CudaGraphCache.cpp - Calls replayed as CUDA graphs -----------------===//

#include "kiln/Runner/CudaGraphCache.h"
#include "kiln/Runner/Executable.h"

#include "llvm/ADT/STLExtras.h"

using namespace kiln;

/// One binding: the warm-up's argument addresses, then the captured graph.
struct CudaGraphCache::Entry {
  /// Per argument: the address it had in the warm-up (in-place arguments
  /// keep it: the graph reads them there).
  llvm::SmallVector<const void *> addresses;
  /// Per argument: read from a staging buffer of the graph (copied in
  /// before each launch) rather than in place.
  llvm::SmallVector<bool> staged;
  /// Per argument: its staging buffer (null when read in place).
  llvm::SmallVector<void *> buffers;
  std::unique_ptr<CudaGraph> graph;
  /// The results of a launch, in the graph's memory (allocation unset).
  std::vector<DeviceTensor> results;
  /// The capture failed: the binding runs without a graph.
  bool uncapturable = false;
  uint64_t lastUse = 0;
};

CudaGraphCache::CudaGraphCache(unsigned maxGraphs) : maxGraphs(maxGraphs) {}

CudaGraphCache::~CudaGraphCache() = default;

/// The cache key: each argument's rank and sizes.
static std::vector<int64_t> getKey(llvm::ArrayRef<TensorRef> inputs) {
  std::vector<int64_t> key;
  for (const TensorRef &input : inputs) {
    key.push_back(input.shape.size());
    llvm::append_range(key, input.shape);
  }
  return key;
}

llvm::Expected<std::vector<DeviceTensor>>
CudaGraphCache::call(llvm::ArrayRef<TensorRef> inputs, Invoke invoke) {
  std::vector<int64_t> key = getKey(inputs);
  auto it = entries.find(key);
  if (it == entries.end()) {
    // Warm-up: run as usual, note where the arguments are.
    evictIfFull();
    auto entry = std::make_unique<Entry>();
    for (const TensorRef &input : inputs)
      entry->addresses.push_back(input.data);
    entry->lastUse = ++clock;
    entries.emplace(std::move(key), std::move(entry));
    ++stats.warmups;
    return invoke(inputs);
  }
  Entry &entry = *it->second;
  entry.lastUse = ++clock;
  if (entry.uncapturable) {
    ++stats.warmups;
    return invoke(inputs);
  }
  // The first capture stages the arguments that moved since the warm-up;
  // an in-place argument that moved later is staged in a new capture.
  bool moved = false;
  bool first = entry.staged.empty();
  for (auto [i, input] : llvm::enumerate(inputs)) {
    bool stage = input.data != entry.addresses[i];
    if (first) {
      entry.staged.push_back(stage);
    } else if (stage && !entry.staged[i]) {
      entry.staged[i] = true;
      moved = true;
    }
  }
  if (!entry.graph || moved) {
    entry.graph.reset();
    entry.results.clear();
    if (llvm::Error error = capture(entry, inputs, invoke)) {
      // Not a graph's work (the capture's failure is this call's failure
      // only if the call itself fails): run without one from now on.
      llvm::consumeError(std::move(error));
      entry.graph.reset();
      entry.uncapturable = true;
      ++stats.failedCaptures;
      ++stats.warmups;
      return invoke(inputs);
    }
  }
  return replay(entry, inputs);
}

llvm::Error CudaGraphCache::capture(Entry &entry,
                                    llvm::ArrayRef<TensorRef> inputs,
                                    Invoke invoke) {
  ++stats.captures;
  if (llvm::Error error = CudaGraph::beginCapture())
    return error;
  // Staging buffers are allocated inside the capture: the graph's memory.
  llvm::SmallVector<TensorRef> refs(inputs);
  entry.buffers.assign(inputs.size(), nullptr);
  llvm::Error status = llvm::Error::success();
  for (auto [i, input] : llvm::enumerate(inputs)) {
    if (!entry.staged[i])
      continue;
    auto buffer = cudaAllocate(std::max<size_t>(input.getNumBytes(), 1));
    if (!buffer) {
      status = buffer.takeError();
      break;
    }
    entry.buffers[i] = *buffer;
    refs[i].data = *buffer;
  }
  llvm::Expected<std::vector<DeviceTensor>> results =
      status ? std::vector<DeviceTensor>() : invoke(refs);
  auto graph = CudaGraph::endCapture();
  if (status || !results || !graph) {
    llvm::Error error = std::move(status);
    if (!results)
      error = llvm::joinErrors(std::move(error), results.takeError());
    if (!graph)
      error = llvm::joinErrors(std::move(error), graph.takeError());
    return error;
  }
  entry.graph = std::move(*graph);
  entry.results = std::move(*results);
  // The results live in the graph's memory: it frees them.
  for (DeviceTensor &result : entry.results)
    result.allocation = nullptr;
  return llvm::Error::success();
}

llvm::Expected<std::vector<DeviceTensor>>
CudaGraphCache::replay(Entry &entry, llvm::ArrayRef<TensorRef> inputs) {
  ++stats.replays;
  for (auto [i, input] : llvm::enumerate(inputs))
    if (entry.staged[i])
      if (llvm::Error error = cudaCopyOnDevice(entry.buffers[i], input.data,
                                               input.getNumBytes()))
        return std::move(error);
  if (llvm::Error error = entry.graph->launch())
    return std::move(error);
  // Copied out (in stream order): a later launch overwrites the graph's.
  std::vector<DeviceTensor> results;
  auto freeAll = [&] {
    for (DeviceTensor &result : results)
      llvm::consumeError(cudaFree(result.allocation));
  };
  for (const DeviceTensor &source : entry.results) {
    size_t bytes = source.getNumBytes();
    auto copy = cudaAllocate(std::max<size_t>(bytes, 1));
    if (!copy) {
      freeAll();
      return copy.takeError();
    }
    results.push_back({source.dtype, source.shape, *copy, *copy});
    if (llvm::Error error = cudaCopyOnDevice(*copy, source.data, bytes)) {
      freeAll();
      return std::move(error);
    }
  }
  return results;
}

void CudaGraphCache::evictIfFull() {
  if (entries.size() < std::max(1u, maxGraphs))
    return;
  auto oldest = llvm::min_element(entries, [](const auto &a, const auto &b) {
    return a.second->lastUse < b.second->lastUse;
  });
  if (oldest->second->graph)
    ++stats.evictions;
  entries.erase(oldest);
}

CudaGraphStats CudaGraphCache::getStats() const {
  CudaGraphStats result = stats;
  result.graphs = 0;
  for (const auto &entry : entries)
    result.graphs += entry.second->graph != nullptr;
  return result;
}
