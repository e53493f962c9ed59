//===- SymbolicExpr.h - Symbolic dimension expressions ----------*- C++ -*-===//
//
// Kiln's symbolic-shape engine: integer expressions over named dimension
// symbols (`B`, `S`, `B*S+1`, `S floordiv 8`), kept in a canonical normal form
// so that two expressions are identical exactly when their normal forms are.
//
// The normal form is a polynomial over "atoms" with int64 coefficients:
//
//   expr  := sum_i  c_i * m_i              (terms sorted, no zero coefficient)
//   m_i   := product of atoms (sorted, repetition allowed; the empty
//            product is the constant term)
//   atom  := symbol | floordiv(expr, c) | ceildiv(expr, c) | mod(expr, c)
//            with c > 1 a constant
//
// Expressions are uniqued in an ExprContext (like mlir::AffineExpr in an
// MLIRContext): an Expr is a pointer-sized handle and `==` is pointer equality.
// Construction always normalizes, using the facts that hold for every
// dimension (every symbol is >= 0). Simplification under user-declared facts
// (ranges, divisibility) is explicit: `simplify(facts)` and `provablyEqual`.
//
// The library depends only on LLVM's Support library, not on MLIR, so that it
// can be unit-tested and reused (the runtime evaluates expressions with it).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SYMBOLIC_SYMBOLICEXPR_H
#define KILN_SYMBOLIC_SYMBOLICEXPR_H

#include "llvm/ADT/DenseMapInfo.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>

namespace kiln::sym {

class ExprContext;
struct ExprNode;

/// A canonical symbolic integer expression. A default-constructed Expr is
/// null; Kiln's tensor type uses a null Expr for the anonymous dim `?`.
class Expr {
public:
  Expr() = default;
  explicit Expr(const ExprNode *node) : node(node) {}

  /// Builders. All results are in normal form.
  static Expr constant(ExprContext &ctx, int64_t value);
  static Expr symbol(ExprContext &ctx, llvm::StringRef name);

  Expr operator+(Expr rhs) const;
  Expr operator-(Expr rhs) const;
  Expr operator*(Expr rhs) const;
  Expr operator-() const;
  Expr operator+(int64_t rhs) const;
  Expr operator-(int64_t rhs) const;
  Expr operator*(int64_t rhs) const;
  /// Floor/ceil division and modulo by a constant. Precondition: divisor > 0
  /// (callers validate user input first; see `parseExpr`).
  Expr floorDiv(int64_t divisor) const;
  Expr ceilDiv(int64_t divisor) const;
  Expr mod(int64_t divisor) const;

  explicit operator bool() const { return node != nullptr; }
  bool operator==(Expr other) const { return node == other.node; }
  bool operator!=(Expr other) const { return node != other.node; }

  /// The constant value if this expression is a constant.
  std::optional<int64_t> getConstant() const;
  bool isConstant() const { return getConstant().has_value(); }
  /// The name if this expression is exactly one symbol (coefficient 1).
  std::optional<llvm::StringRef> getSymbolName() const;

  /// The kinds of division atoms.
  enum class DivKind { FloorDiv, CeilDiv, Mod };
  /// If this expression is exactly one floordiv/ceildiv/mod atom, returns
  /// its kind and sets `operand` and `divisor`.
  std::optional<DivKind> getDivision(Expr &operand, int64_t &divisor) const;

  /// Appends the distinct symbol names used by this expression, sorted.
  void collectSymbols(llvm::SmallVectorImpl<llvm::StringRef> &names) const;

  /// Replaces symbols by expressions (unmapped symbols stay) and renormalizes.
  Expr substitute(const llvm::StringMap<Expr> &replacements) const;

  /// Evaluates with every symbol bound; nullopt if a symbol is unbound or the
  /// arithmetic overflows int64.
  std::optional<int64_t> evaluate(const llvm::StringMap<int64_t> &values) const;

  /// Prints the canonical form: `B*S + 2`, `S floordiv 8`, `(B + 1)*S`... The
  /// printed form parses back to the same Expr.
  void print(llvm::raw_ostream &os) const;
  std::string str() const;

  ExprContext &getContext() const;
  const ExprNode *getNode() const { return node; }
  const void *getAsOpaquePointer() const { return node; }
  static Expr getFromOpaquePointer(const void *ptr) {
    return Expr(static_cast<const ExprNode *>(ptr));
  }

private:
  const ExprNode *node = nullptr;
};

/// One term of the normal form: `coefficient * atoms[0] * atoms[1] ...`,
/// where each atom is a symbol or a single floordiv/ceildiv/mod (the
/// constant term has no atoms). Code generation walks these.
struct ExprTerm {
  int64_t coefficient;
  llvm::SmallVector<Expr, 2> atoms;
};
/// The terms of `e`'s normal form.
llvm::SmallVector<ExprTerm> getTerms(Expr e);

inline llvm::hash_code hash_value(Expr e) {
  return llvm::hash_value(e.getAsOpaquePointer());
}
inline llvm::raw_ostream &operator<<(llvm::raw_ostream &os, Expr e) {
  e.print(os);
  return os;
}

/// Owns and uniques expression nodes. Thread-safe.
class ExprContext {
public:
  ExprContext();
  ~ExprContext();
  ExprContext(const ExprContext &) = delete;
  ExprContext &operator=(const ExprContext &) = delete;

  struct Impl;
  Impl &getImpl() { return *impl; }

private:
  std::unique_ptr<Impl> impl;
};

/// A closed integer interval; `hi` is INT64_MAX when unbounded above.
struct Interval {
  int64_t lo = std::numeric_limits<int64_t>::min();
  int64_t hi = std::numeric_limits<int64_t>::max();
  bool contains(int64_t v) const { return lo <= v && v <= hi; }
};

/// Facts about the symbols of one function: ranges (`1 <= B <= 4096`) and
/// divisibility (`S mod 8 == 0`). Every symbol is known to be >= 0.
class Facts {
public:
  /// Intersects the range of `symbol` with [lo, hi].
  void addRange(llvm::StringRef symbol, int64_t lo, int64_t hi);
  /// Records that `symbol` is a multiple of `divisor` (> 0).
  void addDivisibility(llvm::StringRef symbol, int64_t divisor);

  /// The known range of a symbol ([0, INT64_MAX] without facts).
  Interval getRange(llvm::StringRef symbol) const;
  /// The largest known divisor of a symbol (1 without facts).
  int64_t getDivisor(llvm::StringRef symbol) const;
  bool empty() const { return ranges.empty() && divisors.empty(); }

  /// Symbols with a declared fact, sorted (for printing).
  llvm::SmallVector<llvm::StringRef> getSymbols() const;

private:
  llvm::StringMap<Interval> ranges;
  llvm::StringMap<int64_t> divisors;
};

/// Simplifies under facts: `(S floordiv 8)*8` is `S` when `S mod 8 == 0`,
/// `S mod 8` is 0, `B floordiv 8192` is 0 when `B <= 4096`, ...
Expr simplify(Expr e, const Facts &facts);

/// Conservative bounds of an expression under facts.
Interval getBounds(Expr e, const Facts &facts);

/// True when `a - b` simplifies to 0 under `facts`. Sound (never claims an
/// equality that does not hold) but not complete for floordiv/mod. Null
/// Exprs (`?`) are never provably equal to anything.
bool provablyEqual(Expr a, Expr b, const Facts &facts = Facts());

/// A token stream that the expression grammar is parsed from, so that the
/// same grammar serves strings and MLIR's AsmParser (the type parser).
class TokenSource {
public:
  virtual ~TokenSource();
  /// Consumes one of `+ - * ( )` if it is next.
  virtual bool consumePunct(char punct) = 0;
  /// Consumes a non-negative integer literal if it is next.
  virtual std::optional<int64_t> consumeInteger() = 0;
  /// Consumes an identifier (`B`, `seq_len`, `floordiv`) if it is next.
  virtual std::optional<std::string> consumeIdentifier() = 0;
  /// Reports an error at the current position; returns nothing.
  virtual void emitError(const llvm::Twine &message) = 0;
};

/// Parses `expr := term (('+'|'-') term)*`,
/// `term := factor ('*' factor | ('floordiv'|'ceildiv'|'mod') INT)*`,
/// `factor := INT | IDENT | '(' expr ')' | '-' factor`.
/// Divisors must be positive constants. Returns null and emits through the
/// token source on error.
Expr parseExpr(ExprContext &ctx, TokenSource &tokens);

/// Parses a whole string as an expression; on error returns null and sets
/// `error`.
Expr parseExpr(ExprContext &ctx, llvm::StringRef text, std::string &error);

/// A TokenSource over a string (identifiers: [A-Za-z_][A-Za-z0-9_$.]*).
class StringTokenSource : public TokenSource {
public:
  explicit StringTokenSource(llvm::StringRef text) : text(text) {}
  bool consumePunct(char punct) override;
  std::optional<int64_t> consumeInteger() override;
  std::optional<std::string> consumeIdentifier() override;
  void emitError(const llvm::Twine &message) override;
  /// True when only whitespace remains.
  bool atEnd();
  const std::string &getError() const { return error; }

private:
  void skipSpace();
  llvm::StringRef text;
  std::string error;
};

} // namespace kiln::sym

namespace llvm {
template <> struct DenseMapInfo<kiln::sym::Expr> {
  static kiln::sym::Expr getEmptyKey() {
    return kiln::sym::Expr::getFromOpaquePointer(
        DenseMapInfo<const void *>::getEmptyKey());
  }
  static kiln::sym::Expr getTombstoneKey() {
    return kiln::sym::Expr::getFromOpaquePointer(
        DenseMapInfo<const void *>::getTombstoneKey());
  }
  static unsigned getHashValue(kiln::sym::Expr e) {
    return DenseMapInfo<const void *>::getHashValue(e.getAsOpaquePointer());
  }
  static bool isEqual(kiln::sym::Expr a, kiln::sym::Expr b) { return a == b; }
};
} // namespace llvm

#endif // KILN_SYMBOLIC_SYMBOLICEXPR_H
