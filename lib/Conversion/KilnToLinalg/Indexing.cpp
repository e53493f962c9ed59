//===- Indexing.cpp - Lower the Kiln indexing ops -------------------------===//
//
//   gather, gather_elements -> a linalg.generic over the result that reads
//                              its index from `indices` and the element with
//                              tensor.extract, guarded so that nothing is
//                              read outside `x`
//   pad                     -> a linalg.generic over the result, reading x
//                              inside (guarded) and the value outside
//   cumsum                  -> a masked reduction over the triangle j <= i
//                              (O(n^2) along the dim, one parallel kernel)
//   argmax, argmin          -> a two-accumulator reduction (best, index)
//
// An index outside [-n, n) fails a `cf.assert` whose message names the op;
// the pipelines turn it into an error the call reports (kiln-lower-asserts
// on the host, the device's assertion in GPU kernels). The read itself is
// under an scf.if, so even a failed check never reads outside the buffer.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

KilnTensorType kilnType(Value v) { return cast<KilnTensorType>(v.getType()); }

/// An index checked against `size`: normalized into [0, size) when in
/// range, with `inRange` telling whether it was.
struct CheckedIndex {
  Value index;
  Value inRange;
};

/// Normalizes `raw` (i32/i64; negative counts from the end) against `size`
/// and asserts that it is in range with `message`.
CheckedIndex checkIndex(OpBuilder &b, Location loc, Value raw, Value size,
                        StringRef message) {
  Value index = arith::IndexCastOp::create(b, loc, b.getIndexType(), raw);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, index, zero);
  Value wrapped = arith::SelectOp::create(
      b, loc, negative, arith::AddIOp::create(b, loc, index, size), index);
  // Unsigned: a still-negative index is out of range too.
  Value inRange = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                        wrapped, size);
  cf::AssertOp::create(b, loc, inRange, message);
  return {wrapped, inRange};
}

/// `x[coords]` when `inRange`, else zero (no read).
Value guardedExtract(OpBuilder &b, Location loc, Value x, ValueRange coords,
                     Value inRange) {
  Type elementType = cast<RankedTensorType>(x.getType()).getElementType();
  auto ifOp = scf::IfOp::create(
      b, loc, inRange,
      [&](OpBuilder &then, Location l) {
        Value v = tensor::ExtractOp::create(then, l, x, coords);
        scf::YieldOp::create(then, l, v);
      },
      [&](OpBuilder &otherwise, Location l) {
        scf::YieldOp::create(otherwise, l,
                             scalarConstant(otherwise, l, elementType, 0.0));
      });
  return ifOp.getResult(0);
}

std::string getIndexMessage(Operation *op, int64_t dim) {
  return describeOp(op) + ": an index is out of range for dim " +
         std::to_string(dim);
}

/// Lowers gather (`elements` = false) and gather_elements (true).
template <typename OpTy, bool elements>
struct GatherPattern : KilnLoweringPattern<OpTy> {
  using KilnLoweringPattern<OpTy>::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX(), indices = adaptor.getIndices();
    KilnTensorType resultType = kilnType(op.getResult());
    int64_t rank = resultType.getRank(), dim = op.getNormalizedDim();
    int64_t xRank = kilnType(op.getX()).getRank();
    int64_t indexRank = kilnType(op.getIndices()).getRank();
    MLIRContext *ctx = rewriter.getContext();
    const SymbolSizes &sizes = this->getSizes(op);

    // A `?` result dim comes from x or from indices.
    auto unknown = [&](unsigned i) -> Value {
      if (elements)
        return tensor::DimOp::create(rewriter, loc, indices, i);
      if (i < dim)
        return tensor::DimOp::create(rewriter, loc, x, i);
      if (i < dim + indexRank)
        return tensor::DimOp::create(rewriter, loc, indices, i - dim);
      return tensor::DimOp::create(rewriter, loc, x, i - indexRank + 1);
    };
    Type elementType = resultType.getElementType();
    Value init =
        createEmpty(rewriter, loc, resultType, elementType,
                    getDynamicSizes(resultType, sizes, unknown));
    Value size = tensor::DimOp::create(rewriter, loc, x, dim);

    // gather reads indices at the result dims [dim, dim + indexRank).
    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < indexRank; ++i)
      indexExprs.push_back(getAffineDimExpr(elements ? i : dim + i, ctx));
    SmallVector<AffineMap> maps = {
        AffineMap::get(rank, 0, indexExprs, ctx),
        AffineMap::getMultiDimIdentityMap(rank, ctx)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    std::string message = getIndexMessage(op, dim);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, init.getType(), ValueRange{indices}, ValueRange{init},
        maps, iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          CheckedIndex checked = checkIndex(b, l, args[0], size, message);
          SmallVector<Value> coords;
          for (int64_t d = 0; d < xRank; ++d) {
            if (d == dim)
              coords.push_back(checked.index);
            else if (elements || d < dim)
              coords.push_back(linalg::IndexOp::create(b, l, d));
            else
              coords.push_back(linalg::IndexOp::create(b, l, d - 1 + indexRank));
          }
          linalg::YieldOp::create(
              b, l, guardedExtract(b, l, x, coords, checked.inRange));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// kiln.pad -> lowering::buildPad.
struct PadPattern : KilnLoweringPattern<PadOp> {
  using KilnLoweringPattern::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, buildPad(rewriter, op.getLoc(), adaptor.getX(),
                     kilnType(op.getResult()), op.getLow(), op.getHigh(),
                     op.getValue().convertToDouble(), getSizes(op)));
    return success();
  }
};

/// kiln.cumsum -> a reduction over a triangle: result[.., i, ..] sums
/// x[.., j, ..] for j <= i, as one linalg.generic whose iteration space
/// adds a reduction dim j after the result's dims. It is O(n^2) along the
/// dim, but one parallel kernel on every target (a scan would be a loop of
/// kernels); f16/bf16 accumulate in f32.
struct CumsumPattern : KilnLoweringPattern<CumsumOp> {
  using KilnLoweringPattern::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(CumsumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    KilnTensorType type = kilnType(op.getX());
    int64_t rank = type.getRank(), dim = op.getNormalizedDim();
    const SymbolSizes &sizes = getSizes(op);
    MLIRContext *ctx = rewriter.getContext();
    Type elementType = type.getElementType();
    Type accType = getComputeType(elementType);
    SmallVector<Value> dynamicSizes =
        getDynamicSizes(type, sizes, [&](unsigned i) -> Value {
          return tensor::DimOp::create(rewriter, loc, x, i);
        });
    Value sums = linalg::FillOp::create(
                     rewriter, loc, scalarConstant(rewriter, loc, accType, 0.0),
                     createEmpty(rewriter, loc, type, accType, dynamicSizes))
                     .getResult(0);

    // Dims d0..d{rank-1} are the result's, d{rank} is j along `dim`.
    SmallVector<AffineExpr> inExprs;
    for (int64_t d = 0; d < rank; ++d)
      inExprs.push_back(getAffineDimExpr(d == dim ? rank : d, ctx));
    SmallVector<AffineMap> maps = {
        AffineMap::get(rank + 1, 0, inExprs, ctx),
        AffineMap::getMultiDimIdentityMap(rank + 1, ctx).getMajorSubMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value acc =
        linalg::GenericOp::create(
            rewriter, loc, sums.getType(), ValueRange{x}, ValueRange{sums},
            maps, iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value i = linalg::IndexOp::create(b, l, dim);
              Value j = linalg::IndexOp::create(b, l, rank);
              Value inTriangle =
                  arith::CmpIOp::create(b, l, arith::CmpIPredicate::ule, j, i);
              Value v = arith::SelectOp::create(
                  b, l, inTriangle, convertScalar(b, l, args[0], accType),
                  scalarConstant(b, l, accType, 0.0));
              Value sum =
                  isa<FloatType>(accType)
                      ? Value(arith::AddFOp::create(b, l, v, args[1]))
                      : Value(arith::AddIOp::create(b, l, v, args[1]));
              linalg::YieldOp::create(b, l, sum);
            })
            .getResult(0);
    if (accType != elementType) {
      SmallVector<AffineMap> identity(
          2, AffineMap::getMultiDimIdentityMap(rank, ctx));
      Value out = createEmpty(rewriter, loc, type, elementType, dynamicSizes);
      acc = linalg::GenericOp::create(
                rewriter, loc, out.getType(), ValueRange{acc}, ValueRange{out},
                identity,
                SmallVector<utils::IteratorType>(rank,
                                                 utils::IteratorType::parallel),
                [&](OpBuilder &b, Location l, ValueRange args) {
                  linalg::YieldOp::create(
                      b, l, convertScalar(b, l, args[0], elementType));
                })
                .getResult(0);
    }
    rewriter.replaceOp(op, acc);
    return success();
  }
};

/// argmax/argmin -> a linalg.generic reducing `dim` into two accumulators,
/// the best value (in the compute type) and its index; a later element
/// replaces the best only when strictly better, or a NaN over a number.
template <typename OpTy, bool max>
struct ArgReducePattern : KilnLoweringPattern<OpTy> {
  using KilnLoweringPattern<OpTy>::KilnLoweringPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    KilnTensorType type = kilnType(op.getX());
    KilnTensorType resultType = kilnType(op.getResult());
    int64_t rank = type.getRank(), dim = op.getNormalizedDim();
    const SymbolSizes &sizes = this->getSizes(op);
    MLIRContext *ctx = rewriter.getContext();
    Type computeType = getComputeType(type.getElementType());
    Type indexType = resultType.getElementType();

    int64_t reduced[] = {dim};
    ReducedShape shape = getReducedShape(rewriter, loc, type, reduced, sizes, x);
    KilnTensorType reducedType = shape.type;
    ArrayRef<Value> dynamicSizes = shape.dynamicSizes;
    ArrayRef<utils::IteratorType> iterators = shape.iterators;
    ArrayRef<AffineExpr> outExprs = shape.outExprs;
    Value values = linalg::FillOp::create(
                       rewriter, loc, getWorst(rewriter, loc, computeType),
                       createEmpty(rewriter, loc, reducedType, computeType,
                                   dynamicSizes))
                       .getResult(0);
    Value indices = linalg::FillOp::create(
                        rewriter, loc, scalarConstant(rewriter, loc, indexType, 0),
                        createEmpty(rewriter, loc, reducedType, indexType,
                                    dynamicSizes))
                        .getResult(0);
    AffineMap outMap = AffineMap::get(rank, 0, outExprs, ctx);
    SmallVector<AffineMap> maps = {AffineMap::getMultiDimIdentityMap(rank, ctx),
                                   outMap, outMap};
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{values.getType(), indices.getType()},
        ValueRange{x}, ValueRange{values, indices}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value v = convertScalar(b, l, args[0], computeType);
          Value better = isBetter(b, l, v, args[1]);
          Value index = arith::IndexCastOp::create(
              b, l, indexType, linalg::IndexOp::create(b, l, dim));
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, better, v, args[1]),
                         arith::SelectOp::create(b, l, better, index,
                                                 args[2])});
        });
    Value result = generic.getResult(1);
    if (op.getKeepdim())
      result = expandReducedDims(rewriter, loc, result, resultType, {dim},
                                 sizes, x);
    rewriter.replaceOp(op, result);
    return success();
  }

  /// The value every element beats (or ties, keeping index 0).
  static Value getWorst(OpBuilder &b, Location loc, Type type) {
    if (auto floatType = dyn_cast<FloatType>(type))
      return arith::ConstantOp::create(
          b, loc,
          b.getFloatAttr(type, APFloat::getInf(floatType.getFloatSemantics(),
                                               /*Negative=*/max)));
    unsigned width = type.getIntOrFloatBitWidth();
    return arith::ConstantOp::create(
        b, loc,
        b.getIntegerAttr(type, max ? APInt::getSignedMinValue(width)
                                   : APInt::getSignedMaxValue(width)));
  }

  /// Whether `v` replaces the best so far: strictly better, or a NaN when
  /// the best is not one.
  static Value isBetter(OpBuilder &b, Location loc, Value v, Value best) {
    if (!isa<FloatType>(v.getType()))
      return arith::CmpIOp::create(b, loc,
                                   max ? arith::CmpIPredicate::sgt
                                       : arith::CmpIPredicate::slt,
                                   v, best);
    Value strictly = arith::CmpFOp::create(
        b, loc, max ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT, v,
        best);
    Value nan = arith::AndIOp::create(
        b, loc,
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, v, v),
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ORD, best, best));
    return arith::OrIOp::create(b, loc, strictly, nan);
  }
};

} // namespace

void lowering::populateIndexingPatterns(RewritePatternSet &patterns,
                                        const TypeConverter &converter,
                                        const SymbolSizesMap &sizes) {
  patterns.add<GatherPattern<GatherOp, false>,
               GatherPattern<GatherElementsOp, true>, PadPattern,
               CumsumPattern, ArgReducePattern<ArgmaxOp, true>,
               ArgReducePattern<ArgminOp, false>>(
      converter, patterns.getContext(), sizes);
}

Value lowering::buildPad(OpBuilder &b, Location loc, Value x,
                         KilnTensorType resultType, ArrayRef<int64_t> low,
                         ArrayRef<int64_t> high, double value,
                         const SymbolSizes &symbolSizes) {
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return x;
  int64_t rank = resultType.getRank();
  Type elementType = resultType.getElementType();
  Value init = createEmpty(
      b, loc, resultType, elementType,
      getDynamicSizes(resultType, symbolSizes, [&](unsigned i) -> Value {
        return tensor::DimOp::create(b, loc, x, i);
      }));
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < rank; ++d)
    sizes.push_back(tensor::DimOp::create(b, loc, x, d));
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(rank, b.getContext())};
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), ValueRange{}, ValueRange{init}, maps,
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &nb, Location l, ValueRange) {
        SmallVector<Value> coords;
        Value inside = arith::ConstantIntOp::create(nb, l, 1, 1);
        for (int64_t d = 0; d < rank; ++d) {
          Value index = linalg::IndexOp::create(nb, l, d);
          if (low[d] == 0 && high[d] == 0) {
            coords.push_back(index);
            continue;
          }
          Value in = arith::SubIOp::create(
              nb, l, index, arith::ConstantIndexOp::create(nb, l, low[d]));
          // Unsigned: an index before the data is out too.
          inside = arith::AndIOp::create(
              nb, l, inside,
              arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ult, in,
                                    sizes[d]));
          coords.push_back(in);
        }
        auto ifOp = scf::IfOp::create(
            nb, l, inside,
            [&](OpBuilder &then, Location tl) {
              scf::YieldOp::create(
                  then, tl,
                  tensor::ExtractOp::create(then, tl, x, coords).getResult());
            },
            [&](OpBuilder &otherwise, Location el) {
              Value fill = scalarConstant(otherwise, el,
                                          otherwise.getF64Type(), value);
              scf::YieldOp::create(otherwise, el,
                                   convertScalar(otherwise, el, fill,
                                                 elementType));
            });
        linalg::YieldOp::create(nb, l, ifOp.getResult(0));
      });
  return generic.getResult(0);
}
