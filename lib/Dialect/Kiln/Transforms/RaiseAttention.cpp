//===- RaiseAttention.cpp - matmul-softmax-matmul into kiln.attention -----===//
//
//   matmul(softmax(matmul(q, transpose(k)) {*,/} c, dim = -1), v)
//     -> kiln.attention q, k, v {scale = c or 1/c}
//
// with casts allowed around the softmax, every intermediate used once and
// `c` a scalar (splat) float constant.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln {
#define GEN_PASS_DEF_KILNRAISEATTENTION
#include "kiln/Dialect/Kiln/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

/// The defining op of `value` if it is an OpTy used only there.
template <typename OpTy> static OpTy getSingleUseDef(Value value) {
  auto op = value.getDefiningOp<OpTy>();
  return op && op->hasOneUse() ? op : OpTy();
}

/// The value of a splat float constant.
static std::optional<double> getSplatConstant(Value value) {
  auto constant = value.getDefiningOp<ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto dense = dyn_cast<DenseFPElementsAttr>(constant.getValue());
  if (!dense || !dense.isSplat())
    return std::nullopt;
  return dense.getSplatValue<APFloat>().convertToDouble();
}

/// `value` without the casts (single use) in front of it.
static Value skipCasts(Value value) {
  while (auto cast = getSingleUseDef<CastOp>(value))
    value = cast.getX();
  return value;
}

namespace {
struct RaiseAttention : OpRewritePattern<MatmulOp> {
  RaiseAttention(MLIRContext *ctx, llvm::Statistic *counter)
      : OpRewritePattern(ctx), counter(counter) {}

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    auto softmax = getSingleUseDef<SoftmaxOp>(skipCasts(op.getLhs()));
    if (!softmax)
      return rewriter.notifyMatchFailure(op, "lhs is not a softmax");
    auto scoresType = cast<KilnTensorType>(softmax.getType());
    int64_t rank = scoresType.getRank();
    if (rank < 2 || (softmax.getDim() != -1 && softmax.getDim() != rank - 1))
      return rewriter.notifyMatchFailure(op, "softmax not over the keys");
    // The scaling: s * c or s / c (either operand order for the product).
    Value scaled = skipCasts(softmax.getX());
    Value scores;
    std::optional<double> scale;
    if (auto mul = getSingleUseDef<MulOp>(scaled)) {
      if ((scale = getSplatConstant(mul.getRhs())))
        scores = mul.getLhs();
      else if ((scale = getSplatConstant(mul.getLhs())))
        scores = mul.getRhs();
    } else if (auto div = getSingleUseDef<DivOp>(scaled)) {
      if (std::optional<double> c = getSplatConstant(div.getRhs());
          c && *c != 0) {
        scale = 1.0 / *c;
        scores = div.getLhs();
      }
    }
    if (!scale)
      return rewriter.notifyMatchFailure(op, "no scaling by a constant");
    auto qk = getSingleUseDef<MatmulOp>(skipCasts(scores));
    if (!qk)
      return rewriter.notifyMatchFailure(op, "scores are not a product");
    auto transpose = getSingleUseDef<TransposeOp>(qk.getRhs());
    SmallVector<int64_t> swapLast =
        llvm::to_vector(llvm::seq<int64_t>(0, rank));
    std::swap(swapLast[rank - 2], swapLast[rank - 1]);
    if (!transpose || transpose.getPerm() != ArrayRef<int64_t>(swapLast))
      return rewriter.notifyMatchFailure(op, "k is not transposed");
    Value q = qk.getLhs(), k = transpose.getX(), v = op.getRhs();
    for (Value operand : {q, k, v})
      if (cast<KilnTensorType>(operand.getType()).getRank() != rank)
        return rewriter.notifyMatchFailure(op, "operands of other ranks");
    Type element = cast<KilnTensorType>(q.getType()).getElementType();
    if (cast<KilnTensorType>(k.getType()).getElementType() != element ||
        cast<KilnTensorType>(v.getType()).getElementType() != element ||
        cast<KilnTensorType>(op.getType()).getElementType() != element)
      return rewriter.notifyMatchFailure(op, "q, k, v, result of other types");
    rewriter.replaceOpWithNewOp<AttentionOp>(
        op, op.getType(), q, k, v, /*mask=*/Value(),
        rewriter.getF64FloatAttr(*scale), rewriter.getBoolAttr(false));
    if (counter)
      ++*counter;
    return success();
  }

  llvm::Statistic *counter;
};

struct KilnRaiseAttentionPass
    : kiln::impl::KilnRaiseAttentionBase<KilnRaiseAttentionPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RaiseAttention>(&getContext(), &numRaised);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void kiln::populateKilnRaiseAttentionPatterns(RewritePatternSet &patterns) {
  patterns.add<RaiseAttention>(patterns.getContext(), nullptr);
}
