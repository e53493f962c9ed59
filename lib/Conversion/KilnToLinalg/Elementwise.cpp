//===- Elementwise.cpp - Lower Kiln elementwise ops to linalg.generic -----===//
//
// Every elementwise Kiln op (unary, binary, cmp, select, cast, and
// broadcast_to as the identity) becomes one linalg.generic with parallel
// iterators whose indexing maps encode NumPy broadcasting (a size-1 operand
// dim reads index 0). Later, linalg elementwise fusion merges chains of these
// into one loop nest.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace kiln;
using namespace kiln::lowering;

namespace {

/// 1 / (1 + exp(-x)).
Value sigmoid(OpBuilder &b, Location loc, Value x) {
  Type t = x.getType();
  Value one = scalarConstant(b, loc, t, 1.0);
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  return arith::DivFOp::create(b, loc, one,
                               arith::AddFOp::create(b, loc, one, e));
}

/// -1, 0 or 1 by the sign of x; a float NaN (or signed zero) is returned
/// as it is.
Value buildSign(OpBuilder &b, Location loc, Value x) {
  Type t = x.getType();
  Value zero = scalarConstant(b, loc, t, 0.0);
  if (isa<FloatType>(t)) {
    Value positive =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero);
    Value negative =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero);
    Value sign = arith::SelectOp::create(
        b, loc, negative, scalarConstant(b, loc, t, -1.0), x);
    return arith::SelectOp::create(b, loc, positive,
                                   scalarConstant(b, loc, t, 1.0), sign);
  }
  // (x > 0) - (x < 0), as integers.
  Value positive =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, x, zero);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zero);
  return arith::SubIOp::create(b, loc, arith::ExtUIOp::create(b, loc, t, positive),
                               arith::ExtUIOp::create(b, loc, t, negative));
}

/// The scalar computation of a unary op on a compute-type scalar.
Value buildUnary(OpBuilder &b, Location loc, Operation *op, Value x) {
  Type t = x.getType();
  bool isFloat = isa<FloatType>(t);
  return TypeSwitch<Operation *, Value>(op)
      .Case([&](NegOp) -> Value {
        if (isFloat)
          return arith::NegFOp::create(b, loc, x);
        return arith::SubIOp::create(b, loc, scalarConstant(b, loc, t, 0), x);
      })
      .Case([&](AbsOp) -> Value {
        if (isFloat)
          return math::AbsFOp::create(b, loc, x);
        return math::AbsIOp::create(b, loc, x);
      })
      .Case([&](ExpOp) { return math::ExpOp::create(b, loc, x); })
      .Case([&](LogOp) { return math::LogOp::create(b, loc, x); })
      .Case([&](SqrtOp) { return math::SqrtOp::create(b, loc, x); })
      .Case([&](RsqrtOp) { return math::RsqrtOp::create(b, loc, x); })
      .Case([&](TanhOp) { return math::TanhOp::create(b, loc, x); })
      .Case([&](SigmoidOp) { return sigmoid(b, loc, x); })
      .Case([&](ReluOp) -> Value {
        Value zero = scalarConstant(b, loc, t, 0.0);
        if (isFloat)
          return arith::MaximumFOp::create(b, loc, x, zero);
        return arith::MaxSIOp::create(b, loc, x, zero);
      })
      .Case([&](SiluOp) {
        return arith::MulFOp::create(b, loc, x, sigmoid(b, loc, x));
      })
      .Case([&](ErfOp) { return math::ErfOp::create(b, loc, x); })
      .Case([&](SinOp) { return math::SinOp::create(b, loc, x); })
      .Case([&](CosOp) { return math::CosOp::create(b, loc, x); })
      .Case([&](ReciprocalOp) {
        return arith::DivFOp::create(b, loc, scalarConstant(b, loc, t, 1.0), x);
      })
      .Case([&](FloorOp) -> Value {
        return isFloat ? Value(math::FloorOp::create(b, loc, x)) : x;
      })
      .Case([&](CeilOp) -> Value {
        return isFloat ? Value(math::CeilOp::create(b, loc, x)) : x;
      })
      .Case([&](RoundOp) -> Value {
        return isFloat ? Value(math::RoundEvenOp::create(b, loc, x)) : x;
      })
      .Case([&](SignOp) { return buildSign(b, loc, x); })
      .Case([&](Log1pOp) { return math::Log1pOp::create(b, loc, x); })
      .Case([&](NotOp) {
        Value ones = arith::ConstantOp::create(
            b, loc, b.getIntegerAttr(t, APInt::getAllOnes(
                                            t.getIntOrFloatBitWidth())));
        return arith::XOrIOp::create(b, loc, x, ones);
      })
      .Case([&](GeluOp gelu) -> Value {
        Value half = scalarConstant(b, loc, t, 0.5);
        Value one = scalarConstant(b, loc, t, 1.0);
        Value inner;
        if (gelu.getApproximate() == "tanh") {
          Value x3 = arith::MulFOp::create(
              b, loc, arith::MulFOp::create(b, loc, x, x), x);
          Value poly = arith::AddFOp::create(
              b, loc, x,
              arith::MulFOp::create(b, loc, x3,
                                    scalarConstant(b, loc, t, 0.044715)));
          inner = math::TanhOp::create(
              b, loc,
              arith::MulFOp::create(
                  b, loc, poly,
                  scalarConstant(b, loc, t, std::sqrt(2.0 / M_PI))));
        } else {
          inner = math::ErfOp::create(
              b, loc,
              arith::MulFOp::create(b, loc, x,
                                    scalarConstant(b, loc, t, M_SQRT1_2)));
        }
        Value phi = arith::AddFOp::create(b, loc, one, inner);
        return arith::MulFOp::create(
            b, loc, arith::MulFOp::create(b, loc, half, x), phi);
      })
      .Default([](Operation *) { return Value(); });
}

/// Integer division without undefined behaviour: x / 0 is 0 and
/// INT_MIN / -1 wraps to INT_MIN (the reference interpreter agrees).
Value safeIntegerDivide(OpBuilder &b, Location loc, Value l, Value r) {
  Type t = l.getType();
  unsigned width = t.getIntOrFloatBitWidth();
  Value zero = arith::ConstantOp::create(b, loc, b.getIntegerAttr(t, 0));
  Value one = arith::ConstantOp::create(b, loc, b.getIntegerAttr(t, 1));
  Value minusOne = arith::ConstantOp::create(b, loc, b.getIntegerAttr(t, -1));
  Value minValue = arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(t, APInt::getSignedMinValue(width)));
  Value byZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, r, zero);
  Value overflow = arith::AndIOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, l, minValue),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, r, minusOne));
  Value bad = arith::OrIOp::create(b, loc, byZero, overflow);
  Value divisor = arith::SelectOp::create(b, loc, bad, one, r);
  Value quotient = arith::DivSIOp::create(b, loc, l, divisor);
  Value special = arith::SelectOp::create(b, loc, byZero, zero, l);
  return arith::SelectOp::create(b, loc, bad, special, quotient);
}

/// torch.remainder: a non-zero result takes the divisor's sign. Integers
/// never divide by zero (x rem 0 is 0) or overflow (INT_MIN rem -1 is 0).
Value buildRemainder(OpBuilder &b, Location loc, Value l, Value r) {
  Type t = l.getType();
  Value zero = scalarConstant(b, loc, t, 0.0);
  Value rem, remNegative, divisorNegative, nonZero;
  if (isa<FloatType>(t)) {
    rem = arith::RemFOp::create(b, loc, l, r);
    nonZero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ONE, rem, zero);
    remNegative =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, rem, zero);
    divisorNegative =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, r, zero);
  } else {
    Value one = scalarConstant(b, loc, t, 1.0);
    Value minusOne = scalarConstant(b, loc, t, -1.0);
    Value unsafe = arith::OrIOp::create(
        b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, r, zero),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, r, minusOne));
    // x rem 1 and x rem -1 are both 0, so a 0 or -1 divisor becomes 1.
    Value divisor = arith::SelectOp::create(b, loc, unsafe, one, r);
    rem = arith::RemSIOp::create(b, loc, l, divisor);
    nonZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, rem, zero);
    remNegative =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, rem, zero);
    divisorNegative =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero);
  }
  Value adjust = arith::AndIOp::create(
      b, loc, nonZero,
      arith::XOrIOp::create(b, loc, remNegative, divisorNegative));
  Value adjusted = isa<FloatType>(t)
                       ? Value(arith::AddFOp::create(b, loc, rem, r))
                       : Value(arith::AddIOp::create(b, loc, rem, r));
  return arith::SelectOp::create(b, loc, adjust, adjusted, rem);
}

/// The scalar computation of a binary op on compute-type scalars.
Value buildBinary(OpBuilder &b, Location loc, Operation *op, Value l, Value r) {
  bool isFloat = isa<FloatType>(l.getType());
  return TypeSwitch<Operation *, Value>(op)
      .Case([&](AddOp) -> Value {
        return isFloat ? Value(arith::AddFOp::create(b, loc, l, r))
                       : Value(arith::AddIOp::create(b, loc, l, r));
      })
      .Case([&](SubOp) -> Value {
        return isFloat ? Value(arith::SubFOp::create(b, loc, l, r))
                       : Value(arith::SubIOp::create(b, loc, l, r));
      })
      .Case([&](MulOp) -> Value {
        return isFloat ? Value(arith::MulFOp::create(b, loc, l, r))
                       : Value(arith::MulIOp::create(b, loc, l, r));
      })
      .Case([&](DivOp) -> Value {
        if (isFloat)
          return arith::DivFOp::create(b, loc, l, r);
        return safeIntegerDivide(b, loc, l, r);
      })
      .Case([&](MaxOp) -> Value {
        return isFloat ? Value(arith::MaximumFOp::create(b, loc, l, r))
                       : Value(arith::MaxSIOp::create(b, loc, l, r));
      })
      .Case([&](MinOp) -> Value {
        return isFloat ? Value(arith::MinimumFOp::create(b, loc, l, r))
                       : Value(arith::MinSIOp::create(b, loc, l, r));
      })
      .Case([&](PowOp) { return math::PowFOp::create(b, loc, l, r); })
      .Case([&](RemOp) { return buildRemainder(b, loc, l, r); })
      .Case([&](AndOp) { return arith::AndIOp::create(b, loc, l, r); })
      .Case([&](OrOp) { return arith::OrIOp::create(b, loc, l, r); })
      .Case([&](XorOp) { return arith::XOrIOp::create(b, loc, l, r); })
      .Default([](Operation *) { return Value(); });
}

/// The scalar comparison of kiln.cmp (NaN compares unequal, as in NumPy).
Value buildCompare(OpBuilder &b, Location loc, StringRef predicate, Value l,
                   Value r) {
  if (isa<FloatType>(l.getType())) {
    auto p = llvm::StringSwitch<arith::CmpFPredicate>(predicate)
                 .Case("eq", arith::CmpFPredicate::OEQ)
                 .Case("ne", arith::CmpFPredicate::UNE)
                 .Case("lt", arith::CmpFPredicate::OLT)
                 .Case("le", arith::CmpFPredicate::OLE)
                 .Case("gt", arith::CmpFPredicate::OGT)
                 .Default(arith::CmpFPredicate::OGE);
    return arith::CmpFOp::create(b, loc, p, l, r);
  }
  // i1 compares as unsigned (false < true); other integers are signed.
  bool isBool = l.getType().isInteger(1);
  auto p = llvm::StringSwitch<arith::CmpIPredicate>(predicate)
               .Case("eq", arith::CmpIPredicate::eq)
               .Case("ne", arith::CmpIPredicate::ne)
               .Case("lt", isBool ? arith::CmpIPredicate::ult
                                  : arith::CmpIPredicate::slt)
               .Case("le", isBool ? arith::CmpIPredicate::ule
                                  : arith::CmpIPredicate::sle)
               .Case("gt", isBool ? arith::CmpIPredicate::ugt
                                  : arith::CmpIPredicate::sgt)
               .Default(isBool ? arith::CmpIPredicate::uge
                               : arith::CmpIPredicate::sge);
  return arith::CmpIOp::create(b, loc, p, l, r);
}

/// Lowers any elementwise op; `computeTypeOf` picks the scalar type.
template <typename OpTy> struct ElementwisePattern : KilnLoweringPattern<OpTy> {
  using KilnLoweringPattern<OpTy>::KilnLoweringPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Operation *operation = op.getOperation();
    auto resultType = cast<KilnTensorType>(op.getType());
    Type inElem = cast<KilnTensorType>(operation->getOperand(0).getType())
                      .getElementType();
    if (isa<SelectOp>(operation))
      inElem = resultType.getElementType();
    // Casts convert once, from the source type; the rest compute in f32
    // for f16/bf16.
    Type computeType =
        isa<CastOp, BroadcastToOp>(operation) ? inElem : getComputeType(inElem);
    Value result = buildElementwise(
        rewriter, op.getLoc(), resultType, operation->getOperands(),
        adaptor.getOperands(), this->getSizes(op), computeType,
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return buildScalar(b, loc, operation, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  static Value buildScalar(OpBuilder &b, Location loc, Operation *op,
                           ValueRange args) {
    if (args.size() == 1 && !isa<CastOp, BroadcastToOp>(op))
      return buildUnary(b, loc, op, args[0]);
    if (auto cmp = dyn_cast<CmpOp>(op))
      return buildCompare(b, loc, cmp.getPredicate(), args[0], args[1]);
    if (isa<SelectOp>(op))
      return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
    if (isa<CastOp, BroadcastToOp>(op))
      return args[0];
    return buildBinary(b, loc, op, args[0], args[1]);
  }
};

} // namespace

void lowering::populateElementwisePatterns(RewritePatternSet &patterns,
                                           const TypeConverter &converter,
                                           const SymbolSizesMap &sizes) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ElementwisePattern<NegOp>, ElementwisePattern<AbsOp>,
               ElementwisePattern<ExpOp>, ElementwisePattern<LogOp>,
               ElementwisePattern<SqrtOp>, ElementwisePattern<RsqrtOp>,
               ElementwisePattern<TanhOp>, ElementwisePattern<SigmoidOp>,
               ElementwisePattern<ReluOp>, ElementwisePattern<SiluOp>,
               ElementwisePattern<ErfOp>, ElementwisePattern<SinOp>,
               ElementwisePattern<CosOp>, ElementwisePattern<ReciprocalOp>,
               ElementwisePattern<GeluOp>, ElementwisePattern<FloorOp>,
               ElementwisePattern<CeilOp>, ElementwisePattern<RoundOp>,
               ElementwisePattern<SignOp>, ElementwisePattern<Log1pOp>,
               ElementwisePattern<NotOp>>(converter, ctx, sizes);
  patterns.add<ElementwisePattern<AddOp>, ElementwisePattern<SubOp>,
               ElementwisePattern<MulOp>, ElementwisePattern<DivOp>,
               ElementwisePattern<MaxOp>, ElementwisePattern<MinOp>,
               ElementwisePattern<PowOp>, ElementwisePattern<CmpOp>,
               ElementwisePattern<SelectOp>, ElementwisePattern<CastOp>,
               ElementwisePattern<BroadcastToOp>, ElementwisePattern<RemOp>,
               ElementwisePattern<AndOp>, ElementwisePattern<OrOp>,
               ElementwisePattern<XorOp>>(converter, ctx, sizes);
}
