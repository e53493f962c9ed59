//===- IndexingKernels.cpp - Gather kernels of the interpreter ------------===//
//
// kiln.gather and kiln.gather_elements on concrete values, with every index
// checked (the compiled code's run-time check agrees).
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "llvm/ADT/Twine.h"

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
