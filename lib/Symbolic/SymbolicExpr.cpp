//===- SymbolicExpr.cpp - Symbolic dimension expressions ------------------===//
//
// Node representation, uniquing, normalizing builders, substitution,
// evaluation and printing of kiln::sym::Expr.
//
// A node is a polynomial: a sorted list of terms, each an int64 coefficient
// times a sorted product of uniqued atoms (symbol, floordiv, ceildiv, mod).
// Terms and atoms are ordered structurally (never by address), so the printed
// form is deterministic. Coefficient arithmetic wraps on int64 overflow.
//
//===----------------------------------------------------------------------===//

#include "kiln/Symbolic/SymbolicExpr.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"

#include <mutex>
#include <numeric>

namespace kiln::sym {

//===----------------------------------------------------------------------===//
// Representation
//===----------------------------------------------------------------------===//

namespace detail {
enum class AtomKind : uint8_t { Symbol, FloorDiv, CeilDiv, Mod };
struct AtomNode;

/// One term of a polynomial: coefficient times a sorted product of atoms (the
/// empty product is the constant term).
struct Term {
  int64_t coef;
  llvm::SmallVector<const AtomNode *, 2> atoms;
};
using Poly = llvm::SmallVector<Term, 4>;
} // namespace detail

struct ExprNode {
  ExprContext *ctx;
  detail::Poly terms; // Sorted, distinct monomials, no zero coefficient.
};

namespace detail {
struct AtomNode {
  AtomKind kind;
  std::string name;                  // Symbol only.
  const ExprNode *operand = nullptr; // Division and modulo only.
  int64_t divisor = 0;               // Division and modulo only (> 1).
  const ExprNode *asExpr = nullptr;  // The expression `1 * atom`.
};

// Internal interface shared with Simplify.cpp (declared again there).
unsigned getNumTerms(Expr e);
int64_t getTerm(Expr e, unsigned i, llvm::SmallVectorImpl<Expr> &atoms);
bool getDivAtom(Expr e, char &kind, Expr &operand, int64_t &divisor);
Expr buildDiv(char kind, Expr e, int64_t divisor, const Facts &facts);
bool isDivisible(Expr e, int64_t divisor, const Facts &facts);
int64_t floorDivide(int64_t a, int64_t b);
int64_t ceilDivide(int64_t a, int64_t b);
} // namespace detail

using namespace detail;

struct ExprContext::Impl {
  std::mutex mutex;
  llvm::StringMap<std::unique_ptr<ExprNode>> exprs;
  llvm::StringMap<std::unique_ptr<AtomNode>> atoms;
};

ExprContext::ExprContext() : impl(std::make_unique<Impl>()) {}
ExprContext::~ExprContext() = default;

//===----------------------------------------------------------------------===//
// Structural order and uniquing
//===----------------------------------------------------------------------===//

static int compareExprs(const ExprNode *a, const ExprNode *b);

static int compareAtoms(const AtomNode *a, const AtomNode *b) {
  if (a == b)
    return 0;
  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;
  if (a->kind == AtomKind::Symbol)
    return a->name.compare(b->name);
  if (int c = compareExprs(a->operand, b->operand))
    return c;
  return a->divisor < b->divisor ? -1 : a->divisor > b->divisor;
}

/// Degree descending, then lexicographic by atoms.
static int compareMonomials(llvm::ArrayRef<const AtomNode *> a,
                            llvm::ArrayRef<const AtomNode *> b) {
  if (a.size() != b.size())
    return a.size() > b.size() ? -1 : 1;
  for (size_t i = 0; i < a.size(); ++i)
    if (int c = compareAtoms(a[i], b[i]))
      return c;
  return 0;
}

static int compareExprs(const ExprNode *a, const ExprNode *b) {
  if (a == b)
    return 0;
  for (size_t i = 0; i < a->terms.size() && i < b->terms.size(); ++i) {
    const Term &x = a->terms[i], &y = b->terms[i];
    if (int c = compareMonomials(x.atoms, y.atoms))
      return c;
    if (x.coef != y.coef)
      return x.coef < y.coef ? -1 : 1;
  }
  return a->terms.size() < b->terms.size()   ? -1
         : a->terms.size() > b->terms.size() ? 1
                                             : 0;
}

template <typename T> static void appendRaw(std::string &key, const T &v) {
  key.append(reinterpret_cast<const char *>(&v), sizeof(T));
}

/// Uniques an already normalized polynomial; the caller holds the lock.
static const ExprNode *getExprLocked(ExprContext &ctx, Poly terms) {
  std::string key;
  for (const Term &t : terms) {
    appendRaw(key, t.coef);
    appendRaw(key, t.atoms.size());
    for (const AtomNode *a : t.atoms)
      appendRaw(key, a);
  }
  std::unique_ptr<ExprNode> &slot = ctx.getImpl().exprs[key];
  if (!slot)
    slot.reset(new ExprNode{&ctx, std::move(terms)});
  return slot.get();
}

static const AtomNode *getAtom(ExprContext &ctx, AtomKind kind,
                               llvm::StringRef name, const ExprNode *operand,
                               int64_t divisor) {
  std::string key;
  appendRaw(key, kind);
  appendRaw(key, operand);
  appendRaw(key, divisor);
  key += name;
  std::lock_guard<std::mutex> lock(ctx.getImpl().mutex);
  std::unique_ptr<AtomNode> &slot = ctx.getImpl().atoms[key];
  if (!slot) {
    slot.reset(new AtomNode{kind, name.str(), operand, divisor, nullptr});
    Poly single;
    single.push_back(Term{1, {slot.get()}});
    slot->asExpr = getExprLocked(ctx, std::move(single));
  }
  return slot.get();
}

static int64_t wrapAdd(int64_t a, int64_t b) {
  int64_t r;
  (void)__builtin_add_overflow(a, b, &r);
  return r;
}
static int64_t wrapMul(int64_t a, int64_t b) {
  int64_t r;
  (void)__builtin_mul_overflow(a, b, &r);
  return r;
}
static uint64_t absValue(int64_t v) {
  return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
}

/// Sorts, combines like terms, drops zero coefficients and uniques.
static Expr makeExpr(ExprContext &ctx, Poly terms) {
  auto atomLess = [](const AtomNode *a, const AtomNode *b) {
    return compareAtoms(a, b) < 0;
  };
  for (Term &t : terms)
    llvm::sort(t.atoms, atomLess);
  llvm::sort(terms, [](const Term &a, const Term &b) {
    return compareMonomials(a.atoms, b.atoms) < 0;
  });
  Poly merged;
  for (Term &t : terms) {
    if (!merged.empty() && merged.back().atoms == t.atoms)
      merged.back().coef = wrapAdd(merged.back().coef, t.coef);
    else
      merged.push_back(std::move(t));
  }
  llvm::erase_if(merged, [](const Term &t) { return t.coef == 0; });
  std::lock_guard<std::mutex> lock(ctx.getImpl().mutex);
  return Expr(getExprLocked(ctx, std::move(merged)));
}

//===----------------------------------------------------------------------===//
// Arithmetic builders
//===----------------------------------------------------------------------===//

Expr Expr::constant(ExprContext &ctx, int64_t value) {
  Poly terms;
  if (value != 0)
    terms.push_back(Term{value, {}});
  return makeExpr(ctx, std::move(terms));
}

Expr Expr::symbol(ExprContext &ctx, llvm::StringRef name) {
  return Expr(getAtom(ctx, AtomKind::Symbol, name, nullptr, 0)->asExpr);
}

ExprContext &Expr::getContext() const { return *node->ctx; }

Expr Expr::operator+(Expr rhs) const {
  if (!node || !rhs.node)
    return Expr();
  Poly terms = node->terms;
  terms.append(rhs.node->terms.begin(), rhs.node->terms.end());
  return makeExpr(getContext(), std::move(terms));
}

Expr Expr::operator*(Expr rhs) const {
  if (!node || !rhs.node)
    return Expr();
  Poly terms;
  for (const Term &a : node->terms) {
    for (const Term &b : rhs.node->terms) {
      Term t{wrapMul(a.coef, b.coef), a.atoms};
      t.atoms.append(b.atoms.begin(), b.atoms.end());
      terms.push_back(std::move(t));
    }
  }
  return makeExpr(getContext(), std::move(terms));
}

Expr Expr::operator-() const { return *this * -1; }
Expr Expr::operator-(Expr rhs) const { return *this + -rhs; }
Expr Expr::operator+(int64_t rhs) const {
  return node ? *this + constant(getContext(), rhs) : Expr();
}
Expr Expr::operator-(int64_t rhs) const {
  return node ? *this - constant(getContext(), rhs) : Expr();
}
Expr Expr::operator*(int64_t rhs) const {
  return node ? *this * constant(getContext(), rhs) : Expr();
}

Expr Expr::floorDiv(int64_t divisor) const {
  return buildDiv('f', *this, divisor, Facts());
}
Expr Expr::ceilDiv(int64_t divisor) const {
  return buildDiv('c', *this, divisor, Facts());
}
Expr Expr::mod(int64_t divisor) const {
  return buildDiv('m', *this, divisor, Facts());
}

int64_t detail::floorDivide(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
int64_t detail::ceilDivide(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) == (b < 0))) ? q + 1 : q;
}
static int64_t floorMod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return r < 0 ? r + b : r;
}
static int64_t applyDiv(AtomKind kind, int64_t a, int64_t b) {
  return kind == AtomKind::FloorDiv  ? floorDivide(a, b)
         : kind == AtomKind::CeilDiv ? ceilDivide(a, b)
                                     : floorMod(a, b);
}
static AtomKind kindFromCode(char code) {
  return code == 'f'   ? AtomKind::FloorDiv
         : code == 'c' ? AtomKind::CeilDiv
                       : AtomKind::Mod;
}
static char codeFromKind(AtomKind kind) {
  return kind == AtomKind::FloorDiv  ? 'f'
         : kind == AtomKind::CeilDiv ? 'c'
                                     : 'm';
}

/// True when term `t` is a multiple of `divisor`: its coefficient times the
/// known divisors of its symbol factors covers every prime power of `divisor`.
static bool isTermDivisible(const Term &t, int64_t divisor,
                            const Facts &facts) {
  uint64_t need = static_cast<uint64_t>(divisor);
  need /= std::gcd(need, absValue(t.coef));
  for (const AtomNode *a : t.atoms)
    if (need != 1 && a->kind == AtomKind::Symbol)
      need /= std::gcd(need, static_cast<uint64_t>(facts.getDivisor(a->name)));
  return need == 1;
}

bool detail::isDivisible(Expr e, int64_t divisor, const Facts &facts) {
  return e && divisor > 0 &&
         llvm::all_of(e.getNode()->terms, [&](const Term &t) {
           return isTermDivisible(t, divisor, facts);
         });
}

/// Builds `kind(x, c)` where no term of `x` is known to be a multiple of `c`
/// (or all are, for an exact floordiv): folds constants, uses bounds, divides
/// out the common factor of coefficients and divisor, and merges nested
/// divisions; otherwise returns the uniqued atom.
static Expr makeAtom(AtomKind kind, Expr x, int64_t c, const Facts &facts) {
  ExprContext &ctx = x.getContext();
  if (c == 1)
    return kind == AtomKind::Mod ? Expr::constant(ctx, 0) : x;
  if (std::optional<int64_t> v = x.getConstant())
    return Expr::constant(ctx, applyDiv(kind, *v, c));
  Interval b = getBounds(x, facts);
  const int64_t kMin = std::numeric_limits<int64_t>::min();
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  if (b.lo != kMin && b.hi != kMax && b.lo <= b.hi) {
    bool ceil = kind == AtomKind::CeilDiv;
    int64_t lo = ceil ? ceilDivide(b.lo, c) : floorDivide(b.lo, c);
    int64_t hi = ceil ? ceilDivide(b.hi, c) : floorDivide(b.hi, c);
    int64_t shift;
    if (lo == hi && kind != AtomKind::Mod)
      return Expr::constant(ctx, lo);
    if (lo == hi && !__builtin_mul_overflow(lo, c, &shift))
      return x - shift;
  }
  uint64_t g = static_cast<uint64_t>(c);
  for (const Term &t : x.getNode()->terms)
    g = std::gcd(g, absValue(t.coef));
  if (g > 1) {
    Poly reduced = x.getNode()->terms;
    for (Term &t : reduced)
      t.coef /= static_cast<int64_t>(g);
    Expr inner = makeAtom(kind, makeExpr(ctx, std::move(reduced)),
                          c / static_cast<int64_t>(g), facts);
    return kind == AtomKind::Mod ? inner * static_cast<int64_t>(g) : inner;
  }
  const Poly &terms = x.getNode()->terms;
  if (terms.size() == 1 && terms[0].coef == 1 && terms[0].atoms.size() == 1) {
    const AtomNode *inner = terms[0].atoms[0];
    int64_t product;
    if (inner->kind == kind && kind != AtomKind::Mod &&
        !__builtin_mul_overflow(inner->divisor, c, &product))
      return buildDiv(codeFromKind(kind), Expr(inner->operand), product, facts);
    if (inner->kind == AtomKind::Mod && kind == AtomKind::Mod &&
        inner->divisor % c == 0)
      return buildDiv('m', Expr(inner->operand), c, facts);
  }
  return Expr(getAtom(ctx, kind, "", x.getNode(), c)->asExpr);
}

Expr detail::buildDiv(char code, Expr e, int64_t c, const Facts &facts) {
  if (!e || c <= 0)
    return Expr();
  ExprContext &ctx = e.getContext();
  AtomKind kind = kindFromCode(code);
  if (c == 1)
    return kind == AtomKind::Mod ? Expr::constant(ctx, 0) : e;
  // e = quotient*c + exact + rest, where `exact` is a multiple of c by facts.
  Poly quotient, exact, rest;
  for (const Term &t : e.getNode()->terms) {
    if (t.coef % c == 0) {
      if (kind != AtomKind::Mod)
        quotient.push_back(Term{t.coef / c, t.atoms});
    } else if (isTermDivisible(t, c, facts)) {
      if (kind != AtomKind::Mod)
        exact.push_back(t);
    } else {
      rest.push_back(t);
      if (kind == AtomKind::Mod)
        rest.back().coef = floorMod(t.coef, c);
    }
  }
  Expr result = makeExpr(ctx, std::move(quotient));
  if (!exact.empty())
    result = result + makeAtom(AtomKind::FloorDiv,
                               makeExpr(ctx, std::move(exact)), c, facts);
  return result + makeAtom(kind, makeExpr(ctx, std::move(rest)), c, facts);
}

//===----------------------------------------------------------------------===//
// Queries, substitution, evaluation
//===----------------------------------------------------------------------===//

unsigned detail::getNumTerms(Expr e) {
  return e ? e.getNode()->terms.size() : 0;
}

int64_t detail::getTerm(Expr e, unsigned i,
                        llvm::SmallVectorImpl<Expr> &atoms) {
  const Term &t = e.getNode()->terms[i];
  for (const AtomNode *a : t.atoms)
    atoms.push_back(Expr(a->asExpr));
  return t.coef;
}

/// The single atom of `e` if `e` is exactly one atom with coefficient 1.
static const AtomNode *getSingleAtom(Expr e) {
  if (!e || e.getNode()->terms.size() != 1)
    return nullptr;
  const Term &t = e.getNode()->terms[0];
  return t.coef == 1 && t.atoms.size() == 1 ? t.atoms[0] : nullptr;
}

bool detail::getDivAtom(Expr e, char &kind, Expr &operand, int64_t &divisor) {
  const AtomNode *a = getSingleAtom(e);
  if (!a || a->kind == AtomKind::Symbol)
    return false;
  kind = codeFromKind(a->kind);
  operand = Expr(a->operand);
  divisor = a->divisor;
  return true;
}

std::optional<int64_t> Expr::getConstant() const {
  if (!node || node->terms.size() > 1)
    return std::nullopt;
  if (node->terms.empty())
    return 0;
  if (!node->terms[0].atoms.empty())
    return std::nullopt;
  return node->terms[0].coef;
}

std::optional<llvm::StringRef> Expr::getSymbolName() const {
  const AtomNode *a = getSingleAtom(*this);
  if (!a || a->kind != AtomKind::Symbol)
    return std::nullopt;
  return llvm::StringRef(a->name);
}

static void collectNames(const ExprNode *n,
                         llvm::SmallVectorImpl<llvm::StringRef> &names) {
  for (const Term &t : n->terms)
    for (const AtomNode *a : t.atoms) {
      if (a->kind == AtomKind::Symbol)
        names.push_back(a->name);
      else
        collectNames(a->operand, names);
    }
}

void Expr::collectSymbols(llvm::SmallVectorImpl<llvm::StringRef> &names) const {
  if (!node)
    return;
  llvm::SmallVector<llvm::StringRef> found;
  collectNames(node, found);
  llvm::sort(found);
  found.erase(std::unique(found.begin(), found.end()), found.end());
  for (llvm::StringRef name : found)
    if (!llvm::is_contained(names, name))
      names.push_back(name);
}

Expr Expr::substitute(const llvm::StringMap<Expr> &replacements) const {
  if (!node)
    return Expr();
  Expr sum = constant(getContext(), 0);
  for (const Term &t : node->terms) {
    Expr product = constant(getContext(), t.coef);
    for (const AtomNode *a : t.atoms) {
      Expr factor(a->asExpr);
      if (a->kind == AtomKind::Symbol) {
        auto it = replacements.find(a->name);
        if (it != replacements.end())
          factor = it->second;
      } else {
        factor = buildDiv(codeFromKind(a->kind),
                          Expr(a->operand).substitute(replacements), a->divisor,
                          Facts());
      }
      product = product * factor; // Null (`?`) propagates.
    }
    sum = sum + product;
  }
  return sum;
}

std::optional<int64_t>
Expr::evaluate(const llvm::StringMap<int64_t> &values) const {
  if (!node)
    return std::nullopt;
  int64_t sum = 0;
  for (const Term &t : node->terms) {
    int64_t product = t.coef;
    for (const AtomNode *a : t.atoms) {
      std::optional<int64_t> v;
      if (a->kind == AtomKind::Symbol) {
        auto it = values.find(a->name);
        if (it != values.end())
          v = it->second;
      } else if (std::optional<int64_t> x = Expr(a->operand).evaluate(values)) {
        v = applyDiv(a->kind, *x, a->divisor);
      }
      if (!v || __builtin_mul_overflow(product, *v, &product))
        return std::nullopt;
    }
    if (__builtin_add_overflow(sum, product, &sum))
      return std::nullopt;
  }
  return sum;
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

static void printNode(const ExprNode *n, llvm::raw_ostream &os);

/// Prints `S`, `S floordiv 8` or `(B + 1) mod 4`; `paren` wraps a division.
static void printAtom(const AtomNode *a, bool paren, llvm::raw_ostream &os) {
  if (a->kind == AtomKind::Symbol) {
    os << a->name;
    return;
  }
  const AtomNode *single = getSingleAtom(Expr(a->operand));
  bool bareOperand = single && single->kind == AtomKind::Symbol;
  os << (paren ? "(" : "") << (bareOperand ? "" : "(");
  printNode(a->operand, os);
  os << (bareOperand ? "" : ")");
  os << (a->kind == AtomKind::FloorDiv  ? " floordiv "
         : a->kind == AtomKind::CeilDiv ? " ceildiv "
                                        : " mod ")
     << a->divisor << (paren ? ")" : "");
}

/// Prints one term, with its sign as a prefix (`-` when first, else ` + `
/// or ` - `).
static void printTerm(int64_t coef, llvm::ArrayRef<const AtomNode *> atoms,
                      bool first, llvm::raw_ostream &os) {
  bool negative = coef < 0;
  uint64_t magnitude = absValue(coef);
  if (first)
    os << (negative ? "-" : "");
  else
    os << (negative ? " - " : " + ");
  bool printCoef = magnitude != 1 || atoms.empty();
  if (printCoef)
    os << magnitude << (atoms.empty() ? "" : "*");
  // A division may stay bare only when it is the whole term and is not
  // preceded by a unary minus (`-S floordiv 8` would parse as `(-S) ...`).
  bool bare = !printCoef && atoms.size() == 1 && !(first && negative);
  for (size_t i = 0; i < atoms.size(); ++i) {
    os << (i ? "*" : "");
    printAtom(atoms[i], !bare, os);
  }
}

static void printNode(const ExprNode *n, llvm::raw_ostream &os) {
  if (n->terms.empty()) {
    os << "0";
    return;
  }
  bool first = true;
  for (const Term &t : n->terms) {
    // INT64_MIN has no literal: print it as `-INT64_MAX*m - m`.
    if (t.coef == std::numeric_limits<int64_t>::min()) {
      printTerm(-std::numeric_limits<int64_t>::max(), t.atoms, first, os);
      printTerm(-1, t.atoms, /*first=*/false, os);
    } else {
      printTerm(t.coef, t.atoms, first, os);
    }
    first = false;
  }
}

void Expr::print(llvm::raw_ostream &os) const {
  if (node)
    printNode(node, os);
  else
    os << "?";
}

std::string Expr::str() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  print(os);
  return s;
}

} // namespace kiln::sym

namespace kiln::sym {

llvm::SmallVector<ExprTerm> getTerms(Expr e) {
  llvm::SmallVector<ExprTerm> terms;
  for (unsigned i = 0, n = detail::getNumTerms(e); i < n; ++i) {
    ExprTerm &term = terms.emplace_back();
    term.coefficient = detail::getTerm(e, i, term.atoms);
  }
  return terms;
}

std::optional<Expr::DivKind> Expr::getDivision(Expr &operand,
                                               int64_t &divisor) const {
  char kind;
  if (!detail::getDivAtom(*this, kind, operand, divisor))
    return std::nullopt;
  switch (kind) {
  case 'f':
    return DivKind::FloorDiv;
  case 'c':
    return DivKind::CeilDiv;
  default:
    return DivKind::Mod;
  }
}

} // namespace kiln::sym
