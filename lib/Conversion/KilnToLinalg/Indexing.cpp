//===- Indexing.cpp - Lower the Kiln indexing ops -------------------------===//
//
//   gather, gather_elements -> a linalg.generic over the result that reads
//                              its index from `indices` and the element with
//                              tensor.extract, guarded so that nothing is
//                              read outside `x`
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

} // namespace

void lowering::populateIndexingPatterns(RewritePatternSet &patterns,
                                        const TypeConverter &converter,
                                        const SymbolSizesMap &sizes) {
  patterns.add<GatherPattern<GatherOp, false>,
               GatherPattern<GatherElementsOp, true>>(
      converter, patterns.getContext(), sizes);
}
