//===- KilnModule.cpp - The native module of the `kiln` package -----------===//
//
// A thin nanobind layer over Kiln's C++ library: parsing and verifying a
// module, Executable::compile with the pipelines' own option structs (the
// same functions kiln-opt and kiln-run call), the signature, the memory
// report, and calls on DLPack tensors (NumPy arrays, torch tensors) that
// are borrowed for the call, never copied. The GIL is released while the
// compiled code runs. Every failure is a Python exception of the module's
// KilnError family carrying kiln-run's one-line message.
//
//===----------------------------------------------------------------------===//

#include "kiln/Runner/CompiledFunction.h"
#include "kiln/Runtime/CudaRuntime.h"

#include "llvm/Support/FileSystem.h"

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <optional>

namespace nb = nanobind;
using namespace kiln;

namespace {

/// The exception types (created at import, kept for the module's life).
struct Errors {
  PyObject *base = nullptr, *parse = nullptr, *verification = nullptr,
           *compile = nullptr, *input = nullptr;
} errors;

/// Raises `type` with `message` in Python.
[[noreturn]] void raise(PyObject *type, const std::string &message) {
  PyErr_SetString(type, message.c_str());
  throw nb::python_error();
}

[[noreturn]] void raise(PyObject *type, llvm::Error error) {
  raise(type, llvm::toString(std::move(error)));
}

/// The DType of a DLPack dtype; uint16 is bf16 when `bf16` says so (NumPy
/// has no bfloat16: bf16 arrays travel as uint16 bit patterns).
std::optional<DType> getDType(nb::dlpack::dtype dtype, bool bf16) {
  auto code = static_cast<nb::dlpack::dtype_code>(dtype.code);
  if (dtype.lanes != 1)
    return std::nullopt;
  switch (code) {
  case nb::dlpack::dtype_code::Float:
    if (dtype.bits == 32)
      return DType::F32;
    if (dtype.bits == 16)
      return DType::F16;
    if (dtype.bits == 64)
      return DType::F64;
    return std::nullopt;
  case nb::dlpack::dtype_code::Bfloat:
    return dtype.bits == 16 ? std::optional(DType::BF16) : std::nullopt;
  case nb::dlpack::dtype_code::Bool:
    return dtype.bits == 8 ? std::optional(DType::I1) : std::nullopt;
  case nb::dlpack::dtype_code::Int:
    if (dtype.bits == 32)
      return DType::I32;
    if (dtype.bits == 64)
      return DType::I64;
    return std::nullopt;
  case nb::dlpack::dtype_code::UInt:
    return dtype.bits == 16 && bf16 ? std::optional(DType::BF16)
                                    : std::nullopt;
  default:
    return std::nullopt;
  }
}

/// The DLPack dtype of a result; bf16 as uint16 for NumPy.
nb::dlpack::dtype getDLPackDType(DType dtype, bool numpy) {
  using Code = nb::dlpack::dtype_code;
  auto make = [](Code code, uint8_t bits) {
    return nb::dlpack::dtype{static_cast<uint8_t>(code), bits, 1};
  };
  switch (dtype) {
  case DType::F32:
    return make(Code::Float, 32);
  case DType::F16:
    return make(Code::Float, 16);
  case DType::BF16:
    return numpy ? make(Code::UInt, 16) : make(Code::Bfloat, 16);
  case DType::F64:
    return make(Code::Float, 64);
  case DType::I1:
    return make(Code::Bool, 8);
  case DType::I32:
    return make(Code::Int, 32);
  case DType::I64:
    return make(Code::Int, 64);
  }
  return make(Code::Float, 32);
}

/// True when `array` is row-major contiguous (size-1 dims may have any
/// stride, as PyTorch gives them; an array without elements always is).
bool isContiguous(const nb::ndarray<nb::ro> &array) {
  for (size_t i = 0; i < array.ndim(); ++i)
    if (array.shape(i) == 0)
      return true;
  int64_t expected = 1;
  for (size_t i = array.ndim(); i-- > 0;) {
    if (array.shape(i) != 1 && array.stride(i) != expected)
      return false;
    expected *= array.shape(i);
  }
  return true;
}

/// The exception type of an error's kind.
PyObject *getErrorType(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::Parse:
    return errors.parse;
  case ErrorKind::Verification:
    return errors.verification;
  case ErrorKind::Compile:
    return errors.compile;
  case ErrorKind::Input:
    return errors.input;
  case ErrorKind::Call:
    break;
  }
  return errors.base;
}

/// Raises `error` as the exception of its kind.
[[noreturn]] void raise(llvm::Error error) {
  auto [kind, message] = takeError(std::move(error));
  raise(getErrorType(kind), message);
}

/// One compiled function (a CompiledFunction) as the Python class.
class Function {
public:
  Function(const std::string &source, std::optional<std::string> entryName,
           const std::string &target, const std::string &options);

  /// Calls the function; `bf16` marks the uint16 arguments that are bf16.
  std::vector<nb::object> call(std::vector<nb::ndarray<nb::ro>> args,
                               std::vector<bool> bf16, bool numpy);

  /// Per argument or result: (dims as strings, dtype name).
  using Spec = std::pair<std::vector<std::string>, std::string>;
  std::vector<Spec> getSignature(bool results) const;
  nb::dict report();
  std::string getEntry() const { return function->getEntry().str(); }
  double getCompileSeconds() const { return function->getCompileSeconds(); }
  /// True when the pipeline's output came from the on-disk cache.
  bool isFromCache() const { return function->getExecutable().isFromCache(); }

private:
  std::unique_ptr<CompiledFunction> function;
};

Function::Function(const std::string &source,
                   std::optional<std::string> entryName,
                   const std::string &target, const std::string &options) {
  auto parsedTarget = CompiledFunction::parseTarget(target);
  if (!parsedTarget)
    raise(parsedTarget.takeError());
  // A path to a .mlir file, or the module's text.
  bool isPath = source.find('\n') == std::string::npos &&
                llvm::StringRef(source).ends_with(".mlir");
  if (isPath && !llvm::sys::fs::exists(source))
    raise(errors.parse, "cannot open '" + source + "': no such file");
  std::string entry = entryName.value_or("");
  // Other Python threads run while the pipeline and the JIT do.
  auto compiled = [&] {
    nb::gil_scoped_release release;
    return isPath ? CompiledFunction::compileFile(source, entry,
                                                  *parsedTarget, options)
                  : CompiledFunction::compile(source, "<source>", entry,
                                              *parsedTarget, options);
  }();
  if (!compiled)
    raise(compiled.takeError());
  function = std::move(*compiled);
}

/// Borrowed views of `args`, all in host memory or all on CUDA device 0.
struct Arguments {
  std::vector<TensorRef> refs;
  std::vector<llvm::SmallVector<int64_t>> shapes;
  bool onDevice = false;
};

static Arguments borrow(const std::vector<nb::ndarray<nb::ro>> &args,
                        const std::vector<bool> &bf16, bool cudaTarget) {
  Arguments out;
  out.shapes.resize(args.size());
  for (auto [i, array] : llvm::enumerate(args)) {
    std::string what = "argument " + std::to_string(i);
    bool device = array.device_type() == nb::device::cuda::value;
    if (!device && array.device_type() != nb::device::cpu::value)
      raise(errors.input, what + " is on an unsupported device (DLPack "
                                 "device type " +
                              std::to_string(array.device_type()) + ")");
    if (device && !cudaTarget)
      raise(errors.input, what + " is on a CUDA device; compile with "
                                 "target=\"cuda\" or pass host memory");
    if (device && array.device_id() != 0)
      raise(errors.input, what + " is on CUDA device " +
                              std::to_string(array.device_id()) +
                              "; Kiln runs on device 0");
    if (i > 0 && device != out.onDevice)
      raise(errors.input, what + " is on another device than argument 0");
    out.onDevice = device;
    std::optional<DType> dtype =
        getDType(array.dtype(), i < bf16.size() && bf16[i]);
    if (!dtype)
      raise(errors.input, what + " has a dtype Kiln does not support");
    if (!isContiguous(array))
      raise(errors.input,
            what + " is not contiguous (row-major); pass a contiguous copy");
    for (size_t d = 0; d < array.ndim(); ++d)
      out.shapes[i].push_back(array.shape(d));
    out.refs.push_back({*dtype, array.data(), out.shapes[i]});
  }
  return out;
}

/// A host result as a NumPy array or a torch tensor that owns it.
static nb::object wrapHost(HostTensor &&result, bool numpy) {
  auto *owned = new HostTensor(std::move(result));
  nb::capsule owner(owned, [](void *p) noexcept {
    delete static_cast<HostTensor *>(p);
  });
  std::vector<size_t> shape(owned->getShape().begin(),
                            owned->getShape().end());
  nb::dlpack::dtype dtype = getDLPackDType(owned->getDType(), numpy);
  if (numpy)
    return nb::ndarray<nb::numpy>(owned->getData(), shape.size(),
                                  shape.data(), owner, nullptr, dtype)
        .cast();
  return nb::ndarray<nb::pytorch>(owned->getData(), shape.size(), shape.data(),
                                  owner, nullptr, dtype)
      .cast();
}

/// A device result as a torch tensor that gives its memory back to Kiln's
/// allocator (in stream order) when it dies.
static nb::object wrapDevice(const DeviceTensor &result) {
  nb::capsule owner(result.allocation, [](void *p) noexcept {
    llvm::consumeError(cudaFree(p));
  });
  std::vector<size_t> shape(result.shape.begin(), result.shape.end());
  return nb::ndarray<nb::pytorch>(
             result.data, shape.size(), shape.data(), owner, nullptr,
             getDLPackDType(result.dtype, /*numpy=*/false),
             nb::device::cuda::value, /*device_id=*/0)
      .cast();
}

std::vector<nb::object> Function::call(std::vector<nb::ndarray<nb::ro>> args,
                                       std::vector<bool> bf16, bool numpy) {
  Arguments borrowed = borrow(args, bf16, function->isCuda());
  // Bad arguments are an InputError; a failure of the call itself (a CUDA
  // error, an out-of-memory) is a KilnError.
  llvm::SmallVector<ArgumentShape> argShapes;
  for (const TensorRef &ref : borrowed.refs)
    argShapes.push_back({ref.dtype, ref.shape});
  if (auto bound = function->bind(argShapes); !bound)
    raise(bound.takeError());
  Executable &executable = function->getExecutable();
  std::vector<nb::object> out;
  if (borrowed.onDevice) {
    llvm::Expected<std::vector<DeviceTensor>> results = [&] {
      nb::gil_scoped_release release;
      return executable.callOnDevice(borrowed.refs);
    }();
    if (!results)
      raise(errors.base, results.takeError());
    for (const DeviceTensor &result : *results)
      out.push_back(wrapDevice(result));
  } else {
    llvm::Expected<std::vector<HostTensor>> results = [&] {
      nb::gil_scoped_release release;
      return executable.call(borrowed.refs);
    }();
    if (!results)
      raise(errors.base, results.takeError());
    for (HostTensor &result : *results)
      out.push_back(wrapHost(std::move(result), numpy));
  }
  return out;
}

std::vector<Function::Spec> Function::getSignature(bool results) const {
  const Signature &signature = function->getSignature();
  std::vector<Spec> specs;
  for (const TensorSpec &spec :
       results ? signature.getResults() : signature.getArguments()) {
    std::vector<std::string> dims;
    for (sym::Expr dim : spec.dims)
      dims.push_back(dim ? dim.str() : "?");
    specs.push_back({dims, getDTypeName(spec.dtype).str()});
  }
  return specs;
}

nb::dict Function::report() {
  Executable &executable = function->getExecutable();
  nb::dict report;
  report["kernels"] = executable.getNumKernels();
  report["compile_s"] = function->getCompileSeconds();
  report["from_cache"] = isFromCache();
  if (function->usesCudaGraphs()) {
    CudaGraphStats graphs = executable.getCudaGraphStats();
    nb::dict counters;
    counters["warmups"] = graphs.warmups;
    counters["captures"] = graphs.captures;
    counters["replays"] = graphs.replays;
    counters["evictions"] = graphs.evictions;
    counters["failed_captures"] = graphs.failedCaptures;
    counters["graphs"] = graphs.graphs;
    report["cuda_graphs"] = counters;
  }
  auto plan = function->planMemory();
  if (!plan)
    raise(plan.takeError());
  nb::object none = nb::none();
  report["arena_bytes"] = report["naive_bytes"] =
      report["lower_bound_bytes"] = none;
  if (!*plan)
    return report; // Symbolic and not called yet: no sizes to plan for.
  report["arena_bytes"] = (*plan)->arenaBytes;
  report["naive_bytes"] = (*plan)->naiveBytes;
  report["lower_bound_bytes"] = (*plan)->lowerBoundBytes;
  return report;
}

PyObject *makeError(nb::module_ &m, const char *name, PyObject *base,
                    const char *doc) {
  std::string qualified = std::string("kiln.") + name;
  PyObject *type =
      PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base, nullptr);
  m.attr(name) = nb::handle(type);
  return type;
}

} // namespace

NB_MODULE(_kiln, m) {
  m.doc() = "Kiln's native module: compile Kiln IR and call it on arrays.";
  errors.base = makeError(m, "KilnError", PyExc_Exception,
                          "Base class of every error Kiln raises.");
  errors.parse = makeError(m, "ParseError", errors.base,
                           "The source is not valid MLIR.");
  errors.verification = makeError(m, "VerificationError", errors.base,
                                  "The module does not verify.");
  errors.compile = makeError(m, "CompileError", errors.base,
                             "The pipeline or the JIT failed.");
  errors.input = makeError(m, "InputError", errors.base,
                           "A call's arguments do not fit the signature.");

  nb::class_<Function>(m, "Function")
      .def(nb::init<const std::string &, std::optional<std::string>,
                    const std::string &, const std::string &>(),
           nb::arg("source"), nb::arg("entry").none(), nb::arg("target"),
           nb::arg("options"))
      .def("call", &Function::call, nb::arg("args"), nb::arg("bf16"),
           nb::arg("numpy"))
      .def_prop_ro("entry", &Function::getEntry)
      .def_prop_ro("compile_s", &Function::getCompileSeconds)
      .def_prop_ro("from_cache",
                   [](Function &f) { return f.isFromCache(); })
      .def("signature", &Function::getSignature, nb::arg("results") = false)
      .def("report", &Function::report);
}
