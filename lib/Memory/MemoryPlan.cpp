//===- MemoryPlan.cpp - One arena per call for a function's intermediates -===//
//
// The analysis (intermediates, live ranges, slots) is structural: slots
// depend only on live ranges, so sizes (static or symbolic) enter only in
// the rewrite, which emits them as index arithmetic where they are not
// constants.
//
//===----------------------------------------------------------------------===//

#include "kiln/Memory/MemoryPlan.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;
using namespace kiln;

/// Collects `value` and every value that may alias it (transitively): its
/// views, and the memref results of any other op it is an operand of (an
/// scf.for's results alias its iter_args' initial buffers).
static void collectAliases(Value value, SmallVectorImpl<Value> &aliases) {
  if (llvm::is_contained(aliases, value))
    return;
  aliases.push_back(value);
  for (OpOperand &use : value.getUses()) {
    Operation *user = use.getOwner();
    if (auto view = dyn_cast<ViewLikeOpInterface>(user);
        view && view.getViewSource() != value)
      continue;
    // A loop's iter_arg initial value is aliased by its tied result only.
    if (auto loop = dyn_cast<LoopLikeOpInterface>(user)) {
      if (OpResult tied = loop.getTiedLoopResult(&use)) {
        collectAliases(tied, aliases);
        continue;
      }
    }
    for (Value result : user->getResults())
      if (isa<BaseMemRefType>(result.getType()))
        collectAliases(result, aliases);
  }
}

/// The live range of `alloc` in `block`, or nullopt when it escapes
/// (returned, or passed out of a region: its range is not visible here).
static std::optional<std::pair<int64_t, int64_t>>
getLiveRange(memref::AllocOp alloc, Block &block,
             const DenseMap<Operation *, int64_t> &position) {
  SmallVector<Value> aliases;
  collectAliases(alloc.getResult(), aliases);
  int64_t begin = position.lookup(alloc), end = begin;
  Operation *terminator = block.getTerminator();
  for (Value alias : aliases)
    for (Operation *user : alias.getUsers()) {
      Operation *top = block.findAncestorOpInBlock(*user);
      if (!top || top == terminator || user->hasTrait<OpTrait::IsTerminator>())
        return std::nullopt;
      if (!isa<memref::DeallocOp>(user))
        end = std::max(end, position.lookup(top));
    }
  return std::make_pair(begin, end);
}

/// The size of `type` in bytes, aligned, if static.
static std::optional<int64_t> getStaticBytes(MemRefType type) {
  if (!type.hasStaticShape())
    return std::nullopt;
  int64_t bytes = std::max<int64_t>(1, type.getElementTypeBitWidth() / 8);
  for (int64_t size : type.getShape())
    bytes *= size;
  return llvm::alignTo(bytes, kArenaAlignment);
}

MemoryPlan::MemoryPlan(func::FuncOp func) {
  if (func.isExternal() || !func.getBody().hasOneBlock())
    return;
  Block &block = func.getBody().front();
  DenseMap<Operation *, int64_t> position;
  for (Operation &op : block)
    position[&op] = numPositions++;

  // Intermediates and their live ranges.
  for (Operation &op : block) {
    auto alloc = dyn_cast<memref::AllocOp>(op);
    if (!alloc || !alloc.getType().getLayout().isIdentity() ||
        !alloc.getType().getElementType().isIntOrFloat())
      continue;
    if (auto range = getLiveRange(alloc, block, position))
      buffers.push_back({alloc, range->first, range->second, -1,
                         getStaticBytes(alloc.getType())});
  }
  // The arena is allocated before the first intermediate; every dynamic
  // size must be available there.
  if (buffers.empty())
    return;
  DominanceInfo dominance(func);
  Operation *first = buffers.front().alloc;
  llvm::erase_if(buffers, [&](PlannedBuffer &buffer) {
    return llvm::any_of(buffer.alloc.getDynamicSizes(), [&](Value size) {
      return !dominance.properlyDominates(size, first);
    });
  });

  // Greedy packing in program order: the first dead slot is reused.
  SmallVector<int64_t> freeAfter;
  for (PlannedBuffer &buffer : buffers) {
    for (auto [i, slotEnd] : llvm::enumerate(freeAfter))
      if (slotEnd < buffer.begin) {
        buffer.slot = i;
        break;
      }
    if (buffer.slot < 0) {
      buffer.slot = freeAfter.size();
      freeAfter.push_back(-1);
    }
    freeAfter[buffer.slot] = buffer.end;
  }
  numSlots = freeAfter.size();
}

std::optional<MemoryFigures> MemoryPlan::getStaticFigures() const {
  MemoryFigures figures;
  SmallVector<int64_t> slotBytes(numSlots, 0);
  for (const PlannedBuffer &buffer : buffers) {
    if (!buffer.staticBytes)
      return std::nullopt;
    figures.naiveBytes += *buffer.staticBytes;
    slotBytes[buffer.slot] =
        std::max(slotBytes[buffer.slot], *buffer.staticBytes);
  }
  for (int64_t bytes : slotBytes)
    figures.arenaBytes += bytes;
  for (int64_t t = 0; t < numPositions; ++t) {
    int64_t live = 0;
    for (const PlannedBuffer &buffer : buffers)
      if (buffer.begin <= t && t <= buffer.end)
        live += *buffer.staticBytes;
    figures.lowerBoundBytes = std::max(figures.lowerBoundBytes, live);
  }
  return figures;
}

//===----------------------------------------------------------------------===//
// The rewrite
//===----------------------------------------------------------------------===//

/// `a * b`, `max(a, b)`, `a + b` folded when both are constants.
static OpFoldResult combine(OpBuilder &b, Location loc, OpFoldResult x,
                            OpFoldResult y, char op) {
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
static OpFoldResult alignUp(OpBuilder &b, Location loc, OpFoldResult bytes) {
  if (std::optional<int64_t> c = getConstantIntValue(bytes))
    return b.getIndexAttr(llvm::alignTo(*c, kArenaAlignment));
  Value v = getValueOrCreateConstantIndexOp(b, loc, bytes);
  Value mask = arith::ConstantIndexOp::create(b, loc, kArenaAlignment - 1);
  Value sum = arith::AddIOp::create(b, loc, v, mask);
  Value notMask =
      arith::ConstantIndexOp::create(b, loc, ~(kArenaAlignment - 1));
  return arith::AndIOp::create(b, loc, sum, notMask).getResult();
}

/// The bytes of `alloc`, aligned, built at the builder's point.
static OpFoldResult buildBytes(OpBuilder &b, Location loc,
                               memref::AllocOp alloc) {
  MemRefType type = alloc.getType();
  OpFoldResult bytes =
      b.getIndexAttr(std::max<int64_t>(1, type.getElementTypeBitWidth() / 8));
  unsigned dynamic = 0;
  for (int64_t size : type.getShape())
    bytes = combine(b, loc, bytes,
                    ShapedType::isDynamic(size)
                        ? OpFoldResult(alloc.getDynamicSizes()[dynamic++])
                        : OpFoldResult(b.getIndexAttr(size)),
                    '*');
  return alignUp(b, loc, bytes);
}

void kiln::applyMemoryPlan(RewriterBase &rewriter, const MemoryPlan &plan) {
  if (plan.empty())
    return;
  ArrayRef<PlannedBuffer> buffers = plan.getBuffers();
  memref::AllocOp first = buffers.front().alloc;
  Location loc = first->getParentOfType<func::FuncOp>().getLoc();
  rewriter.setInsertionPoint(first);
  SmallVector<OpFoldResult> bytes;
  for (const PlannedBuffer &buffer : buffers)
    bytes.push_back(buildBytes(rewriter, loc, buffer.alloc));
  SmallVector<OpFoldResult> slotBytes(plan.getNumSlots(),
                                      rewriter.getIndexAttr(0));
  for (auto [buffer, size] : llvm::zip(buffers, bytes))
    slotBytes[buffer.slot] =
        combine(rewriter, loc, slotBytes[buffer.slot], size, 'M');
  SmallVector<OpFoldResult> offsets;
  OpFoldResult total = rewriter.getIndexAttr(0);
  for (OpFoldResult size : slotBytes) {
    offsets.push_back(total);
    total = combine(rewriter, loc, total, size, '+');
  }
  Value totalValue = getValueOrCreateConstantIndexOp(rewriter, loc, total);
  auto arenaType =
      MemRefType::get({ShapedType::kDynamic}, rewriter.getI8Type());
  Value arena =
      memref::AllocOp::create(rewriter, loc, arenaType, ValueRange{totalValue},
                              rewriter.getI64IntegerAttr(kArenaAlignment));
  for (const PlannedBuffer &buffer : buffers) {
    memref::AllocOp alloc = buffer.alloc;
    rewriter.setInsertionPoint(alloc);
    Value offset =
        getValueOrCreateConstantIndexOp(rewriter, loc, offsets[buffer.slot]);
    Value view =
        memref::ViewOp::create(rewriter, alloc.getLoc(), alloc.getType(), arena,
                               offset, alloc.getDynamicSizes());
    for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
      if (isa<memref::DeallocOp>(user))
        rewriter.eraseOp(user);
    rewriter.replaceAllUsesWith(alloc.getResult(), view);
    rewriter.eraseOp(alloc);
  }
}
