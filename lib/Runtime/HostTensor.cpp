//===- HostTensor.cpp - Dense host tensors
//---------------------------------===//
//
// The storage of kiln::HostTensor, the element conversions to and from
// double (including exact round-to-nearest-even narrowing to f32, f16 and
// bf16), and the deterministic random fill used by `kiln-run
// --random-inputs`.
//
// Narrowing is done on the bit pattern of the double, never through an
// intermediate float, so that there is no double rounding and no undefined
// behaviour for values outside a format's range (they become infinities).
//
//===----------------------------------------------------------------------===//

#include "kiln/Runtime/HostTensor.h"
#include "kiln/Runtime/HostMemory.h"

#include "llvm/Support/MathExtras.h"

#include <cassert>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>

using namespace kiln;

//===----------------------------------------------------------------------===//
// DType helpers
//===----------------------------------------------------------------------===//

size_t kiln::getDTypeSize(DType dtype) {
  switch (dtype) {
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::F16:
  case DType::BF16:
    return 2;
  case DType::F64:
  case DType::I64:
    return 8;
  case DType::I1:
    return 1;
  }
  return 1;
}

llvm::StringRef kiln::getDTypeName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "f32";
  case DType::F16:
    return "f16";
  case DType::BF16:
    return "bf16";
  case DType::F64:
    return "f64";
  case DType::I1:
    return "i1";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  }
  return "?";
}

std::string kiln::formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (auto [i, size] : llvm::enumerate(shape))
    text += (i ? ", " : "") + std::to_string(size);
  return text + "]";
}

bool kiln::isFloatDType(DType dtype) {
  return dtype == DType::F32 || dtype == DType::F16 || dtype == DType::BF16 ||
         dtype == DType::F64;
}

//===----------------------------------------------------------------------===//
// Floating-point narrowing
//===----------------------------------------------------------------------===//

/// Rounds `value` to nearest even in the IEEE-style binary format with
/// `expBits` exponent bits and `manBits` explicit mantissa bits (f32: 8/23,
/// f16: 5/10, bf16: 8/7) and returns its bit pattern. Overflow gives
/// infinity, tiny values give (signed) subnormals or zero, NaN stays a quiet
/// NaN with the sign and the top payload bits kept.
static uint32_t narrowDouble(double value, unsigned expBits, unsigned manBits) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  const uint32_t sign = (bits >> 63) ? (1u << (expBits + manBits)) : 0u;
  const int64_t exponent = static_cast<int64_t>((bits >> 52) & 0x7ff);
  const uint64_t mantissa = bits & ((uint64_t(1) << 52) - 1);
  const int64_t maxExponent = (int64_t(1) << expBits) - 1;
  const uint32_t infBits = static_cast<uint32_t>(maxExponent) << manBits;

  if (exponent == 0x7ff) {
    if (mantissa == 0)
      return sign | infBits;
    uint32_t payload = static_cast<uint32_t>(mantissa >> (52 - manBits));
    return sign | infBits | (1u << (manBits - 1)) | payload;
  }
  // Zeros and double subnormals (< 2^-1022) are far below half the smallest
  // subnormal of every narrower format.
  if (exponent == 0)
    return sign;

  const int64_t bias = (int64_t(1) << (expBits - 1)) - 1;
  const int64_t targetExponent = exponent - 1023 + bias;
  if (targetExponent >= maxExponent)
    return sign | infBits;

  const uint64_t significand = mantissa | (uint64_t(1) << 52);
  unsigned shift = 52 - manBits;
  uint64_t result;
  if (targetExponent >= 1) {
    result = (static_cast<uint64_t>(targetExponent) << manBits) |
             ((significand >> shift) & ((uint64_t(1) << manBits) - 1));
  } else {
    // A subnormal of the target format: shift the implicit bit in.
    int64_t extra = 1 - targetExponent;
    if (shift + extra > 60)
      return sign; // Below half the smallest subnormal: rounds to zero.
    shift += static_cast<unsigned>(extra);
    result = significand >> shift;
  }
  const uint64_t remainder = significand & ((uint64_t(1) << shift) - 1);
  const uint64_t half = uint64_t(1) << (shift - 1);
  // A carry out of the mantissa moves into the exponent, which is exactly
  // right: the largest finite value rounds up to infinity, the largest
  // subnormal to the smallest normal.
  if (remainder > half || (remainder == half && (result & 1)))
    ++result;
  return sign | static_cast<uint32_t>(result);
}

static float bitsToFloat(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

uint16_t kiln::floatToBF16(float value) {
  return static_cast<uint16_t>(narrowDouble(value, 8, 7));
}

float kiln::bf16ToFloat(uint16_t bits) {
  return bitsToFloat(static_cast<uint32_t>(bits) << 16);
}

uint16_t kiln::floatToF16(float value) {
  return static_cast<uint16_t>(narrowDouble(value, 5, 10));
}

float kiln::f16ToFloat(uint16_t bits) {
  uint32_t sign = static_cast<uint32_t>(bits & 0x8000) << 16;
  uint32_t exponent = (bits >> 10) & 0x1f;
  uint32_t mantissa = bits & 0x3ff;
  if (exponent == 0) {
    // Zero or subnormal: mantissa * 2^-24, exact in float.
    float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -magnitude : magnitude;
  }
  if (exponent == 0x1f)
    return bitsToFloat(sign | 0x7f800000u | (mantissa << 13));
  return bitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
}

static float doubleToFloat(double value) {
  return bitsToFloat(narrowDouble(value, 8, 23));
}

/// Truncates toward zero and saturates to [lo, hi]; NaN gives 0.
static int64_t toSaturatedInt(double value, int64_t lo, int64_t hi) {
  if (std::isnan(value))
    return 0;
  // Both bounds are compared in double: -2^63 is exact, and anything at or
  // above 2^63 (the double nearest to INT64_MAX) saturates.
  if (value <= static_cast<double>(lo))
    return lo;
  if (value >= static_cast<double>(hi))
    return hi;
  return static_cast<int64_t>(value);
}

static int64_t toInt32(double value) {
  return toSaturatedInt(value, std::numeric_limits<int32_t>::min(),
                        std::numeric_limits<int32_t>::max());
}

static int64_t toInt64(double value) {
  return toSaturatedInt(value, std::numeric_limits<int64_t>::min(),
                        std::numeric_limits<int64_t>::max());
}

double kiln::roundToDType(DType dtype, double value) {
  switch (dtype) {
  case DType::F32:
    return doubleToFloat(value);
  case DType::F16:
    return f16ToFloat(static_cast<uint16_t>(narrowDouble(value, 5, 10)));
  case DType::BF16:
    return bf16ToFloat(static_cast<uint16_t>(narrowDouble(value, 8, 7)));
  case DType::F64:
    return value;
  case DType::I1:
    return value != 0.0 ? 1.0 : 0.0;
  case DType::I32:
    return static_cast<double>(toInt32(value));
  case DType::I64:
    return static_cast<double>(toInt64(value));
  }
  return value;
}

//===----------------------------------------------------------------------===//
// HostTensor
//===----------------------------------------------------------------------===//

void HostTensor::FreeDeleter::operator()(void *p) const {
  kiln_rt_host_free(p);
}

HostTensor::HostTensor(DType dtype, llvm::ArrayRef<int64_t> shape)
    : dtype(dtype), shape(shape.begin(), shape.end()) {
  // Memory from the caching host allocator (64-byte aligned); empty
  // tensors still get a block so that getData() is never null for a
  // constructed tensor.
  // A size that overflows leaves the buffer null (callers validate sizes
  // from user input first; see readNpy and the interpreter).
  int64_t count = getNumElements();
  int64_t elementSize = static_cast<int64_t>(getDTypeSize(dtype));
  if (count > (std::numeric_limits<int64_t>::max() - 64) / elementSize)
    return;
  uint64_t bytes = static_cast<uint64_t>(count * elementSize);
  void *buffer = kiln_rt_host_alloc(bytes);
  if (!buffer)
    return;
  std::memset(buffer, 0, bytes);
  data.reset(buffer);
}

HostTensor HostTensor::adopt(DType dtype, llvm::ArrayRef<int64_t> shape,
                             void *allocation, void *first) {
  HostTensor tensor;
  tensor.dtype = dtype;
  tensor.shape.assign(shape.begin(), shape.end());
  tensor.data.reset(allocation);
  tensor.aligned = first;
  return tensor;
}

int64_t HostTensor::getNumElements() const {
  uint64_t count = 1;
  for (int64_t size : shape)
    count = llvm::SaturatingMultiply(
        count, static_cast<uint64_t>(std::max<int64_t>(size, 0)));
  return count > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
             ? std::numeric_limits<int64_t>::max()
             : static_cast<int64_t>(count);
}

double HostTensor::getAsDouble(int64_t i) const {
  assert(data && i >= 0 && i < getNumElements() && "index out of range");
  const char *base = static_cast<const char *>(getData());
  switch (dtype) {
  case DType::F32: {
    float v;
    std::memcpy(&v, base + i * 4, 4);
    return v;
  }
  case DType::F16: {
    uint16_t v;
    std::memcpy(&v, base + i * 2, 2);
    return f16ToFloat(v);
  }
  case DType::BF16: {
    uint16_t v;
    std::memcpy(&v, base + i * 2, 2);
    return bf16ToFloat(v);
  }
  case DType::F64: {
    double v;
    std::memcpy(&v, base + i * 8, 8);
    return v;
  }
  case DType::I1:
    return base[i] != 0 ? 1.0 : 0.0;
  case DType::I32: {
    int32_t v;
    std::memcpy(&v, base + i * 4, 4);
    return v;
  }
  case DType::I64: {
    int64_t v;
    std::memcpy(&v, base + i * 8, 8);
    return static_cast<double>(v);
  }
  }
  return 0.0;
}

void HostTensor::setFromDouble(int64_t i, double value) {
  assert(data && i >= 0 && i < getNumElements() && "index out of range");
  char *base = static_cast<char *>(getData());
  switch (dtype) {
  case DType::F32: {
    float v = doubleToFloat(value);
    std::memcpy(base + i * 4, &v, 4);
    return;
  }
  case DType::F16: {
    uint16_t v = static_cast<uint16_t>(narrowDouble(value, 5, 10));
    std::memcpy(base + i * 2, &v, 2);
    return;
  }
  case DType::BF16: {
    uint16_t v = static_cast<uint16_t>(narrowDouble(value, 8, 7));
    std::memcpy(base + i * 2, &v, 2);
    return;
  }
  case DType::F64:
    std::memcpy(base + i * 8, &value, 8);
    return;
  case DType::I1:
    base[i] = value != 0.0 ? 1 : 0;
    return;
  case DType::I32: {
    int32_t v = static_cast<int32_t>(toInt32(value));
    std::memcpy(base + i * 4, &v, 4);
    return;
  }
  case DType::I64: {
    int64_t v = toInt64(value);
    std::memcpy(base + i * 8, &v, 8);
    return;
  }
  }
}

void HostTensor::fillRandom(uint64_t seed, double std) {
  if (!data)
    return;
  std::mt19937_64 generator(seed);
  int64_t count = getNumElements();
  if (isFloatDType(dtype)) {
    // Box-Muller, written out so that the stream of values depends only on
    // mt19937_64 (fully specified by the standard) and libm, not on the
    // standard library's normal_distribution.
    auto uniform = [&] {
      return static_cast<double>(generator() >> 11) * 0x1.0p-53; // [0, 1)
    };
    const double twoPi = 6.283185307179586476925286766559;
    for (int64_t i = 0; i < count; i += 2) {
      double u1 = 1.0 - uniform(); // (0, 1]: log is finite.
      double u2 = uniform();
      double radius = std * std::sqrt(-2.0 * std::log(u1));
      setFromDouble(i, radius * std::cos(twoPi * u2));
      if (i + 1 < count)
        setFromDouble(i + 1, radius * std::sin(twoPi * u2));
    }
    return;
  }
  for (int64_t i = 0; i < count; ++i) {
    uint64_t r = generator();
    if (dtype == DType::I1) {
      setFromDouble(i, static_cast<double>(r >> 63));
      continue;
    }
    // Uniform over the 17 integers of [-8, 8] by multiply-shift on the top
    // 32 bits (bias below 2^-27).
    int64_t v = static_cast<int64_t>(((r >> 32) * 17) >> 32) - 8;
    setFromDouble(i, static_cast<double>(v));
  }
}
