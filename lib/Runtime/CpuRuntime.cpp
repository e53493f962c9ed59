//===- CpuRuntime.cpp - Functions compiled CPU code calls -----------------===//
//
// Matrix products go to BLAS (OpenBLAS from Debian), as PyTorch's CPU
// back end calls MKL/oneDNN: measured on the 2-core AVX-512 machine, a
// 1024^3 f32 sgemm runs several times faster than the loop nest Kiln
// generates (see bench/). Layouts BLAS cannot take (inner stride != 1)
// fall back to a plain loop.
//
//===----------------------------------------------------------------------===//

#include "kiln/Runtime/CpuRuntime.h"

#include <cblas.h>

using namespace kiln;

/// C += A * B on one matrix (pointers already offset).
static void sgemm(int64_t m, int64_t n, int64_t k, const float *a,
                  const int64_t *as, const float *b, const int64_t *bs,
                  float *c, const int64_t *cs) {
  if (m == 0 || n == 0)
    return;
  bool blasLayout = as[1] == 1 && bs[1] == 1 && cs[1] == 1 &&
                    as[0] >= std::max<int64_t>(1, k) &&
                    bs[0] >= std::max<int64_t>(1, n) &&
                    cs[0] >= std::max<int64_t>(1, n);
  if (blasLayout && k > 0) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a,
                as[0], b, bs[0], 1.0f, c, cs[0]);
    return;
  }
  for (int64_t i = 0; i < m; ++i)
    for (int64_t p = 0; p < k; ++p)
      for (int64_t j = 0; j < n; ++j)
        c[i * cs[0] + j * cs[1]] +=
            a[i * as[0] + p * as[1]] * b[p * bs[0] + j * bs[1]];
}

extern "C" void _mlir_ciface_kiln_rt_sgemm(StridedMemRefType<float, 2> *a,
                                           StridedMemRefType<float, 2> *b,
                                           StridedMemRefType<float, 2> *c) {
  sgemm(a->sizes[0], b->sizes[1], a->sizes[1], a->data + a->offset, a->strides,
        b->data + b->offset, b->strides, c->data + c->offset, c->strides);
}

extern "C" void
_mlir_ciface_kiln_rt_sgemm_batched(StridedMemRefType<float, 3> *a,
                                   StridedMemRefType<float, 3> *b,
                                   StridedMemRefType<float, 3> *c) {
  for (int64_t i = 0; i < a->sizes[0]; ++i)
    sgemm(a->sizes[1], b->sizes[2], a->sizes[2],
          a->data + a->offset + i * a->strides[0], a->strides + 1,
          b->data + b->offset + i * b->strides[0], b->strides + 1,
          c->data + c->offset + i * c->strides[0], c->strides + 1);
}

std::vector<std::pair<llvm::StringRef, void *>> kiln::getCpuRuntimeSymbols() {
  static const std::string sgemm = std::string("_mlir_ciface_") + abi::kSgemm;
  static const std::string batched =
      std::string("_mlir_ciface_") + abi::kSgemmBatched;
  return {
      {sgemm, reinterpret_cast<void *>(&_mlir_ciface_kiln_rt_sgemm)},
      {batched, reinterpret_cast<void *>(&_mlir_ciface_kiln_rt_sgemm_batched)},
  };
}
