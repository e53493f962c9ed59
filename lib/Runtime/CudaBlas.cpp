//===- CudaBlas.cpp - Matmuls through cuBLASLt ----------------------------===//
//
// The runtime side of kiln-matmul-to-cublas: `kiln_rt_cuda_matmul_*`
// computes D = A @ B (+ D when accumulating) for row-major device memrefs,
// and `kiln_rt_cuda_matmul_[bias_][residual_]*` D = relu?(A @ B + C + bias)
// with cuBLASLt's bias (and relu) epilogue and the residual as C (beta = 1);
// flags say when A or B is passed transposed (CUBLAS_OP_T). cuBLASLt is
// opened with dlopen like the driver.
// Work runs on the legacy default stream, which Kiln's (blocking) streams are
// ordered with (or on the capture stream while a CUDA graph is captured). f32 products use CUBLAS_COMPUTE_32F (no TF32); f16/bf16 inputs
// accumulate in f32.
//
// Row-major trick: cuBLASLt is column-major, so D^T = B^T A^T is computed
// with B as the first operand; no data moves.
//
//===----------------------------------------------------------------------===//

#include "kiln/Runtime/CudaRuntime.h"
#include "kiln/Runtime/RuntimeABI.h"

#include "CudaInternal.h"


#include <array>
#include <cstdint>
#include <cstdlib>
#include <dlfcn.h>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

using namespace kiln;
using namespace kiln::cuda_detail;

namespace {
using Status = int;
using Handle = struct cublasLtContext *;
using MatmulDesc = struct cublasLtMatmulDescOpaque *;
using Layout = struct cublasLtMatrixLayoutOpaque *;
using Preference = struct cublasLtMatmulPreferenceOpaque *;

// Values from cublasLt.h / library_types.h (CUDA 12 and 13).
enum : int { kR32F = 0, kR16F = 2, kR16BF = 14 };
enum : int { kCompute32F = 68 };
enum : int { kLayoutBatchCount = 5, kLayoutBatchStride = 6 };
enum : int { kPrefMaxWorkspace = 1, kPrefMinAlignmentA = 5 }; // ..D = 8
enum : int {
  kDescTransA = 3,
  kDescTransB = 4,
  kDescEpilogue = 7,
  kDescBiasPointer = 8
};
constexpr int32_t kOpTranspose = 1; // CUBLAS_OP_T
enum : uint32_t { kEpilogueDefault = 1, kEpilogueRelu = 2, kEpilogueBias = 4 };

// The `flags` bits are abi::MatmulFlags (RuntimeABI.h); kMatmulBias and
// kMatmulResidual are implied by the entry point.

struct Algo {
  uint64_t data[8];
};
struct HeuristicResult {
  Algo algo;
  size_t workspaceSize;
  Status state;
  float wavesCount;
  int reserved[4];
};

struct CublasLt {
  Status (*create)(Handle *);
  Status (*descCreate)(MatmulDesc *, int, int);
  Status (*descSetAttribute)(MatmulDesc, int, const void *, size_t);
  Status (*layoutCreate)(Layout *, int, uint64_t, uint64_t, int64_t);
  Status (*layoutSetAttribute)(Layout, int, const void *, size_t);
  Status (*preferenceCreate)(Preference *);
  Status (*preferenceSetAttribute)(Preference, int, const void *, size_t);
  Status (*preferenceDestroy)(Preference);
  Status (*heuristic)(Handle, MatmulDesc, Layout, Layout, Layout, Layout,
                      Preference, int, HeuristicResult *, int *);
  Status (*matmul)(Handle, MatmulDesc, const void *, const void *, Layout,
                   const void *, Layout, const void *, const void *, Layout,
                   void *, Layout, const Algo *, void *, size_t, void *);
  Handle handle = nullptr;
  void *workspace = nullptr;
};

constexpr size_t kWorkspaceBytes = 32u << 20;

CublasLt lt;
std::once_flag loadOnce;
std::string loadError;

void loadCublasLt() {
  void *lib = nullptr;
  std::string tried;
  const char *env = std::getenv("KILN_CUBLASLT");
  for (const char *name :
       {env, "libcublasLt.so.13", "libcublasLt.so.12", "libcublasLt.so"}) {
    if (!name)
      continue;
    if ((lib = dlopen(name, RTLD_NOW | RTLD_LOCAL)))
      break;
    tried += std::string(tried.empty() ? "" : ", ") + name;
  }
  if (!lib) {
    loadError = "cannot load cuBLASLt (tried " + tried +
                "): add its directory to LD_LIBRARY_PATH or set "
                "KILN_CUBLASLT, or compile with the pipeline option "
                "cublas=false";
    return;
  }
  auto get = [&](auto &fn, const char *symbol) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(
        dlsym(lib, symbol));
    if (!fn && loadError.empty())
      loadError = std::string("cuBLASLt lacks ") + symbol;
  };
  get(lt.create, "cublasLtCreate");
  get(lt.descCreate, "cublasLtMatmulDescCreate");
  get(lt.descSetAttribute, "cublasLtMatmulDescSetAttribute");
  get(lt.layoutCreate, "cublasLtMatrixLayoutCreate");
  get(lt.layoutSetAttribute, "cublasLtMatrixLayoutSetAttribute");
  get(lt.preferenceCreate, "cublasLtMatmulPreferenceCreate");
  get(lt.preferenceSetAttribute, "cublasLtMatmulPreferenceSetAttribute");
  get(lt.preferenceDestroy, "cublasLtMatmulPreferenceDestroy");
  get(lt.heuristic, "cublasLtMatmulAlgoGetHeuristic");
  get(lt.matmul, "cublasLtMatmul");
  if (!loadError.empty())
    return;
  if (Status status = lt.create(&lt.handle))
    loadError = "cublasLtCreate failed with status " + std::to_string(status);
}

bool checkStatus(Status status, const char *call) {
  if (status == 0)
    return true;
  recordError(std::string(call) + " failed with cuBLAS status " +
              std::to_string(status));
  return false;
}

/// A row-major matrix (or batch of them) in device memory.
struct Matrix {
  char *data;
  int64_t batch, rows, cols, ld, batchStride;
};

template <int Rank> using Descriptor = abi::ByteMemRef<Rank>;

template <int Rank>
bool describe(const Descriptor<Rank> *d, int64_t elementBytes, Matrix &m,
              const char *what) {
  m.data = d->data + d->offset * elementBytes;
  m.batch = Rank == 3 ? d->sizes[0] : 1;
  m.batchStride = Rank == 3 ? d->strides[0] : 0;
  m.rows = d->sizes[Rank - 2];
  m.cols = d->sizes[Rank - 1];
  m.ld = m.rows <= 1 ? std::max<int64_t>(m.cols, 1) : d->strides[Rank - 2];
  if ((m.cols > 1 && d->strides[Rank - 1] != 1) || m.ld < m.cols) {
    recordError(std::string("cuBLASLt matmul: operand ") + what +
                " is not row-major with contiguous rows");
    return false;
  }
  return true;
}

/// Descriptors and algorithm for one problem, built once.
struct Plan {
  MatmulDesc desc = nullptr;
  Layout a = nullptr, b = nullptr, c = nullptr, d = nullptr;
  Algo algo;
};

using PlanKey = std::array<int64_t, 20>;
std::mutex planMutex;
std::map<PlanKey, Plan> plans;

/// Column-major layout of row-major `m` (cols x rows, ld), batched.
Layout makeLayout(int type, const Matrix &m, int64_t batch) {
  Layout layout = nullptr;
  if (!checkStatus(lt.layoutCreate(&layout, type, m.cols, m.rows, m.ld),
                   "cublasLtMatrixLayoutCreate"))
    return nullptr;
  if (batch > 1) {
    int32_t count = static_cast<int32_t>(batch);
    int64_t stride = m.batch == 1 ? 0 : m.batchStride;
    lt.layoutSetAttribute(layout, kLayoutBatchCount, &count, sizeof(count));
    lt.layoutSetAttribute(layout, kLayoutBatchStride, &stride, sizeof(stride));
  }
  return layout;
}

/// The alignment cuBLASLt may assume of every row (and batch) of `m`, at
/// most its default of 256 bytes: that of the first element, of the row
/// pitch (D's rows of a vocabulary of 50257 bf16 columns are 2-byte
/// aligned though its pointer is 256-byte aligned) and of the batch stride.
uint32_t getAlignment(const Matrix &m, int64_t elementBytes) {
  auto bits = reinterpret_cast<uintptr_t>(m.data);
  if (m.rows > 1)
    bits |= uintptr_t(m.ld * elementBytes);
  if (m.batch > 1)
    bits |= uintptr_t(m.batchStride * elementBytes);
  return bits == 0 ? 256u
                   : std::min<uint32_t>(256u, uint32_t(bits & (~bits + 1)));
}

/// `c` is the residual (beta = 1), or `d` itself.
const Plan *getPlan(int inType, int outType, const Matrix &a, const Matrix &b,
                    const Matrix &c, const Matrix &d, uint32_t epilogue,
                    int32_t transposes) {
  // cuBLASLt's A, B, C, D: our B, A, C, D.
  int64_t inBytes = inType == kR32F ? 4 : 2;
  int64_t outBytes = outType == kR32F ? 4 : 2;
  std::array<uint32_t, 4> alignments = {
      getAlignment(b, inBytes), getAlignment(a, inBytes),
      getAlignment(c, outBytes), getAlignment(d, outBytes)};
  PlanKey key = {inType,
                 outType,
                 d.batch,
                 d.rows,
                 d.cols,
                 a.rows,
                 a.cols,
                 a.ld,
                 b.ld,
                 d.ld,
                 a.batch == 1 ? 0 : a.batchStride,
                 b.batch == 1 ? 0 : b.batchStride,
                 d.batchStride,
                 c.ld,
                 epilogue,
                 transposes,
                 alignments[0],
                 alignments[1],
                 alignments[2],
                 alignments[3]};
  std::lock_guard<std::mutex> lock(planMutex);
  auto it = plans.find(key);
  if (it != plans.end())
    return &it->second;
  Plan plan;
  if (!checkStatus(lt.descCreate(&plan.desc, kCompute32F, kR32F),
                   "cublasLtMatmulDescCreate"))
    return nullptr;
  if (epilogue != kEpilogueDefault &&
      !checkStatus(lt.descSetAttribute(plan.desc, kDescEpilogue, &epilogue,
                                       sizeof(epilogue)),
                   "cublasLtMatmulDescSetAttribute (epilogue)"))
    return nullptr;
  // D^T (N x M) = B^T (N x K) * A^T (K x M), all column-major. A buffer
  // holding an operand's transpose is the operand itself in column-major
  // order: it goes in with CUBLAS_OP_T.
  for (auto [bit, attribute] : {std::pair{abi::kMatmulTransposeB, kDescTransA},
                                {abi::kMatmulTransposeA, kDescTransB}})
    if ((transposes & bit) &&
        !checkStatus(lt.descSetAttribute(plan.desc, attribute, &kOpTranspose,
                                         sizeof(int32_t)),
                     "cublasLtMatmulDescSetAttribute (transpose)"))
      return nullptr;
  plan.a = makeLayout(inType, b, d.batch);
  plan.b = makeLayout(inType, a, d.batch);
  plan.c = makeLayout(outType, c, d.batch);
  plan.d = makeLayout(outType, d, d.batch);
  if (!plan.a || !plan.b || !plan.c || !plan.d)
    return nullptr;
  Preference preference = nullptr;
  if (!checkStatus(lt.preferenceCreate(&preference),
                   "cublasLtMatmulPreferenceCreate"))
    return nullptr;
  uint64_t workspace = kWorkspaceBytes;
  lt.preferenceSetAttribute(preference, kPrefMaxWorkspace, &workspace,
                            sizeof(workspace));
  // Algorithms that need more alignment than the operands have are out.
  for (int i = 0; i < 4; ++i)
    lt.preferenceSetAttribute(preference, kPrefMinAlignmentA + i,
                              &alignments[i], sizeof(uint32_t));
  HeuristicResult result;
  int found = 0;
  Status status = lt.heuristic(lt.handle, plan.desc, plan.a, plan.b, plan.c,
                               plan.d, preference, 1, &result, &found);
  lt.preferenceDestroy(preference);
  if (!checkStatus(status, "cublasLtMatmulAlgoGetHeuristic"))
    return nullptr;
  if (found == 0) {
    recordError("cuBLASLt has no algorithm for this matmul");
    return nullptr;
  }
  plan.algo = result.algo;
  return &plans.emplace(key, plan).first->second;
}

/// Device buffers made for one call, returned to the cache when it ends.
struct Staging {
  std::vector<char *> buffers;
  Staging() = default;
  Staging(const Staging &) = delete;
  Staging &operator=(const Staging &) = delete;
  ~Staging() {
    for (char *buffer : buffers)
      freeDevice(buffer, nullptr);
  }
  /// `bytes` of device memory, zeroed if `zero` (null with the error
  /// recorded).
  char *allocate(size_t bytes, bool zero) {
    auto *buffer = static_cast<char *>(allocateDevice(bytes, nullptr));
    if (buffer) {
      buffers.push_back(buffer);
      if (zero)
        zeroDevice32(buffer, (bytes + 3) / 4, nullptr);
    }
    return buffer;
  }
};

/// Whether misaligned 2-d products run padded (padOperands). Opt-in
/// (KILN_CUBLAS_PAD=1): the earlier scheme, which padded only N, gave a few
/// wrong elements in a hundred on the H200 for matmul-bf16.mlir @static's
/// [15, 12] x [12, 7], with K = 12 (24-byte rows) left as it was; this one
/// pads K and re-pitches every operand as Inductor's pad_mm does, and waits
/// for bench/cublas_pad.py on the GPU machine before it becomes the default.
const bool padMisaligned = [] {
  const char *env = std::getenv("KILN_CUBLAS_PAD");
  return env && std::string(env) == "1";
}();

int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// Copies the rows of `from` into `to` (same rows, at least `from`'s
/// columns; other row pitches).
void copyRows(const Matrix &to, const Matrix &from, int64_t elementBytes) {
  for (int64_t i = 0; i < from.batch; ++i)
    copyDevice2D(to.data + i * to.batchStride * elementBytes,
                 size_t(to.ld * elementBytes),
                 from.data + i * from.batchStride * elementBytes,
                 size_t(from.ld * elementBytes),
                 size_t(from.cols * elementBytes), size_t(from.rows), nullptr);
}

/// A buffer of `rows` x `cols` (at least `m`'s) shaped as `m`, rows 16
/// bytes apart, holding `m` when `copy` and zeros elsewhere when `zero`.
std::optional<Matrix> makePadded(Staging &staging, const Matrix &m,
                                 int64_t rows, int64_t cols,
                                 int64_t elementBytes, bool copy, bool zero) {
  Matrix padded = m;
  padded.rows = rows;
  padded.cols = cols;
  padded.ld = roundUp(cols, 16 / elementBytes);
  padded.batchStride = m.batch > 1 ? rows * padded.ld : 0;
  padded.data = staging.allocate(
      size_t(m.batch * rows * padded.ld * elementBytes), zero);
  if (!padded.data)
    return std::nullopt;
  if (copy)
    copyRows(padded, m, elementBytes);
  return padded;
}

/// Whether `m`'s rows start 16 bytes apart (or it has one row).
bool rowsAligned(const Matrix &m, int64_t elementBytes) {
  return m.rows <= 1 || (m.ld * elementBytes) % 16 == 0;
}

/// cuBLASLt's fast (sm90) kernels need N (D's columns) and K whole numbers
/// of 16 bytes and every operand's rows 16 bytes apart; for a vocabulary
/// of 50257 it falls back to sm75 kernels several times slower. As
/// Inductor pads the dims of its matmuls, such a 2-d product runs padded:
/// A with zero columns (rows, when transposed) up to K', B with zero rows
/// and columns up to K' x N', and D in a staging buffer of N' columns,
/// whose first N the caller copies back into `out`. False with the error
/// recorded when a buffer cannot be allocated.
bool padOperands(Staging &staging, bool transposeA, bool transposeB,
                 int64_t inBytes, int64_t outBytes, Matrix &a, Matrix &b,
                 Matrix &c, Matrix &d) {
  int64_t k = transposeA ? a.rows : a.cols, n = d.cols;
  int64_t paddedK = roundUp(k, 16 / inBytes);
  int64_t paddedN = roundUp(n, 16 / std::min(inBytes, outBytes));
  if (paddedK != k || !rowsAligned(a, inBytes)) {
    std::optional<Matrix> wide =
        transposeA
            ? makePadded(staging, a, paddedK, a.cols, inBytes, true, true)
            : makePadded(staging, a, a.rows, paddedK, inBytes, true, true);
    if (!wide)
      return false;
    a = *wide;
  }
  if (paddedK != k || paddedN != n || !rowsAligned(b, inBytes)) {
    std::optional<Matrix> wide =
        transposeB
            ? makePadded(staging, b, paddedN, paddedK, inBytes, true, true)
            : makePadded(staging, b, paddedK, paddedN, inBytes, true, true);
    if (!wide)
      return false;
    b = *wide;
  }
  if (paddedN == n && rowsAligned(d, outBytes))
    return true;
  std::optional<Matrix> staged =
      makePadded(staging, d, d.rows, paddedN, outBytes, /*copy=*/false,
                 /*zero=*/false);
  if (!staged)
    return false;
  d = c = *staged;
  return true;
}

/// D (+)= A @ B, then + the residual C (same shape as D), + bias (per
/// column of D) and relu, as `flags` say.
template <int Rank>
void matmul(const Descriptor<Rank> *ad, const Descriptor<Rank> *bd,
            const Descriptor<Rank> *dd, const Descriptor<1> *bias,
            const Descriptor<Rank> *cd, int32_t flags, int inType,
            int outType) {
  if (hasError() || !ready())
    return;
  std::call_once(loadOnce, loadCublasLt);
  if (!loadError.empty()) {
    recordError(loadError);
    return;
  }
  int64_t inBytes = inType == kR32F ? 4 : 2;
  int64_t outBytes = outType == kR32F ? 4 : 2;
  Matrix a, b, d;
  if (!describe(ad, inBytes, a, "A") || !describe(bd, inBytes, b, "B") ||
      !describe(dd, outBytes, d, "D"))
    return;
  bool residual = flags & abi::kMatmulResidual;
  Matrix c = d;
  if (residual) {
    if (!cd || !describe(cd, outBytes, c, "C (residual)"))
      return;
    if (c.rows != d.rows || c.cols != d.cols || c.batch != d.batch ||
        (d.batch > 1 && c.batchStride != d.batchStride)) {
      recordError("cuBLASLt matmul: the residual's shape is not the output's");
      return;
    }
  }
  // The logical operands: A is M x K, B is K x N.
  bool transposeA = flags & abi::kMatmulTransposeA,
       transposeB = flags & abi::kMatmulTransposeB;
  int64_t m = transposeA ? a.cols : a.rows, k = transposeA ? a.rows : a.cols;
  int64_t kb = transposeB ? b.cols : b.rows, n = transposeB ? b.rows : b.cols;
  if (k != kb || m != d.rows || n != d.cols ||
      (a.batch != 1 && a.batch != d.batch) ||
      (b.batch != 1 && b.batch != d.batch)) {
    recordError("cuBLASLt matmul: operand shapes do not match");
    return;
  }
  bool accumulate = flags & abi::kMatmulAccumulate;
  uint32_t epilogue = kEpilogueDefault;
  if (flags & abi::kMatmulRelu)
    epilogue = kEpilogueRelu;
  if (flags & abi::kMatmulBias) {
    epilogue = flags & abi::kMatmulRelu ? (kEpilogueRelu | kEpilogueBias)
                                        : kEpilogueBias;
    if (!bias || bias->sizes[0] != d.cols ||
        (bias->sizes[0] > 1 && bias->strides[0] != 1) || Rank != 2) {
      recordError("cuBLASLt matmul: the bias is not a contiguous vector of "
                  "the output's columns");
      return;
    }
  }
  if (d.batch == 0 || d.rows == 0 || d.cols == 0)
    return;
  if (k == 0 && (epilogue != kEpilogueDefault || residual)) {
    recordError("cuBLASLt matmul: K = 0 with a fused epilogue");
    return;
  }
  if (k == 0) {
    // An empty sum: D = 0 (or unchanged when accumulating).
    bool contiguous =
        d.ld == d.cols && (d.batch == 1 || d.batchStride == d.rows * d.ld);
    if (!accumulate && contiguous && outBytes == 4)
      zeroDevice32(d.data, d.batch * d.rows * d.cols, nullptr);
    else if (!accumulate && contiguous)
      zeroDevice16(d.data, d.batch * d.rows * d.cols, nullptr);
    else if (!accumulate)
      recordError("cuBLASLt matmul: K = 0 with a strided output");
    return;
  }
  if (!lt.workspace &&
      !(lt.workspace = allocateLibraryMemory(kWorkspaceBytes)))
    return;
  // An N or rows of D that cuBLASLt's fast kernels do not take: padded
  // (padOperands), D's first N columns copied back at the end.
  Matrix out = d;
  Staging staging;
  const char *biasData =
      bias ? bias->data + bias->offset * outBytes : nullptr;
  // Only plain 2-d products are padded (no epilogue reads D's pitch).
  bool plain = Rank == 2 && !residual && !accumulate &&
               !(flags & abi::kMatmulBias) && d.rows > 1;
  if (plain && padMisaligned &&
      ((n * outBytes) % 16 != 0 || (n * inBytes) % 16 != 0 ||
       (k * inBytes) % 16 != 0 || !rowsAligned(a, inBytes) ||
       !rowsAligned(b, inBytes) || !rowsAligned(d, outBytes)) &&
      !padOperands(staging, transposeA, transposeB, inBytes, outBytes, a, b,
                   c, d))
    return;
  const Plan *plan =
      getPlan(inType, outType, a, b, c, d, epilogue,
              flags & (abi::kMatmulTransposeA | abi::kMatmulTransposeB));
  if (!plan)
    return;
  if (flags & abi::kMatmulBias) {
    const void *pointer = biasData;
    if (!checkStatus(lt.descSetAttribute(plan->desc, kDescBiasPointer, &pointer,
                                         sizeof(pointer)),
                     "cublasLtMatmulDescSetAttribute (bias)"))
      return;
  }
  float alpha = 1.0f, beta = accumulate || residual ? 1.0f : 0.0f;
  checkStatus(lt.matmul(lt.handle, plan->desc, &alpha, b.data, plan->a, a.data,
                        plan->b, &beta, c.data, plan->c, d.data, plan->d,
                        &plan->algo, lt.workspace, kWorkspaceBytes,
                        getWorkStream()),
              "cublasLtMatmul");
  if (d.data != out.data) {
    Matrix result = d;
    result.cols = out.cols;
    copyRows(out, result, outBytes);
  }
}
} // namespace

#define KILN_CUDA_MATMUL(IN, OUT, IN_TYPE, OUT_TYPE)                           \
  void _mlir_ciface_kiln_rt_cuda_matmul_##IN##_##OUT##_2d(                     \
      Descriptor<2> *a, Descriptor<2> *b, Descriptor<2> *d, int32_t flags) {   \
    matmul<2>(a, b, d, nullptr, nullptr,                                       \
              flags & (abi::kMatmulAccumulate | abi::kMatmulRelu |             \
                       abi::kMatmulTransposeA | abi::kMatmulTransposeB),       \
              IN_TYPE, OUT_TYPE);                                              \
  }                                                                            \
  void _mlir_ciface_kiln_rt_cuda_matmul_##IN##_##OUT##_3d(                     \
      Descriptor<3> *a, Descriptor<3> *b, Descriptor<3> *d, int32_t flags) {   \
    matmul<3>(a, b, d, nullptr, nullptr,                                       \
              flags & (abi::kMatmulAccumulate | abi::kMatmulRelu |             \
                       abi::kMatmulTransposeA | abi::kMatmulTransposeB),       \
              IN_TYPE, OUT_TYPE);                                              \
  }                                                                            \
  void _mlir_ciface_kiln_rt_cuda_matmul_bias_##IN##_##OUT##_2d(                \
      Descriptor<2> *a, Descriptor<2> *b, Descriptor<2> *d,                    \
      Descriptor<1> *bias, int32_t flags) {                                    \
    matmul<2>(a, b, d, bias, nullptr,                                          \
              (flags & ~abi::kMatmulAccumulate & ~abi::kMatmulResidual) |      \
                  abi::kMatmulBias,                                            \
              IN_TYPE, OUT_TYPE);                                              \
  }                                                                            \
  void _mlir_ciface_kiln_rt_cuda_matmul_residual_##IN##_##OUT##_2d(            \
      Descriptor<2> *a, Descriptor<2> *b, Descriptor<2> *d, Descriptor<2> *c,  \
      int32_t flags) {                                                         \
    matmul<2>(a, b, d, nullptr, c,                                             \
              (flags & ~abi::kMatmulAccumulate & ~abi::kMatmulBias) |          \
                  abi::kMatmulResidual,                                        \
              IN_TYPE, OUT_TYPE);                                              \
  }                                                                            \
  void _mlir_ciface_kiln_rt_cuda_matmul_bias_residual_##IN##_##OUT##_2d(       \
      Descriptor<2> *a, Descriptor<2> *b, Descriptor<2> *d,                    \
      Descriptor<1> *bias, Descriptor<2> *c, int32_t flags) {                  \
    matmul<2>(a, b, d, bias, c,                                                \
              (flags & ~abi::kMatmulAccumulate) | abi::kMatmulBias |           \
                  abi::kMatmulResidual,                                        \
              IN_TYPE, OUT_TYPE);                                              \
  }
// The cuBLASLt data type of each ABI element type name.
constexpr int kCudaType_f32 = kR32F;
constexpr int kCudaType_f16 = kR16F;
constexpr int kCudaType_bf16 = kR16BF;
#define KILN_DEFINE_CUDA_MATMUL(IN, OUT)                                       \
  KILN_CUDA_MATMUL(IN, OUT, kCudaType_##IN, kCudaType_##OUT)
extern "C" {
KILN_CUDA_MATMUL_TYPES(KILN_DEFINE_CUDA_MATMUL)
}
#undef KILN_DEFINE_CUDA_MATMUL
#undef KILN_CUDA_MATMUL

std::vector<std::pair<llvm::StringRef, void *>>
kiln::cuda_detail::getCudaBlasSymbols() {
  std::vector<std::pair<llvm::StringRef, void *>> symbols;
#define KILN_SYMBOL(NAME)                                                      \
  symbols.push_back({"_mlir_ciface_" #NAME,                                    \
                     reinterpret_cast<void *>(&_mlir_ciface_##NAME)});
#define KILN_SYMBOLS(IN, OUT)                                                  \
  KILN_SYMBOL(kiln_rt_cuda_matmul_##IN##_##OUT##_2d)                           \
  KILN_SYMBOL(kiln_rt_cuda_matmul_##IN##_##OUT##_3d)                           \
  KILN_SYMBOL(kiln_rt_cuda_matmul_bias_##IN##_##OUT##_2d)                      \
  KILN_SYMBOL(kiln_rt_cuda_matmul_residual_##IN##_##OUT##_2d)                  \
  KILN_SYMBOL(kiln_rt_cuda_matmul_bias_residual_##IN##_##OUT##_2d)
  KILN_CUDA_MATMUL_TYPES(KILN_SYMBOLS)
#undef KILN_SYMBOLS
#undef KILN_SYMBOL
  return symbols;
}
