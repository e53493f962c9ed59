//===- ConvKernels.cpp - Convolution and pooling in the interpreter -------===//
//
// NCHW conv2d (grouped, strided, dilated, zero-padded) and max/avg pooling
// with plain loops in double precision, rounded once to the result type.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include <cmath>
#include <limits>

using namespace kiln;
using namespace kiln::reference;
using llvm::ArrayRef;
using llvm::Expected;

/// The output size along one spatial dim (PyTorch's, ceil_mode=False).
static int64_t outputSize(int64_t in, int64_t kernel, int64_t stride,
                          int64_t dilation, int64_t padLow, int64_t padHigh) {
  int64_t span = in + padLow + padHigh - dilation * (kernel - 1) - 1;
  return span < 0 ? 0 : span / stride + 1;
}

Expected<Buffer> kiln::reference::conv2d(const Buffer &x, const Buffer &w,
                                         const WindowParams &p, int64_t groups,
                                         DType resultType) {
  int64_t n = x.shape[0], c = x.shape[1], h = x.shape[2], wd = x.shape[3];
  int64_t f = w.shape[0], cg = w.shape[1], kh = w.shape[2], kw = w.shape[3];
  if (cg * groups != c || f % groups)
    return llvm::createStringError("channels do not match the weight");
  int64_t ho = outputSize(h, kh, p.strides[0], p.dilations[0], p.padding[0],
                          p.padding[2]);
  int64_t wo = outputSize(wd, kw, p.strides[1], p.dilations[1], p.padding[1],
                          p.padding[3]);
  Expected<Buffer> result = makeBuffer(resultType, {n, f, ho, wo});
  if (!result)
    return result.takeError();
  int64_t fg = f / groups;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t o = 0; o < f; ++o)
      for (int64_t i = 0; i < ho; ++i)
        for (int64_t j = 0; j < wo; ++j) {
          double acc = 0.0;
          int64_t g = o / fg;
          for (int64_t ci = 0; ci < cg; ++ci)
            for (int64_t a = 0; a < kh; ++a)
              for (int64_t e = 0; e < kw; ++e) {
                int64_t y = i * p.strides[0] + a * p.dilations[0] - p.padding[0];
                int64_t z = j * p.strides[1] + e * p.dilations[1] - p.padding[1];
                if (y < 0 || y >= h || z < 0 || z >= wd)
                  continue;
                acc += x.data[((b * c + g * cg + ci) * h + y) * wd + z] *
                       w.data[((o * cg + ci) * kh + a) * kw + e];
              }
          result->data[((b * f + o) * ho + i) * wo + j] =
              roundToDType(resultType, acc);
        }
  return result;
}

Expected<Buffer> kiln::reference::pool2d(const Buffer &x,
                                         ArrayRef<int64_t> kernel,
                                         const WindowParams &p, bool max,
                                         bool countIncludePad,
                                         DType resultType) {
  int64_t n = x.shape[0], c = x.shape[1], h = x.shape[2], wd = x.shape[3];
  int64_t ho = outputSize(h, kernel[0], p.strides[0], p.dilations[0],
                          p.padding[0], p.padding[2]);
  int64_t wo = outputSize(wd, kernel[1], p.strides[1], p.dilations[1],
                          p.padding[1], p.padding[3]);
  Expected<Buffer> result = makeBuffer(resultType, {n, c, ho, wo});
  if (!result)
    return result.takeError();
  for (int64_t b = 0; b < n * c; ++b)
    for (int64_t i = 0; i < ho; ++i)
      for (int64_t j = 0; j < wo; ++j) {
        double acc = max ? -std::numeric_limits<double>::infinity() : 0.0;
        int64_t inside = 0;
        for (int64_t a = 0; a < kernel[0]; ++a)
          for (int64_t e = 0; e < kernel[1]; ++e) {
            int64_t y = i * p.strides[0] + a * p.dilations[0] - p.padding[0];
            int64_t z = j * p.strides[1] + e * p.dilations[1] - p.padding[1];
            if (y < 0 || y >= h || z < 0 || z >= wd)
              continue;
            double v = x.data[(b * h + y) * wd + z];
            ++inside;
            if (!max)
              acc += v;
            else if (std::isnan(v) || v > acc)
              acc = std::isnan(acc) ? acc : v;
          }
        if (!max)
          acc /= countIncludePad ? double(kernel[0] * kernel[1])
                                 : double(inside);
        result->data[(b * ho + i) * wo + j] = roundToDType(resultType, acc);
      }
  return result;
}
