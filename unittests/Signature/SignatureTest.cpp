//===- SignatureTest.cpp - The one argument binder ------------------------===//
//
// Signature::get reads a Kiln-level signature; Signature::bind checks a
// call's argument shapes (no tensors needed, as the embedding APIs call
// it) and binds the symbols.
//
//===----------------------------------------------------------------------===//

#include "kiln/Signature/Signature.h"

#include "kiln/Registration.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

using namespace kiln;

namespace {

class SignatureTest : public ::testing::Test {
protected:
  SignatureTest() {
    mlir::DialectRegistry registry;
    registerKilnDialects(registry);
    context = std::make_unique<mlir::MLIRContext>(registry);
    context->loadAllAvailableDialects();
  }

  /// The signature of the only function of `source`.
  Signature get(const char *source) {
    module = mlir::parseSourceString<mlir::ModuleOp>(source, context.get());
    EXPECT_TRUE(module);
    auto func = *module->getOps<mlir::func::FuncOp>().begin();
    auto signature = Signature::get(func);
    EXPECT_TRUE(bool(signature)) << llvm::toString(signature.takeError());
    return std::move(*signature);
  }

  /// The error of binding `args`, or "" if it binds.
  static std::string bindError(const Signature &signature,
                               llvm::ArrayRef<ArgumentShape> args) {
    auto bound = signature.bind(args);
    return bound ? "" : llvm::toString(bound.takeError());
  }

  std::unique_ptr<mlir::MLIRContext> context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

constexpr const char *kSource = R"mlir(
  func.func @f(%a: !kiln.tensor<[B, S], bf16>, %b: !kiln.tensor<[B*S, 16], f32>,
               %c: !kiln.tensor<[?], i64>) -> !kiln.tensor<[S + 1, 2], f32>
      attributes {kiln.facts = #kiln.facts<B in [1, 4], S mod 2 == 0>} {
    %0 = "kiln.constant"() {value = dense<0.0> : tensor<2xf32>}
        : () -> !kiln.tensor<[2], f32>
    %1 = kiln.broadcast_to %0 : !kiln.tensor<[2], f32>
        -> !kiln.tensor<[S + 1, 2], f32>
    return %1 : !kiln.tensor<[S + 1, 2], f32>
  })mlir";

TEST_F(SignatureTest, ReadsDTypesDimsAndFacts) {
  Signature signature = get(kSource);
  EXPECT_EQ(signature.getName(), "f");
  ASSERT_EQ(signature.getArguments().size(), 3u);
  EXPECT_EQ(signature.getArguments()[0].dtype, DType::BF16);
  EXPECT_EQ(signature.getArguments()[1].dims[0].str(), "B*S");
  EXPECT_FALSE(signature.getArguments()[2].dims[0]); // `?`
  ASSERT_EQ(signature.getResults().size(), 1u);
  EXPECT_EQ(signature.getResults()[0].dims[0].str(), "S + 1");
  ASSERT_EQ(signature.getFacts().size(), 2u);
  EXPECT_EQ(signature.getFacts()[0].symbol, "B");
  EXPECT_TRUE(signature.getFacts()[0].isRange);
  EXPECT_FALSE(signature.getFacts()[1].isRange);
}

TEST_F(SignatureTest, BindsShapesAndEvaluatesResults) {
  Signature signature = get(kSource);
  int64_t a[] = {3, 4}, b[] = {12, 16}, c[] = {5};
  ArgumentShape args[] = {{DType::BF16, a}, {DType::F32, b}, {DType::I64, c}};
  auto bound = signature.bind(llvm::ArrayRef<ArgumentShape>(args));
  ASSERT_TRUE(bool(bound)) << llvm::toString(bound.takeError());
  EXPECT_EQ(bound->lookup("B"), 3);
  EXPECT_EQ(bound->lookup("S"), 4);
  EXPECT_EQ(Signature::evaluateShape(signature.getResults()[0], *bound),
            llvm::SmallVector<int64_t>({5, 2}));
}

TEST_F(SignatureTest, EveryMismatchIsNamed) {
  Signature signature = get(kSource);
  int64_t a[] = {3, 4}, b[] = {12, 16}, c[] = {5}, wrong[] = {11, 16},
          odd[] = {3, 5}, oddB[] = {15, 16}, big[] = {5, 4}, bigB[] = {20, 16},
          rank3[] = {3, 4, 1}, negative[] = {-1};
  EXPECT_EQ(bindError(signature, {{DType::BF16, a}, {DType::F32, b}}),
            "function @f takes 3 arguments, got 2 inputs");
  EXPECT_EQ(
      bindError(signature, {{DType::F32, a}, {DType::F32, b}, {DType::I64, c}}),
      "argument 0 must have element type bf16, got f32");
  EXPECT_EQ(bindError(signature,
                      {{DType::BF16, rank3}, {DType::F32, b}, {DType::I64, c}}),
            "argument 0 must have rank 2 ([B, S]), got rank 3 ([3, 4, 1])");
  EXPECT_EQ(
      bindError(signature,
                {{DType::BF16, a}, {DType::F32, b}, {DType::I64, negative}}),
      "argument 2 has negative size -1 in dim 0");
  EXPECT_EQ(bindError(signature,
                      {{DType::BF16, a}, {DType::F32, wrong}, {DType::I64, c}}),
            "argument 1 dim 0 must be B*S = 12, got 11");
  EXPECT_EQ(
      bindError(signature,
                {{DType::BF16, odd}, {DType::F32, oddB}, {DType::I64, c}}),
      "symbol S = 5 violates the fact S mod 2 == 0 of function @f");
  EXPECT_EQ(
      bindError(signature,
                {{DType::BF16, big}, {DType::F32, bigB}, {DType::I64, c}}),
      "symbol B = 5 violates the fact B in [1, 4] of function @f");
}

TEST_F(SignatureTest, ConflictingSymbolNamesBothPlaces) {
  Signature signature = get(R"mlir(
    func.func @g(%a: !kiln.tensor<[S], f32>, %b: !kiln.tensor<[2, S], f32>)
        -> !kiln.tensor<[S], f32> {
      return %a : !kiln.tensor<[S], f32>
    })mlir");
  int64_t a[] = {5}, b[] = {2, 7};
  EXPECT_EQ(bindError(signature, {{DType::F32, a}, {DType::F32, b}}),
            "symbol S is bound to 5 by argument 0 (dim 0) and to 7 by "
            "argument 1 (dim 1)");
}

TEST_F(SignatureTest, NonKilnArgumentsAreRejected) {
  module = mlir::parseSourceString<mlir::ModuleOp>(R"mlir(
    func.func @h(%a: tensor<4xf32>) -> tensor<4xf32> {
      return %a : tensor<4xf32>
    })mlir",
                                                   context.get());
  ASSERT_TRUE(module);
  auto signature =
      Signature::get(*module->getOps<mlir::func::FuncOp>().begin());
  ASSERT_FALSE(bool(signature));
  EXPECT_EQ(llvm::toString(signature.takeError()),
            "argument 0 must be a !kiln.tensor value");
}

} // namespace

namespace {

// Conditions the verifiers could not prove are checked at bind time: a
// slice's bounds and a maximum's non-empty dim, each naming the op.
TEST_F(SignatureTest, OpChecksNameTheOp) {
  Signature signature = get(R"mlir(
    func.func @h(%x: !kiln.tensor<[S, T], f32>) -> (!kiln.tensor<[S - 2, T], f32>, !kiln.tensor<[S], f32>) {
      %0 = kiln.slice %x {dim = 0 : i64, start = "2", end = "S"}
          : !kiln.tensor<[S, T], f32> -> !kiln.tensor<[S - 2, T], f32>
      %1 = kiln.reduce_max %x {dims = array<i64: 1>}
          : !kiln.tensor<[S, T], f32> -> !kiln.tensor<[S], f32>
      return %0, %1 : !kiln.tensor<[S - 2, T], f32>, !kiln.tensor<[S], f32>
    })mlir");
  ASSERT_EQ(signature.getChecks().size(), 2u);
  int64_t ok[] = {3, 4}, shortRows[] = {1, 4}, noCols[] = {3, 0};
  EXPECT_EQ(bindError(signature, {{DType::F32, ok}}), "");
  std::string slice = bindError(signature, {{DType::F32, shortRows}});
  EXPECT_NE(slice.find("kiln.slice"), std::string::npos) << slice;
  EXPECT_NE(slice.find("start 2, end S = 1 and size S = 1 do not satisfy"),
            std::string::npos)
      << slice;
  std::string max = bindError(signature, {{DType::F32, noCols}});
  EXPECT_NE(max.find("kiln.reduce_max"), std::string::npos) << max;
  EXPECT_NE(max.find("dim 1 (T = 0) is empty"), std::string::npos) << max;
}

// A proved condition is no check: the slice of a static dim within range.
TEST_F(SignatureTest, ProvedConditionsAreNotChecks) {
  Signature signature = get(R"mlir(
    func.func @p(%x: !kiln.tensor<[S, 8], f32>) -> !kiln.tensor<[S, 4], f32> {
      %0 = kiln.slice %x {dim = 1 : i64, start = "2", end = "6"}
          : !kiln.tensor<[S, 8], f32> -> !kiln.tensor<[S, 4], f32>
      return %0 : !kiln.tensor<[S, 4], f32>
    })mlir");
  EXPECT_TRUE(signature.getChecks().empty());
}

} // namespace
