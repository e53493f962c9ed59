//===- Kernels.h - Op kernels of the reference interpreter ------*- C++ -*-===//
//
// Internal to lib/Reference. The kernels compute Kiln ops on concrete
// values, with plain loops in double precision, and round every result to
// its element type (through kiln::roundToDType) so that f16/bf16 ops round
// like the real dtype. They know nothing of MLIR: Interpreter.cpp maps ops
// and attributes onto them and checks the shapes they compute against the
// declared result types.
//
// Integer results are computed exactly in int64 with two's-complement
// wrap-around (as compiled code does), then wrapped to the element width.
// Errors (shapes that do not fit at run time, integer division by zero) are
// returned as llvm::Error messages without the op name; the caller adds it.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_REFERENCE_KERNELS_H
#define KILN_LIB_REFERENCE_KERNELS_H

#include "kiln/Runtime/HostTensor.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <vector>

namespace kiln::reference {

/// A dense row-major array whose values (held as doubles) are already
/// rounded to `dtype`.
struct Buffer {
  DType dtype = DType::F32;
  llvm::SmallVector<int64_t> shape;
  std::vector<double> data;

  int64_t getRank() const { return static_cast<int64_t>(shape.size()); }
  int64_t getNumElements() const { return static_cast<int64_t>(data.size()); }
};

/// The most elements the interpreter allocates for one value.
constexpr int64_t kMaxElements = int64_t(1) << 32;

/// Allocates a zero-filled buffer, failing if a size is negative or the
/// product of the non-zero sizes exceeds kMaxElements.
llvm::Expected<Buffer> makeBuffer(DType dtype, llvm::ArrayRef<int64_t> shape);

enum class UnaryKind {
  Neg,
  Abs,
  Exp,
  Log,
  Sqrt,
  Rsqrt,
  Tanh,
  Sigmoid,
  Relu,
  Silu,
  Erf,
  Sin,
  Cos,
  Reciprocal,
  Floor,
  Ceil,
  Round, ///< Half to even.
  Sign,
  Log1p,
  Not, ///< Logical on i1, bitwise on integers.
  Gelu,     ///< 0.5 * x * (1 + erf(x / sqrt(2)))
  GeluTanh, ///< 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))
};
enum class BinaryKind { Add, Sub, Mul, Div, Max, Min, Pow, Rem, And, Or, Xor };
enum class ComparePredicate { Eq, Ne, Lt, Le, Gt, Ge };
enum class ReduceKind { Sum, Mean, Max, Min, Prod, Any, All };

/// Elementwise ops. `resultType` is the element type of the result.
llvm::Expected<Buffer> unary(UnaryKind kind, const Buffer &x, DType resultType);
/// NumPy-broadcasting binary op; integer division truncates toward zero and
/// fails on a zero divisor; max/min propagate NaN.
llvm::Expected<Buffer> binary(BinaryKind kind, const Buffer &lhs,
                              const Buffer &rhs, DType resultType);
/// NumPy-broadcasting comparison giving i1 (NaN compares unequal).
llvm::Expected<Buffer> compare(ComparePredicate predicate, const Buffer &lhs,
                               const Buffer &rhs);
/// `cond != 0 ? onTrue : onFalse`, the three broadcasting together.
llvm::Expected<Buffer> select(const Buffer &cond, const Buffer &onTrue,
                              const Buffer &onFalse, DType resultType);
/// Converts to `resultType` (to int: truncates toward zero, saturating, NaN
/// to 0; to i1: `!= 0`).
llvm::Expected<Buffer> cast(const Buffer &x, DType resultType);

/// Reduces over `dims` (negative counts from the end, no repeats).
llvm::Expected<Buffer> reduce(ReduceKind kind, const Buffer &x,
                              llvm::ArrayRef<int64_t> dims, bool keepdim,
                              DType resultType);

/// Softmax (or log-softmax) along `dim`, computed stably (the maximum is
/// subtracted first).
llvm::Expected<Buffer> softmax(const Buffer &x, int64_t dim, bool log,
                               DType resultType);
/// Layer normalization over the last dim with the biased variance.
llvm::Expected<Buffer> layerNorm(const Buffer &x, const Buffer &weight,
                                 const Buffer &bias, double epsilon,
                                 DType resultType);
/// RMS normalization over the last dim.
llvm::Expected<Buffer> rmsNorm(const Buffer &x, const Buffer &weight,
                               double epsilon, DType resultType);

/// The window of a convolution or pooling (ConvKernels.cpp): strides and
/// dilations [h, w], padding [top, left, bottom, right].
struct WindowParams {
  llvm::ArrayRef<int64_t> strides, dilations, padding;
};
/// NCHW conv2d with weight [F, C/groups, KH, KW] (no bias).
llvm::Expected<Buffer> conv2d(const Buffer &x, const Buffer &weight,
                              const WindowParams &window, int64_t groups,
                              DType resultType);
/// NCHW max pooling (`max`, padding as -inf) or average pooling.
llvm::Expected<Buffer> pool2d(const Buffer &x, llvm::ArrayRef<int64_t> kernel,
                              const WindowParams &window, bool max,
                              bool countIncludePad, DType resultType);

/// softmax(q @ k^T * scale + mask) @ v (AttentionKernel.cpp): q [..., L,
/// E], k [..., S, E], v [..., S, Ev] with broadcasting batch dims; an i1
/// mask keeps where true, a float one is added; `causal` hides j > i; the
/// scale defaults to 1/sqrt(E).
llvm::Expected<Buffer> attention(const Buffer &q, const Buffer &k,
                                 const Buffer &v, const Buffer *mask,
                                 std::optional<double> scale, bool causal,
                                 DType resultType);

/// `torch.matmul` for ranks >= 2 with broadcast batch dims, accumulating in
/// double (int64 for integers).
llvm::Expected<Buffer> matmul(const Buffer &lhs, const Buffer &rhs,
                              DType resultType);

/// Result dim `i` is operand dim `perm[i]`.
llvm::Expected<Buffer> transpose(const Buffer &x, llvm::ArrayRef<int64_t> perm,
                                 DType resultType);
/// Row-major reshape to `shape` (same element count).
llvm::Expected<Buffer> reshape(const Buffer &x, llvm::ArrayRef<int64_t> shape,
                               DType resultType);
/// NumPy's broadcast_to.
llvm::Expected<Buffer>
broadcastTo(const Buffer &x, llvm::ArrayRef<int64_t> shape, DType resultType);
/// Concatenation along `dim` (negative counts from the end).
/// A buffer of `shape` whose elements are their index along `dim`.
llvm::Expected<Buffer> iota(llvm::ArrayRef<int64_t> shape, int64_t dim,
                            DType resultType);
/// Elements start, start + step, ... < end along `dim` (non-negative, in
/// range); fails unless 0 <= start <= end <= size and step >= 1.
llvm::Expected<Buffer> slice(const Buffer &x, int64_t dim, int64_t start,
                             int64_t end, int64_t step);
llvm::Expected<Buffer> concat(llvm::ArrayRef<const Buffer *> inputs,
                              int64_t dim, DType resultType);

// Indexing (IndexingKernels.cpp). An index outside [-n, n) is an error that
// names it; a negative one counts from the end.

/// numpy.take(x, indices, axis=dim) with `dim` non-negative and in range.
llvm::Expected<Buffer> gather(const Buffer &x, const Buffer &indices,
                              int64_t dim);
/// Constant padding: `low[d]` and `high[d]` elements of `value` around
/// dim d.
llvm::Expected<Buffer> pad(const Buffer &x, llvm::ArrayRef<int64_t> low,
                           llvm::ArrayRef<int64_t> high, double value);
/// Inclusive prefix sums along `dim` (non-negative).
llvm::Expected<Buffer> cumsum(const Buffer &x, int64_t dim);
/// The first index of the maximum (`max`) or minimum along `dim`; a NaN
/// wins; an error over an empty dim.
llvm::Expected<Buffer> argReduce(const Buffer &x, int64_t dim, bool keepdim,
                                 bool max, DType resultType);
/// torch.gather(x, dim, indices): indices have x's rank and, along the
/// other dims, sizes at most x's.
llvm::Expected<Buffer> gatherElements(const Buffer &x, const Buffer &indices,
                                      int64_t dim);

} // namespace kiln::reference

#endif // KILN_LIB_REFERENCE_KERNELS_H
