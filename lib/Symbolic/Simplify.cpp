//===- Simplify.cpp - Facts, bounds and simplification --------------------===//
//
// Facts about symbols (ranges, divisibility), conservative interval bounds of
// expressions, simplification under facts and the equality check built on it.
//
// Bounds use int64 saturating interval arithmetic in which INT64_MIN and
// INT64_MAX stand for -infinity and +infinity.
//
//===----------------------------------------------------------------------===//

#include "kiln/Symbolic/SymbolicExpr.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <numeric>

namespace kiln::sym {

// Internal interface defined in SymbolicExpr.cpp.
namespace detail {
/// Number of terms of `e` (the constant term included).
unsigned getNumTerms(Expr e);
/// Coefficient of term `i` of `e`; appends its atoms, each as an Expr.
int64_t getTerm(Expr e, unsigned i, llvm::SmallVectorImpl<Expr> &atoms);
/// If `e` is one floordiv/ceildiv/mod atom: its kind ('f', 'c' or 'm'),
/// operand and divisor.
bool getDivAtom(Expr e, char &kind, Expr &operand, int64_t &divisor);
/// Builds floordiv/ceildiv/mod ('f', 'c', 'm') of `e`, normalized under facts.
Expr buildDiv(char kind, Expr e, int64_t divisor, const Facts &facts);
/// True when every term of `e` is a multiple of `divisor` under `facts`.
bool isDivisible(Expr e, int64_t divisor, const Facts &facts);
int64_t floorDivide(int64_t a, int64_t b);
int64_t ceilDivide(int64_t a, int64_t b);
} // namespace detail

//===----------------------------------------------------------------------===//
// Facts
//===----------------------------------------------------------------------===//

void Facts::addRange(llvm::StringRef symbol, int64_t lo, int64_t hi) {
  Interval current = getRange(symbol);
  ranges[symbol] = Interval{std::max(current.lo, lo), std::min(current.hi, hi)};
}

void Facts::addDivisibility(llvm::StringRef symbol, int64_t divisor) {
  if (divisor <= 1)
    return;
  int64_t current = getDivisor(symbol), lcm;
  if (__builtin_mul_overflow(current / std::gcd(current, divisor), divisor,
                             &lcm))
    lcm = std::max(current, divisor);
  divisors[symbol] = lcm;
}

Interval Facts::getRange(llvm::StringRef symbol) const {
  Interval range{0, std::numeric_limits<int64_t>::max()};
  auto it = ranges.find(symbol);
  if (it != ranges.end())
    range = Interval{std::max<int64_t>(0, it->second.lo), it->second.hi};
  return range;
}

int64_t Facts::getDivisor(llvm::StringRef symbol) const {
  auto it = divisors.find(symbol);
  return it == divisors.end() ? 1 : it->second;
}

llvm::SmallVector<llvm::StringRef> Facts::getSymbols() const {
  llvm::SmallVector<llvm::StringRef> names;
  for (const auto &entry : ranges)
    names.push_back(entry.getKey());
  for (const auto &entry : divisors)
    names.push_back(entry.getKey());
  llvm::sort(names);
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

//===----------------------------------------------------------------------===//
// Bounds
//===----------------------------------------------------------------------===//

static constexpr int64_t kNegInf = std::numeric_limits<int64_t>::min();
static constexpr int64_t kPosInf = std::numeric_limits<int64_t>::max();

static bool isFinite(int64_t v) { return v != kNegInf && v != kPosInf; }

/// Saturating addition of two bounds; `inf + -inf` gives `onConflict`.
static int64_t addBound(int64_t a, int64_t b, int64_t onConflict) {
  if (!isFinite(a) && !isFinite(b) && a != b)
    return onConflict;
  if (!isFinite(a))
    return a;
  if (!isFinite(b))
    return b;
  int64_t r;
  if (__builtin_add_overflow(a, b, &r))
    return a < 0 ? kNegInf : kPosInf;
  return r;
}

/// Saturating multiplication of two bounds (0 * inf is 0: values are finite).
static int64_t mulBound(int64_t a, int64_t b) {
  if (a == 0 || b == 0)
    return 0;
  int64_t r;
  if (!isFinite(a) || !isFinite(b) || __builtin_mul_overflow(a, b, &r))
    return (a < 0) != (b < 0) ? kNegInf : kPosInf;
  return r;
}

static Interval mulIntervals(Interval a, Interval b) {
  int64_t p[] = {mulBound(a.lo, b.lo), mulBound(a.lo, b.hi),
                 mulBound(a.hi, b.lo), mulBound(a.hi, b.hi)};
  return Interval{*std::min_element(p, p + 4), *std::max_element(p, p + 4)};
}

static int64_t divBound(int64_t v, int64_t c, bool ceil) {
  if (!isFinite(v))
    return v;
  return ceil ? detail::ceilDivide(v, c) : detail::floorDivide(v, c);
}

static Interval getAtomBounds(Expr atom, const Facts &facts) {
  if (std::optional<llvm::StringRef> name = atom.getSymbolName()) {
    Interval r = facts.getRange(*name);
    int64_t d = facts.getDivisor(*name);
    // Round the ends inwards to multiples of the known divisor.
    int64_t rounded;
    if (d > 1 && isFinite(r.lo) &&
        !__builtin_mul_overflow(detail::ceilDivide(r.lo, d), d, &rounded))
      r.lo = rounded;
    if (d > 1 && isFinite(r.hi) &&
        !__builtin_mul_overflow(detail::floorDivide(r.hi, d), d, &rounded))
      r.hi = rounded;
    return r;
  }
  char kind;
  Expr operand;
  int64_t c;
  if (!detail::getDivAtom(atom, kind, operand, c))
    return Interval{};
  Interval b = getBounds(operand, facts);
  if (kind != 'm')
    return Interval{divBound(b.lo, c, kind == 'c'),
                    divBound(b.hi, c, kind == 'c')};
  int64_t k = detail::floorDivide(b.lo, c), shift;
  if (isFinite(b.lo) && isFinite(b.hi) && k == detail::floorDivide(b.hi, c) &&
      !__builtin_mul_overflow(k, c, &shift))
    return Interval{b.lo - shift, b.hi - shift};
  return Interval{0, b.lo >= 0 ? std::min(c - 1, b.hi) : c - 1};
}

Interval getBounds(Expr e, const Facts &facts) {
  if (!e)
    return Interval{};
  Interval total{0, 0};
  for (unsigned i = 0, n = detail::getNumTerms(e); i < n; ++i) {
    llvm::SmallVector<Expr, 2> atoms;
    int64_t coef = detail::getTerm(e, i, atoms);
    Interval term{coef, coef};
    for (Expr atom : atoms)
      term = mulIntervals(term, getAtomBounds(atom, facts));
    total = Interval{addBound(total.lo, term.lo, kNegInf),
                     addBound(total.hi, term.hi, kPosInf)};
  }
  return total;
}

//===----------------------------------------------------------------------===//
// Simplification
//===----------------------------------------------------------------------===//

static Expr rebuild(Expr e, const Facts &facts, bool expandMods);

/// Rebuilds one atom under facts: a symbol with a one-point range becomes a
/// constant; a division is renormalized over its rebuilt operand; with
/// `expandMods`, `p mod c` becomes `p - c*(p floordiv c)`.
static Expr rebuildAtom(Expr atom, const Facts &facts, bool expandMods) {
  if (atom.getSymbolName()) {
    Interval r = getBounds(atom, facts);
    return r.lo == r.hi && isFinite(r.lo)
               ? Expr::constant(atom.getContext(), r.lo)
               : atom;
  }
  char kind;
  Expr operand;
  int64_t c;
  if (!detail::getDivAtom(atom, kind, operand, c))
    return atom;
  operand = rebuild(operand, facts, expandMods);
  if (kind == 'm' && expandMods)
    return operand - detail::buildDiv('f', operand, c, facts) * c;
  return detail::buildDiv(kind, operand, c, facts);
}

/// One bottom-up pass. Besides rebuilding atoms, rewrites a term
/// `k*(p floordiv c)*rest` where `p` is a multiple of `c` and g = gcd(k, c) > 1
/// into `(k/g)*(p floordiv (c/g))*rest` (so `8*(S floordiv 8)` is `S`).
static Expr rebuild(Expr e, const Facts &facts, bool expandMods) {
  if (!e)
    return e;
  Expr sum = Expr::constant(e.getContext(), 0);
  for (unsigned i = 0, n = detail::getNumTerms(e); i < n; ++i) {
    llvm::SmallVector<Expr, 2> factors;
    int64_t coef = detail::getTerm(e, i, factors);
    for (Expr &factor : factors) {
      factor = rebuildAtom(factor, facts, expandMods);
      char kind;
      Expr operand;
      int64_t c;
      if (!detail::getDivAtom(factor, kind, operand, c) || kind != 'f')
        continue;
      int64_t g = static_cast<int64_t>(std::gcd(
          static_cast<uint64_t>(c), coef < 0 ? 0 - static_cast<uint64_t>(coef)
                                             : static_cast<uint64_t>(coef)));
      if (g > 1 && detail::isDivisible(operand, c, facts)) {
        coef /= g;
        factor = detail::buildDiv('f', operand, c / g, facts);
      }
    }
    Expr term = Expr::constant(e.getContext(), coef);
    for (Expr factor : factors)
      term = term * factor;
    sum = sum + term;
  }
  return sum;
}

/// Repeats `rebuild` until nothing changes (a few passes at most).
static Expr rebuildToFixpoint(Expr e, const Facts &facts, bool expandMods) {
  for (int pass = 0; pass < 8 && e; ++pass) {
    Expr next = rebuild(e, facts, expandMods);
    if (next == e)
      break;
    e = next;
  }
  return e;
}

Expr simplify(Expr e, const Facts &facts) {
  return rebuildToFixpoint(e, facts, /*expandMods=*/false);
}

bool provablyEqual(Expr a, Expr b, const Facts &facts) {
  if (!a || !b)
    return false;
  if (a == b)
    return true;
  Expr difference = a - b;
  if (simplify(difference, facts).getConstant() == 0)
    return true;
  // `c*(p floordiv c) + p mod c == p`: compare with every mod expanded.
  return rebuildToFixpoint(difference, facts, /*expandMods=*/true)
             .getConstant() == 0;
}

} // namespace kiln::sym
