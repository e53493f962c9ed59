//===- Convolution.cpp - Lower Kiln convolution and pooling ---------------===//
//
//   conv2d     -> x padded (buildPad), then
//                 groups = 1: im2col + one matrix product, which the back
//                 ends send to BLAS and cuBLASLt: a copy generic writes
//                 cols[c, kh, kw, n, oh, ow] = x[n, c, oh*sh + kh*dh,
//                 ow*sw + kw*dw], a linalg.matmul takes w viewed as
//                 [F, C*KH*KW] times cols viewed as [C*KH*KW, N*Ho*Wo]
//                 (f32 for f16/bf16), and a generic writes
//                 its [F, N, Ho, Wo] view out as [N, F, Ho, Wo] in the
//                 result type (the epilogue that elementwise fusion joins);
//                 grouped: one linalg.generic over (n, f, oh, ow | c, kh, kw)
//                 reading x[n, g*Cg + c, oh*sh + kh*dh, ow*sw + kw*dw]
//                 (g = f floordiv Fg) and w[f, c, kh, kw], accumulating in
//                 f32 for f16/bf16
//   max_pool2d -> x padded with -inf, a generic over (n, c, oh, ow | kh, kw)
//                 taking the maximum (a [KH, KW] window operand gives the
//                 reduction's bounds, as linalg's pooling ops do)
//   avg_pool2d -> the same summing over x padded with 0, then a division by
//                 the window's size or by the count of elements inside x
//
// Pooling and grouped convolutions are plain loop nests; the im2col matrix
// (C*KH*KW x N*Ho*Wo elements) is materialized.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

KilnTensorType kilnType(Value v) { return cast<KilnTensorType>(v.getType()); }

/// x padded by `padding` ([top, left, bottom, right]) with `value`.
Value padSpatial(OpBuilder &b, Location loc, Value x, KilnTensorType xType,
                 ArrayRef<int64_t> padding, double value,
                 const SymbolSizes &sizes) {
  int64_t low[] = {0, 0, padding[0], padding[1]};
  int64_t high[] = {0, 0, padding[2], padding[3]};
  SmallVector<sym::Expr> dims(xType.getDims());
  for (int64_t d = 2; d < 4; ++d)
    dims[d] = dims[d] + (low[d] + high[d]);
  return buildPad(b, loc, x, xType.withDims(dims), low, high, value, sizes);
}

/// The result's `tensor.empty` filled with `value`, in `elementType`.
Value filledResult(OpBuilder &b, Location loc, KilnTensorType resultType,
                   Type elementType, Value value, Value x,
                   const SymbolSizes &sizes) {
  Value empty = createEmpty(
      b, loc, resultType, elementType,
      getDynamicSizes(resultType, sizes, [&](unsigned i) -> Value {
        return tensor::DimOp::create(b, loc, x, i);
      }));
  return linalg::FillOp::create(b, loc, value, empty).getResult(0);
}

/// `acc` (of the compute type) converted to the result's element type.
Value roundTo(OpBuilder &b, Location loc, Value acc, KilnTensorType resultType,
              Value x, const SymbolSizes &sizes,
              function_ref<Value(OpBuilder &, Location, Value)> finish =
                  nullptr) {
  Type elementType = resultType.getElementType();
  if (!finish && cast<RankedTensorType>(acc.getType()).getElementType() ==
                     elementType)
    return acc;
  Value out = createEmpty(
      b, loc, resultType, elementType,
      getDynamicSizes(resultType, sizes, [&](unsigned i) -> Value {
        return tensor::DimOp::create(b, loc, acc, i);
      }));
  SmallVector<AffineMap> maps(2,
                              AffineMap::getMultiDimIdentityMap(4, b.getContext()));
  return linalg::GenericOp::create(
             b, loc, out.getType(), ValueRange{acc}, ValueRange{out}, maps,
             SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value v = finish ? finish(nb, l, args[0]) : args[0];
               linalg::YieldOp::create(nb, l,
                                       convertScalar(nb, l, v, elementType));
             })
      .getResult(0);
}

/// The map reading x[n, channel, oh*sh + kh*dh, ow*sw + kw*dw] from loops
/// over `numDims` dims: a convolution's or a pooling's window.
AffineMap getWindowMap(unsigned numDims, AffineExpr n, AffineExpr channel,
                       AffineExpr oh, AffineExpr ow, AffineExpr kh,
                       AffineExpr kw, ArrayRef<int64_t> strides,
                       ArrayRef<int64_t> dilations) {
  return AffineMap::get(numDims, 0,
                        {n, channel, oh * strides[0] + kh * dilations[0],
                         ow * strides[1] + kw * dilations[1]},
                        n.getContext());
}

/// Ungrouped conv2d as im2col + linalg.matmul (see the file comment): the
/// f32 product [F, N*Ho*Wo], or null when a result dim is `?`.
Value buildIm2colMatmul(OpBuilder &b, Location loc, Conv2DOp op, Value x,
                        Value weight, const SymbolSizes &sizes) {
  MLIRContext *ctx = b.getContext();
  KilnTensorType resultType = kilnType(op.getResult());
  if (llvm::is_contained(resultType.getDims(), sym::Expr()))
    return Value();
  SmallVector<int64_t> w = *kilnType(op.getWeight()).getStaticShape();
  ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
  Type elementType = resultType.getElementType();
  RankedTensorType outType = resultType.toBuiltinTensorType();
  auto resultDim = [&](int64_t i) -> Value {
    return getDimValue(resultType.getDims()[i], sizes, [] { return Value(); });
  };

  // cols[c, kh, kw, n, oh, ow]: d0..d5 = c, kh, kw, n, oh, ow.
  SmallVector<int64_t> colsShape = {w[1], w[2], w[3], outType.getDimSize(0),
                                    outType.getDimSize(2),
                                    outType.getDimSize(3)};
  SmallVector<Value> colsDynamic;
  for (int64_t i : {0, 2, 3})
    if (Value size = resultDim(i))
      colsDynamic.push_back(size);
  Value cols = tensor::EmptyOp::create(b, loc, colsShape,
                                       cast<RankedTensorType>(x.getType())
                                           .getElementType(),
                                       colsDynamic);
  AffineExpr c = getAffineDimExpr(0, ctx), kh = getAffineDimExpr(1, ctx),
             kw = getAffineDimExpr(2, ctx), n = getAffineDimExpr(3, ctx),
             oh = getAffineDimExpr(4, ctx), ow = getAffineDimExpr(5, ctx);
  SmallVector<AffineMap> copyMaps = {
      getWindowMap(6, n, c, oh, ow, kh, kw, strides, dilations),
      AffineMap::getMultiDimIdentityMap(6, ctx)};
  cols = linalg::GenericOp::create(
             b, loc, cols.getType(), ValueRange{x}, ValueRange{cols}, copyMaps,
             SmallVector<utils::IteratorType>(6, utils::IteratorType::parallel),
             [](OpBuilder &nb, Location l, ValueRange args) {
               linalg::YieldOp::create(nb, l, args[0]);
             })
             .getResult(0);

  // [F, C*KH*KW] x [C*KH*KW, N*Ho*Wo] -> [F, N*Ho*Wo] in f32.
  Value lhs = tensor::CollapseShapeOp::create(
      b, loc, weight, SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
  Value rhs = tensor::CollapseShapeOp::create(
      b, loc, cols, SmallVector<ReassociationIndices>{{0, 1, 2}, {3, 4, 5}});
  Type accType = getComputeType(elementType);
  int64_t columns = cast<RankedTensorType>(rhs.getType()).getDimSize(1);
  SmallVector<Value> accDynamic;
  if (ShapedType::isDynamic(columns))
    accDynamic.push_back(tensor::DimOp::create(b, loc, rhs, 1));
  Value acc =
      tensor::EmptyOp::create(b, loc, {w[0], columns}, accType, accDynamic);
  acc = linalg::FillOp::create(b, loc, scalarConstant(b, loc, accType, 0.0),
                               acc)
            .getResult(0);
  return linalg::MatmulOp::create(b, loc, TypeRange{acc.getType()},
                                  ValueRange{lhs, rhs}, ValueRange{acc})
      .getResult(0);
}

/// The [F, N*Ho*Wo] product `acc` written out as the [N, F, Ho, Wo] result.
Value transposeToResult(OpBuilder &b, Location loc, Value acc,
                        KilnTensorType resultType, const SymbolSizes &sizes) {
  MLIRContext *ctx = b.getContext();
  SmallVector<sym::Expr> dims(resultType.getDims());
  std::swap(dims[0], dims[1]);
  KilnTensorType fnType = resultType.withDims(dims);
  auto accType = cast<RankedTensorType>(acc.getType());
  RankedTensorType fnBuiltin = RankedTensorType::get(
      fnType.toBuiltinTensorType().getShape(), accType.getElementType());
  auto noUnknown = [](unsigned) -> Value { return Value(); };
  Value fn = expandTo(b, loc, acc, fnBuiltin,
                      SmallVector<ReassociationIndices>{{0}, {1, 2, 3}},
                      getMixedSizes(b, fnType, sizes, noUnknown));
  Type elementType = resultType.getElementType();
  Value out = createEmpty(b, loc, resultType, elementType,
                          getDynamicSizes(resultType, sizes, noUnknown));
  AffineExpr n = getAffineDimExpr(0, ctx), f = getAffineDimExpr(1, ctx),
             oh = getAffineDimExpr(2, ctx), ow = getAffineDimExpr(3, ctx);
  SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {f, n, oh, ow}, ctx),
                                 AffineMap::getMultiDimIdentityMap(4, ctx)};
  return linalg::GenericOp::create(
             b, loc, out.getType(), ValueRange{fn}, ValueRange{out}, maps,
             SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location l, ValueRange args) {
               linalg::YieldOp::create(
                   nb, l, convertScalar(nb, l, args[0], elementType));
             })
      .getResult(0);
}

struct Conv2DPattern : KilnLoweringPattern<Conv2DOp> {
  using KilnLoweringPattern::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    const SymbolSizes &sizes = getSizes(op);
    KilnTensorType xType = kilnType(op.getX());
    KilnTensorType resultType = kilnType(op.getResult());
    SmallVector<int64_t> w = *kilnType(op.getWeight()).getStaticShape();
    int64_t groups = op.getGroups(), fPerGroup = w[0] / groups, cg = w[1];
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
    Type accType = getComputeType(xType.getElementType());

    Value x = padSpatial(rewriter, loc, adaptor.getX(), xType, op.getPadding(),
                         0.0, sizes);
    if (groups == 1) {
      if (Value product = buildIm2colMatmul(rewriter, loc, op, x,
                                            adaptor.getWeight(), sizes)) {
        rewriter.replaceOp(
            op, transposeToResult(rewriter, loc, product, resultType, sizes));
        return success();
      }
    }
    Value acc = filledResult(rewriter, loc, resultType, accType,
                             scalarConstant(rewriter, loc, accType, 0.0),
                             adaptor.getX(), sizes);
    // d0..d6 = n, f, oh, ow, c, kh, kw.
    AffineExpr n = getAffineDimExpr(0, ctx), f = getAffineDimExpr(1, ctx),
               oh = getAffineDimExpr(2, ctx), ow = getAffineDimExpr(3, ctx),
               c = getAffineDimExpr(4, ctx), kh = getAffineDimExpr(5, ctx),
               kw = getAffineDimExpr(6, ctx);
    AffineExpr channel = groups == 1 ? c : f.floorDiv(fPerGroup) * cg + c;
    SmallVector<AffineMap> maps = {
        getWindowMap(7, n, channel, oh, ow, kh, kw, strides, dilations),
        AffineMap::get(7, 0, {f, c, kh, kw}, ctx),
        AffineMap::get(7, 0, {n, f, oh, ow}, ctx)};
    SmallVector<utils::IteratorType> iterators(4,
                                               utils::IteratorType::parallel);
    iterators.append(3, utils::IteratorType::reduction);
    acc = linalg::GenericOp::create(
              rewriter, loc, acc.getType(), ValueRange{x, adaptor.getWeight()},
              ValueRange{acc}, maps, iterators,
              [&](OpBuilder &b, Location l, ValueRange args) {
                Value product = arith::MulFOp::create(
                    b, l, convertScalar(b, l, args[0], accType),
                    convertScalar(b, l, args[1], accType));
                Value sum = arith::AddFOp::create(b, l, product, args[2]);
                linalg::YieldOp::create(b, l, sum);
              })
              .getResult(0);
    rewriter.replaceOp(op, roundTo(rewriter, loc, acc, resultType,
                                   adaptor.getX(), sizes));
    return success();
  }
};

/// max_pool2d (`isMax`) and avg_pool2d.
template <typename OpTy, bool isMax>
struct PoolPattern : KilnLoweringPattern<OpTy> {
  using KilnLoweringPattern<OpTy>::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    const SymbolSizes &sizes = this->getSizes(op);
    KilnTensorType xType = kilnType(op.getX());
    KilnTensorType resultType = kilnType(op.getResult());
    ArrayRef<int64_t> kernel = op.getKernel(), padding = op.getPadding();
    SmallVector<int64_t> strides = op.getStrideValues();
    SmallVector<int64_t> dilations = {1, 1};
    if constexpr (isMax)
      dilations.assign(op.getDilations().begin(), op.getDilations().end());
    Type accType = getComputeType(xType.getElementType());
    double inf = std::numeric_limits<double>::infinity();

    Value x = padSpatial(rewriter, loc, adaptor.getX(), xType, padding,
                         isMax ? -inf : 0.0, sizes);
    Value acc = filledResult(
        rewriter, loc, resultType, accType,
        scalarConstant(rewriter, loc, accType, isMax ? -inf : 0.0),
        adaptor.getX(), sizes);
    Value window = tensor::EmptyOp::create(rewriter, loc, kernel, accType);
    // d0..d5 = n, c, oh, ow, kh, kw.
    AffineExpr n = getAffineDimExpr(0, ctx), c = getAffineDimExpr(1, ctx),
               oh = getAffineDimExpr(2, ctx), ow = getAffineDimExpr(3, ctx),
               kh = getAffineDimExpr(4, ctx), kw = getAffineDimExpr(5, ctx);
    SmallVector<AffineMap> maps = {
        getWindowMap(6, n, c, oh, ow, kh, kw, strides, dilations),
        AffineMap::get(6, 0, {kh, kw}, ctx),
        AffineMap::get(6, 0, {n, c, oh, ow}, ctx)};
    SmallVector<utils::IteratorType> iterators(4,
                                               utils::IteratorType::parallel);
    iterators.append(2, utils::IteratorType::reduction);
    acc = linalg::GenericOp::create(
              rewriter, loc, acc.getType(), ValueRange{x, window},
              ValueRange{acc}, maps, iterators,
              [&](OpBuilder &b, Location l, ValueRange args) {
                Value v = convertScalar(b, l, args[0], accType);
                Value r = isMax
                              ? Value(arith::MaximumFOp::create(b, l, v, args[2]))
                              : Value(arith::AddFOp::create(b, l, v, args[2]));
                linalg::YieldOp::create(b, l, r);
              })
              .getResult(0);
    if constexpr (isMax) {
      rewriter.replaceOp(op, roundTo(rewriter, loc, acc, resultType,
                                     adaptor.getX(), sizes));
    } else {
      Value h = tensor::DimOp::create(rewriter, loc, adaptor.getX(), 2);
      Value w = tensor::DimOp::create(rewriter, loc, adaptor.getX(), 3);
      bool includePad = op.getCountIncludePad();
      auto divide = [&](OpBuilder &b, Location l, Value sum) -> Value {
        Value count;
        if (includePad) {
          count = scalarConstant(b, l, accType, double(kernel[0] * kernel[1]));
        } else {
          Value rows = windowInside(b, l, 2, strides[0], kernel[0], padding[0], h);
          Value cols = windowInside(b, l, 3, strides[1], kernel[1], padding[1], w);
          Value cells = arith::MulIOp::create(b, l, rows, cols);
          count = arith::SIToFPOp::create(
              b, l, accType,
              arith::IndexCastOp::create(b, l, b.getI64Type(), cells));
        }
        return arith::DivFOp::create(b, l, sum, count);
      };
      rewriter.replaceOp(op, roundTo(rewriter, loc, acc, resultType,
                                     adaptor.getX(), sizes, divide));
    }
    return success();
  }

  /// How many of a window's `kernel` positions along output dim `dim` fall
  /// inside x (size `size`): min(o*s - pad + k, size) - max(o*s - pad, 0).
  static Value windowInside(OpBuilder &b, Location l, int64_t dim,
                            int64_t stride, int64_t kernel, int64_t pad,
                            Value size) {
    Value o = linalg::IndexOp::create(b, l, dim);
    Value start = arith::SubIOp::create(
        b, l,
        arith::MulIOp::create(b, l, o,
                              arith::ConstantIndexOp::create(b, l, stride)),
        arith::ConstantIndexOp::create(b, l, pad));
    Value end = arith::MinSIOp::create(
        b, l,
        arith::AddIOp::create(b, l, start,
                              arith::ConstantIndexOp::create(b, l, kernel)),
        size);
    Value begin = arith::MaxSIOp::create(
        b, l, start, arith::ConstantIndexOp::create(b, l, 0));
    return arith::SubIOp::create(b, l, end, begin);
  }
};

} // namespace

void lowering::populateConvolutionPatterns(RewritePatternSet &patterns,
                                           const TypeConverter &converter,
                                           const SymbolSizesMap &sizes) {
  patterns.add<Conv2DPattern, PoolPattern<MaxPool2DOp, true>,
               PoolPattern<AvgPool2DOp, false>>(converter,
                                                patterns.getContext(), sizes);
}
