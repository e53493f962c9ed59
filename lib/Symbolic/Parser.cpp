//===- Parser.cpp - Symbolic expression parser ----------------------------===//
//
// A recursive-descent parser for the expression grammar of SymbolicExpr.h
// over an abstract TokenSource, and the TokenSource over a plain string.
// Bad input never asserts: every failure is reported through the source.
//
//===----------------------------------------------------------------------===//

#include "kiln/Symbolic/SymbolicExpr.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

namespace kiln::sym {

TokenSource::~TokenSource() = default;

namespace {
/// Parses `expr`, `term` and `factor`; reports only the first error.
class Parser {
public:
  Parser(ExprContext &ctx, TokenSource &tokens) : ctx(ctx), tokens(tokens) {}

  /// A sum of terms. The operands of a chain are collected and added
  /// pairwise (a balanced tree), so that `A + B + ...` with n operands
  /// costs n log n in the operands' sizes, not n squared.
  Expr parseExpr() {
    llvm::SmallVector<Expr> operands;
    operands.push_back(parseTerm());
    while (operands.back()) {
      if (tokens.consumePunct('+'))
        operands.push_back(parseTerm());
      else if (tokens.consumePunct('-'))
        operands.push_back(negate(parseTerm()));
      else
        break;
    }
    return reduceBalanced(operands, [](Expr a, Expr b) { return a + b; });
  }

private:
  static Expr negate(Expr e) { return e ? -e : Expr(); }

  /// Combines `operands` pairwise, level by level; null if any is null.
  template <typename Combine>
  static Expr reduceBalanced(llvm::SmallVectorImpl<Expr> &operands,
                             Combine combine) {
    if (llvm::is_contained(operands, Expr()))
      return Expr();
    while (operands.size() > 1) {
      size_t half = (operands.size() + 1) / 2;
      for (size_t i = 0; i < operands.size() / 2; ++i)
        operands[i] = combine(operands[2 * i], operands[2 * i + 1]);
      if (operands.size() % 2)
        operands[half - 1] = operands.back();
      operands.resize(half);
    }
    return operands.front();
  }

  Expr error(const llvm::Twine &message) {
    if (!failed)
      tokens.emitError(message);
    failed = true;
    return Expr();
  }

  /// A product of factors, with floordiv, ceildiv and mod applying to the
  /// product on their left; the factors of each product are multiplied
  /// pairwise (see parseExpr).
  Expr parseTerm() {
    llvm::SmallVector<Expr> factors;
    factors.push_back(parseFactor());
    auto product = [](Expr a, Expr b) { return a * b; };
    while (factors.back()) {
      if (tokens.consumePunct('*')) {
        factors.push_back(parseFactor());
        continue;
      }
      std::optional<std::string> keyword = tokens.consumeIdentifier();
      if (!keyword)
        break;
      if (*keyword != "floordiv" && *keyword != "ceildiv" && *keyword != "mod")
        return error("expected an operator before '" + *keyword + "'");
      std::optional<int64_t> divisor = tokens.consumeInteger();
      if (!divisor || *divisor <= 0)
        return error("divisor of " + *keyword +
                     " must be a positive integer constant");
      Expr lhs = reduceBalanced(factors, product);
      lhs = *keyword == "floordiv"  ? lhs.floorDiv(*divisor)
            : *keyword == "ceildiv" ? lhs.ceilDiv(*divisor)
                                    : lhs.mod(*divisor);
      factors.assign(1, lhs);
    }
    return reduceBalanced(factors, product);
  }

  Expr parseFactor() {
    // Bound the recursion so that hostile input cannot exhaust the stack.
    if (depth >= kMaxDepth)
      return error("expression is nested too deeply");
    ++depth;
    Expr result = parseFactorImpl();
    --depth;
    return result;
  }

  Expr parseFactorImpl() {
    // '-' first: MLIR's AsmParser would take "-(" as a malformed negative
    // integer literal.
    if (tokens.consumePunct('-')) {
      Expr operand = parseFactor();
      return operand ? -operand : Expr();
    }
    if (std::optional<int64_t> value = tokens.consumeInteger())
      return Expr::constant(ctx, *value);
    if (std::optional<std::string> name = tokens.consumeIdentifier()) {
      if (*name == "floordiv" || *name == "ceildiv" || *name == "mod")
        return error("expected an expression before '" + *name + "'");
      return Expr::symbol(ctx, *name);
    }
    if (tokens.consumePunct('(')) {
      Expr inner = parseExpr();
      if (!inner)
        return Expr();
      if (!tokens.consumePunct(')'))
        return error("expected ')'");
      return inner;
    }
    return error("expected an expression");
  }

  static constexpr unsigned kMaxDepth = 256;
  ExprContext &ctx;
  TokenSource &tokens;
  unsigned depth = 0;
  bool failed = false;
};
} // namespace

Expr parseExpr(ExprContext &ctx, TokenSource &tokens) {
  return Parser(ctx, tokens).parseExpr();
}

Expr parseExpr(ExprContext &ctx, llvm::StringRef text, std::string &error) {
  StringTokenSource tokens(text);
  Expr result = parseExpr(ctx, tokens);
  if (result && !tokens.atEnd()) {
    tokens.emitError("unexpected trailing characters");
    result = Expr();
  }
  if (!result) {
    error = tokens.getError();
    if (error.empty())
      error = "invalid expression";
  }
  return result;
}

//===----------------------------------------------------------------------===//
// StringTokenSource
//===----------------------------------------------------------------------===//

void StringTokenSource::skipSpace() { text = text.ltrim(); }

bool StringTokenSource::atEnd() {
  skipSpace();
  return text.empty();
}

bool StringTokenSource::consumePunct(char punct) {
  skipSpace();
  return text.consume_front(llvm::StringRef(&punct, 1));
}

std::optional<int64_t> StringTokenSource::consumeInteger() {
  skipSpace();
  size_t length = 0;
  while (length < text.size() && llvm::isDigit(text[length]))
    ++length;
  if (length == 0)
    return std::nullopt;
  int64_t value = 0;
  for (char digit : text.take_front(length)) {
    if (__builtin_mul_overflow(value, 10, &value) ||
        __builtin_add_overflow(value, digit - '0', &value)) {
      emitError("integer literal is too large");
      return std::nullopt;
    }
  }
  text = text.drop_front(length);
  return value;
}

std::optional<std::string> StringTokenSource::consumeIdentifier() {
  skipSpace();
  if (text.empty() || !(llvm::isAlpha(text[0]) || text[0] == '_'))
    return std::nullopt;
  size_t length = 1;
  while (length < text.size() &&
         (llvm::isAlnum(text[length]) ||
          llvm::StringRef("_$.").contains(text[length])))
    ++length;
  std::string name = text.take_front(length).str();
  text = text.drop_front(length);
  return name;
}

void StringTokenSource::emitError(const llvm::Twine &message) {
  if (!error.empty())
    return;
  skipSpace();
  error = message.str();
  if (text.empty())
    error += " at end of input";
  else
    error += " at '" + text.take_front(16).str() + "'";
}

} // namespace kiln::sym
