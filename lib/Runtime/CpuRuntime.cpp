//===- CpuRuntime.cpp - Functions compiled CPU code calls -----------------===//
//
// Matrix products go to oneDNN (CpuDnnl.cpp), as PyTorch's CPU back end
// does: f32 on AVX-512, bf16 on AVX512_BF16/AMX with f32 accumulation.
// Without oneDNN, f32 products go to BLAS (OpenBLAS from Debian), and
// layouts BLAS cannot take (inner stride != 1) and bf16 take a plain loop.
//
//===----------------------------------------------------------------------===//

#include "kiln/Runtime/CpuRuntime.h"

#include "CpuDnnl.h"

#include "kiln/Runtime/HostMemory.h"

#include <cblas.h>
#include <cstring>
#include <vector>

using namespace kiln;
using namespace kiln::cpu_detail;

namespace {

/// f32 value of a bf16 bit pattern.
float bf16ToFloat(uint16_t bits) {
  uint32_t wide = uint32_t(bits) << 16;
  float value;
  std::memcpy(&value, &wide, sizeof(value));
  return value;
}

/// C += A * B on one f32 matrix (pointers already offset) without oneDNN:
/// BLAS in its layouts, a plain loop otherwise.
void fallbackGemm(int64_t m, int64_t n, int64_t k, const float *a,
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
        c[i * cs[0] + j * cs[1]] += a[i * as[0] + p * as[1]] *
                                    b[p * bs[0] + j * bs[1]];
}

/// The bf16 form: A and B widened to contiguous f32 copies, then BLAS.
void fallbackGemm(int64_t m, int64_t n, int64_t k, const uint16_t *a,
                  const int64_t *as, const uint16_t *b, const int64_t *bs,
                  float *c, const int64_t *cs) {
  auto widen = [](const uint16_t *p, const int64_t *s, int64_t rows,
                  int64_t cols) {
    std::vector<float> wide(rows * cols);
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        wide[i * cols + j] = bf16ToFloat(p[i * s[0] + j * s[1]]);
    return wide;
  };
  std::vector<float> wa = widen(a, as, m, k), wb = widen(b, bs, k, n);
  int64_t was[] = {k, 1}, wbs[] = {n, 1};
  fallbackGemm(m, n, k, wa.data(), was, wb.data(), wbs, c, cs);
}

/// C[i] += A[i] * B[i] for the memrefs' `batch` matrices (rank 3) or their
/// one matrix (rank 2): oneDNN when it is there, else fallbackGemm.
template <typename T, int Rank>
void gemm(MatmulInput input, StridedMemRefType<T, Rank> *a,
          StridedMemRefType<T, Rank> *b, StridedMemRefType<float, Rank> *c) {
  constexpr int r = Rank - 2; // index of the row dim
  int64_t batch = Rank == 3 ? a->sizes[0] : 1;
  int64_t m = a->sizes[r], k = a->sizes[r + 1], n = b->sizes[r + 1];
  auto strides = [](auto *memref) {
    return std::array<int64_t, 3>{Rank == 3 ? memref->strides[0] : 0,
                                  memref->strides[r], memref->strides[r + 1]};
  };
  std::array<int64_t, 3> as = strides(a), bs = strides(b), cs = strides(c);
  const T *aData = a->data + a->offset, *bData = b->data + b->offset;
  float *cData = c->data + c->offset;
  if (batch == 0 ||
      dnnlMatmul(input, batch, m, n, k, {aData, {as[0], as[1], as[2]}},
                 {bData, {bs[0], bs[1], bs[2]}}, cData, cs.data(),
                 /*accumulate=*/true))
    return;
  for (int64_t i = 0; i < batch; ++i)
    fallbackGemm(m, n, k, aData + i * as[0], &as[1], bData + i * bs[0],
                 &bs[1], cData + i * cs[0], &cs[1]);
}

} // namespace

extern "C" void _mlir_ciface_kiln_rt_sgemm(StridedMemRefType<float, 2> *a,
                                           StridedMemRefType<float, 2> *b,
                                           StridedMemRefType<float, 2> *c) {
  gemm(MatmulInput::F32, a, b, c);
}

extern "C" void
_mlir_ciface_kiln_rt_sgemm_batched(StridedMemRefType<float, 3> *a,
                                   StridedMemRefType<float, 3> *b,
                                   StridedMemRefType<float, 3> *c) {
  gemm(MatmulInput::F32, a, b, c);
}

extern "C" void
_mlir_ciface_kiln_rt_matmul_bf16(StridedMemRefType<uint16_t, 2> *a,
                                 StridedMemRefType<uint16_t, 2> *b,
                                 StridedMemRefType<float, 2> *c) {
  gemm(MatmulInput::BF16, a, b, c);
}

extern "C" void
_mlir_ciface_kiln_rt_matmul_bf16_batched(StridedMemRefType<uint16_t, 3> *a,
                                         StridedMemRefType<uint16_t, 3> *b,
                                         StridedMemRefType<float, 3> *c) {
  gemm(MatmulInput::BF16, a, b, c);
}

std::vector<std::pair<llvm::StringRef, void *>> kiln::getCpuRuntimeSymbols() {
  static const std::string sgemm = std::string("_mlir_ciface_") + abi::kSgemm;
  static const std::string batched =
      std::string("_mlir_ciface_") + abi::kSgemmBatched;
  static const std::string bf16 =
      std::string("_mlir_ciface_") + abi::kMatmulBf16;
  static const std::string bf16Batched =
      std::string("_mlir_ciface_") + abi::kMatmulBf16Batched;
  return {
      {abi::kGenericAlloc,
       reinterpret_cast<void *>(&_mlir_memref_to_llvm_alloc)},
      {abi::kGenericAlignedAlloc,
       reinterpret_cast<void *>(&_mlir_memref_to_llvm_aligned_alloc)},
      {abi::kGenericFree, reinterpret_cast<void *>(&_mlir_memref_to_llvm_free)},
      {sgemm, reinterpret_cast<void *>(&_mlir_ciface_kiln_rt_sgemm)},
      {batched, reinterpret_cast<void *>(&_mlir_ciface_kiln_rt_sgemm_batched)},
      {bf16, reinterpret_cast<void *>(&_mlir_ciface_kiln_rt_matmul_bf16)},
      {bf16Batched,
       reinterpret_cast<void *>(&_mlir_ciface_kiln_rt_matmul_bf16_batched)},
  };
}
