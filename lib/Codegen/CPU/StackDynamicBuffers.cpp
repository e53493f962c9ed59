//===- StackDynamicBuffers.cpp - Small dynamic temporaries on the stack ---===//
//
// A fusion group's row buffer has the row's size, which is a symbol when the
// row length is: bufferization allocates it on the heap in every iteration
// of the loop over rows (one malloc and free per row). Here such a buffer
// goes on the stack when its size, known at run time, is small, with the
// stack pointer saved before it and restored where it would be freed, so
// that the stack does not grow with the number of rows.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/CPU/Passes.h"
#include "kiln/Codegen/CPU/Transforms.h"

#include "mlir/Interfaces/LoopLikeInterface.h"

namespace kiln {
#define GEN_PASS_DEF_KILNSTACKDYNAMICBUFFERS
#include "kiln/Codegen/CPU/Passes.h.inc"
} // namespace kiln

using namespace mlir;

/// The dealloc of `alloc` in the alloc's block, if that is its only one.
static memref::DeallocOp getDeallocInBlock(memref::AllocOp alloc) {
  memref::DeallocOp found;
  for (Operation *user : alloc->getUsers()) {
    auto dealloc = dyn_cast<memref::DeallocOp>(user);
    if (!dealloc)
      continue;
    if (found || dealloc->getBlock() != alloc->getBlock())
      return {};
    found = dealloc;
  }
  return found;
}

/// The bytes `alloc` allocates, as an index value computed before it.
static Value getAllocBytes(OpBuilder &b, memref::AllocOp alloc) {
  MemRefType type = alloc.getType();
  Location loc = alloc.getLoc();
  int64_t staticElements = 1;
  for (int64_t size : type.getShape())
    if (!ShapedType::isDynamic(size))
      staticElements *= size;
  int64_t bytes = staticElements * (type.getElementTypeBitWidth() / 8);
  Value total = arith::ConstantIndexOp::create(b, loc, bytes);
  for (Value size : alloc.getDynamicSizes())
    total = arith::MulIOp::create(b, loc, total, size);
  return total;
}

LogicalResult kiln::stackDynamicBuffer(RewriterBase &rewriter,
                                       memref::AllocOp alloc,
                                       int64_t maxBytes) {
  MemRefType type = alloc.getType();
  if (alloc.getDynamicSizes().empty() || !alloc.getSymbolOperands().empty() ||
      !type.getLayout().isIdentity() || type.getElementTypeBitWidth() % 8)
    return failure();
  // Only the temporaries of one loop iteration: a loop body's, or an
  // allocation scope's (an OpenMP loop's body is one).
  Operation *parent = alloc->getParentOp();
  if (!isa<LoopLikeOpInterface, memref::AllocaScopeOp>(parent))
    return failure();
  memref::DeallocOp dealloc = getDeallocInBlock(alloc);
  if (!dealloc)
    return failure();

  // The stack pointer is restored where the heap buffer would be freed
  // (what a memref.alloca_scope lowers to, without a region, which a loop
  // body of one block could not hold once lowered).
  Location loc = alloc.getLoc();
  rewriter.setInsertionPoint(alloc);
  auto ptrType = LLVM::LLVMPointerType::get(rewriter.getContext());
  Value stackPointer = LLVM::StackSaveOp::create(rewriter, loc, ptrType);
  Value bytes = getAllocBytes(rewriter, alloc);
  Value small = arith::CmpIOp::create(
      rewriter, loc, arith::CmpIPredicate::ule, bytes,
      arith::ConstantIndexOp::create(rewriter, loc, maxBytes));
  IntegerAttr alignment = alloc.getAlignmentAttr();
  ValueRange sizes = alloc.getDynamicSizes();
  auto choice = scf::IfOp::create(
      rewriter, loc, small,
      [&](OpBuilder &b, Location l) {
        Value stack = memref::AllocaOp::create(b, l, type, sizes, ValueRange{},
                                               alignment);
        scf::YieldOp::create(b, l, stack);
      },
      [&](OpBuilder &b, Location l) {
        Value heap = memref::AllocOp::create(b, l, type, sizes, ValueRange{},
                                             alignment);
        scf::YieldOp::create(b, l, heap);
      });
  rewriter.replaceOp(alloc, choice.getResult(0));
  rewriter.setInsertionPoint(dealloc);
  Value onHeap = arith::XOrIOp::create(
      rewriter, loc, small,
      arith::ConstantIntOp::create(rewriter, loc, 1, /*width=*/1));
  Value buffer = dealloc.getMemref();
  scf::IfOp::create(rewriter, loc, onHeap, [&](OpBuilder &b, Location l) {
    memref::DeallocOp::create(b, l, buffer);
    scf::YieldOp::create(b, l);
  });
  LLVM::StackRestoreOp::create(rewriter, loc, stackPointer);
  rewriter.eraseOp(dealloc);
  return success();
}

namespace {
struct KilnStackDynamicBuffersPass
    : kiln::impl::KilnStackDynamicBuffersBase<KilnStackDynamicBuffersPass> {
  using KilnStackDynamicBuffersBase::KilnStackDynamicBuffersBase;

  void runOnOperation() override {
    SmallVector<memref::AllocOp> allocs;
    getOperation()->walk([&](memref::AllocOp op) { allocs.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (memref::AllocOp alloc : allocs)
      if (succeeded(kiln::stackDynamicBuffer(rewriter, alloc, maxBytes)))
        ++numStacked;
  }
};
} // namespace
