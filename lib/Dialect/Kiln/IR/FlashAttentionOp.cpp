//===- FlashAttentionOp.cpp - kiln.flash_attention ------------------------===//
//
// The destination-style form of attention that a target computes as one
// fused kernel: verifier, memory effects (on memrefs) and the forms the
// kernel takes.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace kiln;

bool FlashAttentionOp::isSupported(Type inputType, Type resultType, int64_t e,
                                   int64_t ev) {
  auto fits = [](int64_t dim) { return dim > 0 && dim % 16 == 0 && dim <= 128; };
  return (inputType.isBF16() || inputType.isF16()) &&
         resultType == inputType && fits(e) && fits(ev);
}

LogicalResult FlashAttentionOp::verify() {
  auto q = cast<ShapedType>(getQ().getType());
  auto k = cast<ShapedType>(getK().getType());
  auto v = cast<ShapedType>(getV().getType());
  auto init = cast<ShapedType>(getInit().getType());
  bool tensors = isa<RankedTensorType>(q);
  for (ShapedType type : {q, k, v, init})
    if (!type.hasRank() || isa<RankedTensorType>(type) != tensors)
      return emitOpError("needs ranked operands, all tensors or all memrefs");
  int64_t rank = q.getRank();
  if (rank < 2 || k.getRank() != rank || v.getRank() != rank ||
      init.getRank() != rank)
    return emitOpError("needs q, k, v and init of one rank >= 2");
  if (getNumResults() != (tensors ? 1 : 0) ||
      (tensors && getResult()[0].getType() != init))
    return emitOpError(tensors ? "on tensors returns one result of init's type"
                               : "on memrefs has no results");
  auto compatible = [](int64_t a, int64_t b) {
    return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
  };
  for (int64_t i = 0; i < rank - 2; ++i)
    if (!compatible(q.getDimSize(i), k.getDimSize(i)) ||
        !compatible(q.getDimSize(i), v.getDimSize(i)) ||
        !compatible(q.getDimSize(i), init.getDimSize(i)))
      return emitOpError("batch dim ") << i << " differs between operands";
  if (!compatible(q.getDimSize(rank - 2), init.getDimSize(rank - 2)) ||
      !compatible(k.getDimSize(rank - 2), v.getDimSize(rank - 2)))
    return emitOpError("needs q and init with one L, k and v with one S");
  int64_t e = q.getDimSize(rank - 1), ev = v.getDimSize(rank - 1);
  if (k.getDimSize(rank - 1) != e || init.getDimSize(rank - 1) != ev)
    return emitOpError("needs q and k with one E, v and init with one Ev");
  if (k.getElementType() != q.getElementType() ||
      v.getElementType() != q.getElementType() ||
      !isSupported(q.getElementType(), init.getElementType(), e, ev))
    return emitOpError("takes f16 or bf16 inputs of one type with a result "
                       "of that type and static head dims that are "
                       "multiples of 16 up to 128; got ")
           << q.getElementType() << " -> " << init.getElementType()
           << ", E = " << e << ", Ev = " << ev;
  return success();
}

void FlashAttentionOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  if (hasPureTensorSemantics())
    return;
  for (OpOperand *input : getDpsInputOperands())
    effects.emplace_back(MemoryEffects::Read::get(), input,
                         SideEffects::DefaultResource::get());
  effects.emplace_back(MemoryEffects::Write::get(), &getInitMutable(),
                       SideEffects::DefaultResource::get());
}
