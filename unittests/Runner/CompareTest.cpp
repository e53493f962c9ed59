//===- CompareTest.cpp - What `kiln-run --check` accepts ------------------===//
//
// compareTensors: per element |got - want| <= atol + rtol * |want| with
// torch.testing.assert_close's dtype defaults; a large element does not
// widen a small one's tolerance; NaN and infinities by position; the worst
// element reported with its index.
//
//===----------------------------------------------------------------------===//

#include "kiln/Runner/Compare.h"

#include "gtest/gtest.h"

using namespace kiln;

namespace {

HostTensor makeTensor(DType dtype, llvm::ArrayRef<int64_t> shape,
                      llvm::ArrayRef<double> values) {
  HostTensor tensor(dtype, shape);
  for (auto [i, v] : llvm::enumerate(values))
    tensor.setFromDouble(i, v);
  return tensor;
}

TEST(CompareTest, DefaultsAreTorchs) {
  Tolerance f32 = getDefaultTolerance(DType::F32);
  EXPECT_DOUBLE_EQ(f32.atol, 1e-5);
  EXPECT_DOUBLE_EQ(f32.rtol, 1.3e-6);
  Tolerance bf16 = getDefaultTolerance(DType::BF16);
  EXPECT_DOUBLE_EQ(bf16.atol, 1e-5);
  EXPECT_DOUBLE_EQ(bf16.rtol, 1.6e-2);
  Tolerance f16 = getDefaultTolerance(DType::F16);
  EXPECT_DOUBLE_EQ(f16.rtol, 1e-3);
  Tolerance f64 = getDefaultTolerance(DType::F64);
  EXPECT_DOUBLE_EQ(f64.atol, 1e-7);
  EXPECT_DOUBLE_EQ(getDefaultTolerance(DType::I32).atol, 0.0);
  EXPECT_DOUBLE_EQ(getDefaultTolerance(DType::I1).rtol, 0.0);
}

TEST(CompareTest, EqualAndWithinTolerance) {
  HostTensor want = makeTensor(DType::F32, {3}, {1.0, -2.0, 1000.0});
  HostTensor got = makeTensor(DType::F32, {3}, {1.0 + 5e-6, -2.0, 1000.001});
  Comparison cmp =
      compareTensors(got, want, getDefaultTolerance(DType::F32));
  EXPECT_TRUE(cmp.ok) << cmp.worst;
  EXPECT_EQ(cmp.numMismatches, 0);
  EXPECT_TRUE(cmp.worst.empty());
}

// A 3% error in one bf16 element fails, however large the others are
// (a tolerance scaled by the tensor's RMS let it pass).
TEST(CompareTest, OneBadHalfElementFails) {
  HostTensor want = makeTensor(DType::BF16, {2, 2}, {100.0, -100.0, 1.0, 64.0});
  HostTensor got = makeTensor(DType::BF16, {2, 2}, {100.0, -100.0, 1.03125, 64.0});
  Comparison cmp =
      compareTensors(got, want, getDefaultTolerance(DType::BF16));
  EXPECT_FALSE(cmp.ok);
  EXPECT_EQ(cmp.numMismatches, 1);
  EXPECT_EQ(cmp.worst, "worst at [1, 0]: got 1.03125, want 1 (abs "
                       "3.125000e-02, allowed 1.601000e-02)");
}

TEST(CompareTest, WorstElementIsReported) {
  HostTensor want = makeTensor(DType::F32, {2, 3}, {1, 1, 1, 1, 1, 1});
  HostTensor got = makeTensor(DType::F32, {2, 3}, {1, 1.001, 1, 1, 1, 1.5});
  Comparison cmp =
      compareTensors(got, want, getDefaultTolerance(DType::F32));
  EXPECT_FALSE(cmp.ok);
  EXPECT_EQ(cmp.numMismatches, 2);
  EXPECT_NE(cmp.worst.find("worst at [1, 2]: got 1.5, want 1"),
            std::string::npos)
      << cmp.worst;
  EXPECT_DOUBLE_EQ(cmp.maxAbsError, 0.5);
}

TEST(CompareTest, NanAndInfinityByPosition) {
  Tolerance loose{1.0, 1.0};
  HostTensor want = makeTensor(DType::F32, {3}, {NAN, INFINITY, -INFINITY});
  EXPECT_TRUE(compareTensors(want, want, loose).ok);
  HostTensor movedNan = makeTensor(DType::F32, {3}, {0.0, INFINITY, -INFINITY});
  EXPECT_FALSE(compareTensors(movedNan, want, loose).ok);
  HostTensor flipped = makeTensor(DType::F32, {3}, {NAN, INFINITY, INFINITY});
  Comparison cmp = compareTensors(flipped, want, loose);
  EXPECT_FALSE(cmp.ok);
  EXPECT_NE(cmp.worst.find("worst at [2]"), std::string::npos) << cmp.worst;
  HostTensor finite = makeTensor(DType::F32, {1}, {1e30});
  HostTensor inf = makeTensor(DType::F32, {1}, {INFINITY});
  EXPECT_FALSE(compareTensors(finite, inf, loose).ok);
}

TEST(CompareTest, IntegersAreExact) {
  HostTensor want = makeTensor(DType::I32, {2}, {7, -3});
  HostTensor got = makeTensor(DType::I32, {2}, {7, -2});
  EXPECT_FALSE(
      compareTensors(got, want, getDefaultTolerance(DType::I32)).ok);
  EXPECT_TRUE(
      compareTensors(want, want, getDefaultTolerance(DType::I32)).ok);
}

TEST(CompareTest, HalfAgainstFloat64Reference) {
  HostTensor want = makeTensor(DType::F64, {2}, {0.1, 3.0});
  HostTensor got = makeTensor(DType::BF16, {2}, {0.1, 3.0});
  EXPECT_TRUE(compareTensors(got, want, getDefaultTolerance(DType::BF16)).ok);
  HostTensor ints = makeTensor(DType::I32, {2}, {0, 3});
  EXPECT_FALSE(compareTensors(ints, want, getDefaultTolerance(DType::I32)).ok);
}

TEST(CompareTest, ShapeMismatch) {
  HostTensor want = makeTensor(DType::F32, {2}, {1, 2});
  HostTensor got = makeTensor(DType::F32, {1, 2}, {1, 2});
  Comparison cmp = compareTensors(got, want, {1.0, 1.0});
  EXPECT_FALSE(cmp.ok);
  EXPECT_EQ(cmp.worst, "dtype or shape differs");
}

} // namespace

namespace {
// With two references (the rounded-per-op and the exact answer), anything
// between them is right, and the tolerance applies around the band.
TEST(CompareTest, BetweenTwoReferences) {
  HostTensor rounded = makeTensor(DType::F64, {3}, {13.6640625, 1.0, 2.0});
  HostTensor exact = makeTensor(DType::F64, {3}, {13.6830, 1.0, 2.0});
  HostTensor inside = makeTensor(DType::F16, {3}, {13.6796875, 1.0, 2.0});
  Tolerance f16 = getDefaultTolerance(DType::F16);
  EXPECT_FALSE(compareTensors(inside, rounded, f16).ok);
  EXPECT_TRUE(compareTensors(inside, rounded, f16, &exact).ok);
  HostTensor outside = makeTensor(DType::F16, {3}, {13.75, 1.0, 2.0});
  Comparison cmp = compareTensors(outside, rounded, f16, &exact);
  EXPECT_FALSE(cmp.ok);
  EXPECT_NE(cmp.worst.find("want 13.683"), std::string::npos) << cmp.worst;
}
} // namespace
