//===- MemoryPlan.h - One arena per call for intermediates -----*- C++ -*-===//
//
// The memory plan of a bufferized function as an analysis: which
// allocations are intermediates (in the function's top block, not
// returned, identity layout, sizes available at the first of them), their
// live ranges (positions of the top-level ops that use them or their
// views), and a greedy packing into slots (a slot is reused once its
// occupant is dead). applyMemoryPlan() is the rewrite: one arena, a
// memref.view per intermediate at its slot's offset (constants for static
// shapes, index arithmetic on the symbol sizes otherwise).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_MEMORY_MEMORYPLAN_H
#define KILN_MEMORY_MEMORYPLAN_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace kiln {

/// Alignment of every intermediate in the arena (a cache line, and enough
/// for AVX-512 loads).
constexpr int64_t kArenaAlignment = 64;

/// One intermediate of the plan.
struct PlannedBuffer {
  mlir::memref::AllocOp alloc;
  /// Its live range: positions of ops in the function's top block.
  int64_t begin = 0, end = 0;
  /// Its slot in the arena.
  int64_t slot = -1;
  /// Its size in bytes rounded up to kArenaAlignment, when static.
  std::optional<int64_t> staticBytes;
};

/// The figures of a plan whose sizes are all static.
struct MemoryFigures {
  /// The arena: the sum over slots of their largest occupant.
  int64_t arenaBytes = 0;
  /// Every intermediate in its own allocation.
  int64_t naiveBytes = 0;
  /// The most bytes live at any one op (no plan does better).
  int64_t lowerBoundBytes = 0;
};

/// The memory plan of one function.
class MemoryPlan {
public:
  /// Plans `func` (bufferized, one block); an empty plan if it has no
  /// intermediates.
  explicit MemoryPlan(mlir::func::FuncOp func);

  llvm::ArrayRef<PlannedBuffer> getBuffers() const { return buffers; }
  int64_t getNumSlots() const { return numSlots; }
  bool empty() const { return buffers.empty(); }

  /// The plan's figures, when every intermediate's size is static.
  std::optional<MemoryFigures> getStaticFigures() const;

private:
  llvm::SmallVector<PlannedBuffer> buffers;
  int64_t numSlots = 0;
  int64_t numPositions = 0;
};

/// Applies `plan` to its function: one arena allocated before the first
/// intermediate (kArenaAlignment aligned), each intermediate a view of it,
/// their deallocations gone (the arena is freed as a whole).
void applyMemoryPlan(mlir::RewriterBase &rewriter, const MemoryPlan &plan);

} // namespace kiln

#endif // KILN_MEMORY_MEMORYPLAN_H
