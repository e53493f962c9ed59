//===- PlanMemory.cpp - One arena per call for a function's intermediates -===//
//
// Liveness-based packing of the intermediates of a bufferized function into
// one allocation, with offsets that are constants for static shapes and
// index arithmetic on the symbol sizes for symbolic ones.
//
//===----------------------------------------------------------------------===//

#include "kiln/Transforms/Passes.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace kiln {
#define GEN_PASS_DEF_KILNPLANMEMORY
#include "kiln/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// Alignment of every intermediate in the arena (a cache line, and enough
/// for AVX-512 loads).
constexpr int64_t kAlignment = 64;

/// One intermediate: its allocation, live range (positions of ops in the
/// function's top block) and size in bytes.
struct Buffer {
  memref::AllocOp alloc;
  int64_t begin = 0, end = 0;
  OpFoldResult bytes;
  int64_t slot = -1;
};

/// A slot of the arena: its size (the max over its occupants) and when its
/// current occupant dies.
struct Slot {
  OpFoldResult bytes;
  int64_t freeAfter = -1;
};

/// Collects `value` and every view of it (transitively).
void collectAliases(Value value, SmallVectorImpl<Value> &aliases) {
  aliases.push_back(value);
  for (Operation *user : value.getUsers())
    if (auto view = dyn_cast<ViewLikeOpInterface>(user))
      if (view.getViewSource() == value)
        for (Value result : user->getResults())
          collectAliases(result, aliases);
}

/// `a * b`, `max(a, b)`, `a + b` folded when both are constants.
OpFoldResult combine(OpBuilder &b, Location loc, OpFoldResult x, OpFoldResult y,
                     char op) {
  std::optional<int64_t> cx = getConstantIntValue(x);
  std::optional<int64_t> cy = getConstantIntValue(y);
  if (cx && cy)
    return b.getIndexAttr(op == '*'   ? *cx * *cy
                          : op == '+' ? *cx + *cy
                                      : std::max(*cx, *cy));
  Value vx = getValueOrCreateConstantIndexOp(b, loc, x);
  Value vy = getValueOrCreateConstantIndexOp(b, loc, y);
  if (op == '*')
    return arith::MulIOp::create(b, loc, vx, vy).getResult();
  if (op == '+')
    return arith::AddIOp::create(b, loc, vx, vy).getResult();
  return arith::MaxUIOp::create(b, loc, vx, vy).getResult();
}

/// Rounds up to the alignment.
OpFoldResult alignUp(OpBuilder &b, Location loc, OpFoldResult bytes) {
  if (std::optional<int64_t> c = getConstantIntValue(bytes))
    return b.getIndexAttr(llvm::alignTo(*c, kAlignment));
  Value v = getValueOrCreateConstantIndexOp(b, loc, bytes);
  Value mask = arith::ConstantIndexOp::create(b, loc, kAlignment - 1);
  Value sum = arith::AddIOp::create(b, loc, v, mask);
  Value notMask = arith::ConstantIndexOp::create(b, loc, ~(kAlignment - 1));
  return arith::AndIOp::create(b, loc, sum, notMask).getResult();
}

struct KilnPlanMemoryPass : kiln::impl::KilnPlanMemoryBase<KilnPlanMemoryPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || !func.getBody().hasOneBlock())
      return;
    Block &block = func.getBody().front();
    DenseMap<Operation *, int64_t> position;
    int64_t index = 0;
    for (Operation &op : block)
      position[&op] = index++;
    Operation *terminator = block.getTerminator();
    DominanceInfo dominance(func);

    // 1. Intermediates, their live ranges and sizes.
    SmallVector<Buffer> buffers;
    for (Operation &op : block) {
      auto alloc = dyn_cast<memref::AllocOp>(op);
      if (!alloc || !alloc.getType().getLayout().isIdentity() ||
          !alloc.getType().getElementType().isIntOrFloat())
        continue;
      SmallVector<Value> aliases;
      collectAliases(alloc.getResult(), aliases);
      Buffer buffer;
      buffer.alloc = alloc;
      buffer.begin = position[&op];
      buffer.end = buffer.begin;
      bool escapes = false;
      for (Value alias : aliases)
        for (Operation *user : alias.getUsers()) {
          Operation *top = block.findAncestorOpInBlock(*user);
          // Returned, or passed out of a region (scf.yield, ...): its live
          // range is not visible here, so it keeps its own allocation.
          if (!top || top == terminator ||
              user->hasTrait<OpTrait::IsTerminator>()) {
            escapes = true;
            continue;
          }
          if (isa<memref::DeallocOp>(user))
            continue;
          buffer.end = std::max(buffer.end, position[top]);
        }
      if (escapes)
        continue;
      buffers.push_back(buffer);
    }
    if (buffers.empty())
      return;

    // The arena is allocated before the first intermediate; every dynamic
    // size must be available there.
    Operation *first = buffers.front().alloc;
    llvm::erase_if(buffers, [&](Buffer &buffer) {
      return llvm::any_of(buffer.alloc.getDynamicSizes(), [&](Value size) {
        return !dominance.properlyDominates(size, first);
      });
    });
    if (buffers.empty())
      return;

    OpBuilder b(first);
    Location loc = func.getLoc();
    int64_t naive = 0;
    bool allStatic = true;
    for (Buffer &buffer : buffers) {
      MemRefType type = buffer.alloc.getType();
      OpFoldResult bytes = b.getIndexAttr(
          std::max<int64_t>(1, type.getElementTypeBitWidth() / 8));
      unsigned dynamic = 0;
      for (int64_t size : type.getShape())
        bytes = combine(
            b, loc, bytes,
            ShapedType::isDynamic(size)
                ? OpFoldResult(buffer.alloc.getDynamicSizes()[dynamic++])
                : OpFoldResult(b.getIndexAttr(size)),
            '*');
      buffer.bytes = alignUp(b, loc, bytes);
      if (std::optional<int64_t> c = getConstantIntValue(buffer.bytes))
        naive += *c;
      else
        allStatic = false;
    }

    // 2. Greedy packing in program order: the first dead slot is reused.
    SmallVector<Slot> slots;
    for (Buffer &buffer : buffers) {
      for (auto [i, slot] : llvm::enumerate(slots)) {
        if (slot.freeAfter < buffer.begin) {
          buffer.slot = i;
          break;
        }
      }
      if (buffer.slot < 0) {
        buffer.slot = slots.size();
        slots.push_back({b.getIndexAttr(0), -1});
      }
      Slot &slot = slots[buffer.slot];
      slot.bytes = combine(b, loc, slot.bytes, buffer.bytes, 'M');
      slot.freeAfter = buffer.end;
    }

    // 3. Offsets and the arena.
    SmallVector<OpFoldResult> offsets;
    OpFoldResult total = b.getIndexAttr(0);
    for (Slot &slot : slots) {
      offsets.push_back(total);
      total = combine(b, loc, total, slot.bytes, '+');
    }
    Value totalValue = getValueOrCreateConstantIndexOp(b, loc, total);
    auto arenaType = MemRefType::get({ShapedType::kDynamic}, b.getI8Type());
    Value arena =
        memref::AllocOp::create(b, loc, arenaType, ValueRange{totalValue},
                                b.getI64IntegerAttr(kAlignment));
    for (Buffer &buffer : buffers) {
      OpBuilder vb(buffer.alloc);
      Value offset =
          getValueOrCreateConstantIndexOp(vb, loc, offsets[buffer.slot]);
      Value view = memref::ViewOp::create(vb, buffer.alloc.getLoc(),
                                          buffer.alloc.getType(), arena, offset,
                                          buffer.alloc.getDynamicSizes());
      // The arena is freed as a whole; drop frees of the intermediate.
      for (Operation *user :
           llvm::make_early_inc_range(buffer.alloc->getUsers()))
        if (isa<memref::DeallocOp>(user))
          user->erase();
      buffer.alloc.getResult().replaceAllUsesWith(view);
      buffer.alloc.erase();
    }
    numPlanned += buffers.size();
    numSlots += slots.size();

    // Reports for static shapes.
    if (allStatic) {
      int64_t lowerBound = 0;
      for (int64_t t = 0; t < index; ++t) {
        int64_t live = 0;
        for (Buffer &buffer : buffers)
          if (buffer.begin <= t && t <= buffer.end)
            live += *getConstantIntValue(buffer.bytes);
        lowerBound = std::max(lowerBound, live);
      }
      func->setAttr("kiln.arena_bytes",
                    b.getI64IntegerAttr(*getConstantIntValue(total)));
      func->setAttr("kiln.naive_bytes", b.getI64IntegerAttr(naive));
      func->setAttr("kiln.lower_bound_bytes", b.getI64IntegerAttr(lowerBound));
    }
  }
};
} // namespace
