//===- ApproximateMath.cpp - Vectorizable math approximations -------------===//
//
// A thin pass over upstream's polynomial approximation patterns: libm calls
// do not vectorize, the approximations do.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln {
#define GEN_PASS_DEF_KILNAPPROXIMATEMATH
#include "kiln/Codegen/CPU/Passes.h.inc"
} // namespace kiln

using namespace mlir;

/// Makes `op`'s result NaN wherever its operand is (the polynomial
/// approximations clamp their argument, which turns a NaN into a number):
/// y = select(isnan(x), x, op(x)), with every other use reading the select.
static void propagateNaN(Operation *op) {
  Value x = op->getOperand(0), y = op->getResult(0);
  OpBuilder b(op->getContext());
  b.setInsertionPointAfter(op);
  Location loc = op->getLoc();
  Value isNaN =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  Value result = arith::SelectOp::create(b, loc, isNaN, x, y);
  y.replaceAllUsesExcept(result, result.getDefiningOp());
}

namespace {
struct KilnApproximateMathPass
    : kiln::impl::KilnApproximateMathBase<KilnApproximateMathPass> {
  using KilnApproximateMathBase::KilnApproximateMathBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    // Only the functions whose approximations are accurate over the whole
    // f32 range (subnormals and large arguments included). log (clamps
    // subnormals) and sin/cos (no full range reduction) stay libm calls.
    auto accurate = [](StringRef name) {
      name.consume_front("math.");
      return llvm::is_contained({"exp", "expm1", "tanh", "erf", "erfc"},
                                name) ||
             (name == "rsqrt");
    };
    auto selected = [&](StringRef name) {
      StringRef op = name;
      op.consume_front("math.");
      return accurate(name) && (op != "rsqrt" || enableAvx2);
    };
    getOperation()->walk([&](Operation *op) {
      // (f64 is not approximated.)
      if (op->getNumOperands() == 1 && op->getNumResults() == 1 &&
          isa<Float32Type, Float16Type, BFloat16Type>(
              getElementTypeOrSelf(op->getResult(0))) &&
          selected(op->getName().getStringRef()))
        propagateNaN(op);
    });
    populateMathF32ExpansionPatterns(patterns, selected);
    populateMathPolynomialApproximationPatterns(patterns, selected);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
