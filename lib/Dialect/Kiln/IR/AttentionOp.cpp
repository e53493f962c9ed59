//===- AttentionOp.cpp - Verifier of kiln.attention -----------------------===//
//
// Shapes: q [..., L, E], k [..., S, E], v [..., S, Ev] with broadcasting
// batch dims, a mask broadcastable to [..., L, S], result [..., L, Ev].
//
//===----------------------------------------------------------------------===//

#include "VerifyUtils.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"

#include <cmath>

using namespace mlir;
using namespace kiln;
using namespace kiln::detail;

std::optional<double> AttentionOp::getScaleValue() {
  if (std::optional<APFloat> scale = getScale())
    return scale->convertToDouble();
  sym::Expr e = getTensorType(getQ()).getDims().back();
  if (std::optional<int64_t> size = e ? e.getConstant() : std::nullopt;
      size && *size > 0)
    return 1.0 / std::sqrt(static_cast<double>(*size));
  return std::nullopt;
}

LogicalResult AttentionOp::verify() {
  if (failed(verifySymbolsBound(*this)))
    return failure();
  KilnTensorType q = getTensorType(getQ()), k = getTensorType(getK()),
                 v = getTensorType(getV());
  if (q.getRank() < 2 || k.getRank() < 2 || v.getRank() < 2)
    return emitOpError() << "needs q, k and v of rank >= 2";
  Type element = q.getElementType();
  if (!isa<FloatType>(element))
    return emitOpError() << "requires a floating-point element type; got "
                         << element;
  if (k.getElementType() != element || v.getElementType() != element)
    return emitOpError() << "q, k and v must have one element type";
  sym::Facts facts = getFactsAt(*this);
  ArrayRef<sym::Expr> qd = q.getDims(), kd = k.getDims(), vd = v.getDims();
  sym::Expr l = qd[qd.size() - 2], e = qd.back(), s = kd[kd.size() - 2];
  if (!sym::provablyEqual(e, kd.back(), facts))
    return emitOpError() << "q's and k's last dims (" << dimToString(e)
                         << " and " << dimToString(kd.back())
                         << ") must be provably equal";
  if (!sym::provablyEqual(s, vd[vd.size() - 2], facts))
    return emitOpError() << "k's and v's sequence dims (" << dimToString(s)
                         << " and " << dimToString(vd[vd.size() - 2])
                         << ") must be provably equal";
  StringRef names[] = {"q", "k", "v"};
  FailureOr<Shape> batch = inferBroadcastShape(
      {qd.drop_back(2), kd.drop_back(2), vd.drop_back(2)}, names, facts,
      [&] { return emitOpError(); });
  if (failed(batch))
    return failure();
  if (Value mask = getMask()) {
    KilnTensorType m = getTensorType(mask);
    if (!m.getElementType().isInteger(1) && m.getElementType() != element)
      return emitOpError() << "mask must be i1 or " << element << "; got "
                           << m.getElementType();
    Shape scores(*batch);
    scores.push_back(l);
    scores.push_back(s);
    StringRef maskNames[] = {"mask", "scores"};
    FailureOr<Shape> masked = inferBroadcastShape(
        {m.getDims(), scores}, maskNames, facts, [&] { return emitOpError(); });
    if (failed(masked))
      return failure();
    if (masked->size() != scores.size() ||
        !llvm::all_of(llvm::zip(*masked, scores), [&](auto pair) {
          return sym::provablyEqual(std::get<0>(pair), std::get<1>(pair),
                                    facts);
        }))
      return emitOpError() << "mask must broadcast to the scores' shape";
  }
  Shape shape(*batch);
  shape.push_back(l);
  shape.push_back(vd.back());
  return verifyResult(*this, shape, element, facts);
}

bool AttentionOp::hasFlashAttentionForm() {
  KilnTensorType q = getTensorType(getQ()), k = getTensorType(getK()),
                 v = getTensorType(getV());
  if (getMask() || !getScaleValue() || q.getRank() != k.getRank() ||
      q.getRank() != v.getRank())
    return false;
  // The batch dims of all three are the same expressions (no broadcast).
  ArrayRef<sym::Expr> qDims = q.getDims(), kDims = k.getDims(),
                      vDims = v.getDims();
  for (int64_t i = 0, e = q.getRank() - 2; i < e; ++i)
    if (qDims[i] != kDims[i] || qDims[i] != vDims[i])
      return false;
  std::optional<int64_t> e = qDims.back().getConstant();
  std::optional<int64_t> ev = vDims.back().getConstant();
  return e && ev &&
         FlashAttentionOp::isSupported(q.getElementType(),
                                       v.getElementType(), *e, *ev);
}
