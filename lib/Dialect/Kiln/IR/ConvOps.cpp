//===- ConvOps.cpp - Verifiers of the Kiln convolution and pooling ops ----===//
//
// kiln.conv2d, kiln.max_pool2d and kiln.avg_pool2d (design.md §2.1), NCHW.
// Batch and spatial sizes may be symbolic; the output's spatial sizes are
// dim expressions with floordiv (ShapeInference.h, inferWindowedDim).
//
//===----------------------------------------------------------------------===//

#include "VerifyUtils.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::detail;

/// Checks the window attributes: `pairs` of 2 positive entries each, and 4
/// non-negative paddings.
static LogicalResult verifyWindow(Operation *op,
                                  ArrayRef<std::pair<StringRef,
                                                     ArrayRef<int64_t>>>
                                      pairs,
                                  ArrayRef<int64_t> padding) {
  for (auto [name, values] : pairs) {
    if (values.size() != 2)
      return op->emitOpError() << name << " needs 2 entries; got "
                               << values.size();
    if (values[0] < 1 || values[1] < 1)
      return op->emitOpError() << name << " must be positive";
  }
  if (padding.size() != 4)
    return op->emitOpError()
           << "padding needs 4 entries [top, left, bottom, right]; got "
           << padding.size();
  if (llvm::any_of(padding, [](int64_t p) { return p < 0; }))
    return op->emitOpError() << "padding must be non-negative";
  return success();
}

/// x must be [N, C, H, W] of a float type, without `?` spatial dims.
static LogicalResult verifyImage(Operation *op, KilnTensorType x) {
  if (x.getRank() != 4)
    return op->emitOpError() << "needs x of rank 4 (NCHW); got rank "
                             << x.getRank();
  if (!isa<FloatType>(x.getElementType()))
    return op->emitOpError() << "requires a floating-point element type; got "
                             << x.getElementType();
  if (!x.getDims()[2] || !x.getDims()[3])
    return op->emitOpError() << "needs known spatial dims (not `?`)";
  return success();
}

/// [N, channels, Ho, Wo] for a window over x's spatial dims.
static Shape windowedShape(KilnTensorType x, sym::Expr channels,
                           ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                           ArrayRef<int64_t> dilations,
                           ArrayRef<int64_t> padding, const sym::Facts &facts) {
  Shape shape = {x.getDims()[0], channels};
  for (int64_t i = 0; i < 2; ++i)
    shape.push_back(sym::simplify(
        inferWindowedDim(x.getDims()[2 + i], kernel[i], strides[i],
                         dilations[i], padding[i], padding[2 + i]),
        facts));
  return shape;
}

LogicalResult Conv2DOp::verify() {
  if (failed(verifySymbolsBound(*this)))
    return failure();
  KilnTensorType x = getTensorType(getX()), w = getTensorType(getWeight());
  if (failed(verifyImage(*this, x)) ||
      failed(verifyWindow(*this,
                          {{"strides", getStrides()},
                           {"dilations", getDilations()}},
                          getPadding())))
    return failure();
  if (w.getRank() != 4)
    return emitOpError() << "needs a weight of rank 4 [F, C/groups, KH, KW]; "
                            "got rank "
                         << w.getRank();
  if (w.getElementType() != x.getElementType())
    return emitOpError() << "x and weight must have one element type";
  std::optional<SmallVector<int64_t>> ws = w.getStaticShape();
  if (!ws)
    return emitOpError() << "needs a static weight shape; got " << w;
  int64_t groups = getGroups();
  int64_t f = (*ws)[0], cg = (*ws)[1];
  if (groups < 1 || f % groups)
    return emitOpError() << "groups (" << groups
                         << ") must be positive and divide F (" << f << ")";
  sym::Facts facts = getFactsAt(*this);
  sym::Expr c = x.getDims()[1];
  if (!sym::provablyEqual(c, sym::Expr::constant(getExprCtx(*this),
                                                 cg * groups),
                          facts))
    return emitOpError() << "x has " << dimToString(c)
                         << " channels; the weight expects " << cg * groups
                         << " (" << cg << " per group, " << groups
                         << " groups)";
  if ((*ws)[2] < 1 || (*ws)[3] < 1)
    return emitOpError() << "needs a non-empty kernel";
  Shape shape = windowedShape(
      x, sym::Expr::constant(getExprCtx(*this), f),
      ArrayRef<int64_t>(*ws).drop_front(2), getStrides(), getDilations(),
      getPadding(), facts);
  return verifyResult(*this, shape, x.getElementType(), facts);
}

/// Pooling: x [N, C, H, W] -> [N, C, Ho, Wo].
template <typename OpTy>
static LogicalResult verifyPool(OpTy op, ArrayRef<int64_t> dilations) {
  if (failed(verifySymbolsBound(op)))
    return failure();
  KilnTensorType x = getTensorType(op.getX());
  SmallVector<int64_t> strides = op.getStrideValues();
  if (failed(verifyImage(op, x)) ||
      failed(verifyWindow(op,
                          {{"kernel", op.getKernel()},
                           {"strides", strides},
                           {"dilations", dilations}},
                          op.getPadding())))
    return failure();
  // PyTorch's rule: a padding at most half the window.
  ArrayRef<int64_t> kernel = op.getKernel(), padding = op.getPadding();
  for (int64_t i = 0; i < 4; ++i)
    if (2 * padding[i] > kernel[i % 2])
      return op.emitOpError() << "padding must be at most half the kernel";
  sym::Facts facts = getFactsAt(op);
  Shape shape = windowedShape(x, x.getDims()[1], kernel, strides, dilations,
                              padding, facts);
  return verifyResult(op, shape, x.getElementType(), facts);
}

LogicalResult MaxPool2DOp::verify() {
  return verifyPool(*this, getDilations());
}

LogicalResult AvgPool2DOp::verify() {
  int64_t unit[] = {1, 1};
  return verifyPool(*this, unit);
}
