//===- HostTensorTest.cpp - Tests of HostTensor and .npy I/O --------------===//
//
// Element conversions (f16/bf16 round-to-nearest-even, specials,
// subnormals, integer saturation), storage, deterministic random fill, and
// .npy reading and writing: round trips for every dtype and rank 0/1/3,
// files written by numpy itself (embedded below), and the error messages.
//
//===----------------------------------------------------------------------===//

#include "kiln/Runtime/HostTensor.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <set>

using namespace kiln;

namespace {

//===----------------------------------------------------------------------===//
// Files written by numpy 2.4 (bytes copied verbatim from np.save output).
//===----------------------------------------------------------------------===//

// np.save(f, np.array([[1.5, -2.0, 3.25], [0.0, 1e-3, -7.0]], np.float32))
const unsigned char kNumpyF32[] = {
    0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00, 0x7b, 0x27,
    0x64, 0x65, 0x73, 0x63, 0x72, 0x27, 0x3a, 0x20, 0x27, 0x3c, 0x66, 0x34,
    0x27, 0x2c, 0x20, 0x27, 0x66, 0x6f, 0x72, 0x74, 0x72, 0x61, 0x6e, 0x5f,
    0x6f, 0x72, 0x64, 0x65, 0x72, 0x27, 0x3a, 0x20, 0x46, 0x61, 0x6c, 0x73,
    0x65, 0x2c, 0x20, 0x27, 0x73, 0x68, 0x61, 0x70, 0x65, 0x27, 0x3a, 0x20,
    0x28, 0x32, 0x2c, 0x20, 0x33, 0x29, 0x2c, 0x20, 0x7d, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x0a, 0x00, 0x00, 0xc0, 0x3f,
    0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x50, 0x40, 0x00, 0x00, 0x00, 0x00,
    0x6f, 0x12, 0x83, 0x3a, 0x00, 0x00, 0xe0, 0xc0,
};
// np.save(f, np.array([True, False, True]))
const unsigned char kNumpyBool[] = {
    0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00, 0x7b, 0x27,
    0x64, 0x65, 0x73, 0x63, 0x72, 0x27, 0x3a, 0x20, 0x27, 0x7c, 0x62, 0x31,
    0x27, 0x2c, 0x20, 0x27, 0x66, 0x6f, 0x72, 0x74, 0x72, 0x61, 0x6e, 0x5f,
    0x6f, 0x72, 0x64, 0x65, 0x72, 0x27, 0x3a, 0x20, 0x46, 0x61, 0x6c, 0x73,
    0x65, 0x2c, 0x20, 0x27, 0x73, 0x68, 0x61, 0x70, 0x65, 0x27, 0x3a, 0x20,
    0x28, 0x33, 0x2c, 0x29, 0x2c, 0x20, 0x7d, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x0a, 0x01, 0x00, 0x01,
};
// np.save(f, np.array(-42, np.int64))
const unsigned char kNumpyI64Scalar[] = {
    0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00, 0x7b, 0x27,
    0x64, 0x65, 0x73, 0x63, 0x72, 0x27, 0x3a, 0x20, 0x27, 0x3c, 0x69, 0x38,
    0x27, 0x2c, 0x20, 0x27, 0x66, 0x6f, 0x72, 0x74, 0x72, 0x61, 0x6e, 0x5f,
    0x6f, 0x72, 0x64, 0x65, 0x72, 0x27, 0x3a, 0x20, 0x46, 0x61, 0x6c, 0x73,
    0x65, 0x2c, 0x20, 0x27, 0x73, 0x68, 0x61, 0x70, 0x65, 0x27, 0x3a, 0x20,
    0x28, 0x29, 0x2c, 0x20, 0x7d, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x0a, 0xd6, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff,
};
// np.lib.format.write_array(f, np.array([1.0, 65504.0], np.float16),
//                            version=(2, 0))
const unsigned char kNumpyF16V2[] = {
    0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x02, 0x00, 0x74, 0x00, 0x00, 0x00,
    0x7b, 0x27, 0x64, 0x65, 0x73, 0x63, 0x72, 0x27, 0x3a, 0x20, 0x27, 0x3c,
    0x66, 0x32, 0x27, 0x2c, 0x20, 0x27, 0x66, 0x6f, 0x72, 0x74, 0x72, 0x61,
    0x6e, 0x5f, 0x6f, 0x72, 0x64, 0x65, 0x72, 0x27, 0x3a, 0x20, 0x46, 0x61,
    0x6c, 0x73, 0x65, 0x2c, 0x20, 0x27, 0x73, 0x68, 0x61, 0x70, 0x65, 0x27,
    0x3a, 0x20, 0x28, 0x32, 0x2c, 0x29, 0x2c, 0x20, 0x7d, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x0a, 0x00, 0x3c, 0xff, 0x7b,
};
// np.save(f, np.asfortranarray(np.arange(6, dtype=np.int32)
//                                .reshape(2, 3)))
const unsigned char kNumpyFortran[] = {
    0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00, 0x7b, 0x27,
    0x64, 0x65, 0x73, 0x63, 0x72, 0x27, 0x3a, 0x20, 0x27, 0x3c, 0x69, 0x34,
    0x27, 0x2c, 0x20, 0x27, 0x66, 0x6f, 0x72, 0x74, 0x72, 0x61, 0x6e, 0x5f,
    0x6f, 0x72, 0x64, 0x65, 0x72, 0x27, 0x3a, 0x20, 0x54, 0x72, 0x75, 0x65,
    0x2c, 0x20, 0x27, 0x73, 0x68, 0x61, 0x70, 0x65, 0x27, 0x3a, 0x20, 0x28,
    0x32, 0x2c, 0x20, 0x33, 0x29, 0x2c, 0x20, 0x7d, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x0a, 0x00, 0x00, 0x00, 0x00,
    0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
    0x02, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00,
};
// np.save(f, np.array([1 + 2j], np.complex64))
const unsigned char kNumpyComplex[] = {
    0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00, 0x7b, 0x27,
    0x64, 0x65, 0x73, 0x63, 0x72, 0x27, 0x3a, 0x20, 0x27, 0x3c, 0x63, 0x38,
    0x27, 0x2c, 0x20, 0x27, 0x66, 0x6f, 0x72, 0x74, 0x72, 0x61, 0x6e, 0x5f,
    0x6f, 0x72, 0x64, 0x65, 0x72, 0x27, 0x3a, 0x20, 0x46, 0x61, 0x6c, 0x73,
    0x65, 0x2c, 0x20, 0x27, 0x73, 0x68, 0x61, 0x70, 0x65, 0x27, 0x3a, 0x20,
    0x28, 0x31, 0x2c, 0x29, 0x2c, 0x20, 0x7d, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x0a, 0x00, 0x00, 0x80, 0x3f,
    0x00, 0x00, 0x00, 0x40,
};

constexpr DType kAllDTypes[] = {DType::F32, DType::F16, DType::BF16, DType::F64,
                                DType::I1,  DType::I32, DType::I64};

float bitsToFloat(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

uint32_t floatToBits(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof(bits));
  return bits;
}

//===----------------------------------------------------------------------===//
// DType helpers and conversions
//===----------------------------------------------------------------------===//

TEST(DTypeTest, SizesNamesAndKinds) {
  EXPECT_EQ(getDTypeSize(DType::F32), 4u);
  EXPECT_EQ(getDTypeSize(DType::F16), 2u);
  EXPECT_EQ(getDTypeSize(DType::BF16), 2u);
  EXPECT_EQ(getDTypeSize(DType::F64), 8u);
  EXPECT_EQ(getDTypeSize(DType::I1), 1u);
  EXPECT_EQ(getDTypeSize(DType::I32), 4u);
  EXPECT_EQ(getDTypeSize(DType::I64), 8u);
  const char *names[] = {"f32", "f16", "bf16", "f64", "i1", "i32", "i64"};
  for (auto [dtype, name] : llvm::zip(kAllDTypes, names))
    EXPECT_EQ(getDTypeName(dtype), name);
  EXPECT_TRUE(isFloatDType(DType::BF16));
  EXPECT_TRUE(isFloatDType(DType::F64));
  EXPECT_FALSE(isFloatDType(DType::I1));
  EXPECT_FALSE(isFloatDType(DType::I64));
}

TEST(ConversionTest, BF16RoundsToNearestEven) {
  EXPECT_EQ(floatToBF16(1.0f), 0x3F80);
  EXPECT_EQ(floatToBF16(-1.0f), 0xBF80);
  EXPECT_EQ(bf16ToFloat(0x3F81), 1.0f + 0x1p-7f);
  // Ties go to the even neighbour, in both directions.
  EXPECT_EQ(floatToBF16(1.0f + 0x1p-8f), 0x3F80);
  EXPECT_EQ(floatToBF16(1.0f + 3 * 0x1p-8f), 0x3F82);
  // Just above a tie rounds up.
  EXPECT_EQ(floatToBF16(1.0f + 0x1p-8f + 0x1p-20f), 0x3F81);
  // Just below a tie rounds down.
  EXPECT_EQ(floatToBF16(1.0f + 0x1p-8f - 0x1p-20f), 0x3F80);
  // Subnormals round the same way.
  EXPECT_EQ(floatToBF16(bitsToFloat(0x00010000)), 0x0001);
  EXPECT_EQ(floatToBF16(bitsToFloat(0x00008000)), 0x0000);
  EXPECT_EQ(floatToBF16(bitsToFloat(0x00018000)), 0x0002);
  EXPECT_EQ(floatToBF16(bitsToFloat(0x00008001)), 0x0001);
}

TEST(ConversionTest, BF16Specials) {
  float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(floatToBF16(inf), 0x7F80);
  EXPECT_EQ(floatToBF16(-inf), 0xFF80);
  EXPECT_EQ(floatToBF16(-0.0f), 0x8000);
  EXPECT_EQ(floatToBF16(0.0f), 0x0000);
  // The largest float rounds up past the largest bf16 (0x7F7F).
  EXPECT_EQ(floatToBF16(std::numeric_limits<float>::max()), 0x7F80);
  EXPECT_EQ(floatToBF16(bf16ToFloat(0x7F7F)), 0x7F7F);
  EXPECT_TRUE(std::isinf(bf16ToFloat(0x7F80)));
  // NaNs stay NaN (a signalling NaN whose payload is only in the low bits
  // must not become infinity) and keep their sign.
  uint16_t qnan = floatToBF16(std::numeric_limits<float>::quiet_NaN());
  EXPECT_TRUE(std::isnan(bf16ToFloat(qnan)));
  uint16_t snan = floatToBF16(bitsToFloat(0x7F800001));
  EXPECT_TRUE(std::isnan(bf16ToFloat(snan)));
  uint16_t negativeNan = floatToBF16(bitsToFloat(0xFFC00000));
  EXPECT_TRUE(std::isnan(bf16ToFloat(negativeNan)));
  EXPECT_TRUE(negativeNan & 0x8000);
}

TEST(ConversionTest, F16RoundsToNearestEven) {
  EXPECT_EQ(floatToF16(1.0f), 0x3C00);
  EXPECT_EQ(floatToF16(-2.0f), 0xC000);
  EXPECT_EQ(floatToF16(1.0f + 0x1p-11f), 0x3C00);
  EXPECT_EQ(floatToF16(1.0f + 3 * 0x1p-11f), 0x3C02);
  EXPECT_EQ(floatToF16(1.0f + 0x1p-11f + 0x1p-20f), 0x3C01);
  EXPECT_EQ(floatToF16(0.1f), 0x2E66);
  // Largest finite, and the overflow threshold (a tie that rounds to even,
  // i.e. up to 2^16 = infinity).
  EXPECT_EQ(floatToF16(65504.0f), 0x7BFF);
  EXPECT_EQ(floatToF16(65519.0f), 0x7BFF);
  EXPECT_EQ(floatToF16(65520.0f), 0x7C00);
  EXPECT_EQ(floatToF16(1e6f), 0x7C00);
  EXPECT_EQ(floatToF16(-1e6f), 0xFC00);
}

TEST(ConversionTest, F16SpecialsAndSubnormals) {
  EXPECT_EQ(floatToF16(0x1p-24f), 0x0001); // Smallest subnormal.
  EXPECT_EQ(floatToF16(-0x1p-24f), 0x8001);
  EXPECT_EQ(floatToF16(0x1p-25f), 0x0000);        // Tie: to even (zero).
  EXPECT_EQ(floatToF16(1.5f * 0x1p-25f), 0x0001); // Above the tie.
  EXPECT_EQ(floatToF16(3 * 0x1p-25f), 0x0002);    // Tie: to even.
  EXPECT_EQ(floatToF16(0x1p-26f), 0x0000);
  EXPECT_EQ(floatToF16(1023 * 0x1p-24f), 0x03FF);    // Largest subnormal.
  EXPECT_EQ(floatToF16(1023.5f * 0x1p-24f), 0x0400); // Rounds to normal.
  EXPECT_EQ(floatToF16(0x1p-14f), 0x0400);           // Smallest normal.
  EXPECT_EQ(floatToF16(1e-30f), 0x0000);
  EXPECT_EQ(floatToF16(-1e-30f), 0x8000);

  EXPECT_EQ(f16ToFloat(0x0001), 0x1p-24f);
  EXPECT_EQ(f16ToFloat(0x03FF), 1023 * 0x1p-24f);
  EXPECT_EQ(f16ToFloat(0x0400), 0x1p-14f);
  EXPECT_EQ(f16ToFloat(0x7BFF), 65504.0f);
  EXPECT_EQ(f16ToFloat(0x3555), 0x1.554p-2f);
  EXPECT_TRUE(std::signbit(f16ToFloat(0x8000)));
  EXPECT_EQ(f16ToFloat(0x8000), 0.0f);
  EXPECT_EQ(f16ToFloat(0x7C00), std::numeric_limits<float>::infinity());
  EXPECT_EQ(f16ToFloat(0xFC00), -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(f16ToFloat(0x7E00)));
  EXPECT_TRUE(std::isnan(f16ToFloat(0x7C01)));

  EXPECT_EQ(floatToF16(std::numeric_limits<float>::infinity()), 0x7C00);
  uint16_t nan = floatToF16(std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(nan & 0x7C00, 0x7C00);
  EXPECT_NE(nan & 0x03FF, 0);
  EXPECT_TRUE(floatToF16(bitsToFloat(0xFFC00000)) & 0x8000);
  EXPECT_TRUE(std::isnan(f16ToFloat(floatToF16(bitsToFloat(0x7F800001)))));
}

TEST(ConversionTest, HalfFormatsRoundTripEveryBitPattern) {
  for (uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
    uint16_t h = static_cast<uint16_t>(bits);
    float f16 = f16ToFloat(h), bf16 = bf16ToFloat(h);
    if (std::isnan(f16))
      EXPECT_TRUE(std::isnan(f16ToFloat(floatToF16(f16)))) << bits;
    else
      EXPECT_EQ(floatToF16(f16), h) << bits;
    if (std::isnan(bf16))
      EXPECT_TRUE(std::isnan(bf16ToFloat(floatToBF16(bf16)))) << bits;
    else
      EXPECT_EQ(floatToBF16(bf16), h) << bits;
  }
}

/// Compares the conversions with LLVM's APFloat on many random floats and
/// doubles (of every magnitude, including subnormals and overflows).
TEST(ConversionTest, AgreesWithAPFloat) {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  auto reference = [](double value, const llvm::fltSemantics &semantics) {
    llvm::APFloat f(value);
    bool losesInfo;
    f.convert(semantics, llvm::APFloat::rmNearestTiesToEven, &losesInfo);
    return f.convertToDouble();
  };
  for (int i = 0; i < 200000; ++i) {
    float f = bitsToFloat(static_cast<uint32_t>(next()));
    if (std::isnan(f))
      continue;
    EXPECT_EQ(f16ToFloat(floatToF16(f)),
              reference(f, llvm::APFloat::IEEEhalf()))
        << "float bits " << floatToBits(f);
    EXPECT_EQ(bf16ToFloat(floatToBF16(f)),
              reference(f, llvm::APFloat::BFloat()))
        << "float bits " << floatToBits(f);
    // Doubles near the half formats' range, with low bits set so that a
    // conversion through float would round twice.
    uint64_t r = next();
    double d = std::ldexp(1.0 + static_cast<double>(r >> 12) * 0x1p-52,
                          static_cast<int>(r % 80) - 40) *
               ((r & 1) ? -1.0 : 1.0);
    EXPECT_EQ(roundToDType(DType::F16, d),
              reference(d, llvm::APFloat::IEEEhalf()))
        << d;
    EXPECT_EQ(roundToDType(DType::BF16, d),
              reference(d, llvm::APFloat::BFloat()))
        << d;
    EXPECT_EQ(roundToDType(DType::F32, d),
              reference(d, llvm::APFloat::IEEEsingle()))
        << d;
  }
}

TEST(ConversionTest, RoundToDTypeAvoidsDoubleRounding) {
  // Through float, 1 + 2^-11 + 2^-40 would first become the f16 tie
  // 1 + 2^-11 and then round down to 1; rounded directly it rounds up.
  EXPECT_EQ(roundToDType(DType::F16, 1.0 + 0x1p-11 + 0x1p-40), 1.0 + 0x1p-10);
  EXPECT_EQ(roundToDType(DType::BF16, 1.0 + 0x1p-8 + 0x1p-40), 1.0 + 0x1p-7);
  EXPECT_EQ(roundToDType(DType::F32, 1e300),
            std::numeric_limits<double>::infinity());
  EXPECT_EQ(roundToDType(DType::F32, -1e-300), 0.0);
  EXPECT_TRUE(std::signbit(roundToDType(DType::F32, -1e-300)));
  EXPECT_EQ(roundToDType(DType::F64, 0.1), 0.1);
}

TEST(ConversionTest, IntegersTruncateAndSaturate) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(roundToDType(DType::I32, 3.7), 3.0);
  EXPECT_EQ(roundToDType(DType::I32, -3.7), -3.0);
  EXPECT_EQ(roundToDType(DType::I32, 1e20), 2147483647.0);
  EXPECT_EQ(roundToDType(DType::I32, -1e20), -2147483648.0);
  EXPECT_EQ(roundToDType(DType::I32, nan), 0.0);
  EXPECT_EQ(roundToDType(DType::I64, -1e30), -0x1p63);
  EXPECT_EQ(roundToDType(DType::I1, 0.5), 1.0);
  EXPECT_EQ(roundToDType(DType::I1, -0.0), 0.0);
  EXPECT_EQ(roundToDType(DType::I1, nan), 1.0);

  HostTensor t(DType::I64, {3});
  t.setFromDouble(0, 1e30);
  t.setFromDouble(1, -1e30);
  t.setFromDouble(2, std::numeric_limits<double>::infinity());
  const auto *data = static_cast<const int64_t *>(t.getData());
  EXPECT_EQ(data[0], std::numeric_limits<int64_t>::max());
  EXPECT_EQ(data[1], std::numeric_limits<int64_t>::min());
  EXPECT_EQ(data[2], std::numeric_limits<int64_t>::max());
}

//===----------------------------------------------------------------------===//
// HostTensor
//===----------------------------------------------------------------------===//

TEST(HostTensorTest, AllocationIsAlignedAndZeroed) {
  for (DType dtype : kAllDTypes) {
    HostTensor t(dtype, {3, 5});
    ASSERT_NE(t.getData(), nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(t.getData()) % 64, 0u);
    EXPECT_EQ(t.getRank(), 2);
    EXPECT_EQ(t.getNumElements(), 15);
    EXPECT_EQ(t.getNumBytes(), 15 * getDTypeSize(dtype));
    for (int64_t i = 0; i < 15; ++i)
      EXPECT_EQ(t.getAsDouble(i), 0.0);
  }
  HostTensor scalar(DType::F32, {});
  EXPECT_EQ(scalar.getRank(), 0);
  EXPECT_EQ(scalar.getNumElements(), 1);
  HostTensor empty(DType::F32, {0, 4});
  EXPECT_EQ(empty.getNumElements(), 0);
  EXPECT_EQ(empty.getNumBytes(), 0u);
  EXPECT_NE(empty.getData(), nullptr);
}

TEST(HostTensorTest, GetSetEveryDType) {
  const double values[] = {0.0, 1.0, -2.5, 0.1, 1e-6, 70000.0, 3.9, -0.7};
  for (DType dtype : kAllDTypes) {
    HostTensor t(dtype, {8});
    for (auto [i, v] : llvm::enumerate(values))
      t.setFromDouble(i, v);
    for (auto [i, v] : llvm::enumerate(values))
      EXPECT_EQ(t.getAsDouble(i), roundToDType(dtype, v))
          << getDTypeName(dtype).str() << " value " << v;
  }
  HostTensor h(DType::F16, {1});
  h.setFromDouble(0, 70000.0);
  EXPECT_TRUE(std::isinf(h.getAsDouble(0)));
  HostTensor b(DType::BF16, {1});
  b.setFromDouble(0, 0.1);
  EXPECT_EQ(*static_cast<const uint16_t *>(b.getData()), 0x3DCD);
  HostTensor i1(DType::I1, {2});
  i1.setFromDouble(0, -3.0);
  EXPECT_EQ(static_cast<const unsigned char *>(i1.getData())[0], 1);
  EXPECT_EQ(static_cast<const unsigned char *>(i1.getData())[1], 0);
}

TEST(HostTensorTest, RandomFillIsDeterministic) {
  for (DType dtype : kAllDTypes) {
    HostTensor a(dtype, {7, 9}), b(dtype, {7, 9}), c(dtype, {7, 9});
    a.fillRandom(42);
    b.fillRandom(42);
    c.fillRandom(43);
    EXPECT_EQ(std::memcmp(a.getData(), b.getData(), a.getNumBytes()), 0)
        << getDTypeName(dtype).str();
    EXPECT_NE(std::memcmp(a.getData(), c.getData(), a.getNumBytes()), 0)
        << getDTypeName(dtype).str();
  }
}

TEST(HostTensorTest, RandomFillDistributions) {
  HostTensor normal(DType::F64, {20001});
  normal.fillRandom(7);
  double sum = 0.0, sumSquares = 0.0;
  for (int64_t i = 0; i < normal.getNumElements(); ++i) {
    double v = normal.getAsDouble(i);
    ASSERT_TRUE(std::isfinite(v));
    sum += v;
    sumSquares += v * v;
  }
  double mean = sum / normal.getNumElements();
  double variance = sumSquares / normal.getNumElements() - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.05);
  EXPECT_NEAR(variance, 1.0, 0.05);

  for (DType dtype : {DType::I32, DType::I64}) {
    HostTensor ints(dtype, {2000});
    ints.fillRandom(1);
    std::set<double> seen;
    for (int64_t i = 0; i < ints.getNumElements(); ++i) {
      double v = ints.getAsDouble(i);
      EXPECT_GE(v, -8.0);
      EXPECT_LE(v, 8.0);
      seen.insert(v);
    }
    EXPECT_EQ(seen.size(), 17u);
  }

  HostTensor flags(DType::I1, {200});
  flags.fillRandom(3);
  std::set<unsigned char> bytes(
      static_cast<const unsigned char *>(flags.getData()),
      static_cast<const unsigned char *>(flags.getData()) + 200);
  EXPECT_EQ(bytes, (std::set<unsigned char>{0, 1}));
}

//===----------------------------------------------------------------------===//
// .npy I/O
//===----------------------------------------------------------------------===//

/// Gives each test a scratch directory, removed afterwards.
class NpyTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("kiln-npy-test", dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(dir); }

  std::string path(llvm::StringRef name) const {
    llvm::SmallString<256> p(dir);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }

  std::string write(llvm::StringRef name, llvm::StringRef bytes) {
    std::string p = path(name);
    std::error_code ec;
    llvm::raw_fd_ostream os(p, ec);
    EXPECT_FALSE(ec) << ec.message();
    os << bytes;
    return p;
  }
  template <size_t N>
  std::string write(llvm::StringRef name, const unsigned char (&bytes)[N]) {
    return write(name,
                 llvm::StringRef(reinterpret_cast<const char *>(bytes), N));
  }

  std::string read(llvm::StringRef p) {
    auto buffer = llvm::MemoryBuffer::getFile(p);
    EXPECT_TRUE(bool(buffer));
    return buffer ? (*buffer)->getBuffer().str() : std::string();
  }

  /// The names in the scratch directory.
  std::set<std::string> list() {
    std::set<std::string> names;
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
         it.increment(ec))
      names.insert(llvm::sys::path::filename(it->path()).str());
    return names;
  }

  /// A .npy file with `dict` as its header (padded as numpy does).
  static std::string makeNpy(llvm::StringRef dict, llvm::StringRef data,
                             unsigned major = 1) {
    unsigned lengthBytes = major == 1 ? 2 : 4;
    std::string header = dict.str();
    size_t unpadded = 8 + lengthBytes + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header.push_back('\n');
    std::string bytes = "\x93NUMPY";
    bytes.push_back(static_cast<char>(major));
    bytes.push_back(0);
    for (unsigned i = 0; i < lengthBytes; ++i)
      bytes.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xff));
    return bytes + header + data.str();
  }

  /// The message of the error that reading `p` gives.
  static std::string readError(const std::string &p) {
    llvm::Expected<HostTensor> t = readNpy(p);
    if (t) {
      ADD_FAILURE() << "reading " << p << " succeeded";
      return "";
    }
    return llvm::toString(t.takeError());
  }

  llvm::SmallString<256> dir;
};

TEST_F(NpyTest, RoundTripEveryDTypeAndRank) {
  const llvm::SmallVector<int64_t> shapes[] = {{}, {5}, {2, 3, 4}, {0, 3}};
  uint64_t seed = 0;
  for (DType dtype : kAllDTypes) {
    for (const auto &shape : shapes) {
      HostTensor t(dtype, shape);
      t.fillRandom(++seed);
      std::string p = path("t.npy");
      ASSERT_FALSE(llvm::errorToBool(writeNpy(p, t)));
      EXPECT_EQ(list(), std::set<std::string>{"t.npy"});
      llvm::Expected<HostTensor> back = readNpy(p);
      ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
      EXPECT_EQ(back->getDType(), dtype);
      EXPECT_EQ(back->getShape(), llvm::ArrayRef<int64_t>(shape));
      ASSERT_EQ(back->getNumBytes(), t.getNumBytes());
      EXPECT_EQ(std::memcmp(back->getData(), t.getData(), t.getNumBytes()), 0)
          << getDTypeName(dtype).str() << " rank " << shape.size();
    }
  }
}

TEST_F(NpyTest, WrittenHeaderIsVersion1PaddedTo64) {
  struct Case {
    DType dtype;
    llvm::SmallVector<int64_t> shape;
    const char *dict;
  } cases[] = {
      {DType::F32,
       {},
       "{'descr': '<f4', 'fortran_order': False, 'shape': (), }"},
      {DType::BF16,
       {5},
       "{'descr': '<u2', 'fortran_order': False, 'shape': (5,), }"},
      {DType::I1,
       {2, 3, 4},
       "{'descr': '|b1', 'fortran_order': False, 'shape': (2, 3, 4), }"},
  };
  for (const Case &c : cases) {
    HostTensor t(c.dtype, c.shape);
    std::string p = path("h.npy");
    ASSERT_FALSE(llvm::errorToBool(writeNpy(p, t)));
    std::string bytes = read(p);
    ASSERT_GE(bytes.size(), 10u);
    EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
    size_t length = static_cast<unsigned char>(bytes[8]) |
                    (static_cast<unsigned char>(bytes[9]) << 8);
    EXPECT_EQ((10 + length) % 64, 0u);
    std::string header = bytes.substr(10, length);
    EXPECT_EQ(header.back(), '\n');
    EXPECT_EQ(llvm::StringRef(header).rtrim(" \n"), c.dict);
    EXPECT_EQ(bytes.size(), 10 + length + t.getNumBytes());
  }
}

TEST_F(NpyTest, ReadsFilesWrittenByNumpy) {
  llvm::Expected<HostTensor> f32 = readNpy(write("f32.npy", kNumpyF32));
  ASSERT_TRUE(bool(f32)) << llvm::toString(f32.takeError());
  EXPECT_EQ(f32->getDType(), DType::F32);
  EXPECT_EQ(f32->getShape(), llvm::ArrayRef<int64_t>({2, 3}));
  const float expected[] = {1.5f, -2.0f, 3.25f, 0.0f, 1e-3f, -7.0f};
  for (int64_t i = 0; i < 6; ++i)
    EXPECT_EQ(f32->getAsDouble(i), expected[i]);

  llvm::Expected<HostTensor> flags = readNpy(write("b.npy", kNumpyBool));
  ASSERT_TRUE(bool(flags)) << llvm::toString(flags.takeError());
  EXPECT_EQ(flags->getDType(), DType::I1);
  EXPECT_EQ(flags->getShape(), llvm::ArrayRef<int64_t>({3}));
  EXPECT_EQ(flags->getAsDouble(0), 1.0);
  EXPECT_EQ(flags->getAsDouble(1), 0.0);
  EXPECT_EQ(flags->getAsDouble(2), 1.0);

  llvm::Expected<HostTensor> scalar = readNpy(write("s.npy", kNumpyI64Scalar));
  ASSERT_TRUE(bool(scalar)) << llvm::toString(scalar.takeError());
  EXPECT_EQ(scalar->getDType(), DType::I64);
  EXPECT_EQ(scalar->getRank(), 0);
  EXPECT_EQ(scalar->getAsDouble(0), -42.0);

  llvm::Expected<HostTensor> half = readNpy(write("h.npy", kNumpyF16V2));
  ASSERT_TRUE(bool(half)) << llvm::toString(half.takeError());
  EXPECT_EQ(half->getDType(), DType::F16);
  EXPECT_EQ(half->getAsDouble(0), 1.0);
  EXPECT_EQ(half->getAsDouble(1), 65504.0);
}

TEST_F(NpyTest, ReadsVersion3AndHeaderVariants) {
  // Version 3.0 differs from 2.0 only in the header's encoding (UTF-8).
  std::string v3(reinterpret_cast<const char *>(kNumpyF16V2),
                 sizeof(kNumpyF16V2));
  v3[6] = 3;
  llvm::Expected<HostTensor> half = readNpy(write("v3.npy", v3));
  ASSERT_TRUE(bool(half)) << llvm::toString(half.takeError());
  EXPECT_EQ(half->getAsDouble(1), 65504.0);

  // Another key order, double quotes, no trailing comma, Python 2 longs.
  int32_t data[] = {1, 2, 3, 4, 5, 6};
  llvm::StringRef raw(reinterpret_cast<const char *>(data), sizeof(data));
  llvm::Expected<HostTensor> t = readNpy(write(
      "v.npy",
      makeNpy("{\"shape\": (3L, 2L), \"fortran_order\": False, \"descr\": "
              "\"<i4\"}",
              raw)));
  ASSERT_TRUE(bool(t)) << llvm::toString(t.takeError());
  EXPECT_EQ(t->getDType(), DType::I32);
  EXPECT_EQ(t->getShape(), llvm::ArrayRef<int64_t>({3, 2}));
  EXPECT_EQ(t->getAsDouble(5), 6.0);

  // `<u2` reads as bf16 bit patterns.
  uint16_t bits[] = {0x3F80, 0xC000};
  llvm::Expected<HostTensor> bf16 = readNpy(
      write("u2.npy",
            makeNpy("{'descr': '<u2', 'fortran_order': False, 'shape': (2,), }",
                    llvm::StringRef(reinterpret_cast<const char *>(bits), 4))));
  ASSERT_TRUE(bool(bf16)) << llvm::toString(bf16.takeError());
  EXPECT_EQ(bf16->getDType(), DType::BF16);
  EXPECT_EQ(bf16->getAsDouble(0), 1.0);
  EXPECT_EQ(bf16->getAsDouble(1), -2.0);
}

TEST_F(NpyTest, MissingFile) {
  std::string p = path("x.npy");
  EXPECT_EQ(readError(p), p + ": no such file");
}

TEST_F(NpyTest, TruncatedAndOversizedData) {
  HostTensor t(DType::F32, {2, 3});
  std::string p = path("x.npy");
  ASSERT_FALSE(llvm::errorToBool(writeNpy(p, t)));
  std::string bytes = read(p);
  write("x.npy", llvm::StringRef(bytes).drop_back(4));
  EXPECT_EQ(readError(p),
            p + ": file is truncated: expected 24 data bytes, found 20");
  write("x.npy", bytes + "z");
  EXPECT_EQ(readError(p), p + ": file size does not match the header: "
                              "expected 24 data bytes, found 25");
  write("x.npy", bytes.substr(0, 40));
  EXPECT_NE(readError(p).find(p + ": file is truncated: the header needs"),
            std::string::npos);
  write("x.npy", bytes.substr(0, 9));
  EXPECT_EQ(readError(p), p + ": file is truncated inside the header");
}

TEST_F(NpyTest, FortranOrderIsRejected) {
  std::string p = write("f.npy", kNumpyFortran);
  EXPECT_EQ(
      readError(p).rfind(p + ": Fortran-order arrays are not supported", 0),
      0u);
}

TEST_F(NpyTest, BadMagicAndVersion) {
  std::string p = write("m.npy", "PK\x03\x04 this is a zip file");
  EXPECT_EQ(readError(p), p + ": not a .npy file (bad magic string)");
  p = write("e.npy", "");
  EXPECT_EQ(readError(p), p + ": not a .npy file (bad magic string)");
  std::string v4(reinterpret_cast<const char *>(kNumpyF32), sizeof(kNumpyF32));
  v4[6] = 4;
  p = write("v4.npy", v4);
  EXPECT_EQ(readError(p), p + ": unsupported .npy format version 4.0");
}

TEST_F(NpyTest, UnsupportedDTypes) {
  std::string p = write("c.npy", kNumpyComplex);
  EXPECT_EQ(readError(p).rfind(p + ": unsupported dtype '<c8'", 0), 0u);
  p = write("be.npy",
            makeNpy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }",
                    "abcd"));
  EXPECT_EQ(readError(p).rfind(p + ": unsupported dtype '>f4'", 0), 0u);
  p = write("u1.npy",
            makeNpy("{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }",
                    "a"));
  EXPECT_EQ(readError(p).rfind(p + ": unsupported dtype '|u1'", 0), 0u);
  p = write("rec.npy", makeNpy("{'descr': [('a', '<f4')], 'fortran_order': "
                               "False, 'shape': (1,), }",
                               "abcd"));
  EXPECT_EQ(readError(p).rfind(p + ": malformed header: unsupported dtype", 0),
            0u);
}

TEST_F(NpyTest, MalformedHeaders) {
  struct Case {
    const char *dict;
    const char *message;
  } cases[] = {
      {"{'descr': '<f4', 'fortran_order': False}", "missing key 'shape'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }",
       "expected a non-negative integer in 'shape'"},
      {"{'descr': '<f4', 'fortran_order': false, 'shape': (), }",
       "expected True or False for 'fortran_order'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}",
       "unexpected key 'x'"},
      {"{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}",
       "duplicate key 'descr'"},
      {"['descr', '<f4']", "expected '{' at the start of the header"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': "
       "(99999999999999999999,), }",
       "dimension 99999999999999999999 in 'shape' is too large"},
  };
  for (const Case &c : cases) {
    std::string p = write("bad.npy", makeNpy(c.dict, ""));
    EXPECT_EQ(readError(p), p + ": malformed header: " + c.message) << c.dict;
  }
  std::string p = write(
      "huge.npy", makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': "
                          "(4294967296, 4294967296), }",
                          ""));
  EXPECT_EQ(readError(p), p + ": shape is too large");
}

TEST_F(NpyTest, FailedWritesLeaveNothingBehind) {
  HostTensor t(DType::F32, {4});
  // The target's directory does not exist.
  std::string missing = path("no/such/dir/x.npy");
  llvm::Error error = writeNpy(missing, t);
  ASSERT_TRUE(bool(error));
  EXPECT_EQ(llvm::toString(std::move(error))
                .rfind(missing + ": cannot create a temporary file", 0),
            0u);
  // The target is a directory: the rename fails, the temporary goes away.
  std::string directory = path("d.npy");
  ASSERT_FALSE(llvm::sys::fs::create_directory(directory));
  error = writeNpy(directory, t);
  ASSERT_TRUE(bool(error));
  EXPECT_EQ(
      llvm::toString(std::move(error)).rfind(directory + ": cannot write", 0),
      0u);
  EXPECT_EQ(list(), std::set<std::string>{"d.npy"});
  // A tensor without data is refused before anything is created.
  error = writeNpy(path("empty.npy"), HostTensor());
  EXPECT_TRUE(bool(error));
  llvm::consumeError(std::move(error));
  EXPECT_EQ(list(), std::set<std::string>{"d.npy"});
}

} // namespace
