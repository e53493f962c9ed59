//===- LaneVectorizer.cpp - Loop bodies over consecutive lanes as vectors -===//
//
// A kernel thread that handles `width` consecutive iterations of a loop at
// once reads and writes them with one 16-byte access (ld.global.v4 on
// NVPTX) instead of `width` scalar ones. LaneVectorizer decides whether a
// straight-line loop body allows this and emits it with vector ops.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/GPU/LaneVectorizer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace kiln;

/// Power-of-two multiples are capped here (large enough for any access).
static constexpr int64_t kMaxMultiple = int64_t(1) << 20;

int64_t kiln::getKnownMultiple(Value value, unsigned depth) {
  if (std::optional<int64_t> c = getConstantIntValue(value)) {
    if (*c == 0)
      return kMaxMultiple;
    return std::min<int64_t>(kMaxMultiple,
                             int64_t(1) << llvm::countr_zero(uint64_t(*c)));
  }
  Operation *op = value.getDefiningOp();
  if (!op || depth > 8)
    return 1;
  auto lhs = [&] { return getKnownMultiple(op->getOperand(0), depth + 1); };
  auto rhs = [&] { return getKnownMultiple(op->getOperand(1), depth + 1); };
  return llvm::TypeSwitch<Operation *, int64_t>(op)
      .Case([&](arith::MulIOp) {
        return std::min<int64_t>(kMaxMultiple, lhs() * rhs());
      })
      .Case<arith::AddIOp, arith::SubIOp, arith::MaxUIOp, arith::MinUIOp,
            arith::MaxSIOp, arith::MinSIOp>(
          [&](Operation *) { return std::min(lhs(), rhs()); })
      .Case([&](arith::AndIOp) { return std::max(lhs(), rhs()); })
      .Default([](Operation *) { return int64_t(1); });
}

int64_t kiln::getKnownAlignment(Value memref, unsigned depth) {
  auto type = dyn_cast<MemRefType>(memref.getType());
  if (!type)
    return 1;
  int64_t elementBytes =
      std::max<int64_t>(1, type.getElementTypeBitWidth() / 8);
  // Whole buffers: allocations and the function's arguments (Kiln's GPU
  // calling convention: device buffers are at least 16-byte aligned, as
  // cuMemAlloc's are).
  if (isa<BlockArgument>(memref))
    return isa<func::FuncOp>(memref.getParentRegion()->getParentOp())
               ? kBufferAlignment
               : elementBytes;
  Operation *op = memref.getDefiningOp();
  if (depth > 8)
    return elementBytes;
  if (auto alloc = dyn_cast<memref::AllocOp>(op))
    return std::max<int64_t>(kBufferAlignment,
                             alloc.getAlignment().value_or(0));
  if (isa<memref::AllocaOp, gpu::AllocOp, memref::GetGlobalOp>(op))
    return kBufferAlignment;
  if (auto assume = dyn_cast<memref::AssumeAlignmentOp>(op))
    return std::max<int64_t>(assume.getAlignment(),
                             getKnownAlignment(assume.getMemref(), depth + 1));
  if (auto view = dyn_cast<memref::ViewOp>(op))
    return std::min(getKnownAlignment(view.getSource(), depth + 1),
                    getKnownMultiple(view.getByteShift()));
  if (isa<memref::ExpandShapeOp, memref::CollapseShapeOp, memref::CastOp>(op))
    return getKnownAlignment(op->getOperand(0), depth + 1);
  if (auto subview = dyn_cast<memref::SubViewOp>(op)) {
    auto sourceType = cast<MemRefType>(subview.getSource().getType());
    SmallVector<int64_t> strides;
    int64_t offset;
    if (failed(sourceType.getStridesAndOffset(strides, offset)))
      return elementBytes;
    int64_t alignment = getKnownAlignment(subview.getSource(), depth + 1);
    for (auto [ofr, stride] : llvm::zip(subview.getMixedOffsets(), strides)) {
      int64_t multiple;
      if (std::optional<int64_t> c = getConstantIntValue(ofr))
        multiple = *c == 0 ? kMaxMultiple
                           : int64_t(1) << llvm::countr_zero(uint64_t(*c));
      else
        multiple = getKnownMultiple(cast<Value>(ofr));
      if (multiple == kMaxMultiple)
        continue;
      int64_t strideMultiple =
          ShapedType::isDynamic(stride)
              ? 1
              : (stride == 0
                     ? kMaxMultiple
                     : int64_t(1) << llvm::countr_zero(uint64_t(stride)));
      alignment = std::min(
          alignment, std::min<int64_t>(kMaxMultiple, multiple * strideMultiple *
                                                         elementBytes));
    }
    return alignment;
  }
  return elementBytes;
}

//===----------------------------------------------------------------------===//
// LaneVectorizer
//===----------------------------------------------------------------------===//

LaneVectorizer::LaneVectorizer(Block &body, Value iv, int64_t width)
    : body(body), iv(iv), width(width) {}

/// The memref a chain of views (subviews, reshapes, casts) starts from:
/// its aligned pointer is the view's base. Unlike memref::skipViewLikeOps it stops
/// at a memref.view, whose aligned pointer is the shifted one.
static Value getViewBase(Value memref) {
  while (Operation *op = memref.getDefiningOp()) {
    if (!isa<memref::SubViewOp, memref::ExpandShapeOp, memref::CollapseShapeOp,
             memref::CastOp>(op))
      break;
    memref = op->getOperand(0);
  }
  return memref;
}

/// True when `indices` address `width` consecutive elements of `memref`
/// starting at the lane base (the last index is the iv itself, the others
/// do not depend on it), 16-byte aligned, in a memref whose last dim is
/// contiguous.
bool LaneVectorizer::isContiguousAccess(Value memref, ValueRange indices,
                                        int64_t &alignment,
                                        bool *deferred) const {
  auto type = cast<MemRefType>(memref.getType());
  if (indices.empty() || indices.back() != iv)
    return false;
  for (Value index : indices.drop_back())
    if (varying.contains(index))
      return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)) || strides.back() != 1)
    return false;
  int64_t elementBytes = type.getElementTypeBitWidth() / 8;
  if (elementBytes == 0 || type.getElementTypeBitWidth() % 8 != 0)
    return false;
  int64_t bytes = width * elementBytes;
  if (bytes > kBufferAlignment || !llvm::isPowerOf2_64(bytes))
    return false;
  // The address of the first lane: base + sum(index_d * stride_d) + iv, with
  // iv a multiple of `width`. Deferred: the base buffer is aligned, and the
  // offset and dynamic strides are checked at run time.
  // A static offset (the layout's, from the base) must be a multiple.
  if (!ShapedType::isDynamic(offset) && (offset * elementBytes) % bytes != 0)
    return false;
  bool defer = false;
  if (getKnownAlignment(memref) % bytes != 0) {
    if (!deferDynamicAlignment ||
        getKnownAlignment(getViewBase(memref)) % bytes != 0)
      return false;
    defer = true;
  }
  for (auto [index, stride] : llvm::zip(indices.drop_back(), strides)) {
    if (getKnownMultiple(index) == kMaxMultiple)
      continue;
    if (ShapedType::isDynamic(stride) && deferDynamicAlignment) {
      defer = true;
      continue;
    }
    if (ShapedType::isDynamic(stride) ||
        (getKnownMultiple(index) * stride * elementBytes) % bytes != 0)
      return false;
  }
  // The run-time check reads the memref's metadata before the loop.
  if (defer && body.getParent()->isAncestor(memref.getParentRegion()))
    return false;
  if (deferred)
    *deferred = defer;
  alignment = bytes;
  return true;
}

LogicalResult LaneVectorizer::analyze() {
  varying.clear();
  checkedAtRunTime.clear();
  auto check = [&](Value memref, ValueRange indices) {
    int64_t alignment;
    bool deferred = false;
    if (!isContiguousAccess(memref, indices, alignment, &deferred))
      return false;
    if (deferred && !llvm::is_contained(checkedAtRunTime, memref))
      checkedAtRunTime.push_back(memref);
    return true;
  };
  varying.insert(iv);
  for (Operation *load : accLoads)
    varying.insert(load->getResult(0));
  for (Operation &op : body.without_terminator()) {
    if (accStores.contains(&op) || accLoads.contains(&op))
      continue;
    bool usesVarying = llvm::any_of(
        op.getOperands(), [&](Value v) { return varying.contains(v); });
    if (auto load = dyn_cast<memref::LoadOp>(op)) {
      if (!usesVarying)
        continue;
      if (!check(load.getMemRef(), load.getIndices()))
        return failure();
      varying.insert(load.getResult());
      continue;
    }
    if (auto store = dyn_cast<memref::StoreOp>(op)) {
      if (!check(store.getMemRef(), store.getIndices()))
        return failure();
      continue;
    }
    // A region (a guarded read's scf.if) that uses the lanes inside: its
    // ops are not vectorized one by one, so the loop stays scalar.
    if (!usesVarying && op.getNumRegions() != 0) {
      WalkResult inner = op.walk([&](Operation *nested) {
        return llvm::any_of(nested->getOperands(),
                            [&](Value v) { return varying.contains(v); })
                   ? WalkResult::interrupt()
                   : WalkResult::advance();
      });
      if (inner.wasInterrupted())
        return failure();
    }
    if (!usesVarying)
      continue;
    // Elementwise arithmetic on the lanes; index arithmetic on the iv (a
    // gather, an iota) is not vectorized.
    if (op.getNumRegions() != 0 || !isMemoryEffectFree(&op) ||
        !op.hasTrait<OpTrait::Vectorizable>() || op.getNumResults() != 1 ||
        !isa<IntegerType, FloatType>(op.getResult(0).getType()) ||
        llvm::any_of(op.getOperandTypes(),
                     [](Type t) { return !isa<IntegerType, FloatType>(t); }))
      return failure();
    varying.insert(op.getResult(0));
  }
  return success();
}

Value LaneVectorizer::buildAlignedCondition(OpBuilder &b, Location loc,
                                            IRMapping &map) const {
  Value all = arith::ConstantIntOp::create(b, loc, 1, 1);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value w = arith::ConstantIndexOp::create(b, loc, width);
  auto requireMultiple = [&](Value value) {
    Value rem = arith::RemUIOp::create(b, loc, value, w);
    Value ok =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rem, zero);
    all = arith::AndIOp::create(b, loc, all, ok);
  };
  for (Value memref : checkedAtRunTime) {
    auto type = cast<MemRefType>(memref.getType());
    SmallVector<int64_t> strides;
    int64_t offset;
    (void)type.getStridesAndOffset(strides, offset);
    auto metadata = memref::ExtractStridedMetadataOp::create(
        b, loc, map.lookupOrDefault(memref));
    if (ShapedType::isDynamic(offset))
      requireMultiple(metadata.getOffset());
    for (auto [stride, value] : llvm::zip(strides, metadata.getStrides()))
      if (ShapedType::isDynamic(stride))
        requireMultiple(value);
  }
  return all;
}

void LaneVectorizer::emit(OpBuilder &b, IRMapping &map, Value base,
                          const DenseMap<Operation *, Value> &accIn,
                          DenseMap<Operation *, Value> &accOut) {
  Location loc = body.getParentOp()->getLoc();
  auto vectorOf = [&](Type t) { return VectorType::get({width}, t); };
  // A varying value's vector, or a uniform one broadcast.
  auto lanes = [&](Value v) -> Value {
    Value mapped = map.lookupOrDefault(v);
    if (isa<VectorType>(mapped.getType()))
      return mapped;
    return vector::BroadcastOp::create(b, loc, vectorOf(mapped.getType()),
                                       mapped);
  };
  auto mapIndices = [&](ValueRange indices) {
    SmallVector<Value> mapped;
    for (Value index : indices.drop_back())
      mapped.push_back(map.lookupOrDefault(index));
    mapped.push_back(base);
    return mapped;
  };
  for (Operation &op : body.without_terminator()) {
    if (accLoads.contains(&op)) {
      map.map(op.getResult(0), accIn.lookup(&op));
      continue;
    }
    if (accStores.contains(&op)) {
      accOut[&op] = map.lookupOrDefault(cast<memref::StoreOp>(op).getValue());
      continue;
    }
    bool usesVarying = llvm::any_of(
        op.getOperands(), [&](Value v) { return varying.contains(v); });
    if (auto load = dyn_cast<memref::LoadOp>(op); load && usesVarying) {
      int64_t alignment = 0;
      (void)isContiguousAccess(load.getMemRef(), load.getIndices(), alignment);
      Value memref = map.lookupOrDefault(load.getMemRef());
      SmallVector<Value> indices = mapIndices(load.getIndices());
      std::vector<const void *> key;
      bool reuse = loadCache && canReuseLoad && canReuseLoad(load.getMemRef());
      if (reuse) {
        key.push_back(memref.getAsOpaquePointer());
        for (Value index : indices)
          key.push_back(index.getAsOpaquePointer());
        key.push_back(load.getType().getAsOpaquePointer());
        auto it = loadCache->find(key);
        if (it != loadCache->end()) {
          map.map(load.getResult(), it->second);
          continue;
        }
      }
      auto vload = vector::LoadOp::create(
          b, loc, vectorOf(load.getType()), memref, indices,
          /*nontemporal=*/false, llvm::MaybeAlign(alignment));
      if (reuse)
        (*loadCache)[key] = vload.getResult();
      map.map(load.getResult(), vload.getResult());
      continue;
    }
    if (auto store = dyn_cast<memref::StoreOp>(op)) {
      int64_t alignment = 0;
      (void)isContiguousAccess(store.getMemRef(), store.getIndices(),
                               alignment);
      vector::StoreOp::create(b, loc, lanes(store.getValue()),
                              map.lookupOrDefault(store.getMemRef()),
                              mapIndices(store.getIndices()),
                              /*nontemporal=*/false,
                              llvm::MaybeAlign(alignment));
      continue;
    }
    if (!varying.contains(op.getNumResults() ? op.getResult(0) : Value())) {
      b.clone(op, map);
      continue;
    }
    OperationState state(op.getLoc(), op.getName());
    for (Value operand : op.getOperands())
      state.operands.push_back(lanes(operand));
    state.types.push_back(vectorOf(op.getResult(0).getType()));
    state.attributes = op.getAttrs();
    Operation *vop = b.create(state);
    map.map(op.getResult(0), vop->getResult(0));
  }
}

int64_t kiln::chooseVectorWidth(Block &body, Value iv, int64_t vectorBytes) {
  int64_t maxBytes = 0;
  for (Operation &op : body) {
    Value memref;
    ValueRange indices;
    if (auto load = dyn_cast<memref::LoadOp>(op)) {
      memref = load.getMemRef();
      indices = load.getIndices();
    } else if (auto store = dyn_cast<memref::StoreOp>(op)) {
      memref = store.getMemRef();
      indices = store.getIndices();
    }
    if (!memref || indices.empty() || indices.back() != iv)
      continue;
    maxBytes = std::max<int64_t>(
        maxBytes,
        cast<MemRefType>(memref.getType()).getElementTypeBitWidth() / 8);
  }
  if (maxBytes == 0 || vectorBytes < 2 * maxBytes)
    return 1;
  return vectorBytes / maxBytes;
}
