//===- SymbolicExprTest.cpp - Tests of the symbolic-expression engine -----===//
//
// Canonical forms, division/modulo normalization, facts, bounds, evaluation,
// substitution, parsing and printing of kiln::sym::Expr.
//
//===----------------------------------------------------------------------===//

#include "kiln/Symbolic/SymbolicExpr.h"

#include "gtest/gtest.h"

#include <functional>
#include <random>
#include <thread>

using namespace kiln::sym;

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

class SymbolicExprTest : public ::testing::Test {
protected:
  /// Parses `text`, failing the test on a parse error.
  Expr parse(llvm::StringRef text) {
    std::string error;
    Expr e = parseExpr(ctx, text, error);
    EXPECT_TRUE(e) << "parsing '" << text.str() << "': " << error;
    return e;
  }
  Expr sym(llvm::StringRef name) { return Expr::symbol(ctx, name); }
  Expr cst(int64_t v) { return Expr::constant(ctx, v); }
  std::string norm(llvm::StringRef text) { return parse(text).str(); }

  ExprContext ctx;
};

TEST_F(SymbolicExprTest, CanonicalForms) {
  Expr b = sym("B"), s = sym("S");
  EXPECT_EQ((s + 1 + 1).str(), "S + 2");
  EXPECT_EQ(b * s, s * b);
  EXPECT_EQ((b + 1) * s - s, b * s);
  EXPECT_EQ(s * 2 - s - s, cst(0));
  EXPECT_EQ((s * 2 - s - s).str(), "0");
  EXPECT_EQ(((b + 1) * s).str(), "B*S + S");
  // Term order is structural, not construction order.
  EXPECT_EQ((cst(-3) + s * 2 + s * b).str(), "B*S + 2*S - 3");
  EXPECT_EQ((s * b + s * 2 - 3).str(), "B*S + 2*S - 3");
  EXPECT_EQ(((s + 1) * (s - 1)).str(), "S*S - 1");
  EXPECT_EQ((-s).str(), "-S");
  EXPECT_EQ((cst(4) - s).str(), "-S + 4");
  EXPECT_EQ(cst(-3).str(), "-3");
  EXPECT_EQ(norm("A*C*B - 2*(C*A*B)"), "-A*B*C");
  EXPECT_EQ(norm("S + B + A + A*A"), "A*A + A + B + S");
  EXPECT_NE(b, s);
}

TEST_F(SymbolicExprTest, Queries) {
  EXPECT_EQ(cst(7).getConstant(), 7);
  EXPECT_EQ(cst(0).getConstant(), 0);
  EXPECT_FALSE(sym("S").getConstant());
  EXPECT_FALSE(Expr().getConstant());
  EXPECT_EQ(sym("seq_len").getSymbolName(), llvm::StringRef("seq_len"));
  EXPECT_FALSE((sym("S") * 2).getSymbolName());
  EXPECT_FALSE((sym("S") + 1).getSymbolName());
  llvm::SmallVector<llvm::StringRef> names;
  parse("(S + B) floordiv 4 + A*S + B mod 3").collectSymbols(names);
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names[0], "A");
  EXPECT_EQ(names[1], "B");
  EXPECT_EQ(names[2], "S");
}

TEST_F(SymbolicExprTest, FloorDivNormalization) {
  Expr s = sym("S");
  EXPECT_EQ((s * 8 + 3).floorDiv(8), s);
  EXPECT_EQ(norm("(8*S + 3) floordiv 8"), "S");
  EXPECT_EQ(s.floorDiv(1), s);
  EXPECT_EQ(norm("(8*S + T) floordiv 8"), "S + T floordiv 8");
  // The common factor of coefficients and divisor is divided out.
  EXPECT_EQ(norm("(2*S + 2) floordiv 4"), "(S + 1) floordiv 2");
  EXPECT_EQ(s.floorDiv(2).floorDiv(4), s.floorDiv(8));
  EXPECT_EQ(norm("(S mod 8) floordiv 8"), "0");
  EXPECT_EQ(norm("S floordiv 8"), "S floordiv 8");
  EXPECT_NE(s.floorDiv(8), s.floorDiv(4));
}

TEST_F(SymbolicExprTest, CeilDivNormalization) {
  Expr s = sym("S");
  EXPECT_EQ((s * 8 + 3).ceilDiv(8), s + 1);
  EXPECT_EQ((s * 8 + 8).ceilDiv(8), s + 1);
  EXPECT_EQ(s.ceilDiv(1), s);
  EXPECT_EQ(s.ceilDiv(2).ceilDiv(4), s.ceilDiv(8));
  EXPECT_EQ(norm("-(S mod 8) ceildiv 8"), "0");
  EXPECT_EQ(norm("S ceildiv 8"), "S ceildiv 8");
  EXPECT_NE(s.ceilDiv(8), s.floorDiv(8));
}

TEST_F(SymbolicExprTest, ModNormalization) {
  Expr s = sym("S");
  EXPECT_EQ((s * 8 + 3).mod(8), cst(3));
  EXPECT_EQ((s * 2).mod(2), cst(0));
  EXPECT_EQ(s.mod(1), cst(0));
  EXPECT_EQ(s.mod(8).mod(8), s.mod(8));
  EXPECT_EQ(s.mod(8).mod(4), s.mod(4));
  EXPECT_EQ((s * 9 + 1).mod(8), (s + 1).mod(8));
  EXPECT_EQ(norm("(S mod 8) mod 16"), "S mod 8");
  EXPECT_EQ(norm("(2*S) mod 4"), "2*(S mod 2)");
  EXPECT_EQ(norm("-S mod 8"), "(7*S) mod 8");
}

TEST_F(SymbolicExprTest, ConstantFolding) {
  EXPECT_EQ(cst(-7).floorDiv(2), cst(-4));
  EXPECT_EQ(cst(-7).ceilDiv(2), cst(-3));
  EXPECT_EQ(cst(-7).mod(2), cst(1));
  EXPECT_EQ(cst(7).floorDiv(2), cst(3));
  EXPECT_EQ(cst(7).ceilDiv(2), cst(4));
  EXPECT_EQ(cst(7).mod(2), cst(1));
  EXPECT_EQ(cst(-8).floorDiv(2), cst(-4));
  EXPECT_EQ(cst(-8).mod(2), cst(0));
  EXPECT_EQ(norm("-7 floordiv 2"), "-4");
  EXPECT_EQ(norm("-7 ceildiv 2"), "-3");
  EXPECT_EQ(norm("-7 mod 2"), "1");
  EXPECT_EQ(norm("2*3 + 4*(5 - 6)"), "2");
}

TEST_F(SymbolicExprTest, Equality) {
  Expr s = sym("S"), r = sym("R"), k = sym("K");
  EXPECT_FALSE(provablyEqual(s, r));
  EXPECT_FALSE(provablyEqual(k, cst(16)));
  EXPECT_TRUE(provablyEqual(s, s));
  EXPECT_TRUE(provablyEqual(parse("B*S"), parse("S*B")));
  EXPECT_FALSE(provablyEqual(Expr(), Expr()));
  EXPECT_FALSE(provablyEqual(s, Expr()));
  EXPECT_TRUE(provablyEqual(parse("(S floordiv 8)*8 + S mod 8"), s));
  EXPECT_TRUE(provablyEqual(parse("((B + S) floordiv 4)*4 + (B + S) mod 4"),
                            parse("S + B")));
  EXPECT_FALSE(provablyEqual(parse("(S floordiv 8)*8"), s));
  EXPECT_FALSE(provablyEqual(parse("S floordiv 8"), parse("S ceildiv 8")));
}

TEST_F(SymbolicExprTest, DivisibilityFacts) {
  Facts facts;
  facts.addDivisibility("S", 8);
  Expr s = sym("S");
  EXPECT_EQ(simplify(parse("(S floordiv 8)*8"), facts), s);
  EXPECT_EQ(simplify(parse("S mod 8"), facts), cst(0));
  EXPECT_EQ(simplify(parse("S ceildiv 8"), facts), s.floorDiv(8));
  EXPECT_EQ(simplify(parse("(S + 16) mod 8"), facts), cst(0));
  EXPECT_EQ(simplify(parse("(S + 3) floordiv 8"), facts), s.floorDiv(8));
  EXPECT_EQ(simplify(parse("4*(S floordiv 8)"), facts), s.floorDiv(2));
  EXPECT_EQ(simplify(parse("S mod 4"), facts), cst(0));
  EXPECT_EQ(simplify(parse("(S floordiv 8)*8 + 1"), facts), s + 1);
  EXPECT_EQ(simplify(parse("B mod 8"), facts), parse("B mod 8"));
  EXPECT_TRUE(provablyEqual(parse("(S floordiv 8)*8"), s, facts));
  EXPECT_TRUE(
      provablyEqual(parse("S ceildiv 8"), parse("S floordiv 8"), facts));
  // Without the fact nothing of this holds.
  Facts none;
  EXPECT_EQ(simplify(parse("S mod 8"), none), s.mod(8));
  EXPECT_NE(simplify(parse("(S floordiv 8)*8"), none), s);
  // Divisors combine through their least common multiple.
  Facts both;
  both.addDivisibility("S", 4);
  both.addDivisibility("S", 6);
  EXPECT_EQ(both.getDivisor("S"), 12);
  EXPECT_EQ(simplify(parse("S mod 12"), both), cst(0));
}

TEST_F(SymbolicExprTest, RangeFacts) {
  Facts facts;
  facts.addRange("B", 1, 4096);
  facts.addRange("K", 16, 16);
  EXPECT_EQ(simplify(parse("B floordiv 8192"), facts), cst(0));
  EXPECT_EQ(simplify(parse("B mod 5000"), facts), sym("B"));
  EXPECT_EQ(simplify(parse("B ceildiv 4096"), facts), cst(1));
  EXPECT_EQ(simplify(parse("B floordiv 8"), facts), parse("B floordiv 8"));
  EXPECT_EQ(simplify(parse("K*2 + 1"), facts), cst(33));
  EXPECT_TRUE(provablyEqual(sym("K"), cst(16), facts));
  EXPECT_FALSE(provablyEqual(sym("B"), cst(16), facts));
  EXPECT_EQ(simplify(Expr(), facts), Expr());
  llvm::SmallVector<llvm::StringRef> names = facts.getSymbols();
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0], "B");
  EXPECT_EQ(names[1], "K");
  EXPECT_FALSE(facts.empty());
  EXPECT_TRUE(Facts().empty());
}

TEST_F(SymbolicExprTest, Bounds) {
  Facts facts;
  facts.addRange("B", 1, 4);
  facts.addRange("S", 2, 8);
  auto bounds = [&](llvm::StringRef text, const Facts &f) {
    Interval i = getBounds(parse(text), f);
    return std::make_pair(i.lo, i.hi);
  };
  using P = std::pair<int64_t, int64_t>;
  EXPECT_EQ(bounds("B*S + 1", facts), P(3, 33));
  EXPECT_EQ(bounds("B - S", facts), P(-7, 2));
  EXPECT_EQ(bounds("S floordiv 3", facts), P(0, 2));
  EXPECT_EQ(bounds("S ceildiv 3", facts), P(1, 3));
  EXPECT_EQ(bounds("T mod 8", facts), P(0, 7));
  EXPECT_EQ(bounds("S mod 100", facts), P(2, 8));
  EXPECT_EQ(bounds("T", facts), P(0, kMax));
  EXPECT_EQ(bounds("-T", facts), P(kMin, 0));
  EXPECT_EQ(bounds("T - 5", facts), P(-5, kMax));
  EXPECT_EQ(bounds("42", facts), P(42, 42));
  // Saturation instead of wrap-around.
  Facts huge;
  huge.addRange("X", 0, int64_t(1) << 62);
  EXPECT_EQ(bounds("X*X*4", huge), P(0, kMax));
  EXPECT_EQ(bounds("-X*X*4", huge), P(kMin, 0));
  EXPECT_EQ(bounds("X + X + X", huge), P(0, kMax));
  // Divisibility rounds the range inwards.
  Facts div;
  div.addRange("S", 1, 20);
  div.addDivisibility("S", 8);
  EXPECT_EQ(bounds("S", div), P(8, 16));
  // Ranges intersect and are clamped to non-negative values.
  Facts neg;
  neg.addRange("N", -5, 10);
  neg.addRange("N", 2, 100);
  EXPECT_EQ(neg.getRange("N").lo, 2);
  EXPECT_EQ(neg.getRange("N").hi, 10);
  Facts neg2;
  neg2.addRange("N", -5, 10);
  EXPECT_EQ(neg2.getRange("N").lo, 0);
}

TEST_F(SymbolicExprTest, Substitution) {
  Expr b = sym("B"), s = sym("S"), t = sym("T");
  llvm::StringMap<Expr> map;
  map["S"] = t * 2;
  EXPECT_EQ((b * s).substitute(map), b * t * 2);
  EXPECT_EQ((b * s).substitute(map).str(), "2*B*T");
  map.clear();
  map["B"] = cst(4);
  map["S"] = cst(3);
  EXPECT_EQ((b * s + 1).substitute(map), cst(13));
  map.clear();
  map["S"] = cst(20);
  EXPECT_EQ(parse("S floordiv 8 + S ceildiv 8 + S mod 8 + B").substitute(map),
            b + 9);
  map.clear();
  map["S"] = t * 8;
  EXPECT_EQ(parse("(S + 3) floordiv 8").substitute(map), t);
  EXPECT_EQ(parse("B + 1").substitute(map), b + 1);
  map["B"] = Expr();
  EXPECT_FALSE(parse("B + 1").substitute(map));
}

TEST_F(SymbolicExprTest, Evaluation) {
  llvm::StringMap<int64_t> values;
  values["B"] = 3;
  values["S"] = 4;
  EXPECT_EQ(parse("B*S + 1").evaluate(values), 13);
  EXPECT_EQ(parse("(S - 9) floordiv 2").evaluate(values), -3);
  values["S"] = 0;
  EXPECT_EQ(parse("(S - 9) floordiv 2").evaluate(values), -5);
  EXPECT_EQ(parse("(S - 9) ceildiv 2").evaluate(values), -4);
  EXPECT_EQ(parse("(S - 9) mod 2").evaluate(values), 1);
  EXPECT_EQ(parse("(S - 9) mod 4").evaluate(values), 3);
  EXPECT_EQ(cst(-5).evaluate(values), -5);
  EXPECT_FALSE(parse("B + T").evaluate(values));
  EXPECT_FALSE(Expr().evaluate(values));
  values["X"] = int64_t(1) << 32;
  EXPECT_FALSE(parse("X*X").evaluate(values));
  EXPECT_EQ(parse("X*X floordiv 4").evaluate({{"X", int64_t(1) << 31}}),
            int64_t(1) << 60);
  values["X"] = kMax;
  EXPECT_FALSE(parse("X + 1").evaluate(values));
  EXPECT_EQ(parse("X - 1").evaluate(values), kMax - 1);
}

TEST_F(SymbolicExprTest, ParseErrors) {
  const char *bad[] = {"S floordiv 0", "S floordiv B", "S floordiv -2",
                       "S mod",        "S +",          "(S",
                       "S )",          "S B",          "",
                       "   ",          "*S",           "floordiv 2",
                       "S # 2",        "2 mod 0",      "99999999999999999999",
                       "S ceildiv (4)"};
  for (const char *text : bad) {
    std::string error;
    Expr e = parseExpr(ctx, text, error);
    EXPECT_FALSE(e) << "'" << text << "' parsed as " << e.str();
    EXPECT_FALSE(error.empty()) << "no error for '" << text << "'";
  }
  std::string error;
  EXPECT_FALSE(parseExpr(ctx, "S floordiv 0", error));
  EXPECT_NE(error.find("divisor of floordiv must be a positive integer"),
            std::string::npos)
      << error;
  error.clear();
  EXPECT_FALSE(parseExpr(ctx, "S mod B", error));
  EXPECT_NE(error.find("divisor of mod"), std::string::npos) << error;
  // Deep nesting is an error, not a stack overflow.
  std::string deep(100000, '(');
  error.clear();
  EXPECT_FALSE(parseExpr(ctx, deep + "S", error));
  EXPECT_FALSE(error.empty());
  error.clear();
  EXPECT_FALSE(parseExpr(ctx, std::string(100000, '-') + "S", error));
  EXPECT_FALSE(error.empty());
}

TEST_F(SymbolicExprTest, ParseAccepts) {
  EXPECT_EQ(parse("  seq_len$1.x  *2 "), sym("seq_len$1.x") * 2);
  EXPECT_EQ(parse("--S"), sym("S"));
  EXPECT_EQ(parse("-2*S"), sym("S") * -2);
  EXPECT_EQ(parse("S floordiv 2 floordiv 3"), sym("S").floorDiv(6));
  EXPECT_EQ(parse("2*S floordiv 4"), sym("S").floorDiv(2));
  EXPECT_EQ(parse("S - S floordiv 8"), sym("S") - sym("S").floorDiv(8));
  EXPECT_EQ(parse("B*(S floordiv 8)"), sym("B") * sym("S").floorDiv(8));
}

TEST_F(SymbolicExprTest, PrintParseRoundTrip) {
  const char *texts[] = {
      "0",
      "-3",
      "S",
      "-S",
      "S + 2",
      "-S + 4",
      "B*S + 2*S - 3",
      "(B + 1)*S",
      "S floordiv 8",
      "S ceildiv 8",
      "S mod 8",
      "(B + S) floordiv 4",
      "(B + 1) floordiv 2",
      "B*(S floordiv 8)",
      "-(S floordiv 8)",
      "S - S floordiv 8",
      "2*(S floordiv 8) + 1",
      "(S floordiv 8)*(S mod 8)",
      "(S - 1) floordiv 8",
      "(-S) floordiv 8",
      "(2*S + 1) mod 4",
      "(2*S) mod 4",
      "((S floordiv 2) + B) ceildiv 3",
      "(S mod 8) floordiv 3",
      "(B*S) floordiv 2",
      "((B + 1) mod 3)*((B + 1) mod 3)",
      "B*B*S - 7*B + 1",
      "-(S ceildiv 4)*B + 9",
      "((S + 1) floordiv 2) mod 5",
      "x_1 + y.z - w$",
      "3*(S mod 7) - 2*(T ceildiv 5)",
  };
  for (const char *text : texts) {
    Expr e = parse(text);
    std::string printed = e.str();
    std::string error;
    Expr again = parseExpr(ctx, printed, error);
    EXPECT_EQ(again, e) << text << " printed as '" << printed << "': " << error;
    EXPECT_EQ(again.str(), printed);
  }
  // Built forms whose coefficients have no literal (INT64_MIN).
  Expr built[] = {cst(kMin), sym("S") * kMin + sym("B"),
                  sym("B") - sym("S").floorDiv(3) * kMin, cst(kMax)};
  for (Expr e : built) {
    std::string printed = e.str(), error;
    EXPECT_EQ(parseExpr(ctx, printed, error), e) << printed << ": " << error;
  }
}

/// A naive expression tree evaluated independently of the normal form.
struct RefExpr {
  std::function<std::optional<int64_t>(const llvm::StringMap<int64_t> &)> eval;
  Expr expr;
};

static std::optional<int64_t> refDiv(char op, std::optional<int64_t> a,
                                     int64_t c) {
  if (!a)
    return std::nullopt;
  int64_t q = *a / c, r = *a % c;
  if (op == 'f')
    return r < 0 ? q - 1 : q;
  if (op == 'c')
    return r > 0 ? q + 1 : q;
  return r < 0 ? r + c : r;
}

/// Builds random expressions; normalization must preserve values, printing
/// must round-trip and simplification under facts must preserve values.
TEST_F(SymbolicExprTest, RandomizedProperties) {
  std::mt19937 rng(12345);
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  const char *names[] = {"A", "B", "S"};
  std::function<RefExpr(int)> gen = [&](int depth) -> RefExpr {
    int choice = depth <= 0 ? pick(2) : pick(8);
    if (choice == 0) {
      int64_t v = pick(21) - 10;
      return {[v](const auto &) { return std::optional<int64_t>(v); }, cst(v)};
    }
    if (choice == 1) {
      std::string name = names[pick(3)];
      return {[name](const auto &m) {
                return std::optional<int64_t>(m.lookup(name));
              },
              sym(name)};
    }
    RefExpr a = gen(depth - 1);
    if (choice >= 5) {
      char op = "fcm"[choice - 5];
      int64_t c = pick(7) + 1;
      Expr e = op == 'f'   ? a.expr.floorDiv(c)
               : op == 'c' ? a.expr.ceilDiv(c)
                           : a.expr.mod(c);
      return {[a, op, c](const auto &m) { return refDiv(op, a.eval(m), c); },
              e};
    }
    RefExpr b = gen(depth - 1);
    char op = "+-*"[choice - 2];
    Expr e = op == '+'   ? a.expr + b.expr
             : op == '-' ? a.expr - b.expr
                         : a.expr * b.expr;
    return {[a, b, op](const auto &m) -> std::optional<int64_t> {
              auto x = a.eval(m), y = b.eval(m);
              if (!x || !y)
                return std::nullopt;
              int64_t v;
              bool overflow = op == '+'   ? __builtin_add_overflow(*x, *y, &v)
                              : op == '-' ? __builtin_sub_overflow(*x, *y, &v)
                                          : __builtin_mul_overflow(*x, *y, &v);
              return overflow ? std::nullopt : std::optional<int64_t>(v);
            },
            e};
  };
  Facts facts;
  facts.addDivisibility("S", 4);
  facts.addRange("A", 0, 5);
  for (int iter = 0; iter < 1000; ++iter) {
    RefExpr r = gen(3);
    ASSERT_TRUE(r.expr);
    std::string printed = r.expr.str(), error;
    Expr again = parseExpr(ctx, printed, error);
    ASSERT_EQ(again, r.expr) << "'" << printed << "': " << error;
    Expr simplified = simplify(r.expr, facts);
    for (int trial = 0; trial < 8; ++trial) {
      llvm::StringMap<int64_t> values;
      values["A"] = pick(6);
      values["B"] = pick(30);
      values["S"] = 4 * pick(10);
      std::optional<int64_t> expected = r.eval(values);
      ASSERT_TRUE(expected) << printed; // Small values: no overflow.
      ASSERT_EQ(r.expr.evaluate(values), expected) << printed;
      ASSERT_EQ(simplified.evaluate(values), expected)
          << printed << " simplified to " << simplified.str();
      Interval bounds = getBounds(r.expr, facts);
      ASSERT_TRUE(bounds.contains(*expected))
          << printed << " = " << *expected << " outside [" << bounds.lo << ", "
          << bounds.hi << "]";
    }
  }
}

TEST_F(SymbolicExprTest, ThreadSafety) {
  auto build = [&](llvm::SmallVectorImpl<Expr> &out) {
    for (int i = 0; i < 300; ++i) {
      Expr s = sym("S" + std::to_string(i % 17)), b = sym("B");
      out.push_back(((b + i) * s).floorDiv(i % 5 + 2) + s.mod(i % 7 + 2) -
                    b * i);
    }
  };
  llvm::SmallVector<Expr> first, second;
  std::thread t1([&] { build(first); });
  std::thread t2([&] { build(second); });
  t1.join();
  t2.join();
  ASSERT_EQ(first.size(), second.size());
  for (size_t i = 0; i < first.size(); ++i)
    EXPECT_EQ(first[i], second[i]) << i;
}

} // namespace
