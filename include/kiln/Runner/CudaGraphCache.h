//===- CudaGraphCache.h - Calls replayed as CUDA graphs ---------*- C++ -*-===//
//
// `reduce-overhead` for a CUDA executable: a call is captured into a CUDA
// graph once per binding (the arguments' shapes) and replayed afterwards,
// so a steady-state call costs one graph launch instead of a launch per
// kernel and cuBLASLt call, and no host code runs.
//
// The first call of a binding runs as usual (warm-up: libraries load, plans
// are made) and its argument addresses are noted. The second captures: an
// argument at the address it had in the warm-up (a parameter, a buffer) is
// read where it is, on every launch; the others are copied into staging
// buffers of the graph before each launch. A replay whose in-place argument
// moved captures again with that argument staged (at most once per
// argument). The graph's memory (its arena, its staging buffers, its
// results) is its own; results are copied out into fresh allocations, so a
// caller's result is never overwritten by a later call. The cache holds at
// most `maxGraphs` bindings and evicts the least recently used one.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNNER_CUDAGRAPHCACHE_H
#define KILN_RUNNER_CUDAGRAPHCACHE_H

#include "kiln/Runtime/CudaRuntime.h"
#include "kiln/Runtime/HostTensor.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace kiln {

struct TensorRef;
struct DeviceTensor;

/// Counters of a CudaGraphCache.
struct CudaGraphStats {
  /// Calls run without a graph (a binding's warm-up, or an uncapturable
  /// call), captures, and calls served by replaying a graph (the call
  /// after a capture included).
  uint64_t warmups = 0;
  uint64_t captures = 0;
  uint64_t replays = 0;
  /// Graphs evicted by the bound, and captures that failed (the binding
  /// then runs without a graph).
  uint64_t evictions = 0;
  uint64_t failedCaptures = 0;
  /// Bindings cached now.
  uint64_t graphs = 0;
};

class CudaGraphCache {
public:
  /// Runs the compiled function once on device arguments (queued on the
  /// legacy default stream); results own their allocations.
  using Invoke = llvm::function_ref<llvm::Expected<std::vector<DeviceTensor>>(
      llvm::ArrayRef<TensorRef>)>;

  explicit CudaGraphCache(unsigned maxGraphs);
  ~CudaGraphCache();

  /// A call on device arguments, as Executable::callOnDevice makes it.
  llvm::Expected<std::vector<DeviceTensor>>
  call(llvm::ArrayRef<TensorRef> inputs, Invoke invoke);

  CudaGraphStats getStats() const;

private:
  struct Entry;
  llvm::Error capture(Entry &entry, llvm::ArrayRef<TensorRef> inputs,
                      Invoke invoke);
  llvm::Expected<std::vector<DeviceTensor>>
  replay(Entry &entry, llvm::ArrayRef<TensorRef> inputs);
  void evictIfFull();

  unsigned maxGraphs;
  uint64_t clock = 0;
  std::map<std::vector<int64_t>, std::unique_ptr<Entry>> entries;
  CudaGraphStats stats;
};

} // namespace kiln

#endif // KILN_RUNNER_CUDAGRAPHCACHE_H
