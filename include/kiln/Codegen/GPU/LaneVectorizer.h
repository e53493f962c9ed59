//===- LaneVectorizer.h - Loop bodies on vector lanes -----------*- C++ -*-===//
//
// The vectorizer of Kiln's GPU mappings (Transforms.h): a straight-line
// loop body runs for `width` consecutive iterations at once, with aligned
// vector loads and stores where alignment is proved (or checked at run
// time, versioning the loop), and the alignment facts it rests on.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_GPU_LANEVECTORIZER_H
#define KILN_CODEGEN_GPU_LANEVECTORIZER_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

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

} // namespace kiln

#endif // KILN_CODEGEN_GPU_LANEVECTORIZER_H
