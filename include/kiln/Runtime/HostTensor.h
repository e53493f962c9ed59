//===- HostTensor.h - Dense host tensors and .npy I/O -----------*- C++ -*-===//
//
// The host-side tensor that kiln-run, the reference interpreter and the
// runtimes exchange: a dtype, a static shape (symbols already bound) and a
// row-major, 64-byte aligned buffer. `.npy` files read and write it; bf16
// travels in `.npy` as uint16 bit patterns (numpy has no bfloat16).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_HOSTTENSOR_H
#define KILN_RUNTIME_HOSTTENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>

namespace kiln {

/// Element types of Kiln tensors (design.md §2).
enum class DType : uint8_t { F32, F16, BF16, F64, I1, I32, I64 };

/// Bytes per element (i1 is stored as one byte, 0 or 1).
size_t getDTypeSize(DType dtype);
/// `f32`, `f16`, `bf16`, `f64`, `i1`, `i32`, `i64`.
llvm::StringRef getDTypeName(DType dtype);
/// True for f32, f16, bf16, f64.
bool isFloatDType(DType dtype);
/// `[2, 3, 4]`.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// A dense row-major host tensor owning a 64-byte aligned buffer.
class HostTensor {
public:
  HostTensor() = default;
  /// Allocates a zero-filled tensor.
  HostTensor(DType dtype, llvm::ArrayRef<int64_t> shape);

  DType getDType() const { return dtype; }
  llvm::ArrayRef<int64_t> getShape() const { return shape; }
  int64_t getRank() const { return shape.size(); }
  int64_t getNumElements() const;
  size_t getNumBytes() const { return getNumElements() * getDTypeSize(dtype); }
  void *getData() { return aligned ? aligned : data.get(); }
  const void *getData() const { return aligned ? aligned : data.get(); }

  /// Takes ownership of a buffer that compiled code allocated with malloc:
  /// `allocation` is what to free(), `data` the first element (inside it).
  static HostTensor adopt(DType dtype, llvm::ArrayRef<int64_t> shape,
                          void *allocation, void *data);

  /// Element `i` (row-major linear index) converted to/from double. bf16 and
  /// f16 round to nearest even on store; i1 stores `v != 0`.
  double getAsDouble(int64_t i) const;
  void setFromDouble(int64_t i, double value);

  /// Fills with values drawn from a normal(0, std^2) distribution (floats),
  /// or uniformly from [-8, 8] (integers) / {0, 1} (i1), deterministically
  /// from `seed`.
  void fillRandom(uint64_t seed, double std = 1.0);

private:
  struct FreeDeleter {
    void operator()(void *p) const;
  };
  DType dtype = DType::F32;
  llvm::SmallVector<int64_t> shape;
  std::unique_ptr<void, FreeDeleter> data;
  /// The first element when it is not the start of `data` (adopted buffers).
  void *aligned = nullptr;
};

/// Reads a `.npy` file (format 1.0/2.0/3.0, C order, little-endian; dtypes
/// <f4 <f2 <f8 |b1 <i4 <i8 <u2). A `<u2` array is read as bf16. Errors name
/// the file and the problem.
llvm::Expected<HostTensor> readNpy(llvm::StringRef path);

/// Writes a `.npy` file atomically (to a temporary file, then renamed), so
/// that no partial file is left behind on failure. bf16 is written as `<u2`.
llvm::Error writeNpy(llvm::StringRef path, const HostTensor &tensor);

/// `value` rounded to what an element of `dtype` holds, exactly as
/// `setFromDouble` followed by `getAsDouble` would give: floats round to
/// nearest even (directly from double, without double rounding); integers
/// truncate toward zero and saturate, NaN giving 0; i1 is `value != 0`.
double roundToDType(DType dtype, double value);

/// Half-precision conversions (round to nearest even).
uint16_t floatToBF16(float value);
float bf16ToFloat(uint16_t bits);
uint16_t floatToF16(float value);
float f16ToFloat(uint16_t bits);

} // namespace kiln

#endif // KILN_RUNTIME_HOSTTENSOR_H
