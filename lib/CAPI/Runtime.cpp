//===- Runtime.cpp - Compile and call Kiln functions from C ---------------===//
//
// A thin layer over kiln::CompiledFunction and Executable: C handles, C
// buffer descriptors, and every llvm::Error turned into a KilnStatus.
//
//===----------------------------------------------------------------------===//

#include "kiln-c/Runtime.h"

#include "Support.h"

#include "kiln/Runner/CompiledFunction.h"
#include "kiln/Runtime/CudaRuntime.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Support.h"
#include "mlir/IR/BuiltinOps.h"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <variant>

using namespace kiln;

static_assert(int(DType::F32) == KILN_DTYPE_F32 &&
                  int(DType::F16) == KILN_DTYPE_F16 &&
                  int(DType::BF16) == KILN_DTYPE_BF16 &&
                  int(DType::F64) == KILN_DTYPE_F64 &&
                  int(DType::I1) == KILN_DTYPE_I1 &&
                  int(DType::I32) == KILN_DTYPE_I32 &&
                  int(DType::I64) == KILN_DTYPE_I64,
              "KilnDType mirrors kiln::DType");

/// The value of a C enum the caller passed, read as its bytes: a C caller
/// may pass any integer, and loading an out-of-range enumerator is
/// undefined in C++.
template <typename Enum> static int64_t getValue(const Enum &value) {
  std::underlying_type_t<Enum> raw;
  std::memcpy(&raw, &value, sizeof(raw));
  return raw;
}

/// True for a KilnDType of design.md §2.
static bool isKnown(int64_t dtype) {
  return dtype >= KILN_DTYPE_F32 && dtype <= KILN_DTYPE_I64;
}

struct KilnFunctionImpl {
  std::unique_ptr<CompiledFunction> function;
};

/// A result: a host tensor, or device memory Kiln's allocator owns.
struct KilnBufferImpl {
  std::variant<HostTensor, DeviceTensor> tensor;
  ~KilnBufferImpl() {
    if (auto *device = std::get_if<DeviceTensor>(&tensor))
      llvm::consumeError(cudaFree(device->allocation));
  }
};

int64_t kilnDTypeGetSize(KilnDType dtype) {
  int64_t value = getValue(dtype);
  return isKnown(value) ? getDTypeSize(static_cast<DType>(value)) : 0;
}

static llvm::Expected<CompiledFunction::Target> getTarget(int64_t value) {
  if (value == KILN_TARGET_CPU)
    return CompiledFunction::Target::Cpu;
  if (value == KILN_TARGET_CUDA)
    return CompiledFunction::Target::Cuda;
  return makeError(ErrorKind::Compile,
                   "unknown target " + llvm::Twine(value) +
                       " (expected KILN_TARGET_CPU or KILN_TARGET_CUDA)");
}

/// Compiles `source` into `*function` (left untouched on failure).
static KilnStatus compileText(llvm::StringRef source, MlirStringRef entry,
                              int64_t target, MlirStringRef options,
                              KilnFunction *function) {
  if (!function)
    return capi::makeStatus(KILN_STATUS_INVALID_ARGUMENT,
                            "the function out-pointer is NULL");
  auto parsedTarget = getTarget(target);
  if (!parsedTarget)
    return capi::wrap(parsedTarget.takeError());
  auto compiled = CompiledFunction::compile(source, "<source>", unwrap(entry),
                                            *parsedTarget, unwrap(options));
  if (!compiled)
    return capi::wrap(compiled.takeError());
  *function = new KilnFunctionImpl{std::move(*compiled)};
  return nullptr;
}

KilnStatus kilnFunctionCompileSource(MlirStringRef source, MlirStringRef entry,
                                     KilnTarget target, MlirStringRef options,
                                     KilnFunction *function) {
  return compileText(unwrap(source), entry, getValue(target), options,
                     function);
}

KilnStatus kilnFunctionCompile(MlirModule module, MlirStringRef entry,
                               KilnTarget target, MlirStringRef options,
                               KilnFunction *function) {
  if (mlirModuleIsNull(module))
    return capi::makeStatus(KILN_STATUS_INVALID_ARGUMENT, "the module is null");
  // The function owns its context: the module travels as text (locations
  // included, so diagnostics point into the caller's source).
  std::string text;
  llvm::raw_string_ostream os(text);
  unwrap(module)->print(os, mlir::OpPrintingFlags().enableDebugInfo());
  return compileText(text, entry, getValue(target), options, function);
}

KilnStatus kilnFunctionLoadArtifact(MlirStringRef path,
                                    KilnFunction *function) {
  if (!function)
    return capi::makeStatus(KILN_STATUS_INVALID_ARGUMENT,
                            "the function out-pointer is NULL");
  auto loaded = CompiledFunction::load(unwrap(path));
  if (!loaded)
    return capi::wrap(loaded.takeError());
  *function = new KilnFunctionImpl{std::move(*loaded)};
  return nullptr;
}

void kilnFunctionDestroy(KilnFunction function) { delete function; }

MlirStringRef kilnFunctionGetName(KilnFunction function) {
  return wrap(function->function->getEntry());
}

static const TensorSpec *getSpec(KilnFunction function, bool result,
                                 intptr_t position) {
  const Signature &signature = function->function->getSignature();
  llvm::ArrayRef<TensorSpec> specs =
      result ? signature.getResults() : signature.getArguments();
  if (position < 0 || position >= intptr_t(specs.size()))
    return nullptr;
  return &specs[position];
}

intptr_t kilnFunctionGetNumArguments(KilnFunction function) {
  return function->function->getSignature().getArguments().size();
}

intptr_t kilnFunctionGetNumResults(KilnFunction function) {
  return function->function->getSignature().getResults().size();
}

KilnDType kilnFunctionGetArgumentDType(KilnFunction function,
                                       intptr_t position) {
  const TensorSpec *spec = getSpec(function, false, position);
  return spec ? static_cast<KilnDType>(spec->dtype) : KILN_DTYPE_F32;
}

KilnDType kilnFunctionGetResultDType(KilnFunction function,
                                     intptr_t position) {
  const TensorSpec *spec = getSpec(function, true, position);
  return spec ? static_cast<KilnDType>(spec->dtype) : KILN_DTYPE_F32;
}

intptr_t kilnFunctionGetArgumentRank(KilnFunction function,
                                     intptr_t position) {
  const TensorSpec *spec = getSpec(function, false, position);
  return spec ? spec->getRank() : -1;
}

intptr_t kilnFunctionGetResultRank(KilnFunction function, intptr_t position) {
  const TensorSpec *spec = getSpec(function, true, position);
  return spec ? spec->getRank() : -1;
}

static void printDim(const TensorSpec *spec, intptr_t dim,
                     MlirStringCallback callback, void *userData) {
  if (!spec || dim < 0 || dim >= spec->getRank())
    return;
  sym::Expr expr = spec->dims[dim];
  std::string text = expr ? expr.str() : "?";
  callback(wrap(llvm::StringRef(text)), userData);
}

void kilnFunctionPrintArgumentDim(KilnFunction function, intptr_t position,
                                  intptr_t dim, MlirStringCallback callback,
                                  void *userData) {
  printDim(getSpec(function, false, position), dim, callback, userData);
}

void kilnFunctionPrintResultDim(KilnFunction function, intptr_t position,
                                intptr_t dim, MlirStringCallback callback,
                                void *userData) {
  printDim(getSpec(function, true, position), dim, callback, userData);
}

void *kilnBufferGetData(KilnBuffer buffer) {
  if (auto *host = std::get_if<HostTensor>(&buffer->tensor))
    return host->getData();
  return std::get<DeviceTensor>(buffer->tensor).data;
}

KilnDType kilnBufferGetDType(KilnBuffer buffer) {
  if (auto *host = std::get_if<HostTensor>(&buffer->tensor))
    return static_cast<KilnDType>(host->getDType());
  return static_cast<KilnDType>(std::get<DeviceTensor>(buffer->tensor).dtype);
}

static llvm::ArrayRef<int64_t> getShape(KilnBuffer buffer) {
  if (auto *host = std::get_if<HostTensor>(&buffer->tensor))
    return host->getShape();
  return std::get<DeviceTensor>(buffer->tensor).shape;
}

intptr_t kilnBufferGetRank(KilnBuffer buffer) {
  return getShape(buffer).size();
}

const int64_t *kilnBufferGetSizes(KilnBuffer buffer) {
  return getShape(buffer).data();
}

int64_t kilnBufferGetNumBytes(KilnBuffer buffer) {
  if (auto *host = std::get_if<HostTensor>(&buffer->tensor))
    return host->getNumBytes();
  return std::get<DeviceTensor>(buffer->tensor).getNumBytes();
}

bool kilnBufferIsOnDevice(KilnBuffer buffer) {
  return std::holds_alternative<DeviceTensor>(buffer->tensor);
}

void kilnBufferDestroy(KilnBuffer buffer) { delete buffer; }

namespace {
/// The caller's buffer views as TensorRefs, checked for what the signature
/// cannot see (null pointers, unknown dtypes, strides).
struct Arguments {
  std::vector<TensorRef> refs;
  std::vector<ArgumentShape> shapes;
};
} // namespace

static llvm::Expected<Arguments> borrow(const KilnBufferView *views,
                                        intptr_t count) {
  if (count < 0 || (count > 0 && !views))
    return makeError(ErrorKind::Input, "the argument array is NULL");
  Arguments args;
  for (intptr_t i = 0; i < count; ++i) {
    const KilnBufferView &view = views[i];
    std::string what = "argument " + std::to_string(i);
    int64_t dtypeValue = getValue(view.dtype);
    if (!isKnown(dtypeValue))
      return makeError(ErrorKind::Input, what + " has an unknown dtype (" +
                                             std::to_string(dtypeValue) + ")");
    if (view.rank < 0 || (view.rank > 0 && !view.sizes))
      return makeError(ErrorKind::Input, what + " has no sizes");
    llvm::ArrayRef<int64_t> shape(view.sizes, view.rank);
    // (Negative sizes are the signature's to report.)
    int64_t elements = 1, expected = 1;
    for (int64_t size : shape)
      elements *= std::max<int64_t>(size, 0);
    for (intptr_t d = view.rank; view.strides && elements && d-- > 0;) {
      if (shape[d] != 1 && view.strides[d] != expected)
        return makeError(ErrorKind::Input,
                         what + " is not contiguous (row-major): dim " +
                             std::to_string(d) + " has stride " +
                             std::to_string(view.strides[d]) + ", expected " +
                             std::to_string(expected));
      expected *= shape[d];
    }
    if (!view.data && elements > 0)
      return makeError(ErrorKind::Input, what + " has no data (NULL)");
    auto dtype = static_cast<DType>(dtypeValue);
    args.refs.push_back({dtype, view.data, shape});
    args.shapes.push_back({dtype, shape});
  }
  return args;
}

/// The caller's buffers borrowed and checked against `compiled`'s signature
/// (an Input error naming what does not fit) before the Executable binds
/// them again for the call; Signature::bind only does symbol arithmetic.
static llvm::Expected<Arguments> prepare(CompiledFunction &compiled,
                                         const KilnBufferView *views,
                                         intptr_t count) {
  auto args = borrow(views, count);
  if (!args)
    return args.takeError();
  if (auto bound = compiled.bind(args->shapes); !bound)
    return bound.takeError();
  return args;
}

/// The results into the caller's array (all or none).
template <typename Tensor>
static KilnStatus store(std::vector<Tensor> &&tensors, KilnBuffer *results) {
  for (auto [i, tensor] : llvm::enumerate(tensors))
    results[i] = new KilnBufferImpl{std::move(tensor)};
  return nullptr;
}

KilnStatus kilnFunctionCall(KilnFunction function,
                            const KilnBufferView *arguments,
                            intptr_t numArguments, bool onDevice, void *stream,
                            KilnBuffer *results) {
  CompiledFunction &compiled = *function->function;
  if (!results && kilnFunctionGetNumResults(function) > 0)
    return capi::makeStatus(KILN_STATUS_INVALID_ARGUMENT,
                            "the result array is NULL");
  auto args = prepare(compiled, arguments, numArguments);
  if (!args)
    return capi::wrap(args.takeError());
  Executable &executable = compiled.getExecutable();
  if (!onDevice) {
    if (stream)
      return capi::makeStatus(KILN_STATUS_INVALID_ARGUMENT,
                              "a stream is only for calls on device memory");
    auto tensors = executable.call(args->refs);
    if (!tensors)
      return capi::wrap(makeError(ErrorKind::Call, tensors.takeError()));
    return store(std::move(*tensors), results);
  }
  if (!compiled.isCuda())
    return capi::makeStatus(KILN_STATUS_INVALID_ARGUMENT,
                            "device arguments need a function compiled for "
                            "KILN_TARGET_CUDA");
  // Compiled code queues on the legacy default stream: it starts after
  // what `stream` holds, and `stream` waits for it.
  if (llvm::Error error = cudaStreamWaitFor(/*stream=*/nullptr, stream))
    return capi::wrap(makeError(ErrorKind::Call, std::move(error)));
  auto tensors = executable.callOnDevice(args->refs);
  if (llvm::Error error = cudaStreamWaitFor(stream, /*other=*/nullptr)) {
    if (tensors)
      for (DeviceTensor &tensor : *tensors)
        llvm::consumeError(cudaFree(tensor.allocation));
    else
      llvm::consumeError(tensors.takeError());
    return capi::wrap(makeError(ErrorKind::Call, std::move(error)));
  }
  if (!tensors)
    return capi::wrap(makeError(ErrorKind::Call, tensors.takeError()));
  return store(std::move(*tensors), results);
}

KilnStatus kilnFunctionTime(KilnFunction function,
                            const KilnBufferView *arguments,
                            intptr_t numArguments, intptr_t repeat,
                            double *milliseconds) {
  CompiledFunction &compiled = *function->function;
  if (repeat < 1 || !milliseconds)
    return capi::makeStatus(KILN_STATUS_INVALID_ARGUMENT,
                            "repeat must be at least 1, with room for its "
                            "times");
  auto args = prepare(compiled, arguments, numArguments);
  if (!args)
    return capi::wrap(args.takeError());
  std::vector<HostTensor> inputs;
  for (const TensorRef &ref : args->refs) {
    HostTensor tensor(ref.dtype, ref.shape);
    if (size_t bytes = tensor.getNumBytes())
      std::memcpy(tensor.getData(), ref.data, bytes);
    inputs.push_back(std::move(tensor));
  }
  auto times = compiled.getExecutable().time(inputs, unsigned(repeat));
  if (!times)
    return capi::wrap(makeError(ErrorKind::Call, times.takeError()));
  llvm::copy(*times, milliseconds);
  return nullptr;
}
