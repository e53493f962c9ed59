//===- IndexingKernels.cpp - Gather kernels of the interpreter ------------===//
//
// kiln.gather and kiln.gather_elements on concrete values, with every index
// checked (the compiled code's run-time check agrees).
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "llvm/ADT/Twine.h"

#include <cmath>

using namespace kiln;
using namespace kiln::reference;
using llvm::ArrayRef;
using llvm::Expected;
using llvm::SmallVector;

static int64_t product(ArrayRef<int64_t> sizes) {
  int64_t p = 1;
  for (int64_t s : sizes)
    p *= s;
  return p;
}

/// The index `value` normalized into [0, size), or an error.
static Expected<int64_t> normalizeIndex(double value, int64_t size,
                                        int64_t dim) {
  int64_t index = static_cast<int64_t>(value);
  if (index < -size || index >= size)
    return llvm::createStringError(
        "index " + llvm::Twine(index) + " is out of range for dim " +
        llvm::Twine(dim) + " of size " + llvm::Twine(size));
  return index < 0 ? index + size : index;
}

Expected<Buffer> kiln::reference::gather(const Buffer &x,
                                         const Buffer &indices, int64_t dim) {
  ArrayRef<int64_t> shape = x.shape;
  SmallVector<int64_t> resultShape(shape.take_front(dim));
  llvm::append_range(resultShape, indices.shape);
  llvm::append_range(resultShape, shape.drop_front(dim + 1));
  Expected<Buffer> result = makeBuffer(x.dtype, resultShape);
  if (!result)
    return result.takeError();
  int64_t outer = product(shape.take_front(dim));
  int64_t inner = product(shape.drop_front(dim + 1));
  int64_t size = shape[dim];
  int64_t out = 0;
  for (int64_t o = 0; o < outer; ++o) {
    for (double value : indices.data) {
      Expected<int64_t> index = normalizeIndex(value, size, dim);
      if (!index)
        return index.takeError();
      for (int64_t j = 0; j < inner; ++j)
        result->data[out++] = x.data[(o * size + *index) * inner + j];
    }
  }
  return result;
}

Expected<Buffer> kiln::reference::gatherElements(const Buffer &x,
                                                 const Buffer &indices,
                                                 int64_t dim) {
  int64_t rank = x.getRank();
  if (indices.getRank() != rank)
    return llvm::createStringError("indices must have x's rank");
  for (int64_t d = 0; d < rank; ++d)
    if (d != dim && indices.shape[d] > x.shape[d])
      return llvm::createStringError(
          "indices dim " + llvm::Twine(d) + " (" +
          llvm::Twine(indices.shape[d]) + ") exceeds x's (" +
          llvm::Twine(x.shape[d]) + ")");
  Expected<Buffer> result = makeBuffer(x.dtype, indices.shape);
  if (!result)
    return result.takeError();
  // Row-major strides of x, and the index of each element of `indices`.
  SmallVector<int64_t> strides(rank, 1), position(rank, 0);
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * x.shape[d + 1];
  for (int64_t i = 0, e = indices.getNumElements(); i < e; ++i) {
    Expected<int64_t> index =
        normalizeIndex(indices.data[i], x.shape[dim], dim);
    if (!index)
      return index.takeError();
    int64_t offset = 0;
    for (int64_t d = 0; d < rank; ++d)
      offset += (d == dim ? *index : position[d]) * strides[d];
    result->data[i] = x.data[offset];
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++position[d] < indices.shape[d])
        break;
      position[d] = 0;
    }
  }
  return result;
}

Expected<Buffer> kiln::reference::pad(const Buffer &x, ArrayRef<int64_t> low,
                                      ArrayRef<int64_t> high, double value) {
  int64_t rank = x.getRank();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(low[d] + x.shape[d] + high[d]);
  Expected<Buffer> result = makeBuffer(x.dtype, shape);
  if (!result)
    return result.takeError();
  double fill = roundToDType(x.dtype, value);
  SmallVector<int64_t> position(rank, 0);
  for (int64_t i = 0, e = result->getNumElements(); i < e; ++i) {
    int64_t offset = 0;
    bool inside = true;
    for (int64_t d = 0; d < rank && inside; ++d) {
      int64_t in = position[d] - low[d];
      inside = in >= 0 && in < x.shape[d];
      offset = offset * x.shape[d] + in;
    }
    result->data[i] = inside ? x.data[offset] : fill;
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++position[d] < shape[d])
        break;
      position[d] = 0;
    }
  }
  return result;
}

Expected<Buffer> kiln::reference::cumsum(const Buffer &x, int64_t dim) {
  Expected<Buffer> result = makeBuffer(x.dtype, x.shape);
  if (!result)
    return result.takeError();
  ArrayRef<int64_t> shape = x.shape;
  int64_t outer = product(shape.take_front(dim));
  int64_t inner = product(shape.drop_front(dim + 1));
  int64_t size = shape[dim];
  bool integer = !isFloatDType(x.dtype);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < inner; ++j) {
      double sum = 0.0;
      uint64_t integerSum = 0;
      for (int64_t i = 0; i < size; ++i) {
        int64_t at = (o * size + i) * inner + j;
        if (integer) {
          // Two's-complement wrap-around at the element width.
          integerSum += static_cast<uint64_t>(static_cast<int64_t>(x.data[at]));
          result->data[at] =
              x.dtype == DType::I32
                  ? static_cast<double>(
                        static_cast<int32_t>(static_cast<uint32_t>(integerSum)))
                  : static_cast<double>(static_cast<int64_t>(integerSum));
        } else {
          sum += x.data[at];
          result->data[at] = roundToDType(x.dtype, sum);
        }
      }
    }
  return result;
}

Expected<Buffer> kiln::reference::argReduce(const Buffer &x, int64_t dim,
                                            bool keepdim, bool max,
                                            DType resultType) {
  ArrayRef<int64_t> shape = x.shape;
  SmallVector<int64_t> resultShape(shape.take_front(dim));
  if (keepdim)
    resultShape.push_back(1);
  llvm::append_range(resultShape, shape.drop_front(dim + 1));
  Expected<Buffer> result = makeBuffer(resultType, resultShape);
  if (!result)
    return result.takeError();
  int64_t outer = product(shape.take_front(dim));
  int64_t inner = product(shape.drop_front(dim + 1));
  int64_t size = shape[dim];
  if (size == 0 && outer * inner > 0)
    return llvm::createStringError("cannot take the arg" +
                                   llvm::Twine(max ? "max" : "min") +
                                   " over an empty dim");
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < inner; ++j) {
      int64_t best = 0;
      double bestValue = x.data[o * size * inner + j];
      for (int64_t i = 1; i < size && !std::isnan(bestValue); ++i) {
        double v = x.data[(o * size + i) * inner + j];
        if (std::isnan(v) || (max ? v > bestValue : v < bestValue)) {
          best = i;
          bestValue = v;
        }
      }
      result->data[o * inner + j] = static_cast<double>(best);
    }
  return result;
}
