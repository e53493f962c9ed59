//===- GpuMapping.h - Loops to GPU threads, blocks and vectors --*- C++ -*-===//
//
// The pieces of kiln-map-to-gpu: how a top-level loop nest of a bufferized
// function becomes one kernel launch.
//
//   thread mapping   one thread per `width` consecutive iterations of a
//                    parallel loop (elementwise groups, copies, matmuls);
//   row mapping      one block per iteration of the outer loop of a fusion
//                    group over rows: the row's loops are spread over the
//                    block's threads, its reductions combine per thread and
//                    then across the block (gpu.all_reduce: warp shuffles
//                    and shared memory), row temporaries live in shared
//                    memory.
//
// Both read and write `width` consecutive elements per thread with one
// aligned vector access where the loop body allows it (LaneVectorizer).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_GPUMAPPING_H
#define KILN_TRANSFORMS_GPUMAPPING_H

#include "kiln/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"

#include <functional>
#include <map>
#include <vector>

namespace mlir {
class IRMapping;
} // namespace mlir

namespace kiln {

/// The alignment, in bytes, that Kiln's GPU code assumes for whole device
/// buffers: allocations and the arguments of a compiled function
/// (cuMemAlloc returns 256-byte aligned memory).
constexpr int64_t kBufferAlignment = 16;

/// The largest power of two that `value` (an index or integer) is known to
/// be a multiple of, from constants and arithmetic on them.
int64_t getKnownMultiple(mlir::Value value, unsigned depth = 0);

/// The largest power of two that the address of `memref`'s first element is
/// known to be a multiple of (whole buffers: kBufferAlignment; views and
/// subviews: from their offsets).
int64_t getKnownAlignment(mlir::Value memref, unsigned depth = 0);

/// The buffer a chain of views (subview, view, reshapes, casts) is a view
/// of: two memrefs with different root buffers do not overlap.
mlir::Value getRootBuffer(mlir::Value memref);

/// The number of lanes per vector access for a loop body: `vectorBytes`
/// divided by the widest element the body accesses along `iv` (1: none).
int64_t chooseVectorWidth(mlir::Block &body, mlir::Value iv,
                          int64_t vectorBytes);

/// Runs a straight-line loop body for `width` consecutive values of its
/// induction variable at once. Loads and stores whose last index is the
/// induction variable become aligned vector.load / vector.store; values
/// that do not depend on it stay scalar (broadcast where mixed);
/// elementwise arith and math ops on lanes become vector ops.
/// Accumulator loads and stores (reductions carried in registers by the
/// caller) are replaced by values the caller supplies and collects.
class LaneVectorizer {
public:
  LaneVectorizer(mlir::Block &body, mlir::Value iv, int64_t width);

  /// Loads that read an accumulator: their value comes from the caller.
  llvm::SmallPtrSet<mlir::Operation *, 4> accLoads;
  /// Stores that write an accumulator: their value goes to the caller.
  llvm::SmallPtrSet<mlir::Operation *, 4> accStores;

  /// Vector loads emitted so far, by the emitted memref and indices; a load
  /// whose memref `canReuseLoad` accepts (not written while the cache
  /// lives) reads the earlier value instead of memory. Null: no reuse.
  std::map<std::vector<const void *>, mlir::Value> *loadCache = nullptr;
  std::function<bool(mlir::Value)> canReuseLoad;

  /// Set before analyze(): an access whose alignment depends only on its
  /// memref's dynamic offset and strides (its base buffer being aligned) is
  /// accepted, and the memref is recorded in `checkedAtRunTime`. The caller
  /// then runs the vectorized body only where buildAlignedCondition holds
  /// (versioning on divisibility, as Triton specializes its arguments).
  bool deferDynamicAlignment = false;
  llvm::SmallVector<mlir::Value> checkedAtRunTime;

  /// Succeeds if every op can run on `width` lanes: accesses that depend on
  /// the induction variable are contiguous in it and provably aligned (or,
  /// with deferDynamicAlignment, aligned when checkedAtRunTime are).
  mlir::LogicalResult analyze();

  /// An i1 that holds when every memref of `checkedAtRunTime` (through
  /// `map`) has an offset and dynamic strides that are multiples of the
  /// width, so that its accesses are aligned.
  mlir::Value buildAlignedCondition(mlir::OpBuilder &b, mlir::Location loc,
                                    mlir::IRMapping &map) const;

  /// Emits the body for lanes base, ..., base + width - 1. `map` maps the
  /// values defined outside the body; accumulator loads read `accIn`
  /// (vectors), accumulator stores' values go to `accOut`.
  void emit(mlir::OpBuilder &b, mlir::IRMapping &map, mlir::Value base,
            const llvm::DenseMap<mlir::Operation *, mlir::Value> &accIn,
            llvm::DenseMap<mlir::Operation *, mlir::Value> &accOut);

private:
  /// `deferred` (if given) is set when the access is aligned only if its
  /// memref's dynamic offset and strides are (deferDynamicAlignment).
  bool isContiguousAccess(mlir::Value memref, mlir::ValueRange indices,
                          int64_t &alignment, bool *deferred = nullptr) const;

  mlir::Block &body;
  mlir::Value iv;
  int64_t width;
  /// Values that differ between lanes (vectors once emitted).
  llvm::DenseSet<mlir::Value> varying;
};

/// Options of both mappings.
struct GpuMappingOptions {
  /// Threads per block (thread mapping), the most threads per row (row
  /// mapping).
  int64_t blockSize = 256;
  /// Bytes per vector access (1: scalar accesses only).
  int64_t vectorBytes = 16;
};

/// Replaces the top-level `loop` (no reductions) by a gpu.launch with one
/// thread per iteration, or per `width` consecutive iterations of the last
/// dim when its body vectorizes.
mlir::LogicalResult mapLoopToThreads(mlir::RewriterBase &rewriter,
                                     mlir::scf::ParallelOp loop,
                                     const GpuMappingOptions &options);

/// If `loop` is a fusion group over rows that the row mapping handles (its
/// body holds a reduction loop accumulating into a row temporary, and
/// every write to memory shared by the row's threads is understood),
/// replaces it by a gpu.launch with one block per iteration and returns
/// true; otherwise leaves the IR untouched and returns false.
bool mapRowsToBlocks(mlir::RewriterBase &rewriter, mlir::scf::ParallelOp loop,
                     const GpuMappingOptions &options);

} // namespace kiln

#endif // KILN_TRANSFORMS_GPUMAPPING_H
