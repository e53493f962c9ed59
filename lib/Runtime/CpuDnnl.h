//===- CpuDnnl.h - Matmuls through oneDNN (internal) ------------*- C++ -*-===//
//
// Internal to the CPU runtime: oneDNN's matmul primitive, opened with dlopen
// (libdnnl.so.2, or $KILN_DNNL; KILN_DNNL=none turns it off) the first time
// it is needed, so that neither
// building nor loading the runtime needs oneDNN. Primitives are cached per
// shape, strides and element type (a bounded cache).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_RUNTIME_CPUDNNL_H
#define KILN_LIB_RUNTIME_CPUDNNL_H

#include <cstdint>

namespace kiln::cpu_detail {

/// The element type of a matmul's inputs (the result is f32).
enum class MatmulInput { F32, BF16 };

/// One operand of a (batched) matmul: its data and its element strides
/// (batch, row, column; the batch stride is unused when batch == 1).
struct MatrixRef {
  const void *data;
  int64_t strides[3];
};

/// C (f32, [batch, m, n]) = A @ B, or C += A @ B when `accumulate`, with
/// A [batch, m, k] and B [batch, k, n] of `input` type, through oneDNN.
/// False when oneDNN cannot be loaded or refuses the layout (nothing
/// written; the caller then computes the product itself), or, rarely, when
/// the execution itself fails.
bool dnnlMatmul(MatmulInput input, int64_t batch, int64_t m, int64_t n,
                int64_t k, MatrixRef a, MatrixRef b, float *c,
                const int64_t cStrides[3], bool accumulate);

} // namespace kiln::cpu_detail

#endif // KILN_LIB_RUNTIME_CPUDNNL_H
