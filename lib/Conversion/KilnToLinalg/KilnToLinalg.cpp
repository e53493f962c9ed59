//===- KilnToLinalg.cpp - Lower Kiln to linalg on tensors -----------------===//
//
// The entry of Kiln's compilation: Kiln ops on symbolic tensors become
// linalg/tensor/arith/math on builtin tensors with `?` dims.
//
//   1. Composite ops are decomposed (kiln-decompose's patterns).
//   2. For each function, every symbol is read ONCE at entry (tensor.dim of
//      the first argument dim it names), and every non-constant dim
//      expression of the Kiln types inside the function is computed ONCE
//      from those (index arithmetic), so ops that share a size share an SSA
//      value.
//   3. A dialect conversion rewrites the ops (Elementwise.cpp,
//      Structured.cpp) and the function signatures.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/Dialect/Kiln/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln {
#define GEN_PASS_DEF_CONVERTKILNTOLINALG
#include "kiln/Conversion/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

KilnTypeConverter::KilnTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion(
      [](KilnTensorType type) -> Type { return type.toBuiltinTensorType(); });
  auto cast = [](OpBuilder &b, Type type, ValueRange inputs,
                 Location loc) -> Value {
    return UnrealizedConversionCastOp::create(b, loc, type, inputs)
        .getResult(0);
  };
  addSourceMaterialization(cast);
  addTargetMaterialization(cast);
}

/// Emits index arithmetic computing `e` from the symbol values.
static Value materializeExpr(OpBuilder &b, Location loc, sym::Expr e,
                             SymbolSizes &sizes) {
  if (Value known = sizes.lookup(e))
    return known;
  if (std::optional<int64_t> c = e.getConstant())
    return arith::ConstantIndexOp::create(b, loc, *c);
  Value result;
  sym::Expr operand;
  int64_t divisor;
  if (std::optional<sym::Expr::DivKind> kind =
          e.getDivision(operand, divisor)) {
    Value x = materializeExpr(b, loc, operand, sizes);
    Value d = arith::ConstantIndexOp::create(b, loc, divisor);
    switch (*kind) {
    case sym::Expr::DivKind::FloorDiv:
      result = arith::FloorDivSIOp::create(b, loc, x, d);
      break;
    case sym::Expr::DivKind::CeilDiv:
      result = arith::CeilDivSIOp::create(b, loc, x, d);
      break;
    case sym::Expr::DivKind::Mod: {
      // Non-negative remainder for a positive divisor.
      Value r = arith::RemSIOp::create(b, loc, x, d);
      Value zero = arith::ConstantIndexOp::create(b, loc, 0);
      Value neg =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero);
      result = arith::SelectOp::create(b, loc, neg,
                                       arith::AddIOp::create(b, loc, r, d), r);
      break;
    }
    }
  } else {
    for (const sym::ExprTerm &term : sym::getTerms(e)) {
      Value product;
      for (sym::Expr atom : term.atoms) {
        Value v = materializeExpr(b, loc, atom, sizes);
        product =
            product ? Value(arith::MulIOp::create(b, loc, product, v)) : v;
      }
      if (!product) {
        product = arith::ConstantIndexOp::create(b, loc, term.coefficient);
      } else if (term.coefficient != 1) {
        product = arith::MulIOp::create(
            b, loc, product,
            arith::ConstantIndexOp::create(b, loc, term.coefficient));
      }
      result = result ? Value(arith::AddIOp::create(b, loc, result, product))
                      : product;
    }
  }
  sizes.insert(e, result);
  return result;
}

/// Sizes an op's lowering needs beyond its types: a slice's bounds, the
/// padded spatial dims of a convolution or pooling.
static SmallVector<sym::Expr> getLoweringDims(Operation *op) {
  if (auto slice = dyn_cast<SliceOp>(op))
    return {slice.getStartExpr(), slice.getEndExpr()};
  auto padding = op->getAttrOfType<DenseI64ArrayAttr>("padding");
  if (!isa<Conv2DOp, MaxPool2DOp, AvgPool2DOp>(op) || !padding ||
      padding.size() != 4)
    return {};
  ArrayRef<sym::Expr> dims =
      cast<KilnTensorType>(op->getOperand(0).getType()).getDims();
  return {dims[2] + (padding[0] + padding[2]),
          dims[3] + (padding[1] + padding[3])};
}

LogicalResult kiln::materializeSymbolSizes(Operation *op, SymbolSizes &sizes) {
  auto func = dyn_cast<FunctionOpInterface>(op);
  if (!func || func.isExternal())
    return success();
  Block &entry = func.getFunctionBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  Location loc = func.getLoc();

  // 1. Symbols, from the first argument dim that names each.
  for (BlockArgument arg : entry.getArguments()) {
    auto type = dyn_cast<KilnTensorType>(arg.getType());
    if (!type)
      continue;
    Value builtin;
    for (auto [i, dim] : llvm::enumerate(type.getDims())) {
      if (!dim || !dim.getSymbolName() || sizes.lookup(dim))
        continue;
      if (!builtin)
        builtin = UnrealizedConversionCastOp::create(
                      b, loc, type.toBuiltinTensorType(), arg)
                      .getResult(0);
      sizes.insert(dim, tensor::DimOp::create(b, loc, builtin, i));
    }
  }

  // 2. Every other non-constant dim of a Kiln type in the function, and
  // the bounds of slices.
  auto visitDim = [&](sym::Expr dim) -> LogicalResult {
    if (!dim || dim.isConstant() || sizes.lookup(dim))
      return success();
    SmallVector<StringRef> names;
    dim.collectSymbols(names);
    for (StringRef name : names)
      if (!sizes.lookup(sym::Expr::symbol(dim.getContext(), name)))
        return func->emitError()
               << "symbol " << name
               << " is not bound by any argument of the function";
    materializeExpr(b, loc, dim, sizes);
    return success();
  };
  auto visitType = [&](Type t) -> LogicalResult {
    auto type = dyn_cast<KilnTensorType>(t);
    if (!type)
      return success();
    for (sym::Expr dim : type.getDims())
      if (failed(visitDim(dim)))
        return failure();
    return success();
  };
  WalkResult walk = func.getFunctionBody().walk([&](Operation *nested) {
    for (Type t : nested->getResultTypes())
      if (failed(visitType(t)))
        return WalkResult::interrupt();
    for (sym::Expr dim : getLoweringDims(nested))
      if (failed(visitDim(dim)))
        return WalkResult::interrupt();
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  for (Type t : func.getArgumentTypes())
    if (failed(visitType(t)))
      return failure();
  return success();
}

namespace {
/// Any Kiln op whose one result has a static zero dim (no elements) is a
/// tensor.empty: nothing is computed, and the slices, views and loops an
/// op's own lowering builds need not handle empty shapes (upstream's
/// verifiers reject an offset at a zero-size dim's end).
struct EmptyResultPattern : ConversionPattern {
  EmptyResultPattern(const TypeConverter &converter, MLIRContext *ctx,
                     const SymbolSizesMap &sizes)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/10,
                          ctx),
        sizesMap(sizes) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value>,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa_and_nonnull<KilnDialect>(op->getDialect()) ||
        op->getNumResults() != 1)
      return failure();
    auto type = dyn_cast<KilnTensorType>(op->getResult(0).getType());
    if (!type || llvm::is_contained(type.getDims(), sym::Expr()) ||
        llvm::none_of(type.getDims(), [](sym::Expr dim) {
          return dim.getConstant() == 0;
        }))
      return failure();
    const SymbolSizes &sizes = lowering::getSizesFor(sizesMap, op);
    rewriter.replaceOp(
        op, lowering::createEmpty(
                rewriter, op->getLoc(), type, type.getElementType(),
                lowering::getDynamicSizes(type, sizes,
                                          [](unsigned) { return Value(); })));
    return success();
  }

  const SymbolSizesMap &sizesMap;
};
} // namespace

void kiln::populateKilnToLinalgConversionPatterns(
    RewritePatternSet &patterns, const TypeConverter &converter,
    const SymbolSizesMap &sizes) {
  patterns.add<EmptyResultPattern>(converter, patterns.getContext(), sizes);
  lowering::populateElementwisePatterns(patterns, converter, sizes);
  lowering::populateStructuredPatterns(patterns, converter, sizes);
  lowering::populateIndexingPatterns(patterns, converter, sizes);
  lowering::populateConvolutionPatterns(patterns, converter, sizes);
}

namespace {
struct ConvertKilnToLinalgPass
    : kiln::impl::ConvertKilnToLinalgBase<ConvertKilnToLinalgPass> {
  using ConvertKilnToLinalgBase::ConvertKilnToLinalgBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();

    // 1. Composites into primitives.
    {
      RewritePatternSet patterns(ctx);
      populateKilnDecompositionPatterns(patterns, /*decomposeSigmoid=*/true,
                                        flashAttention);
      if (failed(applyPatternsGreedily(module, std::move(patterns))))
        return signalPassFailure();
    }

    // 2. Symbol sizes at each function's entry.
    // (Every function, those of nested modules included.)
    SymbolSizesMap sizes;
    WalkResult sized = module.walk([&](FunctionOpInterface func) {
      return failed(materializeSymbolSizes(func, sizes[func]))
                 ? WalkResult::interrupt()
                 : WalkResult::advance();
    });
    if (sized.wasInterrupted())
      return signalPassFailure();

    // 3. The conversion.
    int64_t kilnOps = 0;
    module.walk([&](Operation *op) {
      if (isa<KilnDialect>(op->getDialect()))
        ++kilnOps;
    });
    KilnTypeConverter converter;
    ConversionTarget target(*ctx);
    target.addIllegalDialect<KilnDialect>();
    target.addLegalDialect<arith::ArithDialect, cf::ControlFlowDialect,
                           linalg::LinalgDialect, math::MathDialect,
                           scf::SCFDialect, tensor::TensorDialect>();
    target.addLegalOp<ModuleOp, UnrealizedConversionCastOp,
                      FlashAttentionOp>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType()) &&
             converter.isLegal(&op.getBody());
    });
    target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp>(
        [&](Operation *op) { return converter.isLegal(op); });

    RewritePatternSet patterns(ctx);
    populateKilnToLinalgConversionPatterns(patterns, converter, sizes);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    if (failed(applyFullConversion(module, target, std::move(patterns))))
      return signalPassFailure();

    // The facts were consumed by the Kiln-level verification and
    // simplification; the builtin types no longer name symbols.
    module.walk([](FunctionOpInterface fn) {
      fn->removeAttr(KilnDialect::getFactsAttrName());
    });

    // The casts around the entry's symbol reads cancel out now.
    SmallVector<UnrealizedConversionCastOp> casts;
    module.walk([&](UnrealizedConversionCastOp op) { casts.push_back(op); });
    reconcileUnrealizedCasts(casts);

    numOpsLowered += kilnOps;
    for (auto &entry : sizes)
      numSymbols += entry.second.size();
  }
};
} // namespace
