//===- KilnFolds.cpp - Folders of Kiln ops --------------------------------===//
//
// Kiln's canonicalizations are folders, so that `canonicalize`, the greedy
// driver and `OpBuilder::createOrFold` all apply them:
//   x + 0, x - 0, x * 1, x / 1 -> x         (when broadcasting keeps x's type)
//   neg(neg(x)) -> x
//   transpose(transpose(x)) -> transpose(x) with composed perm, or x
//   reshape(reshape(x)) -> reshape(x); reshape/cast/broadcast_to to the
//   operand's own type -> x
//   elementwise ops on small constants -> a constant
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/APFloat.h"

using namespace mlir;
using namespace kiln;

/// Constants with more elements than this are not folded (the folded
/// attribute would be as large as the computation is cheap).
static constexpr int64_t kMaxFoldElements = 1 << 12;

/// True when `attr` is a splat whose every element equals `value`.
static bool isSplatOf(Attribute attr, double value) {
  auto dense = dyn_cast_if_present<DenseElementsAttr>(attr);
  if (!dense || !dense.isSplat())
    return false;
  if (auto f = dyn_cast<FloatType>(dense.getElementType()))
    return dense.getSplatValue<APFloat>().isExactlyValue(value);
  return dense.getSplatValue<APInt>().getSExtValue() == int64_t(value);
}

using FloatFn = function_ref<std::optional<APFloat>(APFloat, APFloat)>;
using IntFn = function_ref<std::optional<APInt>(APInt, APInt)>;

/// Folds an elementwise binary op on two constants of the result's static
/// shape (or splats). Returns null when the operands are not foldable.
static Attribute foldConstantBinary(Operation *op, Attribute lhsAttr,
                                    Attribute rhsAttr, FloatFn floatFn,
                                    IntFn intFn) {
  auto lhs = dyn_cast_if_present<DenseElementsAttr>(lhsAttr);
  auto rhs = dyn_cast_if_present<DenseElementsAttr>(rhsAttr);
  auto resultType = cast<KilnTensorType>(op->getResult(0).getType());
  std::optional<SmallVector<int64_t>> shape = resultType.getStaticShape();
  if (!lhs || !rhs || !shape)
    return {};
  auto type = RankedTensorType::get(*shape, resultType.getElementType());
  if (type.getNumElements() > kMaxFoldElements)
    return {};
  // Without broadcasting index math: each operand is a splat or has the
  // result's shape.
  auto fits = [&](DenseElementsAttr a) {
    return a.isSplat() || cast<ShapedType>(a.getType()).getShape() ==
                              ArrayRef<int64_t>(*shape);
  };
  if (!fits(lhs) || !fits(rhs))
    return {};
  int64_t n = type.getNumElements();
  if (isa<FloatType>(type.getElementType())) {
    if (!floatFn)
      return {};
    SmallVector<APFloat> values;
    auto l = lhs.getValues<APFloat>(), r = rhs.getValues<APFloat>();
    for (int64_t i = 0; i < n; ++i) {
      std::optional<APFloat> v =
          floatFn(lhs.isSplat() ? l[0] : l[i], rhs.isSplat() ? r[0] : r[i]);
      if (!v)
        return {};
      values.push_back(*v);
    }
    return DenseElementsAttr::get(type, values);
  }
  if (!intFn)
    return {};
  SmallVector<APInt> values;
  auto l = lhs.getValues<APInt>(), r = rhs.getValues<APInt>();
  for (int64_t i = 0; i < n; ++i) {
    std::optional<APInt> v =
        intFn(lhs.isSplat() ? l[0] : l[i], rhs.isSplat() ? r[0] : r[i]);
    if (!v)
      return {};
    values.push_back(*v);
  }
  return DenseElementsAttr::get(type, values);
}

/// `x op identity -> x` when the result has x's type.
static OpFoldResult foldRightIdentity(Operation *op, Attribute rhs,
                                      double identity) {
  if (isSplatOf(rhs, identity) &&
      op->getOperand(0).getType() == op->getResult(0).getType())
    return op->getOperand(0);
  return {};
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldRightIdentity(*this, adaptor.getRhs(), 0.0))
    return r;
  return foldConstantBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> { return a + b; },
      [](APInt a, APInt b) -> std::optional<APInt> { return a + b; });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldRightIdentity(*this, adaptor.getRhs(), 0.0))
    return r;
  return foldConstantBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> { return a - b; },
      [](APInt a, APInt b) -> std::optional<APInt> { return a - b; });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldRightIdentity(*this, adaptor.getRhs(), 1.0))
    return r;
  return foldConstantBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> { return a * b; },
      [](APInt a, APInt b) -> std::optional<APInt> { return a * b; });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldRightIdentity(*this, adaptor.getRhs(), 1.0))
    return r;
  return foldConstantBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> { return a / b; },
      [](APInt a, APInt b) -> std::optional<APInt> {
        if (b.isZero() || (a.isMinSignedValue() && b.isAllOnes()))
          return std::nullopt;
        return a.sdiv(b);
      });
}

OpFoldResult MaxOp::fold(FoldAdaptor adaptor) {
  if (getLhs() == getRhs() && getLhs().getType() == getType())
    return getLhs();
  return foldConstantBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> {
        return llvm::maximum(a, b);
      },
      [](APInt a, APInt b) -> std::optional<APInt> {
        return a.sge(b) ? a : b;
      });
}

OpFoldResult MinOp::fold(FoldAdaptor adaptor) {
  if (getLhs() == getRhs() && getLhs().getType() == getType())
    return getLhs();
  return foldConstantBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> {
        return llvm::minimum(a, b);
      },
      [](APInt a, APInt b) -> std::optional<APInt> {
        return a.sle(b) ? a : b;
      });
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  return foldRightIdentity(*this, adaptor.getRhs(), 1.0);
}

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  if (auto inner = getX().getDefiningOp<NegOp>())
    return inner.getX();
  auto dense = dyn_cast_if_present<DenseElementsAttr>(adaptor.getX());
  if (!dense || dense.getNumElements() > kMaxFoldElements)
    return {};
  if (isa<FloatType>(dense.getElementType()))
    return dense.mapValues(dense.getElementType(), [](const APFloat &v) {
      return (-v).bitcastToAPInt();
    });
  return dense.mapValues(dense.getElementType(),
                         [](const APInt &v) { return -v; });
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getX().getType() == getType())
    return getX();
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  // Folding to a value is only valid when its type is exactly the result's
  // (types equal only under the function's facts must stay).
  ArrayRef<int64_t> perm = getPerm();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())) &&
      getX().getType() == getType())
    return getX();
  auto inner = getX().getDefiningOp<TransposeOp>();
  if (!inner)
    return {};
  // transpose(transpose(y, p1), p2)[i] = y[p1[p2[i]]].
  ArrayRef<int64_t> innerPerm = inner.getPerm();
  SmallVector<int64_t> composed;
  for (int64_t p : perm)
    composed.push_back(innerPerm[p]);
  if (llvm::equal(composed, llvm::seq<int64_t>(0, composed.size()))) {
    if (inner.getX().getType() == getType())
      return inner.getX();
    return {};
  }
  getXMutable().assign(inner.getX());
  setPerm(composed);
  return getResult();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getX().getType() == getType())
    return getX();
  if (auto inner = getX().getDefiningOp<ReshapeOp>()) {
    getXMutable().assign(inner.getX());
    return getResult();
  }
  auto dense = dyn_cast_if_present<DenseElementsAttr>(adaptor.getX());
  auto type = cast<KilnTensorType>(getType());
  if (dense && type.hasStaticShape())
    return dense.reshape(type.toBuiltinTensorType());
  return {};
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor adaptor) {
  if (getX().getType() == getType())
    return getX();
  auto dense = dyn_cast_if_present<DenseElementsAttr>(adaptor.getX());
  auto type = cast<KilnTensorType>(getType());
  if (dense && dense.isSplat() && type.hasStaticShape())
    return DenseElementsAttr::get(type.toBuiltinTensorType(),
                                  dense.getSplatValue<Attribute>());
  return {};
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

/// The whole range with step 1 is the operand itself.
OpFoldResult SliceOp::fold(FoldAdaptor) {
  sym::Expr start = getStartExpr(), end = getEndExpr();
  if (!start || !end || getStep() != 1 || start.getConstant() != 0 ||
      getX().getType() != getType())
    return {};
  auto type = cast<KilnTensorType>(getX().getType());
  int64_t dim = getNormalizedDim();
  if (dim < 0 || dim >= type.getRank() ||
      !sym::provablyEqual(end, type.getDims()[dim], getFactsAt(*this)))
    return {};
  return getX();
}
