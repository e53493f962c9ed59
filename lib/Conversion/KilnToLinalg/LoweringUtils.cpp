//===- LoweringUtils.cpp - Helpers shared by the Kiln lowerings -----------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

const SymbolSizes &lowering::getSizesFor(const SymbolSizesMap &map,
                                         Operation *op) {
  static const SymbolSizes empty;
  auto fn = op->getParentOfType<FunctionOpInterface>();
  auto it = map.find(fn);
  return it == map.end() ? empty : it->second;
}

Value lowering::getDimValue(sym::Expr dim, const SymbolSizes &sizes,
                            function_ref<Value()> unknown) {
  if (!dim)
    return unknown();
  if (dim.isConstant())
    return Value();
  return sizes.lookup(dim);
}

SmallVector<Value>
lowering::getDynamicSizes(KilnTensorType type, const SymbolSizes &sizes,
                          function_ref<Value(unsigned)> unknown) {
  SmallVector<Value> result;
  for (auto [i, dim] : llvm::enumerate(type.getDims()))
    if (Value v = getDimValue(dim, sizes, [&] { return unknown(i); }))
      result.push_back(v);
  return result;
}

SmallVector<OpFoldResult>
lowering::getMixedSizes(OpBuilder &b, KilnTensorType type,
                        const SymbolSizes &sizes,
                        function_ref<Value(unsigned)> unknown) {
  SmallVector<OpFoldResult> result;
  for (auto [i, dim] : llvm::enumerate(type.getDims())) {
    if (dim && dim.isConstant())
      result.push_back(b.getIndexAttr(*dim.getConstant()));
    else
      result.push_back(getDimValue(dim, sizes, [&] { return unknown(i); }));
  }
  return result;
}

Value lowering::createEmpty(OpBuilder &b, Location loc, KilnTensorType type,
                            Type elementType, ArrayRef<Value> dynamicSizes) {
  return tensor::EmptyOp::create(b, loc, type.toBuiltinTensorType().getShape(),
                                 elementType, dynamicSizes);
}

Value lowering::expandTo(OpBuilder &b, Location loc, Value value,
                         RankedTensorType resultType,
                         ArrayRef<ReassociationIndices> groups,
                         ArrayRef<OpFoldResult> mixedSizes) {
  return tensor::ExpandShapeOp::create(b, loc, resultType, value, groups,
                                       mixedSizes);
}

Type lowering::getComputeType(Type type) {
  if (type.isF16() || type.isBF16())
    return Float32Type::get(type.getContext());
  return type;
}

Value lowering::convertScalar(OpBuilder &b, Location loc, Value value,
                              Type to) {
  Type from = value.getType();
  if (from == to)
    return value;
  auto fromFloat = dyn_cast<FloatType>(from);
  auto toFloat = dyn_cast<FloatType>(to);
  if (fromFloat && toFloat) {
    if (fromFloat.getWidth() == toFloat.getWidth()) {
      // f16 <-> bf16: exact through f32, then one rounding.
      Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), value);
      return arith::TruncFOp::create(b, loc, to, wide);
    }
    if (fromFloat.getWidth() < toFloat.getWidth())
      return arith::ExtFOp::create(b, loc, to, value);
    return arith::TruncFOp::create(b, loc, to, value);
  }
  if (to.isInteger(1)) {
    Value zero = scalarConstant(b, loc, from, 0.0);
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, value,
                                   zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, value, zero);
  }
  if (fromFloat)
    return arith::FPToSIOp::create(b, loc, to, value);
  if (toFloat) {
    if (from.isInteger(1))
      return arith::UIToFPOp::create(b, loc, to, value);
    return arith::SIToFPOp::create(b, loc, to, value);
  }
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth < toWidth) {
    if (from.isInteger(1))
      return arith::ExtUIOp::create(b, loc, to, value);
    return arith::ExtSIOp::create(b, loc, to, value);
  }
  return arith::TruncIOp::create(b, loc, to, value);
}

Value lowering::scalarConstant(OpBuilder &b, Location loc, Type type,
                               double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, value));
  return arith::ConstantOp::create(b, loc,
                                   b.getIntegerAttr(type, int64_t(value)));
}

Value lowering::buildElementwise(OpBuilder &b, Location loc,
                                 KilnTensorType resultType, ValueRange operands,
                                 ValueRange converted, const SymbolSizes &sizes,
                                 Type computeType, ScalarBodyFn body) {
  int64_t rank = resultType.getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value operand : operands) {
    auto type = cast<KilnTensorType>(operand.getType());
    int64_t offset = rank - type.getRank();
    SmallVector<AffineExpr> exprs;
    for (auto [j, dim] : llvm::enumerate(type.getDims())) {
      sym::Expr resultDim = resultType.getDims()[offset + j];
      bool broadcast = dim && dim.getConstant() == 1 &&
                       !(resultDim && resultDim.getConstant() == 1);
      exprs.push_back(broadcast ? getAffineConstantExpr(0, ctx)
                                : getAffineDimExpr(offset + j, ctx));
    }
    maps.push_back(AffineMap::get(rank, 0, exprs, ctx));
  }
  maps.push_back(AffineMap::getMultiDimIdentityMap(rank, ctx));

  // A `?` result dim comes from an operand whose aligned dim is `?`.
  auto unknown = [&](unsigned i) -> Value {
    for (auto [operand, value] : llvm::zip(operands, converted)) {
      auto type = cast<KilnTensorType>(operand.getType());
      int64_t j = int64_t(i) - (rank - type.getRank());
      if (j >= 0 && !type.getDims()[j])
        return tensor::DimOp::create(b, loc, value, j);
    }
    return Value();
  };
  Type elementType = resultType.getElementType();
  Value init = createEmpty(b, loc, resultType, elementType,
                           getDynamicSizes(resultType, sizes, unknown));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, converted, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        SmallVector<Value> scalars;
        for (Value arg : args.drop_back()) {
          // Conditions (i1) stay i1; everything else computes in
          // computeType.
          if (arg.getType().isInteger(1) && !computeType.isInteger(1))
            scalars.push_back(arg);
          else
            scalars.push_back(convertScalar(nb, nloc, arg, computeType));
        }
        Value result = body(nb, nloc, scalars);
        linalg::YieldOp::create(nb, nloc,
                                convertScalar(nb, nloc, result, elementType));
      });
  return generic.getResult(0);
}

Value lowering::expandReducedDims(OpBuilder &b, Location loc, Value value,
                                  KilnTensorType resultType,
                                  ArrayRef<int64_t> reduced,
                                  const SymbolSizes &sizes, Value input) {
  int64_t rank = resultType.getRank();
  SmallVector<ReassociationIndices> groups;
  for (int64_t i = 0; i < rank; ++i) {
    if (llvm::is_contained(reduced, i)) {
      if (!groups.empty())
        groups.back().push_back(i);
      continue;
    }
    ReassociationIndices group;
    // Leading unit dims join the first kept dim's group.
    if (groups.empty())
      for (int64_t j = 0; j < i; ++j)
        group.push_back(j);
    group.push_back(i);
    groups.push_back(group);
  }
  SmallVector<OpFoldResult> shape =
      getMixedSizes(b, resultType, sizes, [&](unsigned i) -> Value {
        return tensor::DimOp::create(b, loc, input, i);
      });
  return tensor::ExpandShapeOp::create(
      b, loc, resultType.toBuiltinTensorType(), value, groups, shape);
}

ReducedShape lowering::getReducedShape(OpBuilder &b, Location loc,
                                       KilnTensorType type,
                                       ArrayRef<int64_t> reduced,
                                       const SymbolSizes &sizes, Value input) {
  ReducedShape shape;
  SmallVector<sym::Expr> kept;
  for (int64_t i = 0, rank = type.getRank(); i < rank; ++i) {
    bool isReduced = llvm::is_contained(reduced, i);
    shape.iterators.push_back(isReduced ? utils::IteratorType::reduction
                                        : utils::IteratorType::parallel);
    if (isReduced)
      continue;
    sym::Expr dim = type.getDims()[i];
    kept.push_back(dim);
    shape.outExprs.push_back(getAffineDimExpr(i, b.getContext()));
    if (Value v = getDimValue(dim, sizes, [&]() -> Value {
          return tensor::DimOp::create(b, loc, input, i);
        }))
      shape.dynamicSizes.push_back(v);
  }
  shape.type = type.withDims(kept);
  return shape;
}
