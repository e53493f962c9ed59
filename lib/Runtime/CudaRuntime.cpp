//===- CudaRuntime.cpp - Kiln's CUDA runtime ------------------------------===//
//
// The mgpu* ABI over the CUDA driver API, opened with dlopen so that no
// CUDA library is needed at link or load time. Only the few driver types
// and entry points used here are declared (they are part of the stable
// driver ABI).
//
//===----------------------------------------------------------------------===//

#include "kiln/Runtime/CudaRuntime.h"
#include "kiln/Runtime/MemoryCache.h"
#include "kiln/Runtime/RuntimeABI.h"

#include "CudaInternal.h"

#include "llvm/ADT/Twine.h"

#include <dlfcn.h>
#include <mutex>
#include <string>
#include <unordered_set>

using namespace kiln;

namespace {
using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;
using CUevent = struct CUevent_st *;
using CUgraph = struct CUgraph_st *;
using CUgraphExec = struct CUgraphExec_st *;

/// CUDA_MEMCPY2D (the driver ABI's layout).
struct Memcpy2D {
  size_t srcXInBytes, srcY;
  int srcMemoryType;
  const void *srcHost;
  CUdeviceptr srcDevice;
  void *srcArray;
  size_t srcPitch;
  size_t dstXInBytes, dstY;
  int dstMemoryType;
  void *dstHost;
  CUdeviceptr dstDevice;
  void *dstArray;
  size_t dstPitch;
  size_t widthInBytes, height;
};
constexpr int kMemoryTypeDevice = 2; // CU_MEMORYTYPE_DEVICE

/// The driver entry points Kiln uses.
struct Driver {
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuGetErrorName)(CUresult, const char **);
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleLoadDataEx)(CUmodule *, const void *, unsigned, int *,
                                 void **);
  CUresult (*cuModuleUnload)(CUmodule);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, CUstream, void **,
                             void **);
  CUresult (*cuStreamCreate)(CUstream *, unsigned);
  CUresult (*cuStreamDestroy)(CUstream);
  CUresult (*cuStreamSynchronize)(CUstream);
  CUresult (*cuCtxSynchronize)();
  CUresult (*cuStreamWaitEvent)(CUstream, CUevent, unsigned);
  CUresult (*cuEventCreate)(CUevent *, unsigned);
  CUresult (*cuEventDestroy)(CUevent);
  CUresult (*cuEventRecord)(CUevent, CUstream);
  CUresult (*cuEventSynchronize)(CUevent);
  CUresult (*cuEventElapsedTime)(float *, CUevent, CUevent);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpy)(CUdeviceptr, CUdeviceptr, size_t);
  CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*cuMemcpyDtoH)(void *, CUdeviceptr, size_t);
  CUresult (*cuMemcpyAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
  CUresult (*cuMemcpy2DAsync)(const Memcpy2D *, CUstream);
  CUresult (*cuMemsetD32Async)(CUdeviceptr, unsigned, size_t, CUstream);
  CUresult (*cuMemsetD16Async)(CUdeviceptr, unsigned short, size_t, CUstream);
  CUresult (*cuStreamBeginCapture)(CUstream, int);
  CUresult (*cuStreamEndCapture)(CUstream, CUgraph *);
  CUresult (*cuGraphInstantiate)(CUgraphExec *, CUgraph, unsigned long long);
  CUresult (*cuGraphLaunch)(CUgraphExec, CUstream);
  CUresult (*cuGraphExecDestroy)(CUgraphExec);
  CUresult (*cuGraphDestroy)(CUgraph);
  CUcontext context = nullptr;
};

Driver driver;
std::once_flag initOnce;
/// Streams handed back by mgpuStreamDestroy, reused by mgpuStreamCreate.
std::mutex streamMutex;
std::vector<CUstream> streamPool;
std::string initError;
/// setCudaAsyncCalls: host code's streams are the legacy default stream,
/// and its synchronizations of that stream are skipped. Per thread: host
/// code calls the mgpu* functions on its caller's thread.
thread_local bool asyncCalls = false;
std::mutex errorMutex;
std::string firstError;

/// A capture in progress on this thread (CudaGraph::beginCapture): the
/// stream it records, and the device memory allocated or freed while it
/// runs, which the graph keeps until it is destroyed.
struct Capture {
  CUstream stream = nullptr;
  std::vector<uintptr_t> blocks;
  std::unordered_set<uintptr_t> known;
  void keep(uintptr_t block) {
    if (block && known.insert(block).second)
      blocks.push_back(block);
  }
};
thread_local Capture *capture = nullptr;
/// This thread's capture stream (non-blocking: the legacy default stream
/// must not join a capture), created on first use and kept.
thread_local CUstream captureStream = nullptr;

/// The stream work queued on `stream` goes to: the capture's while one
/// runs (host code's streams are the legacy default stream then).
CUstream workStream(void *stream) {
  if (!stream && capture)
    return capture->stream;
  return static_cast<CUstream>(stream);
}

/// Records the first failing call.
bool check(CUresult result, const char *call) {
  if (result == 0)
    return true;
  const char *name = nullptr;
  if (driver.cuGetErrorName)
    driver.cuGetErrorName(result, &name);
  std::lock_guard<std::mutex> lock(errorMutex);
  if (firstError.empty())
    firstError = std::string(call) + " failed with " +
                 (name ? name : "CUDA error " + std::to_string(result));
  return false;
}

bool hasError() {
  std::lock_guard<std::mutex> lock(errorMutex);
  return !firstError.empty();
}

template <typename Fn> bool load(void *lib, Fn &fn, const char *name) {
  fn = reinterpret_cast<Fn>(dlsym(lib, name));
  return fn != nullptr;
}

void initialize() {
  void *lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_GLOBAL);
  if (!lib) {
    initError = "cannot load the CUDA driver (libcuda.so.1): no NVIDIA GPU "
                "driver on this machine";
    return;
  }
#define KILN_LOAD(fn, symbol)                                                  \
  if (!load(lib, driver.fn, symbol)) {                                         \
    initError = std::string("the CUDA driver lacks ") + symbol;                \
    return;                                                                    \
  }
  KILN_LOAD(cuInit, "cuInit")
  KILN_LOAD(cuDeviceGet, "cuDeviceGet")
  KILN_LOAD(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain")
  KILN_LOAD(cuCtxSetCurrent, "cuCtxSetCurrent")
  KILN_LOAD(cuGetErrorName, "cuGetErrorName")
  KILN_LOAD(cuModuleLoadData, "cuModuleLoadData")
  KILN_LOAD(cuModuleLoadDataEx, "cuModuleLoadDataEx")
  KILN_LOAD(cuModuleUnload, "cuModuleUnload")
  KILN_LOAD(cuModuleGetFunction, "cuModuleGetFunction")
  KILN_LOAD(cuLaunchKernel, "cuLaunchKernel")
  KILN_LOAD(cuStreamCreate, "cuStreamCreate")
  KILN_LOAD(cuStreamDestroy, "cuStreamDestroy_v2")
  KILN_LOAD(cuStreamSynchronize, "cuStreamSynchronize")
  KILN_LOAD(cuCtxSynchronize, "cuCtxSynchronize")
  KILN_LOAD(cuStreamWaitEvent, "cuStreamWaitEvent")
  KILN_LOAD(cuEventCreate, "cuEventCreate")
  KILN_LOAD(cuEventDestroy, "cuEventDestroy_v2")
  KILN_LOAD(cuEventRecord, "cuEventRecord")
  KILN_LOAD(cuEventSynchronize, "cuEventSynchronize")
  KILN_LOAD(cuEventElapsedTime, "cuEventElapsedTime")
  KILN_LOAD(cuMemAlloc, "cuMemAlloc_v2")
  KILN_LOAD(cuMemFree, "cuMemFree_v2")
  KILN_LOAD(cuMemcpy, "cuMemcpy")
  KILN_LOAD(cuMemcpyHtoD, "cuMemcpyHtoD_v2")
  KILN_LOAD(cuMemcpyDtoH, "cuMemcpyDtoH_v2")
  KILN_LOAD(cuMemcpyAsync, "cuMemcpyAsync")
  KILN_LOAD(cuMemcpy2DAsync, "cuMemcpy2DAsync_v2")
  KILN_LOAD(cuMemsetD32Async, "cuMemsetD32Async")
  KILN_LOAD(cuMemsetD16Async, "cuMemsetD16Async")
  KILN_LOAD(cuStreamBeginCapture, "cuStreamBeginCapture_v2")
  KILN_LOAD(cuStreamEndCapture, "cuStreamEndCapture")
  KILN_LOAD(cuGraphInstantiate, "cuGraphInstantiateWithFlags")
  KILN_LOAD(cuGraphLaunch, "cuGraphLaunch")
  KILN_LOAD(cuGraphExecDestroy, "cuGraphExecDestroy")
  KILN_LOAD(cuGraphDestroy, "cuGraphDestroy")
#undef KILN_LOAD
  CUdevice device;
  if (!check(driver.cuInit(0), "cuInit") ||
      !check(driver.cuDeviceGet(&device, 0), "cuDeviceGet") ||
      !check(driver.cuDevicePrimaryCtxRetain(&driver.context, device),
             "cuDevicePrimaryCtxRetain")) {
    initError = firstError;
    firstError.clear();
  }
}

/// Makes the context current on this thread; false if CUDA is unusable.
bool ready() {
  std::call_once(initOnce, initialize);
  if (!initError.empty())
    return false;
  return check(driver.cuCtxSetCurrent(driver.context), "cuCtxSetCurrent");
}

/// Device memory: every allocation (compiled code's and the runner's) goes
/// through one cache, so steady-state calls do not reach cuMemAlloc.
MemoryCache &getDeviceMemory() {
  static MemoryCache *cache = new MemoryCache(
      [](size_t bytes) -> uintptr_t {
        CUdeviceptr ptr = 0;
        CUresult result = driver.cuMemAlloc(&ptr, bytes);
        if (result == 2 /*CUDA_ERROR_OUT_OF_MEMORY*/) {
          // The cache frees what it holds and retries: with asynchronous
          // calls, queued work may still use those blocks.
          check(driver.cuCtxSynchronize(), "cuCtxSynchronize");
          return 0;
        }
        return check(result, "cuMemAlloc") ? uintptr_t(ptr) : 0;
      },
      [](uintptr_t block) {
        check(driver.cuMemFree(CUdeviceptr(block)), "cuMemFree");
      });
  return *cache;
}

/// Allocates through the cache; records an error naming the size when the
/// device is out of memory.
void *allocateDevice(size_t bytes, const void *stream) {
  if (!ready())
    return nullptr;
  uintptr_t block = getDeviceMemory().allocate(bytes, stream);
  if (!block && !hasError()) {
    std::lock_guard<std::mutex> lock(errorMutex);
    firstError = "cuMemAlloc failed with CUDA_ERROR_OUT_OF_MEMORY (" +
                 std::to_string(bytes) + " bytes)";
  }
  if (capture)
    capture->keep(block);
  return reinterpret_cast<void *>(block);
}

/// Gives `block` back in stream order on `stream`; during a capture, the
/// graph keeps it (its work uses the block on every launch).
void releaseDevice(uintptr_t block, void *stream) {
  if (!block)
    return;
  if (capture) {
    capture->keep(block);
    return;
  }
  getDeviceMemory().deallocate(block, stream);
}
} // namespace

bool kiln::cuda_detail::ready() { return ::ready(); }

bool kiln::cuda_detail::hasError() { return ::hasError(); }

void kiln::cuda_detail::recordError(const std::string &message) {
  std::lock_guard<std::mutex> lock(errorMutex);
  if (firstError.empty())
    firstError = message;
}

void *kiln::cuda_detail::allocateDevice(size_t bytes, const void *stream) {
  return ::allocateDevice(bytes, stream);
}

void *kiln::cuda_detail::allocateLibraryMemory(size_t bytes) {
  if (!ready())
    return nullptr;
  uintptr_t block = getDeviceMemory().allocate(bytes, nullptr);
  if (!block)
    recordError("cuMemAlloc failed with CUDA_ERROR_OUT_OF_MEMORY (" +
                std::to_string(bytes) + " bytes)");
  return reinterpret_cast<void *>(block);
}

void kiln::cuda_detail::freeDevice(void *device, const void *stream) {
  releaseDevice(reinterpret_cast<uintptr_t>(device), const_cast<void *>(stream));
}

void *kiln::cuda_detail::getWorkStream() { return workStream(nullptr); }

void kiln::cuda_detail::copyDevice2D(void *dst, size_t dstPitch,
                                     const void *src, size_t srcPitch,
                                     size_t rowBytes, size_t rows,
                                     void *stream) {
  Memcpy2D copy = {};
  copy.srcMemoryType = kMemoryTypeDevice;
  copy.srcDevice = reinterpret_cast<CUdeviceptr>(src);
  copy.srcPitch = srcPitch;
  copy.dstMemoryType = kMemoryTypeDevice;
  copy.dstDevice = reinterpret_cast<CUdeviceptr>(dst);
  copy.dstPitch = dstPitch;
  copy.widthInBytes = rowBytes;
  copy.height = rows;
  check(driver.cuMemcpy2DAsync(&copy, workStream(stream)),
        "cuMemcpy2DAsync");
}

void kiln::cuda_detail::zeroDevice32(void *device, size_t count, void *stream) {
  check(driver.cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(device), 0, count,
                                workStream(stream)),
        "cuMemsetD32Async");
}

void kiln::cuda_detail::zeroDevice16(void *device, size_t count, void *stream) {
  check(driver.cuMemsetD16Async(reinterpret_cast<CUdeviceptr>(device), 0, count,
                                workStream(stream)),
        "cuMemsetD16Async");
}

kiln::MemoryCacheStats kiln::getCudaMemoryStats() {
  return getDeviceMemory().getStats();
}

llvm::Error kiln::initCuda() {
  std::call_once(initOnce, initialize);
  if (!initError.empty())
    return llvm::createStringError(initError);
  if (!ready())
    return takeCudaError();
  return llvm::Error::success();
}

llvm::Error kiln::takeCudaError() {
  std::lock_guard<std::mutex> lock(errorMutex);
  if (firstError.empty())
    return llvm::Error::success();
  std::string message = "CUDA: " + firstError;
  firstError.clear();
  return llvm::createStringError(message);
}

llvm::Expected<void *> kiln::cudaAllocate(size_t bytes) {
  if (llvm::Error error = initCuda())
    return std::move(error);
  void *ptr = allocateDevice(bytes, /*stream=*/nullptr);
  if (llvm::Error error = takeCudaError())
    return std::move(error);
  return ptr;
}

llvm::Error kiln::cudaFree(void *device) {
  // Freed by the host after synchronizing, or in stream order on the legacy
  // default stream (asynchronous calls): reusable by every stream.
  releaseDevice(reinterpret_cast<uintptr_t>(device), /*stream=*/nullptr);
  return takeCudaError();
}

llvm::Error kiln::cudaCopyToDevice(void *device, const void *host,
                                   size_t bytes) {
  if (ready() && bytes)
    check(
        driver.cuMemcpyHtoD(reinterpret_cast<CUdeviceptr>(device), host, bytes),
        "cuMemcpyHtoD");
  return takeCudaError();
}

llvm::Error kiln::cudaCopyToHost(void *host, const void *device, size_t bytes) {
  if (ready() && bytes)
    check(
        driver.cuMemcpyDtoH(host, reinterpret_cast<CUdeviceptr>(device), bytes),
        "cuMemcpyDtoH");
  return takeCudaError();
}

llvm::Error kiln::cudaCopyOnDevice(void *dst, const void *src, size_t bytes) {
  if (ready() && bytes)
    check(driver.cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                               reinterpret_cast<CUdeviceptr>(src), bytes,
                               workStream(nullptr)),
          "cuMemcpyAsync");
  return takeCudaError();
}

void kiln::setCudaAsyncCalls(bool enabled) { asyncCalls = enabled; }

bool kiln::getCudaAsyncCalls() { return asyncCalls; }

llvm::Error kiln::cudaSynchronize() {
  if (llvm::Error error = initCuda())
    return error;
  // Blocks pending now are reusable once the device is idle (not those
  // other threads free meanwhile).
  std::vector<uintptr_t> pending = getDeviceMemory().getPendingBlocks();
  if (check(driver.cuCtxSynchronize(), "cuCtxSynchronize (a kernel failed)"))
    getDeviceMemory().blocksSynchronized(pending);
  return takeCudaError();
}

llvm::Error kiln::cudaStreamWaitFor(void *stream, void *other) {
  if (stream == other)
    return llvm::Error::success();
  if (llvm::Error error = initCuda())
    return error;
  // CU_EVENT_DISABLE_TIMING; destroying the event after the wait is queued
  // is fine (its resources go when the wait completes).
  CUevent event = nullptr;
  if (check(driver.cuEventCreate(&event, 2), "cuEventCreate")) {
    if (check(driver.cuEventRecord(event, static_cast<CUstream>(other)),
              "cuEventRecord"))
      check(driver.cuStreamWaitEvent(static_cast<CUstream>(stream), event, 0),
            "cuStreamWaitEvent");
    driver.cuEventDestroy(event);
  }
  return takeCudaError();
}

llvm::Expected<std::vector<double>>
kiln::cudaTimeEachMs(unsigned count,
                     llvm::function_ref<llvm::Error(unsigned)> fn) {
  if (llvm::Error error = initCuda())
    return std::move(error);
  std::vector<CUevent> events(2 * count, nullptr);
  auto destroy = [&] {
    for (CUevent event : events)
      if (event)
        driver.cuEventDestroy(event);
  };
  for (CUevent &event : events)
    if (!check(driver.cuEventCreate(&event, 0), "cuEventCreate"))
      break;
  std::vector<double> times;
  llvm::Error status = takeCudaError();
  for (unsigned i = 0; i < count && !status; ++i) {
    check(driver.cuEventRecord(events[2 * i], nullptr), "cuEventRecord");
    status = fn(i);
    check(driver.cuEventRecord(events[2 * i + 1], nullptr), "cuEventRecord");
    if (!status)
      status = takeCudaError();
  }
  if (!status)
    status = cudaSynchronize();
  for (unsigned i = 0; i < count && !status; ++i) {
    float ms = 0;
    check(driver.cuEventElapsedTime(&ms, events[2 * i], events[2 * i + 1]),
          "cuEventElapsedTime");
    times.push_back(ms);
  }
  if (!status)
    status = takeCudaError();
  destroy();
  if (status) {
    // Later failures (an event after a failed call) are not reported
    // against the next call.
    llvm::consumeError(takeCudaError());
    return std::move(status);
  }
  return times;
}

//===----------------------------------------------------------------------===//
// CUDA graphs
//===----------------------------------------------------------------------===//

CudaGraph::~CudaGraph() {
  // An in-flight graph is freed when its work is done; its memory is
  // reusable in stream order on the legacy default stream, where it runs.
  if (exec)
    driver.cuGraphExecDestroy(static_cast<CUgraphExec>(exec));
  for (uintptr_t block : blocks)
    getDeviceMemory().deallocate(block, /*stream=*/nullptr);
}

llvm::Error CudaGraph::beginCapture() {
  if (llvm::Error error = initCuda())
    return error;
  if (capture)
    return llvm::createStringError("CUDA graph capture: one is already "
                                   "running on this thread");
  if (!captureStream &&
      !check(driver.cuStreamCreate(&captureStream, /*NON_BLOCKING=*/1),
             "cuStreamCreate"))
    return takeCudaError();
  // Relaxed: the caching allocator may reach cuMemAlloc during a capture.
  if (!check(driver.cuStreamBeginCapture(captureStream,
                                         /*CU_STREAM_CAPTURE_MODE_RELAXED=*/2),
             "cuStreamBeginCapture"))
    return takeCudaError();
  capture = new Capture{captureStream, {}, {}};
  return llvm::Error::success();
}

llvm::Expected<std::unique_ptr<CudaGraph>> CudaGraph::endCapture() {
  if (!capture)
    return llvm::createStringError("CUDA graph capture: none is running");
  std::unique_ptr<Capture> done(capture);
  capture = nullptr;
  std::unique_ptr<CudaGraph> graph(new CudaGraph());
  // The graph owns the capture's memory from here on, also on failure
  // (then it frees it).
  graph->blocks = std::move(done->blocks);
  CUgraph captured = nullptr;
  check(driver.cuStreamEndCapture(done->stream, &captured),
        "cuStreamEndCapture (the call did work the capture cannot record)");
  CUgraphExec exec = nullptr;
  if (captured && !hasError())
    check(driver.cuGraphInstantiate(&exec, captured, 0),
          "cuGraphInstantiateWithFlags");
  if (captured)
    driver.cuGraphDestroy(captured);
  graph->exec = exec;
  if (llvm::Error error = takeCudaError())
    return std::move(error);
  return graph;
}

llvm::Error CudaGraph::launch() {
  if (!ready())
    return takeCudaError();
  check(driver.cuGraphLaunch(static_cast<CUgraphExec>(exec),
                             /*stream=*/nullptr),
        "cuGraphLaunch");
  return takeCudaError();
}

//===----------------------------------------------------------------------===//
// The mgpu* ABI called by host code from the GPU pipeline
//===----------------------------------------------------------------------===//

// Exported from libKilnCudaRuntime.so (declared in RuntimeABI.h).
extern "C" {
void *mgpuModuleLoad(void *data, size_t /*size*/) {
  CUmodule module = nullptr;
  if (ready())
    check(driver.cuModuleLoadData(&module, data), "cuModuleLoadData");
  return module;
}

void *mgpuModuleLoadJIT(void *data, int optLevel) {
  CUmodule module = nullptr;
  if (!ready())
    return nullptr;
  int option = 7; // CU_JIT_OPTIMIZATION_LEVEL
  void *value = reinterpret_cast<void *>(static_cast<intptr_t>(optLevel));
  check(driver.cuModuleLoadDataEx(&module, data, 1,
                                  reinterpret_cast<int *>(&option), &value),
        "cuModuleLoadDataEx (PTX JIT)");
  return module;
}

void mgpuModuleUnload(void *module) {
  if (module)
    check(driver.cuModuleUnload(static_cast<CUmodule>(module)),
          "cuModuleUnload");
}

void *mgpuModuleGetFunction(void *module, const char *name) {
  CUfunction function = nullptr;
  if (module)
    check(driver.cuModuleGetFunction(&function, static_cast<CUmodule>(module),
                                     name),
          "cuModuleGetFunction");
  return function;
}

void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t smem, void *stream,
                      void **params, void **extra, size_t /*paramsCount*/) {
  // After an error, nothing more runs (its inputs may be garbage).
  if (hasError() || gridX * gridY * gridZ == 0)
    return;
  // A kernel whose module never loaded (no driver: that error comes first;
  // or module constructors that did not run) must not be skipped silently.
  if (!function) {
    if (initError.empty())
      kiln::cuda_detail::recordError(
          "a kernel was launched before its module was loaded");
    return;
  }
  check(driver.cuLaunchKernel(static_cast<CUfunction>(function), gridX, gridY,
                              gridZ, blockX, blockY, blockZ, smem,
                              workStream(stream), params, extra),
        "cuLaunchKernel");
}

void *mgpuStreamCreate() {
  if (asyncCalls || capture)
    return nullptr; // The legacy default stream.
  {
    std::lock_guard<std::mutex> lock(streamMutex);
    if (!streamPool.empty()) {
      CUstream stream = streamPool.back();
      streamPool.pop_back();
      return stream;
    }
  }
  CUstream stream = nullptr;
  if (ready())
    // Blocking streams: they are ordered with the legacy default stream, on
    // which library calls (cuBLASLt matmuls) run between kernels.
    check(driver.cuStreamCreate(&stream, /*CU_STREAM_DEFAULT=*/0),
          "cuStreamCreate");
  return stream;
}

/// Streams are pooled: host code creates one per call and destroys it
/// after synchronizing it.
void mgpuStreamDestroy(void *stream) {
  if (!stream)
    return;
  if (!check(driver.cuStreamSynchronize(static_cast<CUstream>(stream)),
             "cuStreamSynchronize (a kernel failed)"))
    return;
  getDeviceMemory().streamSynchronized(stream);
  std::lock_guard<std::mutex> lock(streamMutex);
  streamPool.push_back(static_cast<CUstream>(stream));
}

void mgpuStreamSynchronize(void *stream) {
  if (!stream && (asyncCalls || capture))
    return; // The caller synchronizes (cudaSynchronize, cudaCopyToHost).
  if (check(driver.cuStreamSynchronize(static_cast<CUstream>(stream)),
            "cuStreamSynchronize (a kernel failed)"))
    getDeviceMemory().streamSynchronized(stream);
}

void mgpuStreamWaitEvent(void *stream, void *event) {
  check(driver.cuStreamWaitEvent(workStream(stream),
                                 static_cast<CUevent>(event), 0),
        "cuStreamWaitEvent");
}

void *mgpuEventCreate() {
  CUevent event = nullptr;
  if (ready())
    check(driver.cuEventCreate(&event, /*CU_EVENT_DISABLE_TIMING=*/2),
          "cuEventCreate");
  return event;
}

void mgpuEventDestroy(void *event) {
  if (event)
    check(driver.cuEventDestroy(static_cast<CUevent>(event)), "cuEventDestroy");
}

void mgpuEventSynchronize(void *event) {
  check(driver.cuEventSynchronize(static_cast<CUevent>(event)),
        "cuEventSynchronize");
}

void mgpuEventRecord(void *event, void *stream) {
  check(driver.cuEventRecord(static_cast<CUevent>(event), workStream(stream)),
        "cuEventRecord");
}

void *mgpuMemAlloc(uint64_t bytes, void *stream, bool /*hostShared*/) {
  return allocateDevice(bytes, stream);
}

void mgpuMemFree(void *ptr, void *stream) {
  releaseDevice(reinterpret_cast<uintptr_t>(ptr), stream);
}

void mgpuMemcpy(void *dst, void *src, size_t bytes, void *stream) {
  check(driver.cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                             reinterpret_cast<CUdeviceptr>(src), bytes,
                             workStream(stream)),
        "cuMemcpyAsync");
}

void mgpuMemset32(void *dst, unsigned value, size_t count, void *stream) {
  check(driver.cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(dst), value,
                                count, workStream(stream)),
        "cuMemsetD32Async");
}

void mgpuMemset16(void *dst, unsigned short value, size_t count, void *stream) {
  check(driver.cuMemsetD16Async(reinterpret_cast<CUdeviceptr>(dst), value,
                                count, workStream(stream)),
        "cuMemsetD16Async");
}
}

std::vector<std::pair<llvm::StringRef, void *>> kiln::getCudaRuntimeSymbols() {
#define KILN_SYMBOL(fn) {#fn, reinterpret_cast<void *>(&fn)},
  std::vector<std::pair<llvm::StringRef, void *>> symbols = {
      KILN_MGPU_FUNCTIONS(KILN_SYMBOL)};
#undef KILN_SYMBOL
  for (auto symbol : cuda_detail::getCudaBlasSymbols())
    symbols.push_back(symbol);
  return symbols;
}
