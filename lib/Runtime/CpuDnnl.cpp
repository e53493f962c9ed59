//===- CpuDnnl.cpp - Matmuls through oneDNN -------------------------------===//
//
// oneDNN (the library PyTorch's CPU matmuls and convolutions use) runs bf16
// products on AVX512_BF16 or AMX with f32 accumulation, and f32 ones on
// AVX-512, faster than OpenBLAS 0.3.21 (bench/README.md has the figures).
// It is opened with dlopen through its C API; only its header is needed at
// build time (Debian's libdnnl-dev).
//
//===----------------------------------------------------------------------===//

#include "CpuDnnl.h"

#include <oneapi/dnnl/dnnl_types.h>

#include "llvm/ADT/StringRef.h"

#include <array>
#include <cstdlib>
#include <dlfcn.h>
#include <map>
#include <mutex>
#include <tuple>

using namespace kiln::cpu_detail;

namespace {

/// The oneDNN C API functions Kiln calls (oneDNN 2.x signatures).
struct Dnnl {
  dnnl_status_t (*engineCreate)(dnnl_engine_t *, dnnl_engine_kind_t, size_t);
  dnnl_status_t (*streamCreate)(dnnl_stream_t *, dnnl_engine_t, unsigned);
  dnnl_status_t (*streamWait)(dnnl_stream_t);
  dnnl_status_t (*memoryDescInitByStrides)(dnnl_memory_desc_t *, int,
                                           const dnnl_dims_t, dnnl_data_type_t,
                                           const dnnl_dims_t);
  dnnl_status_t (*matmulDescInit)(dnnl_matmul_desc_t *,
                                  const dnnl_memory_desc_t *,
                                  const dnnl_memory_desc_t *,
                                  const dnnl_memory_desc_t *,
                                  const dnnl_memory_desc_t *);
  dnnl_status_t (*attrCreate)(dnnl_primitive_attr_t *);
  dnnl_status_t (*attrDestroy)(dnnl_primitive_attr_t);
  dnnl_status_t (*attrSetPostOps)(dnnl_primitive_attr_t, const_dnnl_post_ops_t);
  dnnl_status_t (*postOpsCreate)(dnnl_post_ops_t *);
  dnnl_status_t (*postOpsDestroy)(dnnl_post_ops_t);
  dnnl_status_t (*postOpsAppendSum)(dnnl_post_ops_t, float);
  dnnl_status_t (*primitiveDescCreate)(dnnl_primitive_desc_t *,
                                       const_dnnl_op_desc_t,
                                       const_dnnl_primitive_attr_t,
                                       dnnl_engine_t,
                                       const_dnnl_primitive_desc_t);
  dnnl_status_t (*primitiveDescDestroy)(dnnl_primitive_desc_t);
  dnnl_status_t (*primitiveCreate)(dnnl_primitive_t *,
                                   const_dnnl_primitive_desc_t);
  dnnl_status_t (*primitiveDestroy)(dnnl_primitive_t);
  dnnl_status_t (*primitiveExecute)(const_dnnl_primitive_t, dnnl_stream_t,
                                    int, const dnnl_exec_arg_t *);
  dnnl_status_t (*memoryCreate)(dnnl_memory_t *, const dnnl_memory_desc_t *,
                                dnnl_engine_t, void *);
  dnnl_status_t (*memoryDestroy)(dnnl_memory_t);
  dnnl_engine_t engine = nullptr;
  bool loaded = false;
};

Dnnl dnnl;
std::once_flag loadOnce;

void loadDnnl() {
  const char *env = std::getenv("KILN_DNNL");
  if (env && llvm::StringRef(env) == "none")
    return;
  void *lib = nullptr;
  for (const char *name :
       {env, static_cast<const char *>("libdnnl.so.2"), "libdnnl.so"})
    if (name && (lib = dlopen(name, RTLD_NOW | RTLD_LOCAL)))
      break;
  if (!lib)
    return;
  bool complete = true;
  auto get = [&](auto &fn, const char *symbol) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(
        dlsym(lib, symbol));
    complete &= fn != nullptr;
  };
  get(dnnl.engineCreate, "dnnl_engine_create");
  get(dnnl.streamCreate, "dnnl_stream_create");
  get(dnnl.streamWait, "dnnl_stream_wait");
  get(dnnl.memoryDescInitByStrides, "dnnl_memory_desc_init_by_strides");
  get(dnnl.matmulDescInit, "dnnl_matmul_desc_init");
  get(dnnl.attrCreate, "dnnl_primitive_attr_create");
  get(dnnl.attrDestroy, "dnnl_primitive_attr_destroy");
  get(dnnl.attrSetPostOps, "dnnl_primitive_attr_set_post_ops");
  get(dnnl.postOpsCreate, "dnnl_post_ops_create");
  get(dnnl.postOpsDestroy, "dnnl_post_ops_destroy");
  get(dnnl.postOpsAppendSum, "dnnl_post_ops_append_sum");
  get(dnnl.primitiveDescCreate, "dnnl_primitive_desc_create");
  get(dnnl.primitiveDescDestroy, "dnnl_primitive_desc_destroy");
  get(dnnl.primitiveCreate, "dnnl_primitive_create");
  get(dnnl.primitiveDestroy, "dnnl_primitive_destroy");
  get(dnnl.primitiveExecute, "dnnl_primitive_execute");
  get(dnnl.memoryCreate, "dnnl_memory_create");
  get(dnnl.memoryDestroy, "dnnl_memory_destroy");
  dnnl.loaded = complete && dnnl.engineCreate(&dnnl.engine, dnnl_cpu, 0) ==
                                dnnl_success;
}

/// A matmul primitive's identity: element type, sizes, strides, sum.
using MatmulKey = std::tuple<int, int64_t, int64_t, int64_t, int64_t,
                             std::array<int64_t, 9>, bool>;

/// Cached primitives; emptied when it reaches kMaxPrimitives (symbolic
/// shapes make the key space unbounded).
constexpr size_t kMaxPrimitives = 256;
/// A cached primitive and the memory descriptors of its operands (A, B, C),
/// which every call wraps around the caller's pointers.
struct MatmulEntry {
  dnnl_primitive_t primitive = nullptr;
  dnnl_memory_desc_t descs[3];
};
std::mutex cacheMutex;
std::map<MatmulKey, MatmulEntry> cache;

/// The memory descriptor of a [batch,] rows x cols matrix.
bool describe(dnnl_memory_desc_t &md, dnnl_data_type_t type, int64_t batch,
              int64_t rows, int64_t cols, const int64_t strides[3]) {
  if (batch == 1) {
    dnnl_dims_t dims = {rows, cols}, s = {strides[1], strides[2]};
    return dnnl.memoryDescInitByStrides(&md, 2, dims, type, s) == dnnl_success;
  }
  dnnl_dims_t dims = {batch, rows, cols},
              s = {strides[0], strides[1], strides[2]};
  return dnnl.memoryDescInitByStrides(&md, 3, dims, type, s) == dnnl_success;
}

/// A new matmul primitive (null when oneDNN refuses it) and its operands'
/// descriptors.
MatmulEntry createMatmul(const MatmulKey &key) {
  auto [input, batch, m, n, k, strides, accumulate] = key;
  dnnl_data_type_t type =
      MatmulInput(input) == MatmulInput::BF16 ? dnnl_bf16 : dnnl_f32;
  MatmulEntry entry;
  dnnl_memory_desc_t &a = entry.descs[0], &b = entry.descs[1],
                     &c = entry.descs[2];
  if (!describe(a, type, batch, m, k, &strides[0]) ||
      !describe(b, type, batch, k, n, &strides[3]) ||
      !describe(c, dnnl_f32, batch, m, n, &strides[6]))
    return entry;
  dnnl_matmul_desc_t desc;
  if (dnnl.matmulDescInit(&desc, &a, &b, nullptr, &c) != dnnl_success)
    return entry;
  dnnl_primitive_attr_t attr = nullptr;
  dnnl_post_ops_t postOps = nullptr;
  if (accumulate) {
    dnnl.attrCreate(&attr);
    dnnl.postOpsCreate(&postOps);
    dnnl.postOpsAppendSum(postOps, 1.0f);
    dnnl.attrSetPostOps(attr, postOps);
  }
  dnnl_primitive_desc_t pd = nullptr;
  if (dnnl.primitiveDescCreate(&pd, &desc, attr, dnnl.engine, nullptr) ==
      dnnl_success) {
    if (dnnl.primitiveCreate(&entry.primitive, pd) != dnnl_success)
      entry.primitive = nullptr;
    dnnl.primitiveDescDestroy(pd);
  }
  if (postOps)
    dnnl.postOpsDestroy(postOps);
  if (attr)
    dnnl.attrDestroy(attr);
  return entry;
}

/// The cached entry for `key` (created on first use; its primitive is null
/// when oneDNN refused it).
MatmulEntry getMatmul(const MatmulKey &key) {
  std::lock_guard<std::mutex> lock(cacheMutex);
  auto it = cache.find(key);
  if (it != cache.end())
    return it->second;
  if (cache.size() >= kMaxPrimitives) {
    for (auto &entry : cache)
      if (entry.second.primitive)
        dnnl.primitiveDestroy(entry.second.primitive);
    cache.clear();
  }
  return cache[key] = createMatmul(key);
}

/// This thread's oneDNN stream (primitives may run on several threads at
/// once; a stream may not).
dnnl_stream_t getStream() {
  thread_local dnnl_stream_t stream = nullptr;
  if (!stream && dnnl.streamCreate(&stream, dnnl.engine,
                                   dnnl_stream_default_flags) != dnnl_success)
    stream = nullptr;
  return stream;
}

} // namespace

bool kiln::cpu_detail::dnnlMatmul(MatmulInput input, int64_t batch, int64_t m,
                                  int64_t n, int64_t k, MatrixRef a,
                                  MatrixRef b, float *c,
                                  const int64_t cStrides[3], bool accumulate) {
  if (m == 0 || n == 0 || k == 0)
    return false; // the caller's loop handles empty products
  std::call_once(loadOnce, loadDnnl);
  if (!dnnl.loaded)
    return false;
  MatmulKey key{int(input),
                batch,
                m,
                n,
                k,
                {a.strides[0], a.strides[1], a.strides[2], b.strides[0],
                 b.strides[1], b.strides[2], cStrides[0], cStrides[1],
                 cStrides[2]},
                accumulate};
  MatmulEntry entry = getMatmul(key);
  dnnl_stream_t stream = entry.primitive ? getStream() : nullptr;
  if (!stream)
    return false;
  dnnl_memory_t memories[3] = {nullptr, nullptr, nullptr};
  void *data[3] = {const_cast<void *>(a.data), const_cast<void *>(b.data), c};
  bool ok = true;
  for (int i = 0; i < 3 && ok; ++i)
    ok = dnnl.memoryCreate(&memories[i], &entry.descs[i], dnnl.engine,
                           data[i]) == dnnl_success;
  if (ok) {
    dnnl_exec_arg_t args[] = {{DNNL_ARG_SRC, memories[0]},
                              {DNNL_ARG_WEIGHTS, memories[1]},
                              {DNNL_ARG_DST, memories[2]}};
    ok = dnnl.primitiveExecute(entry.primitive, stream, 3, args) ==
             dnnl_success &&
         dnnl.streamWait(stream) == dnnl_success;
  }
  for (dnnl_memory_t memory : memories)
    if (memory)
      dnnl.memoryDestroy(memory);
  return ok;
}
