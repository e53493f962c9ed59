//===- CpuExecutableTest.cpp - The embedder API of the CPU runner ---------===//
//
// Compiles small Kiln functions through Executable (the API that kiln-run
// and embedders use) and checks results and the input checks of run() and
// time().
//
//===----------------------------------------------------------------------===//

#include "kiln/Registration.h"
#include "kiln/Runner/Executable.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

using namespace kiln;

namespace {

constexpr const char *kAddModule = R"mlir(
func.func @add(%x: !kiln.tensor<[B, S], f32>, %y: !kiln.tensor<[S], f32>)
    -> !kiln.tensor<[B, S], f32> {
  %0 = kiln.add %x, %y : !kiln.tensor<[B, S], f32>, !kiln.tensor<[S], f32>
      -> !kiln.tensor<[B, S], f32>
  return %0 : !kiln.tensor<[B, S], f32>
}
func.func @flatten(%x: !kiln.tensor<[B, S], f32>, %y: !kiln.tensor<[B*S], f32>)
    -> !kiln.tensor<[B*S], f32>
    attributes {kiln.facts = #kiln.facts<B in [1, 8]>} {
  %0 = kiln.reshape %x : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B*S], f32>
  %1 = kiln.add %0, %y : !kiln.tensor<[B*S], f32>, !kiln.tensor<[B*S], f32>
      -> !kiln.tensor<[B*S], f32>
  return %1 : !kiln.tensor<[B*S], f32>
}
func.func @twice(%x: !kiln.tensor<[S], f32>, %y: !kiln.tensor<[S], f32>)
    -> !kiln.tensor<[S], f32> {
  %0 = kiln.mul %x, %y : !kiln.tensor<[S], f32>, !kiln.tensor<[S], f32>
      -> !kiln.tensor<[S], f32>
  return %0 : !kiln.tensor<[S], f32>
}
)mlir";

class CpuExecutableTest : public ::testing::Test {
protected:
  CpuExecutableTest() {
    mlir::DialectRegistry registry;
    registerKilnDialects(registry);
    context = std::make_unique<mlir::MLIRContext>(registry);
    context->loadAllAvailableDialects();
  }

  std::unique_ptr<Executable> compile(llvm::StringRef entry) {
    auto module =
        mlir::parseSourceString<mlir::ModuleOp>(kAddModule, context.get());
    EXPECT_TRUE(module);
    CpuPipelineOptions options;
    auto executable = Executable::compile(*module, entry, options);
    if (!executable) {
      ADD_FAILURE() << llvm::toString(executable.takeError());
      return nullptr;
    }
    return std::move(*executable);
  }

  std::unique_ptr<mlir::MLIRContext> context;
};

TEST_F(CpuExecutableTest, BroadcastingAddForTwoShapes) {
  std::unique_ptr<Executable> exe = compile("add");
  ASSERT_TRUE(exe);
  // One compilation, two shapes.
  for (int64_t b : {1, 3}) {
    HostTensor x(DType::F32, {b, 4}), y(DType::F32, {4});
    for (int64_t i = 0; i < b * 4; ++i)
      x.setFromDouble(i, i);
    for (int64_t i = 0; i < 4; ++i)
      y.setFromDouble(i, 100 * i);
    std::vector<HostTensor> inputs;
    inputs.push_back(std::move(x));
    inputs.push_back(std::move(y));
    auto results = exe->run(inputs);
    ASSERT_TRUE(bool(results)) << llvm::toString(results.takeError());
    ASSERT_EQ(results->size(), 1u);
    const HostTensor &out = (*results)[0];
    ASSERT_EQ(out.getShape(), llvm::ArrayRef<int64_t>({b, 4}));
    for (int64_t i = 0; i < b * 4; ++i)
      EXPECT_EQ(out.getAsDouble(i), double(i) + 100.0 * (i % 4));
  }
}

TEST_F(CpuExecutableTest, ConflictingSymbolIsAnError) {
  std::unique_ptr<Executable> exe = compile("twice");
  ASSERT_TRUE(exe);
  std::vector<HostTensor> inputs;
  inputs.emplace_back(DType::F32, llvm::ArrayRef<int64_t>{5});
  inputs.emplace_back(DType::F32, llvm::ArrayRef<int64_t>{7});
  auto results = exe->run(inputs);
  ASSERT_FALSE(bool(results));
  EXPECT_EQ(llvm::toString(results.takeError()),
            "symbol S is bound to 5 by argument 0 (dim 0) and to 7 by "
            "argument 1 (dim 0)");
}

TEST_F(CpuExecutableTest, TimeReturnsOneTimePerCallAndChecksInputs) {
  std::unique_ptr<Executable> exe = compile("twice");
  ASSERT_TRUE(exe);
  std::vector<HostTensor> inputs;
  inputs.emplace_back(DType::F32, llvm::ArrayRef<int64_t>{64});
  inputs.emplace_back(DType::F32, llvm::ArrayRef<int64_t>{64});
  auto times = exe->time(inputs, 5);
  ASSERT_TRUE(bool(times)) << llvm::toString(times.takeError());
  ASSERT_EQ(times->size(), 5u);
  for (double ms : *times)
    EXPECT_GE(ms, 0.0);
  // The same checks as run(), before any call.
  inputs.pop_back();
  inputs.emplace_back(DType::F32, llvm::ArrayRef<int64_t>{7});
  auto bad = exe->time(inputs, 5);
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "symbol S is bound to 64 by argument 0 (dim 0) and to 7 by "
            "argument 1 (dim 0)");
}

TEST_F(CpuExecutableTest, WrongDTypeRankAndArityAreErrors) {
  std::unique_ptr<Executable> exe = compile("twice");
  ASSERT_TRUE(exe);
  {
    std::vector<HostTensor> inputs;
    inputs.emplace_back(DType::F32, llvm::ArrayRef<int64_t>{5});
    auto results = exe->run(inputs);
    ASSERT_FALSE(bool(results));
    EXPECT_EQ(llvm::toString(results.takeError()),
              "function @twice takes 2 arguments, got 1 input");
  }
  {
    std::vector<HostTensor> inputs;
    inputs.emplace_back(DType::F32, llvm::ArrayRef<int64_t>{5});
    inputs.emplace_back(DType::BF16, llvm::ArrayRef<int64_t>{5});
    auto results = exe->run(inputs);
    ASSERT_FALSE(bool(results));
    EXPECT_EQ(llvm::toString(results.takeError()),
              "argument 1 must have element type f32, got bf16");
  }
  {
    std::vector<HostTensor> inputs;
    inputs.emplace_back(DType::F32, llvm::ArrayRef<int64_t>{5, 1});
    inputs.emplace_back(DType::F32, llvm::ArrayRef<int64_t>{5});
    auto results = exe->run(inputs);
    ASSERT_FALSE(bool(results));
    EXPECT_EQ(llvm::toString(results.takeError()),
              "argument 0 must have rank 1 ([S]), got rank 2 ([5, 1])");
  }
}

// Executable binds through kiln::Signature, as the reference interpreter
// does: expression dims and facts are checked too, with the same messages.
TEST_F(CpuExecutableTest, ExpressionDimsAndFactsAreChecked) {
  std::unique_ptr<Executable> exe = compile("flatten");
  ASSERT_TRUE(exe);
  auto call = [&](llvm::ArrayRef<int64_t> x, llvm::ArrayRef<int64_t> y) {
    std::vector<HostTensor> inputs;
    inputs.emplace_back(DType::F32, x);
    inputs.emplace_back(DType::F32, y);
    return exe->run(inputs);
  };
  auto ok = call({2, 3}, {6});
  ASSERT_TRUE(bool(ok)) << llvm::toString(ok.takeError());
  EXPECT_EQ((*ok)[0].getShape(), llvm::ArrayRef<int64_t>({6}));
  auto derived = call({2, 3}, {5});
  ASSERT_FALSE(bool(derived));
  EXPECT_EQ(llvm::toString(derived.takeError()),
            "argument 1 dim 0 must be B*S = 6, got 5");
  auto fact = call({9, 1}, {9});
  ASSERT_FALSE(bool(fact));
  EXPECT_EQ(llvm::toString(fact.takeError()),
            "symbol B = 9 violates the fact B in [1, 8] of function @flatten");
}

TEST_F(CpuExecutableTest, UnknownEntryIsAnError) {
  auto module =
      mlir::parseSourceString<mlir::ModuleOp>(kAddModule, context.get());
  ASSERT_TRUE(module);
  auto executable = Executable::compile(*module, "nope", CpuPipelineOptions());
  ASSERT_FALSE(bool(executable));
  EXPECT_EQ(llvm::toString(executable.takeError()), "no function named 'nope'");
}

} // namespace
