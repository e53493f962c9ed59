//===- LowerDynamicExpandShape.cpp - Work around an upstream crash --------===//
//
// expand-strided-metadata (LLVM 22) crashes on a memref.expand_shape whose
// reassociation group holds several dynamic dims. For contiguous
// (identity-layout) memrefs the expansion is a reinterpret_cast with
// row-major strides, which this pass emits instead.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Common/Passes.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {
#define GEN_PASS_DEF_KILNLOWERDYNAMICEXPANDSHAPE
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {
struct KilnLowerDynamicExpandShapePass
    : kiln::impl::KilnLowerDynamicExpandShapeBase<
          KilnLowerDynamicExpandShapePass> {
  void runOnOperation() override {
    SmallVector<memref::ExpandShapeOp> ops;
    getOperation()->walk([&](memref::ExpandShapeOp op) {
      MemRefType result = op.getResultType();
      bool severalDynamic = llvm::any_of(
          op.getReassociationIndices(), [&](const ReassociationIndices &g) {
            return llvm::count_if(g, [&](int64_t d) {
                     return result.isDynamicDim(d);
                   }) > 1;
          });
      if (severalDynamic && op.getSrcType().getLayout().isIdentity() &&
          result.getLayout().isIdentity())
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (memref::ExpandShapeOp op : ops) {
      rewriter.setInsertionPoint(op);
      Location loc = op.getLoc();
      SmallVector<OpFoldResult> sizes = op.getMixedOutputShape();
      // Row-major strides: stride[i] = sizes[i+1] * ... * sizes[n-1],
      // static wherever the trailing sizes are (the result type says so).
      SmallVector<OpFoldResult> strides(sizes.size());
      OpFoldResult stride = rewriter.getIndexAttr(1);
      for (int64_t i = sizes.size() - 1; i >= 0; --i) {
        strides[i] = stride;
        if (i == 0)
          break; // The total size is not needed.
        std::optional<int64_t> s = getConstantIntValue(stride);
        std::optional<int64_t> d = getConstantIntValue(sizes[i]);
        if (s && d) {
          stride = rewriter.getIndexAttr(*s * *d);
          continue;
        }
        if (s == 1) {
          stride = sizes[i];
          continue;
        }
        stride = arith::MulIOp::create(
                     rewriter, loc,
                     getValueOrCreateConstantIndexOp(rewriter, loc, stride),
                     getValueOrCreateConstantIndexOp(rewriter, loc, sizes[i]))
                     .getResult();
      }
      rewriter.replaceOpWithNewOp<memref::ReinterpretCastOp>(
          op, op.getResultType(), op.getSrc(), rewriter.getIndexAttr(0), sizes,
          strides);
    }
  }
};
} // namespace
