//===- RowMapping.cpp - Fusion groups over rows, one block per row --------===//
//
// The row mapping of kiln-map-to-gpu (Transforms.h): a fusion group over
// rows becomes one block per row; the row's loops are spread over the
// block's threads (vector lanes where LaneVectorizer.h allows), its
// reductions combine per thread and then across the block
// (gpu.all_reduce), and row temporaries live in shared memory (rows of
// one global scratch buffer where they are symbolic or too large).
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/GPU/LaneVectorizer.h"
#include "kiln/Codegen/GPU/Transforms.h"

#include "MappingUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/TypeSwitch.h"

#include <limits>

using namespace mlir;
using namespace kiln;

/// Shared memory a row group may use for its row temporaries.
static constexpr int64_t kMaxSharedBytes = 48 * 1024;
/// Vectors of a static row each thread aims to hold (registers).
static constexpr int64_t kVectorsPerThread = 8;

namespace {
/// How a reduction's combining op is spelled by the ops that reduce
/// across lanes and threads, and its identity.
struct CombinerKinds {
  gpu::AllReduceOperation allReduce;
  vector::CombiningKind vector;
  arith::AtomicRMWKind atomic;
};

/// One accumulator of a reduction loop: `store(combiner(load(A[i]), x),
/// A[i])` with A[i] the same every iteration.
struct Accumulator {
  memref::LoadOp load;
  Operation *combiner;
  memref::StoreOp store;
  CombinerKinds kinds;
};
} // namespace

static std::optional<CombinerKinds> getCombinerKinds(Operation *op) {
  using G = gpu::AllReduceOperation;
  using V = vector::CombiningKind;
  using A = arith::AtomicRMWKind;
  using Result = std::optional<CombinerKinds>;
  return llvm::TypeSwitch<Operation *, Result>(op)
      .Case(
          [](arith::AddFOp) { return CombinerKinds{G::ADD, V::ADD, A::addf}; })
      .Case(
          [](arith::AddIOp) { return CombinerKinds{G::ADD, V::ADD, A::addi}; })
      .Case(
          [](arith::MulFOp) { return CombinerKinds{G::MUL, V::MUL, A::mulf}; })
      .Case(
          [](arith::MulIOp) { return CombinerKinds{G::MUL, V::MUL, A::muli}; })
      .Case([](arith::MaximumFOp) {
        return CombinerKinds{G::MAXIMUMF, V::MAXIMUMF, A::maximumf};
      })
      .Case([](arith::MinimumFOp) {
        return CombinerKinds{G::MINIMUMF, V::MINIMUMF, A::minimumf};
      })
      .Case([](arith::MaxNumFOp) {
        return CombinerKinds{G::MAXNUMF, V::MAXNUMF, A::maxnumf};
      })
      .Case([](arith::MinNumFOp) {
        return CombinerKinds{G::MINNUMF, V::MINNUMF, A::minnumf};
      })
      .Case([](arith::MaxSIOp) {
        return CombinerKinds{G::MAXSI, V::MAXSI, A::maxs};
      })
      .Case([](arith::MinSIOp) {
        return CombinerKinds{G::MINSI, V::MINSI, A::mins};
      })
      .Case([](arith::MaxUIOp) {
        return CombinerKinds{G::MAXUI, V::MAXUI, A::maxu};
      })
      .Case([](arith::MinUIOp) {
        return CombinerKinds{G::MINUI, V::MINUI, A::minu};
      })
      .Case(
          [](arith::AndIOp) { return CombinerKinds{G::AND, V::AND, A::andi}; })
      .Case([](arith::OrIOp) { return CombinerKinds{G::OR, V::OR, A::ori}; })
      .Default([](Operation *) { return Result(); });
}

/// The accumulators of `loop` if it is a reduction loop: a straight-line
/// body whose only stores are accumulators of 32-bit values (what
/// gpu.all_reduce combines with warp shuffles).
static std::optional<SmallVector<Accumulator>>
matchReductionLoop(scf::ForOp loop) {
  if (loop.getNumRegionIterArgs() != 0)
    return std::nullopt;
  Block *body = loop.getBody();
  SmallVector<Accumulator> accs;
  for (Operation &op : body->without_terminator()) {
    if (op.getNumRegions() != 0)
      return std::nullopt;
    auto store = dyn_cast<memref::StoreOp>(op);
    if (!store) {
      if (!isa<memref::LoadOp>(op) && !isMemoryEffectFree(&op))
        return std::nullopt;
      continue;
    }
    Operation *combiner = store.getValue().getDefiningOp();
    if (!combiner || combiner->getBlock() != body || !combiner->hasOneUse())
      return std::nullopt;
    std::optional<CombinerKinds> kinds = getCombinerKinds(combiner);
    Type type = store.getValue().getType();
    if (!kinds || !(type.isF32() || type.isInteger(32)))
      return std::nullopt;
    memref::LoadOp load;
    for (Value operand : combiner->getOperands()) {
      auto candidate = operand.getDefiningOp<memref::LoadOp>();
      if (candidate && candidate->getBlock() == body &&
          candidate.getMemRef() == store.getMemRef() &&
          candidate.getIndices() == store.getIndices() &&
          candidate->hasOneUse())
        load = candidate;
    }
    if (!load || llvm::any_of(store.getIndices(), [&](Value index) {
          return !loop.isDefinedOutsideOfLoop(index);
        }))
      return std::nullopt;
    accs.push_back({load, combiner, store, *kinds});
  }
  if (accs.empty())
    return std::nullopt;
  // Nothing else in the loop touches an accumulator.
  for (Operation &op : body->without_terminator())
    for (Accumulator acc : accs)
      if (&op != acc.load && &op != acc.store &&
          llvm::is_contained(op.getOperands(), acc.store.getMemRef()))
        return std::nullopt;
  return accs;
}

//===----------------------------------------------------------------------===//
// Row mapping
//===----------------------------------------------------------------------===//

namespace {
/// What the row mapping needs to know about a fusion group over rows.
struct RowPlan {
  /// Row temporaries written by the row's threads: shared memory.
  SmallVector<memref::AllocOp> shared;
  /// Row temporaries written by the row's threads that are symbolic or do
  /// not fit in shared memory: each row takes its slot of a global scratch
  /// buffer allocated around the launch (replaceWithScratchSlot).
  SmallVector<memref::AllocOp> global;
  /// Reduction loops (direct children of the row body) and their
  /// accumulators.
  DenseMap<Operation *, SmallVector<Accumulator>> reductions;
  /// Threads per block.
  int64_t threads = 0;
};
} // namespace

/// True if `op` is nested in a parallel loop that is a direct child of
/// `body` (a loop spread over the row's threads).
static bool isInDistributedLoop(Operation *op, Block &body) {
  Operation *ancestor = body.findAncestorOpInBlock(*op);
  return ancestor && ancestor != op && isa<scf::ParallelOp>(ancestor);
}

/// True if `op` (or an op nested in it) may write memory other than the
/// private allocations `privates`.
static bool writesShared(Operation *op,
                         const llvm::SmallPtrSetImpl<Value> &privates) {
  WalkResult walk = op->walk([&](Operation *nested) {
    if (auto store = dyn_cast<memref::StoreOp>(nested))
      return privates.contains(store.getMemRef()) ? WalkResult::advance()
                                                  : WalkResult::interrupt();
    if (auto copy = dyn_cast<memref::CopyOp>(nested))
      return privates.contains(copy.getTarget()) ? WalkResult::advance()
                                                 : WalkResult::interrupt();
    if (isa<memref::LoadOp, memref::AllocOp, memref::AllocaOp,
            memref::DeallocOp>(nested) ||
        nested->hasTrait<OpTrait::IsTerminator>() ||
        nested->getNumRegions() != 0 || isMemoryEffectFree(nested))
      return WalkResult::advance();
    return WalkResult::interrupt();
  });
  return walk.wasInterrupted();
}

static std::optional<RowPlan> planRows(scf::ParallelOp loop,
                                       const GpuMappingOptions &options) {
  if (loop.getNumReductions() != 0)
    return std::nullopt;
  Block &body = *loop.getBody();
  RowPlan plan;
  llvm::SmallPtrSet<Value, 8> privates;
  int64_t sharedBytes = 0;
  for (auto alloc : body.getOps<memref::AllocOp>()) {
    bool writtenByThreads = false;
    for (Operation *user : alloc->getUsers()) {
      if (!isa<memref::LoadOp, memref::StoreOp, memref::CopyOp,
               memref::DeallocOp>(user))
        return std::nullopt;
      if (!isa<memref::LoadOp>(user) && isInDistributedLoop(user, body))
        writtenByThreads = true;
    }
    if (!writtenByThreads) {
      privates.insert(alloc.getResult());
      continue;
    }
    MemRefType type = alloc.getType();
    // Scratch rows are sized on the host: their sizes must be known there.
    if (!type.getLayout().isIdentity() ||
        llvm::any_of(alloc->getUsers(),
                     [](Operation *u) { return isa<memref::CopyOp>(u); }) ||
        llvm::any_of(alloc.getDynamicSizes(), [&](Value size) {
          return !loop.isDefinedOutsideOfLoop(size);
        }))
      return std::nullopt;
    int64_t bytes =
        type.hasStaticShape()
            ? type.getNumElements() *
                  llvm::divideCeil(type.getElementTypeBitWidth(), 8)
            : std::numeric_limits<int64_t>::max();
    if (bytes <= kMaxSharedBytes - sharedBytes) {
      sharedBytes += bytes;
      plan.shared.push_back(alloc);
    } else {
      plan.global.push_back(alloc);
    }
  }

  int64_t maxLanes = 0;
  bool allStatic = true, hasRowReduction = false;
  for (Operation &op : body.without_terminator()) {
    if (auto inner = dyn_cast<scf::ParallelOp>(op)) {
      if (inner.getNumReductions() != 0)
        return std::nullopt;
      int64_t lanes = 1;
      for (auto [lb, ub, step] : llvm::zip(
               inner.getLowerBound(), inner.getUpperBound(), inner.getStep())) {
        std::optional<int64_t> l = getConstantIntValue(lb),
                               u = getConstantIntValue(ub),
                               s = getConstantIntValue(step);
        if (!l || !u || !s || *s <= 0) {
          allStatic = false;
          continue;
        }
        lanes *= llvm::divideCeil(std::max<int64_t>(0, *u - *l), *s);
      }
      maxLanes = std::max(
          maxLanes,
          lanes / std::max<int64_t>(1, getLoopVectorWidth(inner, options)));
      continue;
    }
    if (auto reduction = dyn_cast<scf::ForOp>(op)) {
      if (std::optional<SmallVector<Accumulator>> accs =
              matchReductionLoop(reduction)) {
        std::optional<int64_t> trips =
            reduction.getStaticTripCount()
                ? std::optional<int64_t>(
                      reduction.getStaticTripCount()->getSExtValue())
                : std::nullopt;
        if (trips)
          maxLanes = std::max(
              maxLanes, *trips / chooseVectorWidth(*reduction.getBody(),
                                                   reduction.getInductionVar(),
                                                   options.vectorBytes));
        else
          allStatic = false;
        // Row reductions accumulate into the row's own temporaries (a
        // matmul's loop over K accumulates into its output: not a row).
        if (llvm::all_of(*accs, [&](Accumulator &acc) {
              return privates.contains(acc.store.getMemRef());
            }))
          hasRowReduction = true;
        plan.reductions[&op] = std::move(*accs);
        continue;
      }
    }
    // Everything else runs in every thread: it must not write what other
    // threads read (each thread keeps its own private temporaries).
    if (writesShared(&op, privates) && !isa<memref::StoreOp>(op))
      return std::nullopt;
  }
  if (!hasRowReduction)
    return std::nullopt;
  // Static rows: enough threads that each holds kVectorsPerThread vectors
  // of the row (more rows in flight per SM, cheaper block reductions).
  plan.threads = options.blockSize;
  if (allStatic)
    plan.threads = std::clamp<int64_t>(
        llvm::alignTo(llvm::divideCeil(maxLanes, kVectorsPerThread), 32), 32,
        options.blockSize);
  return plan;
}

namespace {
/// Emits the body of a row group inside its launch.
///
/// A loop over a static row extent N that each thread covers in K = N /
/// (threads * width) vectors (K small) is unrolled: the K vector loads of
/// a buffer that the row does not write are issued once and kept in
/// registers for every later loop over the row (softmax reads x once for
/// its max, its sum and its output). Other loops stay loops.
class RowEmitter {
public:
  RowEmitter(RewriterBase &rewriter, const GpuMappingOptions &options,
             Value tid, Value threads, int64_t staticThreads,
             std::function<bool(Value)> isReadOnly)
      : b(rewriter), options(options), tid(tid), threads(threads),
        staticThreads(staticThreads), isReadOnly(std::move(isReadOnly)) {}

  /// A parallel loop over the row: thread t handles iterations t,
  /// t + threads, ... (or vectors of them). A row of symbolic length is
  /// versioned: vectors where the row's views turn out aligned at run
  /// time, scalars otherwise.
  void emitDistributed(scf::ParallelOp inner, IRMapping &map) {
    Location loc = inner.getLoc();
    int64_t width = getLoopVectorWidth(inner, options);
    Value ub = map.lookupOrDefault(inner.getUpperBound()[0]);
    if (width > 1) {
      LaneVectorizer vectorizer(*inner.getBody(), inner.getInductionVars()[0],
                                width);
      (void)vectorizer.analyze();
      if (int64_t unroll = getUnroll(inner.getUpperBound()[0], width)) {
        DenseMap<Operation *, Value> accIn, accOut;
        prepareReuse(vectorizer);
        for (int64_t k = 0; k < unroll; ++k)
          vectorizer.emit(b, map, getBase(loc, k, width), accIn, accOut);
        return;
      }
      emitStridedVectors(vectorizer, width, ub, map);
      return;
    }
    if (inner.getNumLoops() == 1 &&
        isDynamicRow(inner.getLowerBound()[0], inner.getUpperBound()[0],
                     inner.getStep()[0])) {
      int64_t w = chooseVectorWidth(
          *inner.getBody(), inner.getInductionVars()[0], options.vectorBytes);
      LaneVectorizer vectorizer(*inner.getBody(), inner.getInductionVars()[0],
                                w);
      vectorizer.deferDynamicAlignment = true;
      if (w > 1 && succeeded(vectorizer.analyze())) {
        auto ifOp = scf::IfOp::create(
            b, loc, buildVersionCondition(vectorizer, w, ub, map),
            /*withElseRegion=*/true);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
        emitStridedVectors(vectorizer, w, ub, map);
        b.setInsertionPoint(ifOp.elseBlock()->getTerminator());
        emitScalars(inner, map);
        return;
      }
    }
    emitScalars(inner, map);
  }

  /// A reduction loop over the row: per-thread partial results in
  /// registers, combined across the block, then into the accumulators. A
  /// row of symbolic length is versioned as in emitDistributed.
  void emitReduction(scf::ForOp loop, MutableArrayRef<Accumulator> accs,
                     const llvm::SmallPtrSetImpl<Value> &privates,
                     IRMapping &map) {
    Location loc = loop.getLoc();
    std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound());
    std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound());
    std::optional<int64_t> step = getConstantIntValue(loop.getStep());
    int64_t width = 1;
    if (lb && ub && step && *lb == 0 && *step == 1) {
      width = chooseVectorWidth(*loop.getBody(), loop.getInductionVar(),
                                options.vectorBytes);
      if (width <= 1 || *ub % width != 0)
        width = 1;
    }
    auto makeVectorizer = [&](int64_t w) {
      LaneVectorizer vectorizer(*loop.getBody(), loop.getInductionVar(), w);
      for (Accumulator acc : accs) {
        vectorizer.accLoads.insert(acc.load);
        vectorizer.accStores.insert(acc.store);
      }
      return vectorizer;
    };
    LaneVectorizer vectorizer = makeVectorizer(width);
    if (width > 1 && failed(vectorizer.analyze()))
      width = 1;

    SmallVector<Value> partials;
    int64_t versioned = 1;
    std::optional<LaneVectorizer> deferred;
    if (width == 1 && isDynamicRow(loop.getLowerBound(), loop.getUpperBound(),
                                   loop.getStep())) {
      versioned = chooseVectorWidth(*loop.getBody(), loop.getInductionVar(),
                                    options.vectorBytes);
      deferred.emplace(makeVectorizer(versioned));
      deferred->deferDynamicAlignment = true;
      if (versioned <= 1 || failed(deferred->analyze()))
        versioned = 1;
    }
    if (versioned > 1) {
      Value ubValue = map.lookupOrDefault(loop.getUpperBound());
      SmallVector<Type> types;
      for (Accumulator acc : accs)
        types.push_back(acc.store.getValue().getType());
      auto ifOp = scf::IfOp::create(
          b, loc, types,
          buildVersionCondition(*deferred, versioned, ubValue, map),
          /*addThenBlock=*/true, /*addElseBlock=*/true);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      scf::YieldOp::create(b, loc,
                           emitPartials(loop, accs, *deferred, versioned, map));
      b.setInsertionPointToStart(ifOp.elseBlock());
      scf::YieldOp::create(b, loc,
                           emitPartials(loop, accs, vectorizer, 1, map));
      partials.assign(ifOp.getResults().begin(), ifOp.getResults().end());
    } else {
      partials = emitPartials(loop, accs, vectorizer, width, map);
    }

    for (auto [acc, partial] : llvm::zip_equal(accs, partials)) {
      Value value = partial;
      Value total =
          gpu::AllReduceOp::create(b, loc, value,
                                   gpu::AllReduceOperationAttr::get(
                                       b.getContext(), acc.kinds.allReduce),
                                   /*uniform=*/true)
              .getResult();
      // Combine with the accumulator's value before the loop. Every thread
      // holds the same total; a private accumulator is updated by each
      // thread, a shared one after all threads have read it.
      Value memref = map.lookupOrDefault(acc.store.getMemRef());
      SmallVector<Value> indices;
      for (Value index : acc.store.getIndices())
        indices.push_back(map.lookupOrDefault(index));
      Value old = memref::LoadOp::create(b, loc, memref, indices);
      bool isPrivate = privates.contains(acc.store.getMemRef());
      if (!isPrivate)
        gpu::BarrierOp::create(b, loc);
      IRMapping combine;
      for (Value operand : acc.combiner->getOperands())
        combine.map(operand, operand == acc.load.getResult() ? old : total);
      Value updated = b.clone(*acc.combiner, combine)->getResult(0);
      memref::StoreOp::create(b, loc, updated, memref, indices);
      if (!isPrivate)
        gpu::BarrierOp::create(b, loc);
    }
  }

private:
  /// True for a loop over [0, ub) with unit step and ub not a constant (a
  /// row of symbolic length).
  static bool isDynamicRow(Value lb, Value ub, Value step) {
    std::optional<int64_t> l = getConstantIntValue(lb);
    std::optional<int64_t> s = getConstantIntValue(step);
    return l && s && *l == 0 && *s == 1 && !getConstantIntValue(ub);
  }

  /// The condition under which a row of symbolic length runs vectorized:
  /// its length and its views' dynamic offsets and strides are multiples
  /// of the width.
  Value buildVersionCondition(const LaneVectorizer &vectorizer, int64_t width,
                              Value ub, IRMapping &map) {
    Location loc = ub.getLoc();
    Value aligned = vectorizer.buildAlignedCondition(b, loc, map);
    Value rem = arith::RemUIOp::create(
        b, loc, ub, arith::ConstantIndexOp::create(b, loc, width));
    Value whole =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rem,
                              arith::ConstantIndexOp::create(b, loc, 0));
    return arith::AndIOp::create(b, loc, aligned, whole);
  }

  /// Thread t handles vectors t, t + threads, ... of [0, ub).
  void emitStridedVectors(LaneVectorizer &vectorizer, int64_t width, Value ub,
                          IRMapping &map) {
    Location loc = ub.getLoc();
    DenseMap<Operation *, Value> accIn, accOut;
    Value w = arith::ConstantIndexOp::create(b, loc, width);
    Value start = arith::MulIOp::create(b, loc, tid, w);
    Value stride = arith::MulIOp::create(b, loc, threads, w);
    auto forOp = scf::ForOp::create(b, loc, start, ub, stride);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(forOp.getBody()->getTerminator());
    vectorizer.emit(b, map, forOp.getInductionVar(), accIn, accOut);
  }

  /// Thread t handles iterations t, t + threads, ... of `inner`'s
  /// linearized iteration space.
  void emitScalars(scf::ParallelOp inner, IRMapping &map) {
    Location loc = inner.getLoc();
    SmallVector<Value> counts;
    Value total = arith::ConstantIndexOp::create(b, loc, 1);
    for (auto [lb, ub, step] : llvm::zip(
             inner.getLowerBound(), inner.getUpperBound(), inner.getStep())) {
      counts.push_back(buildTripCount(b, loc, map, lb, ub, step));
      total = arith::MulIOp::create(b, loc, total, counts.back());
    }
    auto forOp = scf::ForOp::create(b, loc, tid, total, threads);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(forOp.getBody()->getTerminator());
    map.map(inner.getInductionVars(),
            delinearize(b, loc, map, inner, counts, forOp.getInductionVar()));
    for (Operation &nested : inner.getBody()->without_terminator())
      b.clone(nested, map);
  }

  /// This thread's partial result of each accumulator of `loop` over its
  /// share of the row (`width` lanes at a time; unrolled when the row is
  /// static and short), reduced to a scalar.
  SmallVector<Value> emitPartials(scf::ForOp loop,
                                  MutableArrayRef<Accumulator> accs,
                                  LaneVectorizer &vectorizer, int64_t width,
                                  IRMapping &map) {
    Location loc = loop.getLoc();
    // Identities, as vectors when vectorized.
    SmallVector<Value> inits;
    for (Accumulator acc : accs) {
      Type type = acc.store.getValue().getType();
      Value identity = arith::getIdentityValue(acc.kinds.atomic, type, b, loc);
      if (width > 1)
        identity = vector::BroadcastOp::create(
            b, loc, VectorType::get({width}, type), identity);
      inits.push_back(identity);
    }
    auto nextPartials = [&](DenseMap<Operation *, Value> &accOut) {
      SmallVector<Value> next;
      for (Accumulator acc : accs)
        next.push_back(accOut.lookup(acc.store));
      return next;
    };

    SmallVector<Value> partials;
    int64_t unroll =
        width > 1 ? getUnroll(loop.getUpperBound(), width) : int64_t(0);
    if (unroll) {
      prepareReuse(vectorizer);
      partials = inits;
      for (int64_t k = 0; k < unroll; ++k) {
        DenseMap<Operation *, Value> accIn, accOut;
        for (auto [acc, partial] : llvm::zip_equal(accs, partials))
          accIn[acc.load] = partial;
        vectorizer.emit(b, map, getBase(loc, k, width), accIn, accOut);
        partials = nextPartials(accOut);
      }
    } else {
      Value stepValue = map.lookupOrDefault(loop.getStep());
      Value start, stride;
      if (width > 1) {
        Value w = arith::ConstantIndexOp::create(b, loc, width);
        start = arith::MulIOp::create(b, loc, tid, w);
        stride = arith::MulIOp::create(b, loc, threads, w);
      } else {
        start = arith::AddIOp::create(
            b, loc, map.lookupOrDefault(loop.getLowerBound()),
            arith::MulIOp::create(b, loc, tid, stepValue));
        stride = arith::MulIOp::create(b, loc, threads, stepValue);
      }
      auto forOp = scf::ForOp::create(
          b, loc, start, map.lookupOrDefault(loop.getUpperBound()), stride,
          inits,
          [&](OpBuilder &nb, Location l, Value iv, ValueRange loopPartials) {
            DenseMap<Operation *, Value> accIn, accOut;
            for (auto [acc, partial] : llvm::zip_equal(accs, loopPartials))
              accIn[acc.load] = partial;
            if (width > 1) {
              vectorizer.emit(nb, map, iv, accIn, accOut);
            } else {
              map.map(loop.getInductionVar(), iv);
              for (Operation &op : loop.getBody()->without_terminator()) {
                if (vectorizer.accLoads.contains(&op))
                  map.map(op.getResult(0), accIn.lookup(&op));
                else if (vectorizer.accStores.contains(&op))
                  accOut[&op] =
                      map.lookupOrDefault(cast<memref::StoreOp>(op).getValue());
                else
                  nb.clone(op, map);
              }
            }
            scf::YieldOp::create(nb, l, nextPartials(accOut));
          });
      partials.assign(forOp.getResults().begin(), forOp.getResults().end());
    }
    if (width > 1)
      for (auto [acc, partial] : llvm::zip_equal(accs, partials))
        partial =
            vector::ReductionOp::create(b, loc, acc.kinds.vector, partial);
    return partials;
  }

  /// Vectors per thread when a loop over [0, `ub`) runs unrolled: `ub` is
  /// static and a multiple of threads * width, with few vectors per
  /// thread. 0 otherwise.
  int64_t getUnroll(Value ub, int64_t width) const {
    std::optional<int64_t> extent = getConstantIntValue(ub);
    int64_t perBlock = staticThreads * width;
    if (!extent || staticThreads <= 0 || *extent % perBlock != 0)
      return 0;
    int64_t unroll = *extent / perBlock;
    return unroll <= kMaxUnroll ? unroll : 0;
  }

  /// The first lane of vector k of this thread: (tid + k * threads) *
  /// width, built once and shared by every unrolled loop (so that loads
  /// of the same elements are recognized).
  Value getBase(Location loc, int64_t k, int64_t width) {
    Value &base = bases[{k, width}];
    if (!base) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointAfterValue(tid);
      Value first = arith::MulIOp::create(
          b, loc, tid, arith::ConstantIndexOp::create(b, loc, width));
      base = arith::AddIOp::create(
          b, loc, first,
          arith::ConstantIndexOp::create(b, loc, k * staticThreads * width));
    }
    return base;
  }

  void prepareReuse(LaneVectorizer &vectorizer) {
    vectorizer.loadCache = &loads;
    vectorizer.canReuseLoad = isReadOnly;
  }

  /// At most this many vectors per thread and loop are kept in registers.
  static constexpr int64_t kMaxUnroll = 8;

  RewriterBase &b;
  const GpuMappingOptions &options;
  Value tid, threads;
  int64_t staticThreads;
  std::function<bool(Value)> isReadOnly;
  std::map<std::pair<int64_t, int64_t>, Value> bases;
  std::map<std::vector<const void *>, Value> loads;
};

} // namespace

bool kiln::mapRowsToBlocks(RewriterBase &rewriter, scf::ParallelOp loop,
                           const GpuMappingOptions &options) {
  std::optional<RowPlan> plan = planRows(loop, options);
  if (!plan)
    return false;
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  IRMapping none;
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  SmallVector<Value> counts;
  Value rows = one;
  for (auto [lb, ub, step] :
       llvm::zip(loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
    counts.push_back(buildTripCount(rewriter, loc, none, lb, ub, step));
    rows = arith::MulIOp::create(rewriter, loc, rows, counts.back());
  }
  Value threads = arith::ConstantIndexOp::create(rewriter, loc, plan->threads);
  auto launch =
      gpu::LaunchOp::create(rewriter, loc, rows, one, one, threads, one, one);
  IRMapping map;
  llvm::SmallPtrSet<Value, 8> privates;
  for (auto alloc : loop.getBody()->getOps<memref::AllocOp>())
    if (!llvm::is_contained(plan->shared, alloc) &&
        !llvm::is_contained(plan->global, alloc))
      privates.insert(alloc.getResult());
  for (memref::AllocOp alloc : plan->shared) {
    MemRefType type = alloc.getType();
    auto sharedType = MemRefType::get(
        type.getShape(), type.getElementType(), MemRefLayoutAttrInterface(),
        gpu::AddressSpaceAttr::get(rewriter.getContext(),
                                   gpu::AddressSpace::Workgroup));
    map.map(alloc.getResult(), launch.addWorkgroupAttribution(sharedType, loc));
  }
  Block &body = launch.getBody().front();
  rewriter.setInsertionPointToStart(&body);
  auto terminator = gpu::TerminatorOp::create(rewriter, loc);
  rewriter.setInsertionPoint(terminator);
  map.map(loop.getInductionVars(), delinearize(rewriter, loc, map, loop, counts,
                                               launch.getBlockIds().x));
  // Inside the launch, `threads` is the block size.
  // Buffers the row writes (through any view) are never reused from
  // registers.
  llvm::SmallPtrSet<Value, 8> written;
  loop.getBody()->walk([&](Operation *op) {
    if (auto store = dyn_cast<memref::StoreOp>(op))
      written.insert(memref::skipViewLikeOps(cast<MemrefValue>(store.getMemRef())));
    else if (auto copy = dyn_cast<memref::CopyOp>(op))
      written.insert(memref::skipViewLikeOps(cast<MemrefValue>(copy.getTarget())));
  });
  RowEmitter emitter(rewriter, options, launch.getThreadIds().x,
                     launch.getBlockSize().x, plan->threads, [&](Value memref) {
                       return !written.contains(
                           memref::skipViewLikeOps(cast<MemrefValue>(memref)));
                     });
  Block &rowBody = *loop.getBody();
  for (Operation &op : rowBody.without_terminator()) {
    if (auto alloc = dyn_cast<memref::AllocOp>(op);
        alloc && llvm::is_contained(plan->shared, alloc))
      continue;
    if (auto dealloc = dyn_cast<memref::DeallocOp>(op);
        dealloc && map.contains(dealloc.getMemref()) &&
        !privates.contains(dealloc.getMemref()))
      continue;
    if (auto inner = dyn_cast<scf::ParallelOp>(op)) {
      emitter.emitDistributed(inner, map);
      // Later loops may read what other threads wrote.
      bool laterLoops = llvm::any_of(
          llvm::make_range(std::next(op.getIterator()), rowBody.end()),
          [](Operation &later) {
            return isa<scf::ParallelOp, scf::ForOp>(later);
          });
      if (laterLoops)
        gpu::BarrierOp::create(rewriter, loc);
      continue;
    }
    if (auto it = plan->reductions.find(&op); it != plan->reductions.end()) {
      emitter.emitReduction(cast<scf::ForOp>(op), plan->reductions[&op],
                            privates, map);
      continue;
    }
    rewriter.clone(op, map);
  }
  // Temporaries too large or symbolic for shared memory: block b (row b)
  // uses slot b of a global scratch buffer.
  for (memref::AllocOp alloc : plan->global)
    replaceWithScratchSlot(
        rewriter, cast<memref::AllocOp>(map.lookup(alloc.getResult()).getDefiningOp()),
        launch, launch.getBlockIds().x, rows);
  rewriter.eraseOp(loop);
  return true;
}
