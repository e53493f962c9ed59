//===- KilnOps.cpp - Kiln operations --------------------------------------===//
//
// Verifiers (symbolic shape checks through ShapeInference.h, element types,
// symbol binding), builders that infer result types, and the folders that
// implement Kiln's canonicalizations.
//
//===----------------------------------------------------------------------===//

#include "VerifyUtils.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/APFloat.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::detail;

#define GET_OP_CLASSES
#include "kiln/Dialect/Kiln/IR/KilnOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Shared verification
//===----------------------------------------------------------------------===//

KilnTensorType kiln::detail::getTensorType(Value value) {
  return cast<KilnTensorType>(value.getType());
}

sym::ExprContext &kiln::detail::getExprCtx(Operation *op) {
  return getExprContext(op->getContext());
}

LogicalResult kiln::detail::verifySymbolsBound(Operation *op) {
  if (!op->getParentOfType<FunctionOpInterface>())
    return success();
  SmallVector<StringRef> bound = getBoundSymbolsAt(op);
  auto check = [&](Type type, StringRef what, size_t index) -> LogicalResult {
    auto tensorType = dyn_cast<KilnTensorType>(type);
    if (!tensorType)
      return success();
    for (sym::Expr dim : tensorType.getDims()) {
      if (!dim)
        continue;
      SmallVector<StringRef> names;
      dim.collectSymbols(names);
      for (StringRef name : names)
        if (!llvm::is_contained(bound, name))
          return op->emitOpError()
                 << "symbol " << name << " in the type of " << what << " "
                 << index << " (" << type
                 << ") is not bound by the function's arguments (a symbol "
                    "must stand alone as a dim of some argument)";
    }
    return success();
  };
  for (auto [i, type] : llvm::enumerate(op->getOperandTypes()))
    if (failed(check(type, "operand", i)))
      return failure();
  for (auto [i, type] : llvm::enumerate(op->getResultTypes()))
    if (failed(check(type, "result", i)))
      return failure();
  return success();
}

LogicalResult kiln::detail::verifyResult(Operation *op, ArrayRef<sym::Expr> shape,
                                   Type elementType, const sym::Facts &facts) {
  auto resultType = cast<KilnTensorType>(op->getResult(0).getType());
  if (resultType.getElementType() != elementType)
    return op->emitOpError()
           << "result element type " << resultType.getElementType()
           << " does not match the computed " << elementType;
  return verifyDeclaredShape(resultType.getDims(), shape, facts,
                             [&] { return op->emitOpError(); });
}

static bool isFloat(Type type) { return isa<FloatType>(type); }

/// Float-only ops reject integer tensors; arithmetic rejects i1.
static LogicalResult verifyElementKind(Operation *op, Type elementType,
                                       bool floatOnly) {
  if (floatOnly && !isFloat(elementType))
    return op->emitOpError()
           << "requires a floating-point element type; got " << elementType;
  if (elementType.isInteger(1))
    return op->emitOpError() << "is not defined on i1 tensors";
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

#define KILN_UNARY_VERIFIER(OP)                                                \
  LogicalResult OP::verify() {                                                 \
    if (failed(verifySymbolsBound(*this)))                                     \
      return failure();                                                        \
    return verifyElementKind(*this, getTensorType(getX()).getElementType(),    \
                             kFloatOnly);                                      \
  }
KILN_UNARY_VERIFIER(NegOp)
KILN_UNARY_VERIFIER(AbsOp)
KILN_UNARY_VERIFIER(ExpOp)
KILN_UNARY_VERIFIER(LogOp)
KILN_UNARY_VERIFIER(SqrtOp)
KILN_UNARY_VERIFIER(RsqrtOp)
KILN_UNARY_VERIFIER(TanhOp)
KILN_UNARY_VERIFIER(SigmoidOp)
KILN_UNARY_VERIFIER(ReluOp)
KILN_UNARY_VERIFIER(SiluOp)
KILN_UNARY_VERIFIER(ErfOp)
KILN_UNARY_VERIFIER(SinOp)
KILN_UNARY_VERIFIER(CosOp)
KILN_UNARY_VERIFIER(ReciprocalOp)
KILN_UNARY_VERIFIER(FloorOp)
KILN_UNARY_VERIFIER(CeilOp)
KILN_UNARY_VERIFIER(RoundOp)
KILN_UNARY_VERIFIER(SignOp)
KILN_UNARY_VERIFIER(Log1pOp)
#undef KILN_UNARY_VERIFIER

/// Logical ops take i1 or integer tensors.
static LogicalResult verifyLogicalElementType(Operation *op, Type elementType) {
  if (!isa<IntegerType>(elementType))
    return op->emitOpError()
           << "requires an i1 or integer element type; got " << elementType;
  return success();
}

LogicalResult NotOp::verify() {
  if (failed(verifySymbolsBound(*this)))
    return failure();
  return verifyLogicalElementType(*this,
                                  getTensorType(getX()).getElementType());
}

LogicalResult GeluOp::verify() {
  if (failed(verifySymbolsBound(*this)))
    return failure();
  if (getApproximate() != "none" && getApproximate() != "tanh")
    return emitOpError() << "approximate must be \"none\" or \"tanh\"; got \""
                         << getApproximate() << "\"";
  return verifyElementKind(*this, getTensorType(getX()).getElementType(),
                           /*floatOnly=*/true);
}

/// Verifies a broadcasting op over `operands` named `names`, whose result
/// has element type `elementType`.
static LogicalResult verifyBroadcasting(Operation *op, ValueRange operands,
                                        ArrayRef<StringRef> names,
                                        Type elementType) {
  if (failed(verifySymbolsBound(op)))
    return failure();
  sym::Facts facts = getFactsAt(op);
  SmallVector<ArrayRef<sym::Expr>> shapes;
  for (Value v : operands)
    shapes.push_back(getTensorType(v).getDims());
  FailureOr<Shape> shape = inferBroadcastShape(
      shapes, names, facts, [&] { return op->emitOpError(); });
  if (failed(shape))
    return failure();
  return verifyResult(op, *shape, elementType, facts);
}

static LogicalResult verifyBinary(Operation *op, bool floatOnly) {
  Type lhs = getTensorType(op->getOperand(0)).getElementType();
  Type rhs = getTensorType(op->getOperand(1)).getElementType();
  if (lhs != rhs)
    return op->emitOpError() << "operands have different element types (" << lhs
                             << " and " << rhs << "); insert a kiln.cast";
  if (failed(verifyElementKind(op, lhs, floatOnly)))
    return failure();
  StringRef names[] = {"lhs", "rhs"};
  return verifyBroadcasting(op, op->getOperands(), names, lhs);
}

LogicalResult AddOp::verify() { return verifyBinary(*this, false); }
LogicalResult SubOp::verify() { return verifyBinary(*this, false); }
LogicalResult MulOp::verify() { return verifyBinary(*this, false); }
LogicalResult DivOp::verify() { return verifyBinary(*this, false); }
LogicalResult MaxOp::verify() { return verifyBinary(*this, false); }
LogicalResult MinOp::verify() { return verifyBinary(*this, false); }
LogicalResult PowOp::verify() { return verifyBinary(*this, true); }
LogicalResult RemOp::verify() { return verifyBinary(*this, false); }

/// Verifies and/or/xor: i1 or integer operands of one type, broadcasting.
static LogicalResult verifyLogicalBinary(Operation *op) {
  Type lhs = getTensorType(op->getOperand(0)).getElementType();
  Type rhs = getTensorType(op->getOperand(1)).getElementType();
  if (lhs != rhs)
    return op->emitOpError() << "operands have different element types (" << lhs
                             << " and " << rhs << "); insert a kiln.cast";
  if (failed(verifyLogicalElementType(op, lhs)))
    return failure();
  StringRef names[] = {"lhs", "rhs"};
  return verifyBroadcasting(op, op->getOperands(), names, lhs);
}

LogicalResult AndOp::verify() { return verifyLogicalBinary(*this); }
LogicalResult OrOp::verify() { return verifyLogicalBinary(*this); }
LogicalResult XorOp::verify() { return verifyLogicalBinary(*this); }

/// Infers the broadcast result type of a binary op without facts.
static Type inferBinaryType(Value lhs, Value rhs) {
  KilnTensorType lhsType = getTensorType(lhs), rhsType = getTensorType(rhs);
  StringRef names[] = {"lhs", "rhs"};
  FailureOr<Shape> shape = inferBroadcastShape(
      {lhsType.getDims(), rhsType.getDims()}, names, sym::Facts(), nullptr);
  // Builders are only used on operands known to broadcast; fall back to the
  // lhs type so that the verifier reports the problem.
  return failed(shape) ? lhsType : lhsType.withDims(*shape);
}

#define KILN_BINARY_BUILDER(OP)                                                \
  void OP::build(OpBuilder &builder, OperationState &state, Value lhs,         \
                 Value rhs) {                                                  \
    build(builder, state, inferBinaryType(lhs, rhs), lhs, rhs);                \
  }
KILN_BINARY_BUILDER(AddOp)
KILN_BINARY_BUILDER(SubOp)
KILN_BINARY_BUILDER(MulOp)
KILN_BINARY_BUILDER(DivOp)
KILN_BINARY_BUILDER(MaxOp)
KILN_BINARY_BUILDER(MinOp)
KILN_BINARY_BUILDER(PowOp)
KILN_BINARY_BUILDER(RemOp)
KILN_BINARY_BUILDER(AndOp)
KILN_BINARY_BUILDER(OrOp)
KILN_BINARY_BUILDER(XorOp)
#undef KILN_BINARY_BUILDER

LogicalResult CmpOp::verify() {
  static constexpr StringLiteral predicates[] = {"eq", "ne", "lt",
                                                 "le", "gt", "ge"};
  if (!llvm::is_contained(predicates, getPredicate()))
    return emitOpError() << "predicate must be one of eq, ne, lt, le, gt, "
                            "ge; got \""
                         << getPredicate() << "\"";
  Type lhs = getTensorType(getLhs()).getElementType();
  Type rhs = getTensorType(getRhs()).getElementType();
  if (lhs != rhs)
    return emitOpError() << "operands have different element types (" << lhs
                         << " and " << rhs << ")";
  StringRef names[] = {"lhs", "rhs"};
  return verifyBroadcasting(*this, getOperands(), names,
                            IntegerType::get(getContext(), 1));
}

LogicalResult SelectOp::verify() {
  Type cond = getTensorType(getCond()).getElementType();
  if (!cond.isInteger(1))
    return emitOpError() << "cond must have element type i1; got " << cond;
  Type onTrue = getTensorType(getOnTrue()).getElementType();
  Type onFalse = getTensorType(getOnFalse()).getElementType();
  if (onTrue != onFalse)
    return emitOpError() << "on_true and on_false have different element "
                            "types ("
                         << onTrue << " and " << onFalse << ")";
  StringRef names[] = {"cond", "on_true", "on_false"};
  return verifyBroadcasting(*this, getOperands(), names, onTrue);
}

LogicalResult CastOp::verify() {
  if (failed(verifySymbolsBound(*this)))
    return failure();
  KilnTensorType type = getTensorType(getX());
  return verifyResult(*this, type.getDims(),
                      getTensorType(getResult()).getElementType(),
                      getFactsAt(*this));
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

static LogicalResult verifyReduce(Operation *op, ArrayRef<int64_t> dims,
                                  bool keepdim, bool floatOnly) {
  if (failed(verifySymbolsBound(op)))
    return failure();
  KilnTensorType type = getTensorType(op->getOperand(0));
  if (failed(verifyElementKind(op, type.getElementType(), floatOnly)))
    return failure();
  FailureOr<Shape> shape =
      inferReduceShape(getExprCtx(op), type.getDims(), dims, keepdim,
                       [&] { return op->emitOpError(); });
  if (failed(shape))
    return failure();
  return verifyResult(op, *shape, type.getElementType(), getFactsAt(op));
}

LogicalResult ReduceSumOp::verify() {
  return verifyReduce(*this, getDims(), getKeepdim(), false);
}
LogicalResult ReduceMeanOp::verify() {
  return verifyReduce(*this, getDims(), getKeepdim(), true);
}
/// A maximum or minimum needs an element: a static empty reduced dim is an
/// error here (a symbolic one is checked when a call binds its arguments).
static LogicalResult verifyNotEmpty(Operation *op, ArrayRef<int64_t> dims,
                                    StringRef what) {
  ArrayRef<sym::Expr> shape = getTensorType(op->getOperand(0)).getDims();
  for (int64_t dim : dims) {
    int64_t d = dim < 0 ? dim + int64_t(shape.size()) : dim;
    if (d >= 0 && d < int64_t(shape.size()) && shape[d] &&
        shape[d].getConstant() == 0)
      return op->emitOpError() << "cannot take the " << what << " over dim "
                               << d << ", which is empty";
  }
  return success();
}

LogicalResult ReduceMaxOp::verify() {
  if (failed(verifyReduce(*this, getDims(), getKeepdim(), false)))
    return failure();
  return verifyNotEmpty(*this, getDims(), "maximum");
}
LogicalResult ReduceMinOp::verify() {
  if (failed(verifyReduce(*this, getDims(), getKeepdim(), false)))
    return failure();
  return verifyNotEmpty(*this, getDims(), "minimum");
}

LogicalResult ReduceProdOp::verify() {
  return verifyReduce(*this, getDims(), getKeepdim(), false);
}

/// reduce_any and reduce_all take and give i1.
static LogicalResult verifyBooleanReduce(Operation *op, ArrayRef<int64_t> dims,
                                         bool keepdim) {
  Type elementType = getTensorType(op->getOperand(0)).getElementType();
  if (!elementType.isInteger(1))
    return op->emitOpError()
           << "requires an i1 element type; got " << elementType
           << " (compare with zero first)";
  if (failed(verifySymbolsBound(op)))
    return failure();
  KilnTensorType type = getTensorType(op->getOperand(0));
  FailureOr<Shape> shape =
      inferReduceShape(getExprCtx(op), type.getDims(), dims, keepdim,
                       [&] { return op->emitOpError(); });
  if (failed(shape))
    return failure();
  return verifyResult(op, *shape, elementType, getFactsAt(op));
}

LogicalResult ReduceAnyOp::verify() {
  return verifyBooleanReduce(*this, getDims(), getKeepdim());
}
LogicalResult ReduceAllOp::verify() {
  return verifyBooleanReduce(*this, getDims(), getKeepdim());
}

#define KILN_REDUCE_BUILDER(OP)                                                \
  void OP::build(OpBuilder &builder, OperationState &state, Value x,           \
                 ArrayRef<int64_t> dims, bool keepdim) {                       \
    KilnTensorType type = getTensorType(x);                                    \
    FailureOr<Shape> shape =                                                   \
        inferReduceShape(getExprContext(builder.getContext()), type.getDims(), \
                         dims, keepdim, nullptr);                              \
    build(builder, state, failed(shape) ? type : type.withDims(*shape), x,     \
          builder.getDenseI64ArrayAttr(dims), builder.getBoolAttr(keepdim));   \
  }
KILN_REDUCE_BUILDER(ReduceSumOp)
KILN_REDUCE_BUILDER(ReduceMeanOp)
KILN_REDUCE_BUILDER(ReduceMaxOp)
KILN_REDUCE_BUILDER(ReduceMinOp)
KILN_REDUCE_BUILDER(ReduceProdOp)
KILN_REDUCE_BUILDER(ReduceAnyOp)
KILN_REDUCE_BUILDER(ReduceAllOp)
#undef KILN_REDUCE_BUILDER

//===----------------------------------------------------------------------===//
// Composites
//===----------------------------------------------------------------------===//

static LogicalResult verifySoftmaxLike(Operation *op, int64_t dim) {
  if (failed(verifySymbolsBound(op)))
    return failure();
  KilnTensorType type = getTensorType(op->getOperand(0));
  if (failed(verifyElementKind(op, type.getElementType(), true)))
    return failure();
  return normalizeDim(dim, type.getRank(), [&] { return op->emitOpError(); });
}

LogicalResult SoftmaxOp::verify() { return verifySoftmaxLike(*this, getDim()); }
LogicalResult LogSoftmaxOp::verify() {
  return verifySoftmaxLike(*this, getDim());
}

/// Checks that a norm's parameter (weight/bias) has the shape `[D]` of the
/// last dim of `x` and x's element type.
static LogicalResult verifyNormParam(Operation *op, KilnTensorType xType,
                                     Value param, StringRef name,
                                     const sym::Facts &facts) {
  KilnTensorType type = getTensorType(param);
  if (type.getElementType() != xType.getElementType())
    return op->emitOpError()
           << name << " has element type " << type.getElementType()
           << " but x has " << xType.getElementType();
  sym::Expr last = xType.getDims().back();
  if (type.getRank() != 1 ||
      !sym::provablyEqual(type.getDims()[0], last, facts))
    return op->emitOpError()
           << name << " must have shape [" << dimToString(last)
           << "] (the last dim of x); got " << type;
  return success();
}

static LogicalResult verifyNorm(Operation *op, ValueRange params,
                                ArrayRef<StringRef> names, double epsilon) {
  if (failed(verifySymbolsBound(op)))
    return failure();
  KilnTensorType xType = getTensorType(op->getOperand(0));
  if (failed(verifyElementKind(op, xType.getElementType(), true)))
    return failure();
  if (xType.getRank() < 1)
    return op->emitOpError() << "requires x of rank >= 1";
  if (!(epsilon >= 0.0))
    return op->emitOpError() << "epsilon must be non-negative; got " << epsilon;
  sym::Facts facts = getFactsAt(op);
  for (auto [param, name] : llvm::zip(params, names))
    if (failed(verifyNormParam(op, xType, param, name, facts)))
      return failure();
  return success();
}

LogicalResult LayerNormOp::verify() {
  StringRef names[] = {"weight", "bias"};
  return verifyNorm(*this, {getWeight(), getBias()}, names,
                    getEpsilon().convertToDouble());
}

LogicalResult RmsNormOp::verify() {
  StringRef names[] = {"weight"};
  return verifyNorm(*this, {getWeight()}, names,
                    getEpsilon().convertToDouble());
}

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::verify() {
  if (failed(verifySymbolsBound(*this)))
    return failure();
  KilnTensorType lhs = getTensorType(getLhs()), rhs = getTensorType(getRhs());
  if (lhs.getElementType() != rhs.getElementType())
    return emitOpError() << "operands have different element types ("
                         << lhs.getElementType() << " and "
                         << rhs.getElementType() << ")";
  if (failed(verifyElementKind(*this, lhs.getElementType(), false)))
    return failure();
  sym::Facts facts = getFactsAt(*this);
  FailureOr<Shape> shape = inferMatmulShape(lhs.getDims(), rhs.getDims(), facts,
                                            [&] { return emitOpError(); });
  if (failed(shape))
    return failure();
  // Half operands may give their f32 accumulator as the result.
  Type resultElement = getTensorType(getResult()).getElementType();
  Type expected = resultElement.isF32() && isa<Float16Type, BFloat16Type>(
                                               lhs.getElementType())
                      ? resultElement
                      : lhs.getElementType();
  return verifyResult(*this, *shape, expected, facts);
}

void MatmulOp::build(OpBuilder &builder, OperationState &state, Value lhs,
                     Value rhs) {
  KilnTensorType lhsType = getTensorType(lhs);
  FailureOr<Shape> shape = inferMatmulShape(
      lhsType.getDims(), getTensorType(rhs).getDims(), sym::Facts(), nullptr);
  build(builder, state, failed(shape) ? lhsType : lhsType.withDims(*shape), lhs,
        rhs);
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::verify() {
  if (failed(verifySymbolsBound(*this)))
    return failure();
  KilnTensorType type = getTensorType(getX());
  FailureOr<Shape> shape = inferTransposeShape(type.getDims(), getPerm(),
                                               [&] { return emitOpError(); });
  if (failed(shape))
    return failure();
  return verifyResult(*this, *shape, type.getElementType(), getFactsAt(*this));
}

void TransposeOp::build(OpBuilder &builder, OperationState &state, Value x,
                        ArrayRef<int64_t> perm) {
  KilnTensorType type = getTensorType(x);
  FailureOr<Shape> shape = inferTransposeShape(type.getDims(), perm, nullptr);
  build(builder, state, failed(shape) ? type : type.withDims(*shape), x,
        builder.getDenseI64ArrayAttr(perm));
}

LogicalResult ReshapeOp::verify() {
  if (failed(verifySymbolsBound(*this)))
    return failure();
  KilnTensorType in = getTensorType(getX()), out = getTensorType(getResult());
  if (in.getElementType() != out.getElementType())
    return emitOpError() << "result element type " << out.getElementType()
                         << " differs from the operand's "
                         << in.getElementType();
  sym::ExprContext &ctx = getExprCtx(*this);
  sym::Expr inCount = getNumElements(in.getDims(), ctx);
  sym::Expr outCount = getNumElements(out.getDims(), ctx);
  if (!sym::provablyEqual(inCount, outCount, getFactsAt(*this)))
    return emitOpError() << "element counts " << dimToString(inCount)
                         << " (operand) and " << dimToString(outCount)
                         << " (result) are not provably equal";
  return success();
}

LogicalResult BroadcastToOp::verify() {
  if (failed(verifySymbolsBound(*this)))
    return failure();
  KilnTensorType in = getTensorType(getX()), out = getTensorType(getResult());
  if (in.getElementType() != out.getElementType())
    return emitOpError() << "result element type " << out.getElementType()
                         << " differs from the operand's "
                         << in.getElementType();
  if (in.getRank() > out.getRank())
    return emitOpError() << "cannot broadcast rank " << in.getRank()
                         << " to the lower rank " << out.getRank();
  sym::Facts facts = getFactsAt(*this);
  int64_t offset = out.getRank() - in.getRank();
  for (auto [i, dim] : llvm::enumerate(in.getDims())) {
    sym::Expr target = out.getDims()[offset + i];
    if ((dim && dim.getConstant() == 1) ||
        sym::provablyEqual(dim, target, facts) || (!dim && !target))
      continue;
    return emitOpError() << "operand dim " << i << " (" << dimToString(dim)
                         << ") cannot broadcast to result dim " << offset + i
                         << " (" << dimToString(target) << ")";
  }
  return success();
}

LogicalResult ConcatOp::verify() {
  if (failed(verifySymbolsBound(*this)))
    return failure();
  if (getInputs().empty())
    return emitOpError() << "needs at least one input";
  Type elementType = getTensorType(getInputs()[0]).getElementType();
  SmallVector<ArrayRef<sym::Expr>> shapes;
  for (auto [i, input] : llvm::enumerate(getInputs())) {
    KilnTensorType type = getTensorType(input);
    if (type.getElementType() != elementType)
      return emitOpError() << "input " << i << " has element type "
                           << type.getElementType() << " but input 0 has "
                           << elementType;
    shapes.push_back(type.getDims());
  }
  sym::Facts facts = getFactsAt(*this);
  FailureOr<Shape> shape =
      inferConcatShape(shapes, getDim(), facts, [&] { return emitOpError(); });
  if (failed(shape))
    return failure();
  return verifyResult(*this, *shape, elementType, facts);
}

LogicalResult IotaOp::verify() {
  if (failed(verifySymbolsBound(*this)))
    return failure();
  KilnTensorType type = getTensorType(getResult());
  if (type.getRank() == 0)
    return emitOpError() << "needs a result of rank >= 1";
  if (failed(normalizeDim(getDim(), type.getRank(),
                          [&] { return emitOpError(); })))
    return failure();
  if (type.getElementType().isInteger(1))
    return emitOpError() << "is not defined on i1 tensors";
  if (llvm::is_contained(type.getDims(), sym::Expr()))
    return emitOpError() << "needs a result without `?` dims; got " << type;
  return success();
}

sym::Expr SliceOp::getStartExpr() {
  std::string error;
  return sym::parseExpr(getExprCtx(*this), getStart(), error);
}

sym::Expr SliceOp::getEndExpr() {
  std::string error;
  return sym::parseExpr(getExprCtx(*this), getEnd(), error);
}

int64_t SliceOp::getNormalizedDim() {
  int64_t rank = getTensorType(getX()).getRank();
  // (I64Attr reads back as uint64_t: compare as signed.)
  int64_t dim = static_cast<int64_t>(getDim());
  return dim < 0 ? dim + rank : dim;
}

/// Parses a bound of a slice; its symbols must be bound by the function.
static FailureOr<sym::Expr> parseSliceBound(SliceOp op, StringRef what,
                                            StringRef text) {
  std::string error;
  sym::Expr expr = sym::parseExpr(getExprCtx(op), text, error);
  if (!expr)
    return op.emitOpError() << what << " \"" << text
                            << "\" is not a dim expression: " << error;
  SmallVector<StringRef> names;
  expr.collectSymbols(names);
  SmallVector<StringRef> bound = getBoundSymbolsAt(op);
  for (StringRef name : names)
    if (op->getParentOfType<FunctionOpInterface>() &&
        !llvm::is_contained(bound, name))
      return op.emitOpError() << what << " uses symbol " << name
                              << ", which no argument of the function binds";
  return expr;
}

LogicalResult SliceOp::verify() {
  if (failed(verifySymbolsBound(*this)))
    return failure();
  KilnTensorType type = getTensorType(getX());
  FailureOr<int64_t> dim = normalizeDim(getDim(), type.getRank(),
                                        [&] { return emitOpError(); });
  if (failed(dim))
    return failure();
  if (getStep() < 1)
    return emitOpError() << "step must be at least 1; got " << getStep();
  FailureOr<sym::Expr> start = parseSliceBound(*this, "start", getStart());
  FailureOr<sym::Expr> end = parseSliceBound(*this, "end", getEnd());
  if (failed(start) || failed(end))
    return failure();
  sym::Expr size = type.getDims()[*dim];
  if (!size)
    return emitOpError() << "cannot slice dim " << *dim
                         << ", whose size is `?`";
  // 0 <= start <= end <= size: proved, or checked when a call binds its
  // arguments; a bound that provably fails is an error here.
  sym::Facts facts = getFactsAt(*this);
  auto check = [&](sym::Expr lower, sym::Expr upper,
                   StringRef what) -> LogicalResult {
    if (sym::getBounds(upper - lower, facts).hi < 0)
      return emitOpError() << what << " (" << dimToString(lower) << " <= "
                           << dimToString(upper) << ") never holds";
    return success();
  };
  sym::Expr zero = sym::Expr::constant(getExprCtx(*this), 0);
  if (failed(check(zero, *start, "0 <= start")) ||
      failed(check(*start, *end, "start <= end")) ||
      failed(check(*end, size, "end <= size")))
    return failure();
  Shape shape(type.getDims().begin(), type.getDims().end());
  shape[*dim] = sym::simplify((*end - *start).ceilDiv(getStep()), facts);
  return verifyResult(*this, shape, type.getElementType(), facts);
}

LogicalResult ConstantOp::verify() {
  KilnTensorType type = getTensorType(getResult());
  auto valueType = dyn_cast<RankedTensorType>(getValue().getType());
  std::optional<SmallVector<int64_t>> shape = type.getStaticShape();
  if (!shape)
    return emitOpError() << "result must have a static shape; got " << type;
  if (!valueType || valueType.getShape() != ArrayRef<int64_t>(*shape) ||
      valueType.getElementType() != type.getElementType())
    return emitOpError() << "value of type " << getValue().getType()
                         << " does not match the result type " << type;
  return success();
}

void ConstantOp::build(OpBuilder &builder, OperationState &state,
                       ElementsAttr value) {
  auto valueType = cast<ShapedType>(value.getType());
  build(builder, state,
        KilnTensorType::getStatic(builder.getContext(), valueType.getShape(),
                                  valueType.getElementType()),
        value);
}
