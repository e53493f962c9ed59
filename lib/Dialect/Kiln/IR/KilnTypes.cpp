//===- KilnTypes.cpp - Kiln types -----------------------------------------===//
//
// `!kiln.tensor<[dims], T>`: parsing (through the symbolic engine's grammar
// over MLIR's AsmParser), canonical printing and verification.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace kiln;

#define GET_TYPEDEF_CLASSES
#include "kiln/Dialect/Kiln/IR/KilnTypes.cpp.inc"

void KilnDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "kiln/Dialect/Kiln/IR/KilnTypes.cpp.inc"
      >();
}

namespace {
/// Feeds the symbolic-expression grammar from MLIR's AsmParser, so that dims
/// are written inline in types (`[B*S, D + 1]`).
class AsmTokenSource : public sym::TokenSource {
public:
  explicit AsmTokenSource(AsmParser &parser) : parser(parser) {}

  bool consumePunct(char punct) override {
    switch (punct) {
    case '+':
      return succeeded(parser.parseOptionalPlus());
    case '-':
      return succeeded(parser.parseOptionalMinus());
    case '*':
      return succeeded(parser.parseOptionalStar());
    case '(':
      return succeeded(parser.parseOptionalLParen());
    case ')':
      return succeeded(parser.parseOptionalRParen());
    default:
      return false;
    }
  }
  std::optional<int64_t> consumeInteger() override {
    // Signed, so that a negative divisor reaches the grammar's own check
    // (a factor's leading '-' is consumed as punctuation before this).
    int64_t value;
    OptionalParseResult result = parser.parseOptionalInteger(value);
    if (!result.has_value())
      return std::nullopt;
    if (failed(*result)) {
      // The AsmParser has reported the malformed literal already.
      hadError = true;
      return std::nullopt;
    }
    return value;
  }
  std::optional<std::string> consumeIdentifier() override {
    StringRef keyword;
    if (failed(parser.parseOptionalKeyword(&keyword)))
      return std::nullopt;
    return keyword.str();
  }
  void emitError(const Twine &message) override {
    if (!hadError)
      parser.emitError(parser.getCurrentLocation(), message);
    hadError = true;
  }

private:
  AsmParser &parser;
  bool hadError = false;

public:
  /// True once an error has been reported through this source.
  bool hasError() const { return hadError; }
};
} // namespace

/// Parses one dim: `?` or an expression.
static ParseResult parseDim(AsmParser &parser, sym::ExprContext &ctx,
                            sym::Expr &dim) {
  if (succeeded(parser.parseOptionalQuestion())) {
    dim = sym::Expr();
    return success();
  }
  AsmTokenSource tokens(parser);
  dim = sym::parseExpr(ctx, tokens);
  return success(dim && !tokens.hasError());
}

Type KilnTensorType::parse(AsmParser &parser) {
  sym::ExprContext &ctx = getExprContext(parser.getContext());
  SmallVector<sym::Expr> dims;
  Type elementType;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() ||
      parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Square,
          [&]() { return parseDim(parser, ctx, dims.emplace_back()); },
          "in the dim list") ||
      parser.parseComma() || parser.parseType(elementType) ||
      parser.parseGreater())
    return Type();
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    dims, elementType);
}

void KilnTensorType::print(AsmPrinter &printer) const {
  printer << "<[";
  llvm::interleaveComma(getDims(), printer.getStream(), [&](sym::Expr dim) {
    if (dim)
      dim.print(printer.getStream());
    else
      printer << "?";
  });
  printer << "], " << getElementType() << ">";
}

/// True for the element types of design.md §2.
static bool isKilnElementType(Type type) {
  return type.isF32() || type.isF16() || type.isBF16() || type.isF64() ||
         type.isInteger(1) || type.isSignlessInteger(32) ||
         type.isSignlessInteger(64);
}

LogicalResult
KilnTensorType::verify(function_ref<InFlightDiagnostic()> emitError,
                       ArrayRef<sym::Expr> dims, Type elementType) {
  if (!isKilnElementType(elementType))
    return emitError() << "element type must be one of f32, f16, bf16, f64, "
                          "i1, i32, i64; got "
                       << elementType;
  sym::Facts noFacts;
  for (auto [i, dim] : llvm::enumerate(dims)) {
    if (!dim)
      continue;
    if (std::optional<int64_t> size = dim.getConstant()) {
      if (*size < 0)
        return emitError() << "dim " << i << " is negative (" << *size << ")";
      continue;
    }
    if (sym::getBounds(dim, noFacts).hi < 0)
      return emitError() << "dim " << i << " (" << dim.str()
                         << ") is negative for every value of its symbols";
  }
  return success();
}

std::optional<SmallVector<int64_t>> KilnTensorType::getStaticShape() const {
  SmallVector<int64_t> shape;
  for (sym::Expr dim : getDims()) {
    std::optional<int64_t> size = dim ? dim.getConstant() : std::nullopt;
    if (!size)
      return std::nullopt;
    shape.push_back(*size);
  }
  return shape;
}

RankedTensorType KilnTensorType::toBuiltinTensorType() const {
  SmallVector<int64_t> shape;
  for (sym::Expr dim : getDims()) {
    std::optional<int64_t> size = dim ? dim.getConstant() : std::nullopt;
    shape.push_back(size ? *size : ShapedType::kDynamic);
  }
  return RankedTensorType::get(shape, getElementType());
}

KilnTensorType KilnTensorType::withElementType(Type elementType) const {
  return get(getContext(), getDims(), elementType);
}

KilnTensorType KilnTensorType::withDims(ArrayRef<sym::Expr> dims) const {
  return get(getContext(), dims, getElementType());
}

KilnTensorType KilnTensorType::getStatic(MLIRContext *ctx,
                                         ArrayRef<int64_t> shape,
                                         Type elementType) {
  sym::ExprContext &exprCtx = getExprContext(ctx);
  SmallVector<sym::Expr> dims;
  for (int64_t size : shape)
    dims.push_back(sym::Expr::constant(exprCtx, size));
  return get(ctx, dims, elementType);
}
