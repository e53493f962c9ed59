//===- Decompose.cpp - Rewrite composite Kiln ops into primitives ---------===//
//
// softmax, log_softmax, layer_norm, rms_norm, gelu, silu and sigmoid become
// elementwise ops and reductions, so that fusion can group their parts into
// one kernel per row. Scalars are rank-0 `kiln.constant`s that broadcast.
//
//   softmax(x)     = e * (1 / sum(e)),  e = exp(x - max(x))    (stable)
//   log_softmax(x) = d - log(sum(exp(d))),  d = x - max(x)     (stable)
//   layer_norm     = (x - mean) * rsqrt(var + eps) * w + b     (biased var)
//   rms_norm       = x * rsqrt(mean(x^2) + eps) * w
//   gelu "none"    = 0.5 * x * (1 + erf(x / sqrt(2)))
//   gelu "tanh"    = 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))
//   silu(x)        = x * sigmoid(x)
//   attention      = softmax(q @ k^T * scale [masked]) @ v    (scores in f32)
//   sigmoid(x)     = 1 / (1 + exp(-x))
//
// Every rewrite computes f16/bf16 inputs in f32 and casts the result back
// once (as PyTorch's kernels do), so that the intermediate steps do not
// round to the half type.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"
#include "kiln/Dialect/Kiln/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace kiln {
#define GEN_PASS_DEF_KILNDECOMPOSE
#include "kiln/Dialect/Kiln/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

/// Builds Kiln ops at one location, with result types inferred.
struct KilnBuilder {
  PatternRewriter &rewriter;
  Location loc;

  Value scalar(Type elementType, double value) {
    auto type = RankedTensorType::get({}, elementType);
    return ConstantOp::create(rewriter, loc,
                              cast<ElementsAttr>(DenseElementsAttr::get(
                                  type, FloatAttr::get(elementType, value))));
  }
  Type elementType(Value v) {
    return cast<KilnTensorType>(v.getType()).getElementType();
  }
  Value add(Value a, Value b) { return AddOp::create(rewriter, loc, a, b); }
  Value sub(Value a, Value b) { return SubOp::create(rewriter, loc, a, b); }
  Value mul(Value a, Value b) { return MulOp::create(rewriter, loc, a, b); }
  Value div(Value a, Value b) { return DivOp::create(rewriter, loc, a, b); }
  Value mulScalar(Value a, double s) {
    return mul(a, scalar(elementType(a), s));
  }
  Value addScalar(Value a, double s) {
    return add(a, scalar(elementType(a), s));
  }
  template <typename OpTy> Value unary(Value a) {
    return OpTy::create(rewriter, loc, a);
  }
  template <typename OpTy> Value reduce(Value a, int64_t dim) {
    return OpTy::create(rewriter, loc, a, ArrayRef<int64_t>{dim},
                        /*keepdim=*/true);
  }
  /// Casts f16/bf16 to f32 (the compute type of normalizations).
  Value upcast(Value v) {
    Type t = elementType(v);
    if (!t.isF16() && !t.isBF16())
      return v;
    auto type = cast<KilnTensorType>(v.getType());
    return CastOp::create(rewriter, loc,
                          type.withElementType(rewriter.getF32Type()), v);
  }
  /// Casts `v` back to `type` if the compute type differs.
  Value castTo(Value v, Type type) {
    if (v.getType() == type)
      return v;
    return CastOp::create(rewriter, loc, type, v);
  }
};

template <typename OpTy> struct DecomposePattern : OpRewritePattern<OpTy> {
  DecomposePattern(MLIRContext *ctx, llvm::Statistic *counter)
      : OpRewritePattern<OpTy>(ctx), counter(counter) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const final {
    // `?` dims are distinct from each other, so the primitives (x * x,
    // x - max(x)) would not verify; such ops stay composite.
    for (Value operand : op->getOperands())
      if (llvm::is_contained(cast<KilnTensorType>(operand.getType()).getDims(),
                             sym::Expr()))
        return rewriter.notifyMatchFailure(op, "operand has a `?` dim");
    KilnBuilder b{rewriter, op.getLoc()};
    Value result = decompose(op, b);
    if (!result)
      return failure();
    rewriter.replaceOp(op, result);
    if (counter)
      ++*counter;
    return success();
  }

  virtual Value decompose(OpTy op, KilnBuilder &b) const = 0;
  llvm::Statistic *counter;
};

/// True when `dim` of `x` is statically empty: a softmax over it has no
/// elements (and its maximum would not verify).
static bool isEmptyDim(Value x, int64_t dim) {
  ArrayRef<sym::Expr> dims = cast<KilnTensorType>(x.getType()).getDims();
  int64_t d = dim < 0 ? dim + int64_t(dims.size()) : dim;
  return d >= 0 && d < int64_t(dims.size()) && dims[d] &&
         dims[d].getConstant() == 0;
}

struct DecomposeSoftmax : DecomposePattern<SoftmaxOp> {
  using DecomposePattern::DecomposePattern;
  Value decompose(SoftmaxOp op, KilnBuilder &b) const override {
    if (isEmptyDim(op.getX(), op.getDim()))
      return op.getX();
    Value x = b.upcast(op.getX());
    Value e = b.unary<ExpOp>(b.sub(x, b.reduce<ReduceMaxOp>(x, op.getDim())));
    // One reciprocal per row, then a product per element (a division per
    // element costs several times a product on the CPU).
    Value inv = b.unary<ReciprocalOp>(b.reduce<ReduceSumOp>(e, op.getDim()));
    Value y = b.mul(e, inv);
    return b.castTo(y, op.getType());
  }
};

struct DecomposeLogSoftmax : DecomposePattern<LogSoftmaxOp> {
  using DecomposePattern::DecomposePattern;
  Value decompose(LogSoftmaxOp op, KilnBuilder &b) const override {
    if (isEmptyDim(op.getX(), op.getDim()))
      return op.getX();
    Value x = b.upcast(op.getX());
    Value d = b.sub(x, b.reduce<ReduceMaxOp>(x, op.getDim()));
    Value sum = b.reduce<ReduceSumOp>(b.unary<ExpOp>(d), op.getDim());
    return b.castTo(b.sub(d, b.unary<LogOp>(sum)), op.getType());
  }
};

struct DecomposeLayerNorm : DecomposePattern<LayerNormOp> {
  using DecomposePattern::DecomposePattern;
  Value decompose(LayerNormOp op, KilnBuilder &b) const override {
    Value x = b.upcast(op.getX());
    Value centered = b.sub(x, b.reduce<ReduceMeanOp>(x, -1));
    Value var = b.reduce<ReduceMeanOp>(b.mul(centered, centered), -1);
    double eps = op.getEpsilon().convertToDouble();
    Value inv = b.unary<RsqrtOp>(b.addScalar(var, eps));
    Value y = b.add(b.mul(b.mul(centered, inv), b.upcast(op.getWeight())),
                    b.upcast(op.getBias()));
    return b.castTo(y, op.getType());
  }
};

struct DecomposeRmsNorm : DecomposePattern<RmsNormOp> {
  using DecomposePattern::DecomposePattern;
  Value decompose(RmsNormOp op, KilnBuilder &b) const override {
    Value x = b.upcast(op.getX());
    Value meanSquare = b.reduce<ReduceMeanOp>(b.mul(x, x), -1);
    double eps = op.getEpsilon().convertToDouble();
    Value inv = b.unary<RsqrtOp>(b.addScalar(meanSquare, eps));
    Value y = b.mul(b.mul(x, inv), b.upcast(op.getWeight()));
    return b.castTo(y, op.getType());
  }
};

struct DecomposeGelu : DecomposePattern<GeluOp> {
  using DecomposePattern::DecomposePattern;
  Value decompose(GeluOp op, KilnBuilder &b) const override {
    Value x = b.upcast(op.getX());
    Value phi2; // 1 + erf(...) or 1 + tanh(...)
    if (op.getApproximate() == "tanh") {
      Value cube = b.mul(b.mul(x, x), x);
      Value inner = b.mulScalar(b.add(x, b.mulScalar(cube, 0.044715)),
                                std::sqrt(2.0 / M_PI));
      phi2 = b.addScalar(b.unary<TanhOp>(inner), 1.0);
    } else {
      phi2 = b.addScalar(b.unary<ErfOp>(b.mulScalar(x, M_SQRT1_2)), 1.0);
    }
    return b.castTo(b.mul(b.mulScalar(x, 0.5), phi2), op.getType());
  }
};

struct DecomposeSilu : DecomposePattern<SiluOp> {
  using DecomposePattern::DecomposePattern;
  Value decompose(SiluOp op, KilnBuilder &b) const override {
    Value x = b.upcast(op.getX());
    return b.castTo(b.mul(x, b.unary<SigmoidOp>(x)), op.getType());
  }
};

struct DecomposeSigmoid : DecomposePattern<SigmoidOp> {
  using DecomposePattern::DecomposePattern;
  Value decompose(SigmoidOp op, KilnBuilder &b) const override {
    Value e = b.unary<ExpOp>(b.unary<NegOp>(b.upcast(op.getX())));
    Value y = b.div(b.scalar(b.elementType(e), 1.0), b.addScalar(e, 1.0));
    return b.castTo(y, op.getType());
  }
};

/// attention = softmax(q @ k^T * scale, masked) @ v, the scores in f32;
/// with `keepFlash`, attention in the flash form stays.
struct DecomposeAttention : DecomposePattern<AttentionOp> {
  DecomposeAttention(MLIRContext *ctx, llvm::Statistic *counter,
                     bool keepFlash)
      : DecomposePattern(ctx, counter), keepFlash(keepFlash) {}
  Value decompose(AttentionOp op, KilnBuilder &b) const override {
    if (keepFlash && op.hasFlashAttentionForm())
      return Value();
    PatternRewriter &rewriter = b.rewriter;
    Location loc = b.loc;
    int64_t rank = cast<KilnTensorType>(op.getK().getType()).getRank();
    SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    std::swap(perm[rank - 2], perm[rank - 1]);
    // The scores are the product's f32 accumulator, never rounded to the
    // inputs' type.
    auto qType = cast<KilnTensorType>(op.getQ().getType());
    SmallVector<sym::Expr> ktDims = llvm::to_vector(
        cast<KilnTensorType>(op.getK().getType()).getDims());
    std::swap(ktDims[rank - 2], ktDims[rank - 1]);
    FailureOr<Shape> scoresShape = inferMatmulShape(
        qType.getDims(), ktDims, getFactsAt(op), nullptr);
    if (failed(scoresShape))
      return Value();
    Value kt = TransposeOp::create(rewriter, loc, op.getK(), perm);
    Value scores = MatmulOp::create(
        rewriter, loc,
        qType.withDims(*scoresShape).withElementType(rewriter.getF32Type()),
        op.getQ(), kt);
    if (std::optional<double> scale = op.getScaleValue()) {
      scores = b.mulScalar(scores, *scale);
    } else {
      // A symbolic E: 1/sqrt(E) from the sum of E ones.
      auto f32 = rewriter.getF32Type();
      KilnTensorType eType =
          qType.withDims(qType.getDims().take_back()).withElementType(f32);
      Value ones = BroadcastToOp::create(rewriter, loc, eType, b.scalar(f32, 1));
      Value size = ReduceSumOp::create(rewriter, loc, ones,
                                       ArrayRef<int64_t>{0}, false);
      scores = b.mul(scores, b.unary<RsqrtOp>(size));
    }
    auto scoresType = cast<KilnTensorType>(scores.getType());
    Value minusInf = b.scalar(scoresType.getElementType(), -INFINITY);
    if (op.getCausal()) {
      // Key j is visible from query i when j <= i (top-left aligned).
      ArrayRef<sym::Expr> dims = scoresType.getDims();
      auto grid = scoresType.withDims(dims.take_back(2))
                      .withElementType(rewriter.getI64Type());
      Value i = IotaOp::create(rewriter, loc, grid, 0);
      Value j = IotaOp::create(rewriter, loc, grid, 1);
      Value visible =
          CmpOp::create(rewriter, loc, grid.withElementType(rewriter.getI1Type()),
                        j, i, "le");
      scores = SelectOp::create(rewriter, loc, scoresType, visible, scores,
                                minusInf);
    }
    if (Value mask = op.getMask()) {
      if (b.elementType(mask).isInteger(1))
        scores = SelectOp::create(rewriter, loc, scoresType, mask, scores,
                                  minusInf);
      else
        scores = b.add(scores, b.upcast(mask));
    }
    Value p = SoftmaxOp::create(rewriter, loc, scoresType, scores, -1);
    Type vType = b.elementType(op.getV());
    p = b.castTo(p, scoresType.withElementType(vType));
    return MatmulOp::create(rewriter, loc, p, op.getV());
  }
  bool keepFlash;
};

/// Adds the patterns, counting rewrites into `counter` when given.
void addDecompositionPatterns(RewritePatternSet &patterns,
                              bool decomposeSigmoid, bool keepFlashAttention,
                              llvm::Statistic *counter) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<DecomposeSoftmax, DecomposeLogSoftmax, DecomposeLayerNorm,
               DecomposeRmsNorm, DecomposeGelu, DecomposeSilu>(ctx, counter);
  patterns.add<DecomposeAttention>(ctx, counter, keepFlashAttention);
  if (decomposeSigmoid)
    patterns.add<DecomposeSigmoid>(ctx, counter);
}

struct KilnDecomposePass : kiln::impl::KilnDecomposeBase<KilnDecomposePass> {
  using KilnDecomposeBase::KilnDecomposeBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    addDecompositionPatterns(patterns, decomposeSigmoid, keepFlashAttention,
                             &numDecomposed);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void kiln::populateKilnDecompositionPatterns(RewritePatternSet &patterns,
                                             bool decomposeSigmoid,
                                             bool keepFlashAttention) {
  addDecompositionPatterns(patterns, decomposeSigmoid, keepFlashAttention,
                           nullptr);
}
