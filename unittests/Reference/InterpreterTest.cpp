//===- InterpreterTest.cpp - Tests of the reference interpreter -----------===//
//
// Parses small Kiln functions, runs kiln::interpret on hand-made inputs and
// compares with values computed by hand (or by an independent loop in the
// test): broadcasting, matmul, softmax, norms, reductions, data movement,
// casts and rounding, comparisons, and the errors of symbol binding, shape
// checks, facts and unsupported ops.
//
//===----------------------------------------------------------------------===//

#include "kiln/Reference/Interpreter.h"
#include "kiln/Signature/Signature.h"

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

#include <cmath>
#include <functional>
#include <limits>

using namespace kiln;

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

/// A tensor of `dtype` and `shape` holding `values` (rounded to dtype).
HostTensor makeTensor(DType dtype, llvm::ArrayRef<int64_t> shape,
                      llvm::ArrayRef<double> values) {
  HostTensor t(dtype, shape);
  EXPECT_EQ(static_cast<int64_t>(values.size()), t.getNumElements());
  for (auto [i, v] : llvm::enumerate(values))
    if (static_cast<int64_t>(i) < t.getNumElements())
      t.setFromDouble(i, v);
  return t;
}

/// 0, 1, 2, ... in `shape`.
HostTensor iota(DType dtype, llvm::ArrayRef<int64_t> shape) {
  HostTensor t(dtype, shape);
  for (int64_t i = 0; i < t.getNumElements(); ++i)
    t.setFromDouble(i, static_cast<double>(i));
  return t;
}

/// The elements of `t` as doubles.
std::vector<double> values(const HostTensor &t) {
  std::vector<double> result;
  for (int64_t i = 0; i < t.getNumElements(); ++i)
    result.push_back(t.getAsDouble(i));
  return result;
}

/// A vector of move-only tensors.
template <typename... Ts> std::vector<HostTensor> tensors(Ts &&...ts) {
  std::vector<HostTensor> result;
  (result.push_back(std::forward<Ts>(ts)), ...);
  return result;
}

class InterpreterTest : public ::testing::Test {
protected:
  InterpreterTest() {
    context.loadDialect<KilnDialect, mlir::func::FuncDialect>();
  }

  /// Parses `source` and returns its first function (null on failure).
  mlir::func::FuncOp parse(llvm::StringRef source) {
    module = mlir::parseSourceString<mlir::ModuleOp>(source, &context);
    if (!module) {
      ADD_FAILURE() << "cannot parse:\n" << source.str();
      return nullptr;
    }
    auto funcs = module->getOps<mlir::func::FuncOp>();
    if (funcs.empty()) {
      ADD_FAILURE() << "no function in:\n" << source.str();
      return nullptr;
    }
    return *funcs.begin();
  }

  /// Runs the first function of `source`, expecting success.
  std::vector<HostTensor> run(llvm::StringRef source,
                              llvm::ArrayRef<HostTensor> inputs) {
    mlir::func::FuncOp func = parse(source);
    if (!func)
      return {};
    llvm::Expected<std::vector<HostTensor>> outputs = interpret(func, inputs);
    if (!outputs) {
      ADD_FAILURE() << llvm::toString(outputs.takeError());
      return {};
    }
    return std::move(*outputs);
  }

  /// Runs the first function of `source`, expecting an error; returns it.
  std::string runError(llvm::StringRef source,
                       llvm::ArrayRef<HostTensor> inputs) {
    mlir::func::FuncOp func = parse(source);
    if (!func)
      return "";
    llvm::Expected<std::vector<HostTensor>> outputs = interpret(func, inputs);
    if (outputs) {
      ADD_FAILURE() << "interpreting succeeded";
      return "";
    }
    return llvm::toString(outputs.takeError());
  }

  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

/// Expects `actual` to hold `expected` (NaN matches NaN).
void expectValues(const HostTensor &actual, llvm::ArrayRef<double> expected,
                  double tolerance = 0.0) {
  std::vector<double> got = values(actual);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(expected[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << "element " << i;
      continue;
    }
    if (tolerance == 0.0)
      EXPECT_EQ(got[i], expected[i]) << "element " << i;
    else
      EXPECT_NEAR(got[i], expected[i], tolerance) << "element " << i;
  }
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, BroadcastingAdd) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[B, 1], f32>, %y: !kiln.tensor<[3], f32>)
        -> !kiln.tensor<[B, 3], f32> {
      %0 = kiln.add %x, %y : !kiln.tensor<[B, 1], f32>, !kiln.tensor<[3], f32>
          -> !kiln.tensor<[B, 3], f32>
      return %0 : !kiln.tensor<[B, 3], f32>
    })mlir";
  std::vector<HostTensor> out =
      run(source, tensors(makeTensor(DType::F32, {2, 1}, {10, 20}),
                          makeTensor(DType::F32, {3}, {1, 2, 3})));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].getDType(), DType::F32);
  EXPECT_EQ(out[0].getShape(), llvm::ArrayRef<int64_t>({2, 3}));
  expectValues(out[0], {11, 12, 13, 21, 22, 23});
}

TEST_F(InterpreterTest, GenericFormAndScalarBroadcast) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[S], f32>, %y: !kiln.tensor<[], f32>)
        -> !kiln.tensor<[S], f32> {
      %0 = "kiln.mul"(%x, %y) : (!kiln.tensor<[S], f32>, !kiln.tensor<[], f32>)
          -> !kiln.tensor<[S], f32>
      %1 = "kiln.sub"(%0, %y) : (!kiln.tensor<[S], f32>, !kiln.tensor<[], f32>)
          -> !kiln.tensor<[S], f32>
      return %1 : !kiln.tensor<[S], f32>
    })mlir";
  std::vector<HostTensor> out =
      run(source, tensors(makeTensor(DType::F32, {4}, {1, 2, 3, 4}),
                          makeTensor(DType::F32, {}, {0.5})));
  ASSERT_EQ(out.size(), 1u);
  expectValues(out[0], {0, 0.5, 1, 1.5});
}

TEST_F(InterpreterTest, EveryUnaryOp) {
  const char *source = R"mlir(
    !v = !kiln.tensor<[N], f64>
    func.func @f(%x: !v) -> (!v, !v, !v, !v, !v, !v, !v, !v, !v, !v, !v, !v,
                             !v, !v, !v, !v) {
      %0 = kiln.neg %x : !v
      %1 = kiln.abs %x : !v
      %2 = kiln.exp %x : !v
      %3 = kiln.log %x : !v
      %4 = kiln.sqrt %x : !v
      %5 = kiln.rsqrt %x : !v
      %6 = kiln.tanh %x : !v
      %7 = kiln.sigmoid %x : !v
      %8 = kiln.relu %x : !v
      %9 = kiln.silu %x : !v
      %10 = kiln.erf %x : !v
      %11 = kiln.sin %x : !v
      %12 = kiln.cos %x : !v
      %13 = kiln.reciprocal %x : !v
      %14 = kiln.gelu %x : !v
      %15 = kiln.gelu %x {approximate = "tanh"} : !v
      return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15
          : !v, !v, !v, !v, !v, !v, !v, !v, !v, !v, !v, !v, !v, !v, !v, !v
    })mlir";
  const double xs[] = {-1.5, 0.25, 2.0};
  std::vector<HostTensor> out =
      run(source, tensors(makeTensor(DType::F64, {3}, xs)));
  ASSERT_EQ(out.size(), 16u);
  auto sigmoid = [](double x) { return 1.0 / (1.0 + std::exp(-x)); };
  std::function<double(double)> fns[] = {
      [](double x) { return -x; },
      [](double x) { return std::fabs(x); },
      [](double x) { return std::exp(x); },
      [](double x) { return std::log(x); },
      [](double x) { return std::sqrt(x); },
      [](double x) { return 1.0 / std::sqrt(x); },
      [](double x) { return std::tanh(x); },
      sigmoid,
      [](double x) { return x > 0 ? x : 0.0; },
      [&](double x) { return x * sigmoid(x); },
      [](double x) { return std::erf(x); },
      [](double x) { return std::sin(x); },
      [](double x) { return std::cos(x); },
      [](double x) { return 1.0 / x; },
      [](double x) { return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))); },
      [](double x) {
        return 0.5 * x *
               (1.0 +
                std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
      },
  };
  for (size_t k = 0; k < 16; ++k) {
    std::vector<double> expected;
    for (double x : xs)
      expected.push_back(fns[k](x));
    SCOPED_TRACE("result " + std::to_string(k));
    expectValues(out[k], expected, 1e-15);
  }
  // Spot values computed independently (Python's math module).
  EXPECT_NEAR(values(out[14])[2], 1.9544997361036416, 1e-15);
  EXPECT_NEAR(values(out[15])[2], 1.954597694087775, 1e-15);
}

TEST_F(InterpreterTest, F16ArithmeticRoundsLikeF16) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[2], f16>, %y: !kiln.tensor<[2], f16>)
        -> !kiln.tensor<[2], f16> {
      %0 = kiln.add %x, %y : !kiln.tensor<[2], f16>, !kiln.tensor<[2], f16>
          -> !kiln.tensor<[2], f16>
      return %0 : !kiln.tensor<[2], f16>
    })mlir";
  // 2048 + 1 is a tie between 2048 and 2050 (ties to even: 2048); 2048 + 3
  // is a tie between 2050 and 2052 (2052).
  std::vector<HostTensor> out =
      run(source, tensors(makeTensor(DType::F16, {2}, {2048, 2048}),
                          makeTensor(DType::F16, {2}, {1, 3})));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].getDType(), DType::F16);
  expectValues(out[0], {2048, 2052});
}

TEST_F(InterpreterTest, IntegerDivisionTruncatesAndRejectsZero) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[N], i32>, %y: !kiln.tensor<[N], i32>)
        -> !kiln.tensor<[N], i32> {
      %0 = kiln.div %x, %y : !kiln.tensor<[N], i32>, !kiln.tensor<[N], i32>
          -> !kiln.tensor<[N], i32>
      return %0 : !kiln.tensor<[N], i32>
    })mlir";
  std::vector<HostTensor> out =
      run(source,
          tensors(makeTensor(DType::I32, {5}, {7, -7, 7, -7, -2147483648.0}),
                  makeTensor(DType::I32, {5}, {2, 2, -2, -2, -1})));
  ASSERT_EQ(out.size(), 1u);
  // INT32_MIN / -1 wraps, as in two's complement.
  expectValues(out[0], {3, -3, -3, 3, -2147483648.0});

  // x / 0 is 0, as in NumPy (and in the compiled code).
  std::vector<HostTensor> byZero =
      run(source, tensors(makeTensor(DType::I32, {2}, {1, 2}),
                          makeTensor(DType::I32, {2}, {1, 0})));
  ASSERT_EQ(byZero.size(), 1u);
  expectValues(byZero[0], {1, 0});
}

TEST_F(InterpreterTest, IntegerArithmeticWraps) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[2], i32>) -> !kiln.tensor<[2], i32> {
      %0 = kiln.add %x, %x : !kiln.tensor<[2], i32>, !kiln.tensor<[2], i32>
          -> !kiln.tensor<[2], i32>
      %1 = kiln.neg %0 : !kiln.tensor<[2], i32>
      return %1 : !kiln.tensor<[2], i32>
    })mlir";
  std::vector<HostTensor> out =
      run(source, tensors(makeTensor(DType::I32, {2}, {2147483647.0, -3})));
  ASSERT_EQ(out.size(), 1u);
  // 2 * INT32_MAX wraps to -2; its negation is 2.
  expectValues(out[0], {2, 6});
}

TEST_F(InterpreterTest, MaxMinPowAndNaN) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[3], f32>, %y: !kiln.tensor<[3], f32>)
        -> (!kiln.tensor<[3], f32>, !kiln.tensor<[3], f32>, !kiln.tensor<[3], f32>) {
      %0 = kiln.max %x, %y : !kiln.tensor<[3], f32>, !kiln.tensor<[3], f32>
          -> !kiln.tensor<[3], f32>
      %1 = kiln.min %x, %y : !kiln.tensor<[3], f32>, !kiln.tensor<[3], f32>
          -> !kiln.tensor<[3], f32>
      %2 = kiln.pow %x, %y : !kiln.tensor<[3], f32>, !kiln.tensor<[3], f32>
          -> !kiln.tensor<[3], f32>
      return %0, %1, %2 : !kiln.tensor<[3], f32>, !kiln.tensor<[3], f32>,
          !kiln.tensor<[3], f32>
    })mlir";
  std::vector<HostTensor> out =
      run(source, tensors(makeTensor(DType::F32, {3}, {1, kNan, 2}),
                          makeTensor(DType::F32, {3}, {3, 1, kNan})));
  ASSERT_EQ(out.size(), 3u);
  expectValues(out[0], {3, kNan, kNan});
  expectValues(out[1], {1, kNan, kNan});
  expectValues(out[2], {1, kNan, kNan});
}

TEST_F(InterpreterTest, CompareAndSelect) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[S], f32>, %t: !kiln.tensor<[], f32>)
        -> (!kiln.tensor<[S], i1>, !kiln.tensor<[S], f32>, !kiln.tensor<[S], i1>) {
      %c = kiln.cmp %x, %t {predicate = "gt"} : !kiln.tensor<[S], f32>,
          !kiln.tensor<[], f32> -> !kiln.tensor<[S], i1>
      %s = kiln.select %c, %x, %t : !kiln.tensor<[S], i1>, !kiln.tensor<[S], f32>,
          !kiln.tensor<[], f32> -> !kiln.tensor<[S], f32>
      %n = kiln.cmp %x, %x {predicate = "ne"} : !kiln.tensor<[S], f32>,
          !kiln.tensor<[S], f32> -> !kiln.tensor<[S], i1>
      return %c, %s, %n : !kiln.tensor<[S], i1>, !kiln.tensor<[S], f32>,
          !kiln.tensor<[S], i1>
    })mlir";
  std::vector<HostTensor> out =
      run(source, tensors(makeTensor(DType::F32, {4}, {-1, 0.5, 2, kNan}),
                          makeTensor(DType::F32, {}, {0})));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].getDType(), DType::I1);
  expectValues(out[0], {0, 1, 1, 0});
  expectValues(out[1], {0, 0.5, 2, 0});
  expectValues(out[2], {0, 0, 0, 1}); // Only NaN != NaN.

  // Every predicate on (1, 2), (2, 2), (3, 2).
  const char *predicates[] = {"eq", "ne", "lt", "le", "gt", "ge"};
  const double expected[][3] = {{0, 1, 0}, {1, 0, 1}, {1, 0, 0},
                                {1, 1, 0}, {0, 0, 1}, {0, 1, 1}};
  for (auto [predicate, want] : llvm::zip(predicates, expected)) {
    std::string cmp = std::string(R"mlir(
      func.func @f(%x: !kiln.tensor<[3], i64>, %y: !kiln.tensor<[], i64>)
          -> !kiln.tensor<[3], i1> {
        %c = kiln.cmp %x, %y {predicate = ")mlir") +
                      predicate + R"mlir("} : !kiln.tensor<[3], i64>,
            !kiln.tensor<[], i64> -> !kiln.tensor<[3], i1>
        return %c : !kiln.tensor<[3], i1>
      })mlir";
    std::vector<HostTensor> r =
        run(cmp, tensors(makeTensor(DType::I64, {3}, {1, 2, 3}),
                         makeTensor(DType::I64, {}, {2})));
    ASSERT_EQ(r.size(), 1u);
    SCOPED_TRACE(predicate);
    expectValues(r[0], want);
  }
}

TEST_F(InterpreterTest, CastRoundsToTheTargetType) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[N], f32>)
        -> (!kiln.tensor<[N], bf16>, !kiln.tensor<[N], i32>, !kiln.tensor<[N], i1>,
            !kiln.tensor<[N], f16>) {
      %0 = kiln.cast %x : !kiln.tensor<[N], f32> -> !kiln.tensor<[N], bf16>
      %1 = kiln.cast %x : !kiln.tensor<[N], f32> -> !kiln.tensor<[N], i32>
      %2 = kiln.cast %x : !kiln.tensor<[N], f32> -> !kiln.tensor<[N], i1>
      %3 = kiln.cast %x : !kiln.tensor<[N], f32> -> !kiln.tensor<[N], f16>
      return %0, %1, %2, %3 : !kiln.tensor<[N], bf16>, !kiln.tensor<[N], i32>,
          !kiln.tensor<[N], i1>, !kiln.tensor<[N], f16>
    })mlir";
  std::vector<HostTensor> out = run(
      source,
      tensors(makeTensor(DType::F32, {5},
                         {1.0 + 0x1p-8, 1.0 + 3 * 0x1p-8, 0.1, -2.7, 0.0})));
  ASSERT_EQ(out.size(), 4u);
  ASSERT_EQ(out[0].getDType(), DType::BF16);
  const auto *bits = static_cast<const uint16_t *>(out[0].getData());
  EXPECT_EQ(bits[0], 0x3F80); // Tie: to even (down).
  EXPECT_EQ(bits[1], 0x3F82); // Tie: to even (up).
  EXPECT_EQ(bits[2], 0x3DCD);
  EXPECT_EQ(bits[3], 0xC02D);
  EXPECT_EQ(bits[4], 0x0000);
  expectValues(out[1], {1, 1, 0, -2, 0});
  expectValues(out[2], {1, 1, 1, 1, 0});
  EXPECT_EQ(out[3].getDType(), DType::F16);
  const auto *half = static_cast<const uint16_t *>(out[3].getData());
  EXPECT_EQ(half[2], 0x2E66);
}

//===----------------------------------------------------------------------===//
// Reductions and composites
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, ReductionsWithNegativeDimsAndKeepdim) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[2, 3, 4], f32>)
        -> (!kiln.tensor<[2, 3, 1], f32>, !kiln.tensor<[3], f32>,
            !kiln.tensor<[2, 4], f32>, !kiln.tensor<[2, 1, 4], f32>,
            !kiln.tensor<[], f32>) {
      %0 = kiln.reduce_sum %x {dims = array<i64: -1>, keepdim = true}
          : !kiln.tensor<[2, 3, 4], f32> -> !kiln.tensor<[2, 3, 1], f32>
      %1 = kiln.reduce_mean %x {dims = array<i64: 0, -1>}
          : !kiln.tensor<[2, 3, 4], f32> -> !kiln.tensor<[3], f32>
      %2 = kiln.reduce_max %x {dims = array<i64: 1>}
          : !kiln.tensor<[2, 3, 4], f32> -> !kiln.tensor<[2, 4], f32>
      %3 = kiln.reduce_min %x {dims = array<i64: -2>, keepdim = true}
          : !kiln.tensor<[2, 3, 4], f32> -> !kiln.tensor<[2, 1, 4], f32>
      %4 = kiln.reduce_sum %x {dims = array<i64: 2, 0, 1>}
          : !kiln.tensor<[2, 3, 4], f32> -> !kiln.tensor<[], f32>
      return %0, %1, %2, %3, %4 : !kiln.tensor<[2, 3, 1], f32>, !kiln.tensor<[3], f32>,
          !kiln.tensor<[2, 4], f32>, !kiln.tensor<[2, 1, 4], f32>, !kiln.tensor<[], f32>
    })mlir";
  std::vector<HostTensor> out =
      run(source, tensors(iota(DType::F32, {2, 3, 4})));
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[0].getShape(), llvm::ArrayRef<int64_t>({2, 3, 1}));
  expectValues(out[0], {6, 22, 38, 54, 70, 86});
  // Row r of the middle dim holds 4r..4r+3 and 12+4r..12+4r+3: mean 4r+7.5.
  expectValues(out[1], {7.5, 11.5, 15.5});
  expectValues(out[2], {8, 9, 10, 11, 20, 21, 22, 23});
  EXPECT_EQ(out[3].getShape(), llvm::ArrayRef<int64_t>({2, 1, 4}));
  expectValues(out[3], {0, 1, 2, 3, 12, 13, 14, 15});
  EXPECT_EQ(out[4].getRank(), 0);
  expectValues(out[4], {276});
}

TEST_F(InterpreterTest, IntegerReductionsAndEmptyMax) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[R, C], i64>)
        -> (!kiln.tensor<[R], i64>, !kiln.tensor<[C], i64>) {
      %0 = kiln.reduce_sum %x {dims = array<i64: 1>}
          : !kiln.tensor<[R, C], i64> -> !kiln.tensor<[R], i64>
      %1 = kiln.reduce_max %x {dims = array<i64: 0>}
          : !kiln.tensor<[R, C], i64> -> !kiln.tensor<[C], i64>
      return %0, %1 : !kiln.tensor<[R], i64>, !kiln.tensor<[C], i64>
    })mlir";
  std::vector<HostTensor> out = run(
      source, tensors(makeTensor(DType::I64, {2, 3}, {1, -5, 3, 4, 2, -6})));
  ASSERT_EQ(out.size(), 2u);
  expectValues(out[0], {-1, 0});
  expectValues(out[1], {4, 2, 3});

  // A maximum over a symbolic dim that is empty in this call is an error
  // naming the op, found when the call binds its arguments (Signature).
  std::string error =
      runError(source, tensors(makeTensor(DType::I64, {0, 3}, {})));
  EXPECT_NE(error.find("kiln.reduce_max"), std::string::npos) << error;
  EXPECT_NE(error.find("dim 0 (R = 0) is empty"), std::string::npos) << error;
}

TEST_F(InterpreterTest, SoftmaxAndLogSoftmax) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[B, S], f32>)
        -> (!kiln.tensor<[B, S], f32>, !kiln.tensor<[B, S], f32>,
            !kiln.tensor<[B, S], f32>) {
      %0 = kiln.softmax %x {dim = -1 : i64} : !kiln.tensor<[B, S], f32>
      %1 = kiln.log_softmax %x {dim = 1 : i64} : !kiln.tensor<[B, S], f32>
      %2 = kiln.softmax %x {dim = 0 : i64} : !kiln.tensor<[B, S], f32>
      return %0, %1, %2 : !kiln.tensor<[B, S], f32>, !kiln.tensor<[B, S], f32>,
          !kiln.tensor<[B, S], f32>
    })mlir";
  // The second row would overflow exp() without the max subtraction.
  const double x[] = {1, 2, 3, 1000, 1001, 1002};
  std::vector<HostTensor> out =
      run(source, tensors(makeTensor(DType::F32, {2, 3}, x)));
  ASSERT_EQ(out.size(), 3u);
  std::vector<double> p = values(out[0]);
  for (int row = 0; row < 2; ++row) {
    double sum = 0.0;
    for (int j = 0; j < 3; ++j) {
      EXPECT_TRUE(std::isfinite(p[row * 3 + j]));
      sum += p[row * 3 + j];
    }
    EXPECT_NEAR(sum, 1.0, 1e-6);
  }
  double z = std::exp(-2.0) + std::exp(-1.0) + 1.0;
  const double expected[] = {std::exp(-2.0) / z, std::exp(-1.0) / z, 1.0 / z};
  for (int j = 0; j < 3; ++j) {
    EXPECT_NEAR(p[j], expected[j], 1e-7);
    EXPECT_NEAR(p[3 + j], expected[j], 1e-7);
  }
  std::vector<double> logP = values(out[1]);
  for (int j = 0; j < 6; ++j)
    EXPECT_NEAR(logP[j], std::log(expected[j % 3]), 1e-6);
  // Along dim 0 each column is (0, 1) after normalization, up to rounding.
  expectValues(out[2], {0, 0, 0, 1, 1, 1}, 1e-7);
}

TEST_F(InterpreterTest, LayerNormAndRmsNorm) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[B, D], f32>, %w: !kiln.tensor<[D], f32>,
                 %b: !kiln.tensor<[D], f32>)
        -> (!kiln.tensor<[B, D], f32>, !kiln.tensor<[B, D], f32>) {
      %0 = kiln.layer_norm %x, %w, %b {epsilon = 1.0e-05 : f64}
          : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D], f32>, !kiln.tensor<[D], f32>
      %1 = kiln.rms_norm %x, %w {epsilon = 1.0e-06 : f64}
          : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D], f32>
      return %0, %1 : !kiln.tensor<[B, D], f32>, !kiln.tensor<[B, D], f32>
    })mlir";
  const double x[] = {1, 2, 3, 4, 2, 4, 6, 8};
  const double w[] = {1, 2, 0.5, -1};
  const double b[] = {0, 1, 0, 0.5};
  std::vector<HostTensor> out =
      run(source, tensors(makeTensor(DType::F32, {2, 4}, x),
                          makeTensor(DType::F32, {4}, w),
                          makeTensor(DType::F32, {4}, b)));
  ASSERT_EQ(out.size(), 2u);
  // Row 0: mean 2.5, biased variance 1.25; row 1: mean 5, variance 5.
  std::vector<double> layerNorm, rmsNorm;
  const double means[] = {2.5, 5.0}, variances[] = {1.25, 5.0};
  const double meanSquares[] = {30.0 / 4, 120.0 / 4};
  for (int row = 0; row < 2; ++row) {
    for (int j = 0; j < 4; ++j) {
      double v = x[row * 4 + j];
      layerNorm.push_back(roundToDType(
          DType::F32,
          (v - means[row]) / std::sqrt(variances[row] + 1e-5) * w[j] + b[j]));
      rmsNorm.push_back(roundToDType(
          DType::F32, v / std::sqrt(meanSquares[row] + 1e-6) * w[j]));
    }
  }
  expectValues(out[0], layerNorm);
  expectValues(out[1], rmsNorm);
  // (1 - 2.5) / sqrt(1.25 + 1e-5) = -1.3416354...
  EXPECT_NEAR(values(out[0])[0], -1.3416354, 1e-6);
}

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, Matmul2D) {
  const char *source = R"mlir(
    func.func @f(%a: !kiln.tensor<[M, K], f32>, %b: !kiln.tensor<[K, N], f32>)
        -> !kiln.tensor<[M, N], f32> {
      %0 = kiln.matmul %a, %b : !kiln.tensor<[M, K], f32>, !kiln.tensor<[K, N], f32>
          -> !kiln.tensor<[M, N], f32>
      return %0 : !kiln.tensor<[M, N], f32>
    })mlir";
  std::vector<HostTensor> out =
      run(source, tensors(makeTensor(DType::F32, {2, 2}, {1, 2, 3, 4}),
                          makeTensor(DType::F32, {2, 2}, {5, 6, 7, 8})));
  ASSERT_EQ(out.size(), 1u);
  expectValues(out[0], {19, 22, 43, 50});
}

TEST_F(InterpreterTest, MatmulBroadcastsBatchDims) {
  const char *source = R"mlir(
    func.func @f(%a: !kiln.tensor<[2, 1, M, K], f32>, %b: !kiln.tensor<[3, K, N], f32>)
        -> !kiln.tensor<[2, 3, M, N], f32> {
      %0 = kiln.matmul %a, %b : !kiln.tensor<[2, 1, M, K], f32>,
          !kiln.tensor<[3, K, N], f32> -> !kiln.tensor<[2, 3, M, N], f32>
      return %0 : !kiln.tensor<[2, 3, M, N], f32>
    })mlir";
  const int64_t m = 2, k = 3, n = 4;
  std::vector<HostTensor> out =
      run(source,
          tensors(iota(DType::F32, {2, 1, m, k}), iota(DType::F32, {3, k, n})));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].getShape(), llvm::ArrayRef<int64_t>({2, 3, m, n}));
  std::vector<double> expected;
  for (int64_t b0 = 0; b0 < 2; ++b0)
    for (int64_t b1 = 0; b1 < 3; ++b1)
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) {
          double sum = 0.0;
          for (int64_t p = 0; p < k; ++p)
            sum += static_cast<double>(b0 * m * k + i * k + p) *
                   static_cast<double>(b1 * k * n + p * n + j);
          expected.push_back(sum);
        }
  expectValues(out[0], expected);
  EXPECT_EQ(values(out[0])[0], 0 * 0 + 1 * 4 + 2 * 8);
}

//===----------------------------------------------------------------------===//
// Data movement and constants
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, Concat) {
  const char *source = R"mlir(
    func.func @f(%a: !kiln.tensor<[S, 1], f32>, %b: !kiln.tensor<[S, 2], f32>,
                 %c: !kiln.tensor<[1, 3], f32>)
        -> (!kiln.tensor<[S, 3], f32>, !kiln.tensor<[S + 1, 3], f32>) {
      %0 = kiln.concat %a, %b {dim = -1 : i64} : !kiln.tensor<[S, 1], f32>,
          !kiln.tensor<[S, 2], f32> -> !kiln.tensor<[S, 3], f32>
      %1 = kiln.concat %0, %c {dim = 0 : i64} : !kiln.tensor<[S, 3], f32>,
          !kiln.tensor<[1, 3], f32> -> !kiln.tensor<[S + 1, 3], f32>
      return %0, %1 : !kiln.tensor<[S, 3], f32>, !kiln.tensor<[S + 1, 3], f32>
    })mlir";
  std::vector<HostTensor> out =
      run(source, tensors(makeTensor(DType::F32, {2, 1}, {1, 2}),
                          makeTensor(DType::F32, {2, 2}, {3, 4, 5, 6}),
                          makeTensor(DType::F32, {1, 3}, {7, 8, 9})));
  ASSERT_EQ(out.size(), 2u);
  expectValues(out[0], {1, 3, 4, 2, 5, 6});
  EXPECT_EQ(out[1].getShape(), llvm::ArrayRef<int64_t>({3, 3}));
  expectValues(out[1], {1, 3, 4, 2, 5, 6, 7, 8, 9});
}

/// The float64 reference computes attention exactly (the probabilities are
/// not rounded to v's type, as the fused GPU kernel does not round them);
/// the rounded reference rounds them and its bf16 result.
TEST_F(InterpreterTest, AttentionFloat64KeepsProbabilitiesExact) {
  const char *source = R"mlir(
    func.func @f(%q: !kiln.tensor<[1, 2], bf16>, %k: !kiln.tensor<[3, 2], bf16>,
                 %v: !kiln.tensor<[3, 1], bf16>) -> !kiln.tensor<[1, 1], bf16> {
      %0 = kiln.attention %q, %k, %v {scale = 1.0 : f64} : !kiln.tensor<[1, 2], bf16>, !kiln.tensor<[3, 2], bf16>, !kiln.tensor<[3, 1], bf16> -> !kiln.tensor<[1, 1], bf16>
      return %0 : !kiln.tensor<[1, 1], bf16>
    })mlir";
  auto inputs = [] {
    return tensors(makeTensor(DType::BF16, {1, 2}, {1, 0}),
                   makeTensor(DType::BF16, {3, 2}, {0, 0, 1, 0, 2, 0}),
                   makeTensor(DType::BF16, {3, 1}, {1, -1, 0.5}));
  };
  double e = std::exp(1.0), sum = 1 + e + e * e;
  double exact = (1 - e + 0.5 * e * e) / sum;
  mlir::func::FuncOp func = parse(source);
  ASSERT_TRUE(func);
  llvm::Expected<std::vector<HostTensor>> wide =
      interpret(func, inputs(), Precision::Float64);
  ASSERT_TRUE(static_cast<bool>(wide)) << llvm::toString(wide.takeError());
  EXPECT_EQ((*wide)[0].getDType(), DType::F64);
  expectValues((*wide)[0], {exact}, 1e-12);
  // Rounded: the probabilities, then the result, in bf16.
  HostTensor p = makeTensor(DType::BF16, {3}, {1 / sum, e / sum, e * e / sum});
  HostTensor want = makeTensor(
      DType::BF16, {1},
      {p.getAsDouble(0) - p.getAsDouble(1) + 0.5 * p.getAsDouble(2)});
  std::vector<HostTensor> rounded = run(source, inputs());
  ASSERT_EQ(rounded.size(), 1u);
  expectValues(rounded[0], {want.getAsDouble(0)});
}

TEST_F(InterpreterTest, Transpose) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[A, B, C], i32>) -> !kiln.tensor<[C, A, B], i32> {
      %0 = kiln.transpose %x {perm = array<i64: 2, 0, 1>}
          : !kiln.tensor<[A, B, C], i32> -> !kiln.tensor<[C, A, B], i32>
      return %0 : !kiln.tensor<[C, A, B], i32>
    })mlir";
  std::vector<HostTensor> out =
      run(source, tensors(iota(DType::I32, {2, 3, 4})));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].getShape(), llvm::ArrayRef<int64_t>({4, 2, 3}));
  std::vector<double> got = values(out[0]);
  for (int64_t k = 0; k < 4; ++k)
    for (int64_t i = 0; i < 2; ++i)
      for (int64_t j = 0; j < 3; ++j)
        EXPECT_EQ(got[(k * 2 + i) * 3 + j], (i * 3 + j) * 4 + k);
}

TEST_F(InterpreterTest, ReshapeAndBroadcastTo) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[B, S, D], f32>, %y: !kiln.tensor<[1, D], f32>)
        -> (!kiln.tensor<[B*S, D], f32>, !kiln.tensor<[S, B*D], f32>,
            !kiln.tensor<[B, D], f32>, !kiln.tensor<[?, D], f32>) {
      %0 = kiln.reshape %x : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[B*S, D], f32>
      %1 = kiln.reshape %x : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[S, B*D], f32>
      %2 = kiln.broadcast_to %y : !kiln.tensor<[1, D], f32> -> !kiln.tensor<[B, D], f32>
      %3 = kiln.broadcast_to %y : !kiln.tensor<[1, D], f32> -> !kiln.tensor<[?, D], f32>
      return %0, %1, %2, %3 : !kiln.tensor<[B*S, D], f32>, !kiln.tensor<[S, B*D], f32>,
          !kiln.tensor<[B, D], f32>, !kiln.tensor<[?, D], f32>
    })mlir";
  std::vector<HostTensor> out =
      run(source, tensors(iota(DType::F32, {2, 3, 2}),
                          makeTensor(DType::F32, {1, 2}, {5, 6})));
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].getShape(), llvm::ArrayRef<int64_t>({6, 2}));
  expectValues(out[0], {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  EXPECT_EQ(out[1].getShape(), llvm::ArrayRef<int64_t>({3, 4}));
  expectValues(out[1], {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  EXPECT_EQ(out[2].getShape(), llvm::ArrayRef<int64_t>({2, 2}));
  expectValues(out[2], {5, 6, 5, 6});
  // A `?` target dim takes the operand's size.
  EXPECT_EQ(out[3].getShape(), llvm::ArrayRef<int64_t>({1, 2}));
  expectValues(out[3], {5, 6});
}

TEST_F(InterpreterTest, ConstantsAndReturnedArguments) {
  const char *source = R"mlir(
    func.func @f(%x: !kiln.tensor<[2], f32>)
        -> (!kiln.tensor<[2, 2], f32>, !kiln.tensor<[2], f32>, !kiln.tensor<[3], i1>,
            !kiln.tensor<[], i32>) {
      %c = kiln.constant {value = dense<[[1.5, -2.0], [0.25, 4.0]]> : tensor<2x2xf32>}
          : !kiln.tensor<[2, 2], f32>
      %s = kiln.constant {value = dense<3.0> : tensor<2xf32>} : !kiln.tensor<[2], f32>
      %b = kiln.constant {value = dense<[true, false, true]> : tensor<3xi1>}
          : !kiln.tensor<[3], i1>
      %i = kiln.constant {value = dense<-7> : tensor<i32>} : !kiln.tensor<[], i32>
      %0 = kiln.add %c, %x : !kiln.tensor<[2, 2], f32>, !kiln.tensor<[2], f32>
          -> !kiln.tensor<[2, 2], f32>
      %1 = kiln.mul %s, %x : !kiln.tensor<[2], f32>, !kiln.tensor<[2], f32>
          -> !kiln.tensor<[2], f32>
      return %0, %1, %b, %i : !kiln.tensor<[2, 2], f32>, !kiln.tensor<[2], f32>,
          !kiln.tensor<[3], i1>, !kiln.tensor<[], i32>
    })mlir";
  std::vector<HostTensor> out =
      run(source, tensors(makeTensor(DType::F32, {2}, {10, 20})));
  ASSERT_EQ(out.size(), 4u);
  expectValues(out[0], {11.5, 18, 10.25, 24});
  expectValues(out[1], {30, 60});
  EXPECT_EQ(out[2].getDType(), DType::I1);
  expectValues(out[2], {1, 0, 1});
  EXPECT_EQ(out[3].getDType(), DType::I32);
  expectValues(out[3], {-7});

  const char *identity = R"mlir(
    func.func @f(%x: !kiln.tensor<[?, 3], f32>) -> !kiln.tensor<[?, 3], f32> {
      return %x : !kiln.tensor<[?, 3], f32>
    })mlir";
  out = run(identity, tensors(iota(DType::F32, {5, 3})));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].getShape(), llvm::ArrayRef<int64_t>({5, 3}));
  EXPECT_EQ(values(out[0])[14], 14.0);
}

//===----------------------------------------------------------------------===//
// Symbol binding and errors
//===----------------------------------------------------------------------===//

TEST_F(InterpreterTest, BindsSymbols) {
  mlir::func::FuncOp func = parse(R"mlir(
    func.func @f(%a: !kiln.tensor<[B, S], f32>, %b: !kiln.tensor<[B*S, ?], f32>)
        -> !kiln.tensor<[B, S], f32> {
      return %a : !kiln.tensor<[B, S], f32>
    })mlir");
  ASSERT_TRUE(func);
  std::vector<HostTensor> inputs =
      tensors(HostTensor(DType::F32, {3, 4}), HostTensor(DType::F32, {12, 7}));
  llvm::Expected<Signature> signature = Signature::get(func);
  ASSERT_TRUE(bool(signature)) << llvm::toString(signature.takeError());
  llvm::Expected<llvm::StringMap<int64_t>> symbols = signature->bind(inputs);
  ASSERT_TRUE(bool(symbols)) << llvm::toString(symbols.takeError());
  EXPECT_EQ(symbols->size(), 2u);
  EXPECT_EQ(symbols->lookup("B"), 3);
  EXPECT_EQ(symbols->lookup("S"), 4);
}

TEST_F(InterpreterTest, SymbolConflictNamesBothBindings) {
  const char *source = R"mlir(
    func.func @f(%a: !kiln.tensor<[B, S], f32>, %b: !kiln.tensor<[S], f32>)
        -> !kiln.tensor<[B, S], f32> {
      %0 = kiln.add %a, %b : !kiln.tensor<[B, S], f32>, !kiln.tensor<[S], f32>
          -> !kiln.tensor<[B, S], f32>
      return %0 : !kiln.tensor<[B, S], f32>
    })mlir";
  EXPECT_EQ(runError(source, tensors(HostTensor(DType::F32, {2, 5}),
                                     HostTensor(DType::F32, {7}))),
            "symbol S is bound to 5 by argument 0 (dim 1) and to 7 by "
            "argument 1 (dim 0)");
}

TEST_F(InterpreterTest, ShapeMismatchMessages) {
  const char *source = R"mlir(
    func.func @f(%a: !kiln.tensor<[B, S], f32>, %b: !kiln.tensor<[B*S, 16], f32>)
        -> !kiln.tensor<[B, S], f32> {
      return %a : !kiln.tensor<[B, S], f32>
    })mlir";
  EXPECT_EQ(runError(source, tensors(HostTensor(DType::F32, {3, 4}),
                                     HostTensor(DType::F32, {10, 16}))),
            "argument 1 dim 0 must be B*S = 12, got 10");
  EXPECT_EQ(runError(source, tensors(HostTensor(DType::F32, {3, 4}),
                                     HostTensor(DType::F32, {12, 8}))),
            "argument 1 dim 1 must be 16, got 8");
  EXPECT_EQ(runError(source, tensors(HostTensor(DType::F32, {3, 4}),
                                     HostTensor(DType::F32, {12, 16, 1}))),
            "argument 1 must have rank 2 ([B*S, 16]), got rank 3 ([12, 16, "
            "1])");
  EXPECT_EQ(runError(source, tensors(HostTensor(DType::F32, {3, 4}),
                                     HostTensor(DType::BF16, {12, 16}))),
            "argument 1 must have element type f32, got bf16");
  EXPECT_EQ(runError(source, tensors(HostTensor(DType::F32, {3, 4}))),
            "function @f takes 2 arguments, got 1 input");
}

TEST_F(InterpreterTest, FactsAreChecked) {
  const char *source = R"mlir(
    func.func @f(%a: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
        attributes {kiln.facts = #kiln.facts<B in [1, 4], S mod 8 == 0>} {
      return %a : !kiln.tensor<[B, S], f32>
    })mlir";
  EXPECT_EQ(runError(source, tensors(HostTensor(DType::F32, {5, 8}))),
            "symbol B = 5 violates the fact B in [1, 4] of function @f");
  EXPECT_EQ(runError(source, tensors(HostTensor(DType::F32, {0, 8}))),
            "symbol B = 0 violates the fact B in [1, 4] of function @f");
  EXPECT_EQ(runError(source, tensors(HostTensor(DType::F32, {2, 12}))),
            "symbol S = 12 violates the fact S mod 8 == 0 of function @f");
  std::vector<HostTensor> out =
      run(source, tensors(HostTensor(DType::F32, {4, 16})));
  EXPECT_EQ(out.size(), 1u);
}

TEST_F(InterpreterTest, AnonymousDimsCheckedAtRunTime) {
  // `?` accepts any size, but the kernels still check that sizes fit.
  const char *source = R"mlir(
    func.func @f(%a: !kiln.tensor<[?], f32>, %b: !kiln.tensor<[1], f32>)
        -> !kiln.tensor<[?], f32> {
      %0 = kiln.add %a, %b : !kiln.tensor<[?], f32>, !kiln.tensor<[1], f32>
          -> !kiln.tensor<[?], f32>
      return %0 : !kiln.tensor<[?], f32>
    })mlir";
  std::vector<HostTensor> out =
      run(source, tensors(makeTensor(DType::F32, {3}, {1, 2, 3}),
                          makeTensor(DType::F32, {1}, {1})));
  ASSERT_EQ(out.size(), 1u);
  expectValues(out[0], {2, 3, 4});
}

TEST_F(InterpreterTest, UnsupportedOpIsNamed) {
  context.allowUnregisteredDialects();
  const char *source = R"mlir(
    func.func @f(%a: !kiln.tensor<[2], f32>) -> !kiln.tensor<[2], f32> {
      %0 = "test.frobnicate"(%a) : (!kiln.tensor<[2], f32>) -> !kiln.tensor<[2], f32>
      return %0 : !kiln.tensor<[2], f32>
    })mlir";
  std::string error = runError(source, tensors(HostTensor(DType::F32, {2})));
  EXPECT_NE(error.find("unsupported op"), std::string::npos) << error;
  EXPECT_NE(error.find("in test.frobnicate"), std::string::npos) << error;
}

TEST_F(InterpreterTest, UnverifiedInvalidIRIsAnError) {
  // Parsed without verification: the declared result shape is wrong.
  mlir::ParserConfig config(&context, /*verifyAfterParse=*/false);
  module = mlir::parseSourceString<mlir::ModuleOp>(R"mlir(
    func.func @f(%a: !kiln.tensor<[2], f32>) -> !kiln.tensor<[3], f32> {
      %0 = kiln.add %a, %a : !kiln.tensor<[2], f32>, !kiln.tensor<[2], f32>
          -> !kiln.tensor<[3], f32>
      return %0 : !kiln.tensor<[3], f32>
    })mlir",
                                                   config);
  ASSERT_TRUE(module);
  auto func = *module->getOps<mlir::func::FuncOp>().begin();
  std::vector<HostTensor> inputs = tensors(HostTensor(DType::F32, {2}));
  llvm::Expected<std::vector<HostTensor>> outputs = interpret(func, inputs);
  ASSERT_FALSE(bool(outputs));
  std::string error = llvm::toString(outputs.takeError());
  EXPECT_EQ(error.rfind("invalid IR: ", 0), 0u) << error;
  EXPECT_NE(error.find("result dim 0"), std::string::npos) << error;
}

TEST_F(InterpreterTest, HugeShapesAreRejected) {
  const char *source = R"mlir(
    func.func @f(%a: !kiln.tensor<[?, ?, ?], f32>) -> !kiln.tensor<[?, ?, ?], f32> {
      %0 = kiln.neg %a : !kiln.tensor<[?, ?, ?], f32>
      return %0 : !kiln.tensor<[?, ?, ?], f32>
    })mlir";
  std::string error = runError(
      source,
      tensors(HostTensor(DType::F32, {0, int64_t(1) << 40, int64_t(1) << 40})));
  EXPECT_NE(error.find("is too large for the reference interpreter"),
            std::string::npos)
      << error;
}

TEST_F(InterpreterTest, ExternalFunctionIsAnError) {
  const char *source = R"mlir(
    func.func private @f(%a: !kiln.tensor<[2], f32>) -> !kiln.tensor<[2], f32>
  )mlir";
  EXPECT_EQ(runError(source, tensors(HostTensor(DType::F32, {2}))),
            "function @f has no body");
}

} // namespace
