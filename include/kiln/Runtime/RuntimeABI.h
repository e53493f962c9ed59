//===- RuntimeABI.h - The functions compiled Kiln code calls ----*- C++ -*-===//
//
// The one statement of Kiln's runtime ABI: every function that code from
// Kiln's pipelines calls, with its C signature, its flags as named
// constants and its symbol name. The passes that emit the calls
// (kiln-matmul-to-blas, kiln-matmul-to-cublas, the GPU host code) and the
// runtime libraries that define them (libKilnCpuRuntime.so,
// libKilnCudaRuntime.so) include this header, so the two sides cannot
// drift apart.
//
// Memrefs cross the ABI as MLIR's C interface passes them: a pointer to a
// ranked descriptor laid out as upstream's `StridedMemRefType<T, Rank>`
// (CRunnerUtils.h). Matmul entry points take `_mlir_ciface_<name>`
// wrappers; the mgpu* functions are the ABI that upstream's
// `gpu-to-llvm` conversion emits calls to.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_RUNTIMEABI_H
#define KILN_RUNTIME_RUNTIMEABI_H

#include "mlir/ExecutionEngine/CRunnerUtils.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kiln::abi {

/// A memref argument of element bytes only known at run time (the matmul
/// entry points serve several element types).
template <int Rank> using ByteMemRef = StridedMemRefType<char, Rank>;

/// A ranked memref descriptor whose rank is known only at run time (the
/// arguments and results of a compiled function), as the 64-bit words of
/// StridedMemRefType<T, rank>: basePtr, data, offset, sizes[rank],
/// strides[rank].
class DescriptorWords {
public:
  /// A descriptor of `rank` dims, all zero.
  explicit DescriptorWords(int64_t rank)
      : rank(rank), words(getNumWords(rank), 0) {}
  /// A contiguous row-major buffer at `data` (its own base) of `shape`.
  DescriptorWords(void *data, const int64_t *shape, int64_t rank)
      : DescriptorWords(rank) {
    words[0] = words[1] = reinterpret_cast<int64_t>(data);
    int64_t stride = 1;
    for (int64_t i = rank - 1; i >= 0; --i) {
      words[3 + i] = shape[i];
      words[3 + rank + i] = stride;
      stride *= shape[i];
    }
  }

  /// Words of a descriptor of `rank` dims.
  static constexpr size_t getNumWords(int64_t rank) { return 3 + 2 * rank; }

  int64_t *data() { return words.data(); }
  int64_t getRank() const { return rank; }

private:
  int64_t rank;
  std::vector<int64_t> words;
};

/// Reads a descriptor of `rank` dims at `words` (a result written by a
/// compiled function, or a DescriptorWords).
struct DescriptorView {
  const int64_t *words;
  int64_t rank;

  void *getBasePtr() const { return reinterpret_cast<void *>(words[0]); }
  char *getData() const { return reinterpret_cast<char *>(words[1]); }
  int64_t getOffset() const { return words[2]; }
  const int64_t *getSizes() const { return words + 3; }
  const int64_t *getStrides() const { return words + 3 + rank; }
  /// True when the elements are contiguous in row-major order.
  bool isContiguous() const {
    int64_t expected = 1;
    for (int64_t i = rank - 1; i >= 0; --i) {
      if (getSizes()[i] != 1 && getStrides()[i] != expected)
        return false;
      expected *= getSizes()[i];
    }
    return true;
  }
};

static_assert(sizeof(StridedMemRefType<char, 2>) ==
                  DescriptorWords::getNumWords(2) * sizeof(int64_t),
              "descriptor words must match upstream's StridedMemRefType");

//===----------------------------------------------------------------------===//
// Run-time checks (kiln-lower-asserts)
//===----------------------------------------------------------------------===//

/// The i64 global (`memref<i64>`) of a compiled module where a failed
/// run-time check records itself: 0 while none failed, else 1 + the index
/// of the check's message in the module's kErrorMessagesAttr. The caller
/// reads and clears it after each call.
inline constexpr const char *kErrorSlot = "kiln_error_slot";
/// The module attribute (an array of strings) holding the messages.
inline constexpr const char *kErrorMessagesAttr = "kiln.error_messages";

//===----------------------------------------------------------------------===//
// CPU: host memory
//===----------------------------------------------------------------------===//

/// The CPU pipeline lowers memref.alloc/dealloc to MLIR's generic allocation
/// functions (finalize-memref-to-llvm's use-generic-functions), which the
/// CPU runtime defines over its caching host allocator (HostMemory.h).
inline constexpr const char *kGenericAlloc = "_mlir_memref_to_llvm_alloc";
inline constexpr const char *kGenericAlignedAlloc =
    "_mlir_memref_to_llvm_aligned_alloc";
inline constexpr const char *kGenericFree = "_mlir_memref_to_llvm_free";

//===----------------------------------------------------------------------===//
// CPU: BLAS
//===----------------------------------------------------------------------===//

/// C += A * B on row-major f32 matrices (rank 2) or batches of them
/// (rank 3).
inline constexpr const char *kSgemm = "kiln_rt_sgemm";
inline constexpr const char *kSgemmBatched = "kiln_rt_sgemm_batched";
/// C += A * B with bf16 A and B and an f32 C (rank 2 or 3).
inline constexpr const char *kMatmulBf16 = "kiln_rt_matmul_bf16";
inline constexpr const char *kMatmulBf16Batched = "kiln_rt_matmul_bf16_batched";

//===----------------------------------------------------------------------===//
// CUDA: cuBLASLt matmuls
//===----------------------------------------------------------------------===//

/// Bits of the trailing `flags` argument of every cuBLASLt entry point.
enum MatmulFlags : int32_t {
  /// D += A @ B (D holds a product to add to); otherwise D = A @ B.
  kMatmulAccumulate = 1,
  /// relu of the result (cuBLASLt's epilogue).
  kMatmulRelu = 2,
  /// A bias over D's columns (implied by the `bias_` entry points).
  kMatmulBias = 4,
  /// A residual of D's shape added as C with beta = 1 (implied by the
  /// `residual_` entry points).
  kMatmulResidual = 8,
  /// A's buffer holds its transpose (K x M), read with CUBLAS_OP_T.
  kMatmulTransposeA = 16,
  /// B's buffer holds its transpose (N x K), read with CUBLAS_OP_T.
  kMatmulTransposeB = 32,
};

/// The prefix of every cuBLASLt entry point's name.
inline constexpr const char *kCudaMatmulPrefix = "kiln_rt_cuda_matmul_";

/// The entry point for inputs of element type `in` and a result of `out`
/// (`f32`, `f16`, `bf16`) and `rank` (2, or 3 for batches), with an extra
/// bias and/or residual operand: `kiln_rt_cuda_matmul_[bias_][residual_]
/// <in>_<out>_<rank>d`. Operands: A, B, D, [bias], [residual], flags.
inline std::string getCudaMatmulName(const std::string &in,
                                     const std::string &out, int rank,
                                     bool bias, bool residual) {
  return std::string(kCudaMatmulPrefix) + (bias ? "bias_" : "") +
         (residual ? "residual_" : "") + in + "_" + out + "_" +
         std::to_string(rank) + "d";
}

} // namespace kiln::abi

extern "C" {

//===----------------------------------------------------------------------===//
// libKilnCpuRuntime.so
//===----------------------------------------------------------------------===//

/// C += A * B for f32 matrices of any strides, through oneDNN when it can
/// be loaded, else BLAS (unit inner stride) or a plain loop.
void _mlir_ciface_kiln_rt_sgemm(StridedMemRefType<float, 2> *a,
                                StridedMemRefType<float, 2> *b,
                                StridedMemRefType<float, 2> *c);
/// The batched form: C[i] += A[i] * B[i].
void _mlir_ciface_kiln_rt_sgemm_batched(StridedMemRefType<float, 3> *a,
                                        StridedMemRefType<float, 3> *b,
                                        StridedMemRefType<float, 3> *c);
/// C += A * B for bf16 A and B (bit patterns) and an f32 C: oneDNN (bf16
/// instructions, f32 accumulation), else a plain loop in f32.
void _mlir_ciface_kiln_rt_matmul_bf16(StridedMemRefType<uint16_t, 2> *a,
                                      StridedMemRefType<uint16_t, 2> *b,
                                      StridedMemRefType<float, 2> *c);
void _mlir_ciface_kiln_rt_matmul_bf16_batched(
    StridedMemRefType<uint16_t, 3> *a, StridedMemRefType<uint16_t, 3> *b,
    StridedMemRefType<float, 3> *c);

//===----------------------------------------------------------------------===//
// libKilnCudaRuntime.so: cuBLASLt
//===----------------------------------------------------------------------===//

/// Declares the cuBLASLt entry points for one (input, output) type pair.
#define KILN_DECLARE_CUDA_MATMUL(IN, OUT)                                      \
  void _mlir_ciface_kiln_rt_cuda_matmul_##IN##_##OUT##_2d(                     \
      kiln::abi::ByteMemRef<2> *a, kiln::abi::ByteMemRef<2> *b,                \
      kiln::abi::ByteMemRef<2> *d, int32_t flags);                             \
  void _mlir_ciface_kiln_rt_cuda_matmul_##IN##_##OUT##_3d(                     \
      kiln::abi::ByteMemRef<3> *a, kiln::abi::ByteMemRef<3> *b,                \
      kiln::abi::ByteMemRef<3> *d, int32_t flags);                             \
  void _mlir_ciface_kiln_rt_cuda_matmul_bias_##IN##_##OUT##_2d(                \
      kiln::abi::ByteMemRef<2> *a, kiln::abi::ByteMemRef<2> *b,                \
      kiln::abi::ByteMemRef<2> *d, kiln::abi::ByteMemRef<1> *bias,             \
      int32_t flags);                                                          \
  void _mlir_ciface_kiln_rt_cuda_matmul_residual_##IN##_##OUT##_2d(            \
      kiln::abi::ByteMemRef<2> *a, kiln::abi::ByteMemRef<2> *b,                \
      kiln::abi::ByteMemRef<2> *d, kiln::abi::ByteMemRef<2> *c,                \
      int32_t flags);                                                          \
  void _mlir_ciface_kiln_rt_cuda_matmul_bias_residual_##IN##_##OUT##_2d(       \
      kiln::abi::ByteMemRef<2> *a, kiln::abi::ByteMemRef<2> *b,                \
      kiln::abi::ByteMemRef<2> *d, kiln::abi::ByteMemRef<1> *bias,             \
      kiln::abi::ByteMemRef<2> *c, int32_t flags);

/// The (input, output) element type pairs cuBLASLt serves: X(IN, OUT).
#define KILN_CUDA_MATMUL_TYPES(X)                                              \
  X(f32, f32) X(f16, f16) X(f16, f32) X(bf16, bf16) X(bf16, f32)

KILN_CUDA_MATMUL_TYPES(KILN_DECLARE_CUDA_MATMUL)

//===----------------------------------------------------------------------===//
// libKilnCudaRuntime.so: the mgpu* ABI of upstream's gpu-to-llvm
//===----------------------------------------------------------------------===//

void *mgpuModuleLoad(void *data, size_t size);
void *mgpuModuleLoadJIT(void *data, int optLevel);
void mgpuModuleUnload(void *module);
void *mgpuModuleGetFunction(void *module, const char *name);
void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t smem, void *stream,
                      void **params, void **extra, size_t paramsCount);
void *mgpuStreamCreate();
void mgpuStreamDestroy(void *stream);
void mgpuStreamSynchronize(void *stream);
void mgpuStreamWaitEvent(void *stream, void *event);
void *mgpuEventCreate();
void mgpuEventDestroy(void *event);
void mgpuEventSynchronize(void *event);
void mgpuEventRecord(void *event, void *stream);
void *mgpuMemAlloc(uint64_t bytes, void *stream, bool hostShared);
void mgpuMemFree(void *ptr, void *stream);
void mgpuMemcpy(void *dst, void *src, size_t bytes, void *stream);
void mgpuMemset32(void *dst, unsigned value, size_t count, void *stream);
void mgpuMemset16(void *dst, unsigned short value, size_t count, void *stream);

} // extern "C"

/// The mgpu* functions: X(name).
#define KILN_MGPU_FUNCTIONS(X)                                                 \
  X(mgpuModuleLoad)                                                            \
  X(mgpuModuleLoadJIT)                                                         \
  X(mgpuModuleUnload)                                                          \
  X(mgpuModuleGetFunction)                                                     \
  X(mgpuLaunchKernel)                                                          \
  X(mgpuStreamCreate)                                                          \
  X(mgpuStreamDestroy)                                                         \
  X(mgpuStreamSynchronize)                                                     \
  X(mgpuStreamWaitEvent)                                                       \
  X(mgpuEventCreate)                                                           \
  X(mgpuEventDestroy)                                                          \
  X(mgpuEventSynchronize)                                                      \
  X(mgpuEventRecord)                                                           \
  X(mgpuMemAlloc)                                                              \
  X(mgpuMemFree)                                                               \
  X(mgpuMemcpy)                                                                \
  X(mgpuMemset32)                                                              \
  X(mgpuMemset16)

#endif // KILN_RUNTIME_RUNTIMEABI_H
