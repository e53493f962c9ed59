//===- RaiseAttention.cpp - matmul-softmax-matmul into kiln.attention -----===//
//
//   matmul(softmax(matmul(q, transpose(k)) {*,/} c, dim = -1), v)
//     -> kiln.attention q, k, v {scale = c or 1/c}
//
// with casts allowed around the softmax, every intermediate used once and
// `c` a scalar (splat) float constant; and
//
//   kiln.attention q, k, v, causal_mask -> kiln.attention q, k, v {causal}
//
// where the mask is the causal one written out (as transformers builds it):
// key index <= query index over iotas along its last two dims, as an i1 mask
// or selected into an additive 0 / -inf one.
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

/// The dim (counted from the end: -1 is the last) along which every
/// element of `value` is its own index there (0, 1, 2, ...), the same for
/// every position of the other dims: an iota, reshaped by adding or
/// dropping unit dims, broadcast, cast, or plus 0.
static std::optional<int64_t> getIndexDim(Value value, int depth = 0) {
  auto type = dyn_cast<KilnTensorType>(value.getType());
  if (!type || depth > 8)
    return std::nullopt;
  int64_t rank = type.getRank();
  auto isUnit = [](sym::Expr dim) { return dim && dim.getConstant() == 1; };
  Operation *op = value.getDefiningOp();
  if (auto iota = dyn_cast_if_present<IotaOp>(op)) {
    // (I64Attr reads back as uint64_t.)
    int64_t dim = static_cast<int64_t>(iota.getDim());
    if (dim >= 0)
      dim -= rank;
    if (dim < -rank || isUnit(type.getDims()[rank + dim]))
      return std::nullopt;
    return dim;
  }
  if (isa_and_present<CastOp, BroadcastToOp>(op))
    return getIndexDim(op->getOperand(0), depth + 1);
  if (auto add = dyn_cast_if_present<AddOp>(op)) {
    for (auto [x, zero] : {std::pair(add.getLhs(), add.getRhs()),
                           std::pair(add.getRhs(), add.getLhs())})
      if (matchPattern(zero, m_Zero()) || matchPattern(zero, m_AnyZeroFloat()))
        return getIndexDim(x, depth + 1);
    return std::nullopt;
  }
  auto reshape = dyn_cast_if_present<ReshapeOp>(op);
  if (!reshape)
    return std::nullopt;
  std::optional<int64_t> dim = getIndexDim(reshape.getX(), depth + 1);
  if (!dim)
    return std::nullopt;
  // Only unit dims come and go: the source's other dims and all but one of
  // the result's are 1, and that one is the source's index dim.
  ArrayRef<sym::Expr> from = cast<KilnTensorType>(reshape.getX().getType())
                                 .getDims();
  for (auto [i, d] : llvm::enumerate(from))
    if (int64_t(i) != int64_t(from.size()) + *dim && !isUnit(d))
      return std::nullopt;
  std::optional<int64_t> result;
  for (auto [i, d] : llvm::enumerate(type.getDims())) {
    if (isUnit(d))
      continue;
    if (result || d != from[from.size() + *dim])
      return std::nullopt;
    result = int64_t(i) - rank;
  }
  return result;
}

/// The largest additive mask value taken for -inf: the most negative half,
/// which frameworks mask with (transformers on CUDA). exp of a score plus
/// it underflows to 0 in f32 unless the scores of a row span more than
/// ~65000, so the kernel's -inf gives the same probabilities.
static constexpr double kMaskedOut = -65504.0;

/// Whether `mask` keeps exactly the keys at or before each query (top-left
/// aligned): `key <= query` or `query >= key` over index dims -1 (keys) and
/// -2 (queries), possibly broadcast, as an i1 mask or selected into 0 where
/// kept and -inf (or at most kMaskedOut) elsewhere.
static bool isCausalMask(Value mask) {
  while (auto broadcast = mask.getDefiningOp<BroadcastToOp>())
    mask = broadcast.getX();
  if (auto select = mask.getDefiningOp<SelectOp>()) {
    std::optional<double> kept = getSplatConstant(select.getOnTrue());
    std::optional<double> dropped = getSplatConstant(select.getOnFalse());
    if (!kept || *kept != 0 || !dropped || *dropped > kMaskedOut)
      return false;
    mask = select.getCond();
    while (auto broadcast = mask.getDefiningOp<BroadcastToOp>())
      mask = broadcast.getX();
  }
  auto cmp = mask.getDefiningOp<CmpOp>();
  if (!cmp)
    return false;
  std::optional<int64_t> lhs = getIndexDim(cmp.getLhs());
  std::optional<int64_t> rhs = getIndexDim(cmp.getRhs());
  if (!lhs || !rhs)
    return false;
  StringRef predicate = cmp.getPredicate();
  return (predicate == "le" && *lhs == -1 && *rhs == -2) ||
         (predicate == "ge" && *lhs == -2 && *rhs == -1);
}

namespace {
/// kiln.attention with the causal mask written out -> {causal = true}, no
/// mask (which the fused kernel takes).
struct FoldCausalMask : OpRewritePattern<AttentionOp> {
  FoldCausalMask(MLIRContext *ctx, llvm::Statistic *counter)
      : OpRewritePattern(ctx), counter(counter) {}

  LogicalResult matchAndRewrite(AttentionOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getMask() || !isCausalMask(op.getMask()))
      return rewriter.notifyMatchFailure(op, "no causal mask");
    rewriter.replaceOpWithNewOp<AttentionOp>(
        op, op.getType(), op.getQ(), op.getK(), op.getV(), /*mask=*/Value(),
        op.getScaleAttr(), rewriter.getBoolAttr(true));
    if (counter)
      ++*counter;
    return success();
  }

  llvm::Statistic *counter;
};

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
    patterns.add<FoldCausalMask>(&getContext(), &numCausalMasks);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void kiln::populateKilnRaiseAttentionPatterns(RewritePatternSet &patterns) {
  patterns.add<RaiseAttention, FoldCausalMask>(patterns.getContext(), nullptr);
}
