//===- Structured.cpp - Lower Kiln reductions, matmul, data movement ------===//
//
//   reduce_*   -> linalg.fill (identity) + linalg.generic with reduction
//                 iterators, accumulating in f32 for f16/bf16 (i32 for
//                 any/all over i1); mean divides
//                 by the element count; keepdim is a tensor.expand_shape;
//                 float combiners carry
//                 fastmath<reassoc> so that LLVM vectorizes them
//   matmul     -> linalg.matmul (rank 2, or batch dims of the lhs folded into
//                 M when the rhs is a matrix), linalg.batch_matmul, or a
//                 contraction linalg.generic when batch dims broadcast
//   transpose  -> linalg.transpose
//   reshape    -> tensor.collapse_shape to 1-D + tensor.expand_shape (views)
//   concat     -> tensor.concat
//   constant   -> arith.constant
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

KilnTensorType kilnType(Value v) { return cast<KilnTensorType>(v.getType()); }

/// The size of dim `i` of a converted tensor value as an index Value.
Value dimOf(OpBuilder &b, Location loc, Value tensor, int64_t i) {
  return tensor::DimOp::create(b, loc, tensor, i);
}

/// The accumulation type of reductions and matmuls.
Type getAccumulatorType(Type elementType) {
  return getComputeType(elementType);
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

enum class ReduceKind { Sum, Mean, Max, Min, Prod, Any, All };

template <typename OpTy, ReduceKind kind>
struct ReducePattern : KilnLoweringPattern<OpTy> {
  using KilnLoweringPattern<OpTy>::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    KilnTensorType inType = kilnType(op.getX());
    KilnTensorType resultType = kilnType(op.getResult());
    FailureOr<SmallVector<int64_t>> reduced =
        normalizeReduceDims(op.getDims(), inType.getRank(), nullptr);
    if (failed(reduced))
      return rewriter.notifyMatchFailure(op, "invalid dims");
    Value input = adaptor.getX();
    const SymbolSizes &sizes = this->getSizes(op);
    int64_t rank = inType.getRank();
    MLIRContext *ctx = rewriter.getContext();

    ReducedShape shape =
        getReducedShape(rewriter, loc, inType, *reduced, sizes, input);
    KilnTensorType reducedType = shape.type;
    ArrayRef<Value> dynamicSizes = shape.dynamicSizes;
    ArrayRef<utils::IteratorType> iterators = shape.iterators;
    ArrayRef<AffineExpr> outExprs = shape.outExprs;
    Type elementType = inType.getElementType();
    // any/all accumulate i1 as i32, which every target reduces natively
    // (warp shuffles included).
    Type accType = kind == ReduceKind::Any || kind == ReduceKind::All
                       ? Type(rewriter.getI32Type())
                       : getAccumulatorType(elementType);
    Value init = createEmpty(rewriter, loc, reducedType, accType, dynamicSizes);
    Value identity = getIdentity(rewriter, loc, accType);
    init = linalg::FillOp::create(rewriter, loc, identity, init).getResult(0);

    SmallVector<AffineMap> maps = {AffineMap::getMultiDimIdentityMap(rank, ctx),
                                   AffineMap::get(rank, 0, outExprs, ctx)};
    Value acc = linalg::GenericOp::create(
                    rewriter, loc, TypeRange{init.getType()}, ValueRange{input},
                    ValueRange{init}, maps, iterators,
                    [&](OpBuilder &b, Location l, ValueRange args) {
                      Value x = convertScalar(b, l, args[0], accType);
                      linalg::YieldOp::create(b, l, combine(b, l, x, args[1]));
                    })
                    .getResult(0);

    // Finish: mean divides by the count; the result rounds to its type.
    if (kind == ReduceKind::Mean || accType != elementType) {
      Value count;
      if (kind == ReduceKind::Mean) {
        count = arith::ConstantIndexOp::create(rewriter, loc, 1);
        for (int64_t i : *reduced) {
          sym::Expr dim = inType.getDims()[i];
          Value size =
              dim && dim.isConstant()
                  ? Value(arith::ConstantIndexOp::create(rewriter, loc,
                                                         *dim.getConstant()))
                  : getDimValue(dim, sizes,
                                [&] { return dimOf(rewriter, loc, input, i); });
          count = arith::MulIOp::create(rewriter, loc, count, size);
        }
        count = arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(),
                                           count);
        count = arith::SIToFPOp::create(rewriter, loc, accType, count);
      }
      int64_t outRank = reducedType.getRank();
      Value out =
          createEmpty(rewriter, loc, reducedType, elementType, dynamicSizes);
      SmallVector<AffineMap> finishMaps(
          2, AffineMap::getMultiDimIdentityMap(outRank, ctx));
      acc = linalg::GenericOp::create(
                rewriter, loc, TypeRange{out.getType()}, ValueRange{acc},
                ValueRange{out}, finishMaps,
                SmallVector<utils::IteratorType>(outRank,
                                                 utils::IteratorType::parallel),
                [&](OpBuilder &b, Location l, ValueRange args) {
                  Value v = args[0];
                  if (count)
                    v = arith::DivFOp::create(b, l, v, count);
                  linalg::YieldOp::create(b, l,
                                          convertScalar(b, l, v, elementType));
                })
                .getResult(0);
    }

    // keepdim: a view with the unit dims; kiln-fuse-rows folds it into
    // the consumers' indexing maps.
    if (op.getKeepdim())
      acc = expandReducedDims(rewriter, loc, acc, resultType, *reduced, sizes,
                              input);
    rewriter.replaceOp(op, acc);
    return success();
  }

  static Value getIdentity(OpBuilder &b, Location loc, Type type) {
    auto floatType = dyn_cast<FloatType>(type);
    unsigned width = type.getIntOrFloatBitWidth();
    switch (kind) {
    case ReduceKind::Sum:
    case ReduceKind::Mean:
    case ReduceKind::Any:
      return scalarConstant(b, loc, type, 0.0);
    case ReduceKind::Prod:
    case ReduceKind::All:
      return scalarConstant(b, loc, type, 1.0);
    case ReduceKind::Max:
      if (floatType)
        return arith::ConstantOp::create(
            b, loc,
            b.getFloatAttr(
                type, APFloat::getInf(floatType.getFloatSemantics(), true)));
      return arith::ConstantOp::create(
          b, loc, b.getIntegerAttr(type, APInt::getSignedMinValue(width)));
    case ReduceKind::Min:
      if (floatType)
        return arith::ConstantOp::create(
            b, loc,
            b.getFloatAttr(
                type, APFloat::getInf(floatType.getFloatSemantics(), false)));
      return arith::ConstantOp::create(
          b, loc, b.getIntegerAttr(type, APInt::getSignedMaxValue(width)));
    }
    return Value();
  }

  static Value combine(OpBuilder &b, Location loc, Value x, Value acc) {
    if (isa<FloatType>(x.getType())) {
      // reassoc: the order of a reduction is unspecified (as in PyTorch),
      // which lets LLVM keep one partial result per vector lane.
      auto reassoc = arith::FastMathFlags::reassoc;
      switch (kind) {
      case ReduceKind::Sum:
      case ReduceKind::Mean:
        return arith::AddFOp::create(b, loc, x, acc, reassoc);
      case ReduceKind::Max:
        return arith::MaximumFOp::create(b, loc, x, acc, reassoc);
      case ReduceKind::Min:
        return arith::MinimumFOp::create(b, loc, x, acc, reassoc);
      case ReduceKind::Prod:
        return arith::MulFOp::create(b, loc, x, acc, reassoc);
      case ReduceKind::Any:
      case ReduceKind::All:
        break;
      }
    }
    switch (kind) {
    case ReduceKind::Sum:
    case ReduceKind::Mean:
      return arith::AddIOp::create(b, loc, x, acc);
    case ReduceKind::Max:
      return arith::MaxSIOp::create(b, loc, x, acc);
    case ReduceKind::Min:
      return arith::MinSIOp::create(b, loc, x, acc);
    case ReduceKind::Prod:
      return arith::MulIOp::create(b, loc, x, acc);
    case ReduceKind::Any:
      return arith::OrIOp::create(b, loc, x, acc);
    case ReduceKind::All:
      return arith::AndIOp::create(b, loc, x, acc);
    }
    return Value();
  }

};

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

struct MatmulPattern : KilnLoweringPattern<MatmulOp> {
  using KilnLoweringPattern::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    KilnTensorType lhsType = kilnType(op.getLhs());
    KilnTensorType rhsType = kilnType(op.getRhs());
    KilnTensorType resultType = kilnType(op.getResult());
    const SymbolSizes &sizes = getSizes(op);
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    Type elementType = resultType.getElementType();
    Type accType = getAccumulatorType(elementType);
    int64_t rank = resultType.getRank();

    // Result dim sizes: batch dims from whichever operand has them.
    auto unknown = [&](unsigned i) -> Value {
      if (i == rank - 1)
        return dimOf(rewriter, loc, rhs, rhsType.getRank() - 1);
      int64_t j = int64_t(i) - (rank - lhsType.getRank());
      if (j >= 0 && !lhsType.getDims()[j])
        return dimOf(rewriter, loc, lhs, j);
      j = int64_t(i) - (rank - rhsType.getRank());
      return dimOf(rewriter, loc, rhs, j);
    };
    SmallVector<Value> dynamicSizes =
        getDynamicSizes(resultType, sizes, unknown);
    Value zero = scalarConstant(rewriter, loc, accType, 0.0);

    Value result;
    if (rhsType.getRank() == 2) {
      // Fold the lhs batch dims into M: [b..., M, K] -> [b*M, K].
      Value lhs2 = lhs;
      auto rowsType = resultType;
      if (lhsType.getRank() > 2) {
        ReassociationIndices rows;
        for (int64_t i = 0; i < lhsType.getRank() - 1; ++i)
          rows.push_back(i);
        lhs2 = tensor::CollapseShapeOp::create(
            rewriter, loc, lhs,
            SmallVector<ReassociationIndices>{rows, {lhsType.getRank() - 1}});
        sym::Expr m = getNumElements(resultType.getDims().drop_back(),
                                     getExprContext(op.getContext()));
        rowsType = resultType.withDims({m, resultType.getDims().back()});
      }
      auto lhs2Type = cast<RankedTensorType>(lhs2.getType());
      SmallVector<Value> dyn;
      if (lhs2Type.isDynamicDim(0)) {
        // M (or b*M): the function's shared size when it has one.
        sym::Expr rows = rowsType.getDims().front();
        Value m = rows ? sizes.lookup(rows) : Value();
        dyn.push_back(m ? m : dimOf(rewriter, loc, lhs2, 0));
      }
      if (ShapedType::isDynamic(rowsType.toBuiltinTensorType().getDimSize(1)))
        dyn.push_back(getDimValue(resultType.getDims().back(), sizes,
                                  [&] { return unknown(rank - 1); }));
      auto accTensorType =
          RankedTensorType::get({lhs2Type.getDimSize(0),
                                 rowsType.toBuiltinTensorType().getDimSize(1)},
                                accType);
      Value init = tensor::EmptyOp::create(
          rewriter, loc, accTensorType.getShape(), accType, dyn);
      init = linalg::FillOp::create(rewriter, loc, zero, init).getResult(0);
      result =
          linalg::MatmulOp::create(rewriter, loc, TypeRange{init.getType()},
                                   ValueRange{lhs2, rhs}, ValueRange{init})
              .getResult(0);
      result = roundTo(rewriter, loc, result, elementType, dyn);
      if (lhsType.getRank() > 2) {
        ReassociationIndices rows;
        for (int64_t i = 0; i < rank - 1; ++i)
          rows.push_back(i);
        SmallVector<OpFoldResult> shape =
            getMixedSizes(rewriter, resultType, sizes, unknown);
        result = expandTo(
            rewriter, loc, result, resultType.toBuiltinTensorType(),
            SmallVector<ReassociationIndices>{rows, {rank - 1}}, shape);
      }
    } else if (lhsType.getRank() == rhsType.getRank() &&
               llvm::equal(lhsType.getDims().drop_back(2),
                           rhsType.getDims().drop_back(2)) &&
               !llvm::is_contained(lhsType.getDims(), sym::Expr())) {
      // Same batch dims on both sides: fold them into one (views) and use
      // linalg.batch_matmul, which the CPU back end maps onto BLAS.
      result = buildBatchMatmul(rewriter, loc, lhsType, rhsType, resultType,
                                lhs, rhs, accType, zero, sizes, unknown);
      result = roundTo(rewriter, loc, result, elementType);
    } else {
      result = buildContraction(rewriter, loc, lhsType, rhsType, resultType,
                                lhs, rhs, accType, zero, dynamicSizes);
      result = roundTo(rewriter, loc, result, elementType, dynamicSizes);
    }
    rewriter.replaceOp(op, result);
    return success();
  }

  /// [b..., M, K] x [b..., K, N]: collapse b... into one dim (a view),
  /// linalg.batch_matmul, expand back.
  static Value buildBatchMatmul(OpBuilder &b, Location loc,
                                KilnTensorType lhsType, KilnTensorType rhsType,
                                KilnTensorType resultType, Value lhs, Value rhs,
                                Type accType, Value zero,
                                const SymbolSizes &sizes,
                                function_ref<Value(unsigned)> unknown) {
    int64_t rank = resultType.getRank();
    auto collapse = [&](Value v) {
      if (rank == 3)
        return v;
      ReassociationIndices batch;
      for (int64_t i = 0; i < rank - 2; ++i)
        batch.push_back(i);
      return Value(tensor::CollapseShapeOp::create(
          b, loc, v,
          SmallVector<ReassociationIndices>{batch, {rank - 2}, {rank - 1}}));
    };
    Value lhs3 = collapse(lhs), rhs3 = collapse(rhs);
    auto lhs3Type = cast<RankedTensorType>(lhs3.getType());
    auto rhs3Type = cast<RankedTensorType>(rhs3.getType());
    SmallVector<int64_t> shape = {
        lhs3Type.getDimSize(0), lhs3Type.getDimSize(1), rhs3Type.getDimSize(2)};
    SmallVector<Value> dyn;
    if (ShapedType::isDynamic(shape[0]))
      dyn.push_back(tensor::DimOp::create(b, loc, lhs3, 0));
    if (ShapedType::isDynamic(shape[1]))
      dyn.push_back(tensor::DimOp::create(b, loc, lhs3, 1));
    if (ShapedType::isDynamic(shape[2]))
      dyn.push_back(tensor::DimOp::create(b, loc, rhs3, 2));
    Value init = tensor::EmptyOp::create(b, loc, shape, accType, dyn);
    init = linalg::FillOp::create(b, loc, zero, init).getResult(0);
    Value result =
        linalg::BatchMatmulOp::create(b, loc, TypeRange{init.getType()},
                                      ValueRange{lhs3, rhs3}, ValueRange{init})
            .getResult(0);
    if (rank == 3)
      return result;
    ReassociationIndices batch;
    for (int64_t i = 0; i < rank - 2; ++i)
      batch.push_back(i);
    RankedTensorType accResultType = RankedTensorType::get(
        resultType.toBuiltinTensorType().getShape(), accType);
    return expandTo(
        b, loc, result, accResultType,
        SmallVector<ReassociationIndices>{batch, {rank - 2}, {rank - 1}},
        getMixedSizes(b, resultType, sizes, unknown));
  }

  /// A generic batched contraction: loops (batch..., m, n, k), with size-1
  /// batch dims of either operand broadcast.
  static Value buildContraction(OpBuilder &b, Location loc,
                                KilnTensorType lhsType, KilnTensorType rhsType,
                                KilnTensorType resultType, Value lhs, Value rhs,
                                Type accType, Value zero,
                                ArrayRef<Value> dynamicSizes) {
    MLIRContext *ctx = b.getContext();
    int64_t rank = resultType.getRank();
    int64_t batch = rank - 2;
    int64_t numLoops = rank + 1; // batch..., m, n, k
    AffineExpr m = getAffineDimExpr(batch, ctx);
    AffineExpr n = getAffineDimExpr(batch + 1, ctx);
    AffineExpr k = getAffineDimExpr(batch + 2, ctx);
    auto batchExprs = [&](KilnTensorType type) {
      SmallVector<AffineExpr> exprs;
      int64_t offset = batch - (type.getRank() - 2);
      for (int64_t j = 0; j < type.getRank() - 2; ++j) {
        sym::Expr dim = type.getDims()[j];
        sym::Expr out = resultType.getDims()[offset + j];
        bool broadcast =
            dim && dim.getConstant() == 1 && !(out && out.getConstant() == 1);
        exprs.push_back(broadcast ? getAffineConstantExpr(0, ctx)
                                  : getAffineDimExpr(offset + j, ctx));
      }
      return exprs;
    };
    SmallVector<AffineExpr> lhsExprs = batchExprs(lhsType);
    lhsExprs.append({m, k});
    SmallVector<AffineExpr> rhsExprs = batchExprs(rhsType);
    rhsExprs.append({k, n});
    SmallVector<AffineExpr> outExprs;
    for (int64_t i = 0; i < batch; ++i)
      outExprs.push_back(getAffineDimExpr(i, ctx));
    outExprs.append({m, n});
    SmallVector<AffineMap> maps = {AffineMap::get(numLoops, 0, lhsExprs, ctx),
                                   AffineMap::get(numLoops, 0, rhsExprs, ctx),
                                   AffineMap::get(numLoops, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(numLoops,
                                               utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;
    Value init = createEmpty(b, loc, resultType, accType, dynamicSizes);
    init = linalg::FillOp::create(b, loc, zero, init).getResult(0);
    return linalg::GenericOp::create(
               b, loc, TypeRange{init.getType()}, ValueRange{lhs, rhs},
               ValueRange{init}, maps, iterators,
               [&](OpBuilder &nb, Location l, ValueRange args) {
                 Value a = convertScalar(nb, l, args[0], accType);
                 Value c = convertScalar(nb, l, args[1], accType);
                 bool isFloat = isa<FloatType>(accType);
                 Value prod = isFloat
                                  ? Value(arith::MulFOp::create(nb, l, a, c))
                                  : Value(arith::MulIOp::create(nb, l, a, c));
                 Value sum =
                     isFloat
                         ? Value(arith::AddFOp::create(nb, l, prod, args[2]))
                         : Value(arith::AddIOp::create(nb, l, prod, args[2]));
                 linalg::YieldOp::create(nb, l, sum);
               })
        .getResult(0);
  }

  /// Rounds an f32 accumulator to the f16/bf16 result type.
  static Value roundTo(OpBuilder &b, Location loc, Value value,
                       Type elementType, ArrayRef<Value> dynamicSizes = {}) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getElementType() == elementType)
      return value;
    SmallVector<Value> dyn(dynamicSizes);
    if (dyn.empty())
      for (int64_t i = 0; i < type.getRank(); ++i)
        if (type.isDynamicDim(i))
          dyn.push_back(tensor::DimOp::create(b, loc, value, i));
    Value out =
        tensor::EmptyOp::create(b, loc, type.getShape(), elementType, dyn);
    MLIRContext *ctx = b.getContext();
    SmallVector<AffineMap> maps(
        2, AffineMap::getMultiDimIdentityMap(type.getRank(), ctx));
    return linalg::GenericOp::create(
               b, loc, TypeRange{out.getType()}, ValueRange{value},
               ValueRange{out}, maps,
               SmallVector<utils::IteratorType>(type.getRank(),
                                                utils::IteratorType::parallel),
               [&](OpBuilder &nb, Location l, ValueRange args) {
                 linalg::YieldOp::create(
                     nb, l, convertScalar(nb, l, args[0], elementType));
               })
        .getResult(0);
  }
};

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

/// kiln.attention in the flash form (decomposition kept it for a fused
/// kernel) -> kiln.flash_attention into a tensor.empty of the result.
struct FlashAttentionPattern : KilnLoweringPattern<AttentionOp> {
  using KilnLoweringPattern::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(AttentionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!op.hasFlashAttentionForm())
      return rewriter.notifyMatchFailure(op, "not in the flash form");
    Location loc = op.getLoc();
    KilnTensorType resultType = kilnType(op.getResult());
    int64_t rank = resultType.getRank();
    // Batch dims and L are q's, Ev is v's.
    Value init =
        createEmpty(rewriter, loc, resultType, resultType.getElementType(),
                    getDynamicSizes(resultType, getSizes(op), [&](unsigned i) {
                      return i + 1 == rank
                                 ? dimOf(rewriter, loc, adaptor.getV(), i)
                                 : dimOf(rewriter, loc, adaptor.getQ(), i);
                    }));
    rewriter.replaceOp(
        op, FlashAttentionOp::create(
                rewriter, loc, init.getType(), adaptor.getQ(), adaptor.getK(),
                adaptor.getV(), init,
                rewriter.getF64FloatAttr(*op.getScaleValue()),
                rewriter.getBoolAttr(op.getCausal()))
                .getResult()[0]);
    return success();
  }
};

struct TransposePattern : KilnLoweringPattern<TransposeOp> {
  using KilnLoweringPattern::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    KilnTensorType resultType = kilnType(op.getResult());
    ArrayRef<int64_t> perm = op.getPerm();
    Value init =
        createEmpty(rewriter, loc, resultType, resultType.getElementType(),
                    getDynamicSizes(resultType, getSizes(op), [&](unsigned i) {
                      return dimOf(rewriter, loc, adaptor.getX(), perm[i]);
                    }));
    rewriter.replaceOp(op, linalg::TransposeOp::create(
                               rewriter, loc, adaptor.getX(), init, perm)
                               .getResult()[0]);
    return success();
  }
};

/// Groups the dims of `in` and `out` so that each group's sizes have
/// provably equal products ([B, S, D] -> [B*S, D]: {0, 1} -> {0}, {2} -> {1}).
/// Returns false when no such grouping exists.
bool groupReshapeDims(ArrayRef<sym::Expr> in, ArrayRef<sym::Expr> out,
                      sym::ExprContext &ctx, const sym::Facts &facts,
                      SmallVector<ReassociationIndices> &inGroups,
                      SmallVector<ReassociationIndices> &outGroups) {
  if (in.empty() || out.empty() || llvm::is_contained(in, sym::Expr()) ||
      llvm::is_contained(out, sym::Expr()))
    return false;
  size_t i = 0, j = 0;
  while (i < in.size() && j < out.size()) {
    // Find the smallest (di, dj) such that in[i..i+di) and out[j..j+dj)
    // have provably equal products.
    bool found = false;
    for (size_t di = 1; i + di <= in.size() && !found; ++di) {
      sym::Expr inProd = getNumElements(in.slice(i, di), ctx);
      for (size_t dj = 1; j + dj <= out.size(); ++dj) {
        sym::Expr outProd = getNumElements(out.slice(j, dj), ctx);
        if (!sym::provablyEqual(inProd, outProd, facts))
          continue;
        ReassociationIndices gi, gj;
        for (size_t k = 0; k < di; ++k)
          gi.push_back(i + k);
        for (size_t k = 0; k < dj; ++k)
          gj.push_back(j + k);
        inGroups.push_back(gi);
        outGroups.push_back(gj);
        i += di;
        j += dj;
        found = true;
        break;
      }
    }
    if (!found)
      return false;
  }
  // Trailing unit dims join the last group.
  auto isOne = [](sym::Expr d) { return d.getConstant() == 1; };
  for (; i < in.size(); ++i) {
    if (!isOne(in[i]) || inGroups.empty())
      return false;
    inGroups.back().push_back(i);
  }
  for (; j < out.size(); ++j) {
    if (!isOne(out[j]) || outGroups.empty())
      return false;
    outGroups.back().push_back(j);
  }
  return true;
}

struct ReshapePattern : KilnLoweringPattern<ReshapeOp> {
  using KilnLoweringPattern::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    KilnTensorType inType = kilnType(op.getX());
    KilnTensorType resultType = kilnType(op.getResult());
    if (llvm::is_contained(resultType.getDims(), sym::Expr()))
      return op.emitOpError()
             << "cannot lower a reshape to a `?` dim; name the size with a "
                "symbol";
    RankedTensorType builtinResult = resultType.toBuiltinTensorType();
    SmallVector<OpFoldResult> outSizes = getMixedSizes(
        rewriter, resultType, getSizes(op), [](unsigned) { return Value(); });
    // (A static zero dim in the result: EmptyResultPattern.)
    Value value = adaptor.getX();
    SmallVector<ReassociationIndices> inGroups, outGroups;
    if (groupReshapeDims(inType.getDims(), resultType.getDims(),
                         getExprContext(op.getContext()), getFactsAt(op),
                         inGroups, outGroups)) {
      // Collapse each input group to one dim, then expand each to its
      // output group: both are views.
      bool needCollapse = llvm::any_of(
          inGroups, [](const ReassociationIndices &g) { return g.size() > 1; });
      bool needExpand =
          llvm::any_of(outGroups, [](const ReassociationIndices &g) {
            return g.size() > 1;
          });
      if (needCollapse)
        value = tensor::CollapseShapeOp::create(rewriter, loc, value, inGroups);
      if (needExpand) {
        value =
            expandTo(rewriter, loc, value, builtinResult, outGroups, outSizes);
      } else if (value.getType() != builtinResult) {
        value = tensor::CastOp::create(rewriter, loc, builtinResult, value);
      }
      rewriter.replaceOp(op, value);
      return success();
    }
    // General case: through 1-D, of static length when the result's is
    // (an expansion to static dims needs a static source).
    auto flatType = RankedTensorType::get(
        {builtinResult.hasStaticShape() ? builtinResult.getNumElements()
                                        : ShapedType::kDynamic},
        inType.getElementType());
    if (inType.getRank() == 0) {
      value = tensor::ExpandShapeOp::create(
          rewriter, loc, RankedTensorType::get({1}, inType.getElementType()),
          value, SmallVector<ReassociationIndices>{},
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)});
    } else if (inType.getRank() > 1) {
      ReassociationIndices all =
          llvm::to_vector(llvm::seq<int64_t>(0, inType.getRank()));
      value = tensor::CollapseShapeOp::create(rewriter, loc, value, {all});
    }
    if (value.getType() != flatType)
      value = tensor::CastOp::create(rewriter, loc, flatType, value);
    if (resultType.getRank() == 0) {
      value =
          tensor::CollapseShapeOp::create(rewriter, loc, builtinResult, value,
                                          SmallVector<ReassociationIndices>{});
    } else {
      ReassociationIndices all =
          llvm::to_vector(llvm::seq<int64_t>(0, resultType.getRank()));
      value = expandTo(rewriter, loc, value, builtinResult, {all}, outSizes);
    }
    rewriter.replaceOp(op, value);
    return success();
  }
};

struct ConcatPattern : KilnLoweringPattern<ConcatOp> {
  using KilnLoweringPattern::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    KilnTensorType resultType = kilnType(op.getResult());
    FailureOr<int64_t> dim =
        normalizeDim(op.getDim(), resultType.getRank(), nullptr);
    if (failed(dim))
      return failure();
    if (adaptor.getInputs().size() == 1) {
      rewriter.replaceOp(op, adaptor.getInputs()[0]);
      return success();
    }
    rewriter.replaceOpWithNewOp<tensor::ConcatOp>(
        op, resultType.toBuiltinTensorType(), *dim, adaptor.getInputs());
    return success();
  }
};

/// kiln.iota -> a linalg.generic writing linalg.index, converted to the
/// element type.
struct IotaPattern : KilnLoweringPattern<IotaOp> {
  using KilnLoweringPattern::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(IotaOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    KilnTensorType resultType = kilnType(op.getResult());
    int64_t rank = resultType.getRank();
    FailureOr<int64_t> dim = normalizeDim(op.getDim(), rank, nullptr);
    if (failed(dim))
      return failure();
    Type elementType = resultType.getElementType();
    Value init = createEmpty(
        rewriter, loc, resultType, elementType,
        getDynamicSizes(resultType, getSizes(op), [](unsigned) {
          return Value();
        }));
    SmallVector<AffineMap> maps = {
        AffineMap::getMultiDimIdentityMap(rank, rewriter.getContext())};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, init.getType(), ValueRange{}, ValueRange{init}, maps,
        iterators, [&](OpBuilder &b, Location l, ValueRange) {
          Value index = linalg::IndexOp::create(b, l, *dim);
          Value i64 = arith::IndexCastOp::create(b, l, b.getI64Type(), index);
          linalg::YieldOp::create(b, l,
                                  convertScalar(b, l, i64, elementType));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// kiln.slice -> tensor.extract_slice (offset `start`, stride `step`).
struct SlicePattern : KilnLoweringPattern<SliceOp> {
  using KilnLoweringPattern::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    KilnTensorType resultType = kilnType(op.getResult());
    int64_t rank = resultType.getRank(), dim = op.getNormalizedDim();
    sym::Expr start = op.getStartExpr();
    if (!start)
      return failure();
    auto unknown = [&](unsigned i) {
      return dimOf(rewriter, loc, adaptor.getX(), i);
    };
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    SmallVector<OpFoldResult> sizes =
        getMixedSizes(rewriter, resultType, getSizes(op), unknown);
    if (start.isConstant())
      offsets[dim] = rewriter.getIndexAttr(*start.getConstant());
    else if (Value value = getSizes(op).lookup(start))
      offsets[dim] = value;
    else
      return failure();
    strides[dim] = rewriter.getIndexAttr(op.getStep());
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, cast<RankedTensorType>(resultType.toBuiltinTensorType()),
        adaptor.getX(), offsets, sizes, strides);
    return success();
  }
};

struct ConstantPattern : KilnLoweringPattern<ConstantOp> {
  using KilnLoweringPattern::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, cast<TypedAttr>(op.getValue()));
    return success();
  }
};

} // namespace

void lowering::populateStructuredPatterns(RewritePatternSet &patterns,
                                          const TypeConverter &converter,
                                          const SymbolSizesMap &sizes) {
  MLIRContext *ctx = patterns.getContext();
  patterns
      .add<ReducePattern<ReduceSumOp, ReduceKind::Sum>,
           ReducePattern<ReduceMeanOp, ReduceKind::Mean>,
           ReducePattern<ReduceMaxOp, ReduceKind::Max>,
           ReducePattern<ReduceMinOp, ReduceKind::Min>,
           ReducePattern<ReduceProdOp, ReduceKind::Prod>,
           ReducePattern<ReduceAnyOp, ReduceKind::Any>,
           ReducePattern<ReduceAllOp, ReduceKind::All>, MatmulPattern,
           FlashAttentionPattern, TransposePattern, ReshapePattern, ConcatPattern, IotaPattern,
           SlicePattern,
           ConstantPattern>(
          converter, ctx, sizes);
}
