//===- Executable.cpp - JIT-compiled Kiln functions on the CPU ---------===//

#include "kiln/Runner/Executable.h"
#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "kiln/Reference/Interpreter.h"
#include "kiln/Runtime/CpuRuntime.h"
#include "kiln/Runtime/CudaRuntime.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/TargetSelect.h"

#include <chrono>
#include <cstdlib>
#include <cstring>

using namespace mlir;
using namespace kiln;

Executable::~Executable() = default;

/// The runtime libraries compiled code may call: OpenMP or MLIR's async
/// runtime (parallel loops) and MLIR's C runner utils (memrefCopy for
/// strided copies).
static SmallVector<StringRef> getRuntimeLibraries() {
  SmallVector<StringRef> libs;
  for (StringRef path : {"/usr/lib/llvm-22/lib/libomp.so",
                         "/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so",
                         "/usr/lib/llvm-22/lib/libmlir_async_runtime.so"})
    if (llvm::sys::fs::exists(path))
      libs.push_back(path);
  return libs;
}

llvm::Expected<std::unique_ptr<Executable>> Executable::compileWith(
    ModuleOp module, StringRef entry,
    function_ref<LogicalResult(ModuleOp, func::FuncOp, int64_t &)> lower,
    ArrayRef<std::pair<StringRef, void *>> symbols, bool cuda) {
  MLIRContext *ctx = module.getContext();
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func)
    return llvm::createStringError("no function named '" + entry + "'");
  SmallVector<ArgSpec> argSpecs;
  for (Type type : func.getArgumentTypes()) {
    auto kilnType = dyn_cast<KilnTensorType>(type);
    if (!kilnType)
      return llvm::createStringError(
          "arguments must be !kiln.tensor values to compile");
    ArgSpec spec;
    spec.dtype = *getDTypeOf(kilnType.getElementType());
    for (sym::Expr dim : kilnType.getDims()) {
      std::optional<int64_t> size = dim ? dim.getConstant() : std::nullopt;
      std::optional<StringRef> name = dim ? dim.getSymbolName() : std::nullopt;
      spec.staticSizes.push_back(size ? *size : -1);
      spec.symbols.push_back(name ? name->str() : std::string());
    }
    argSpecs.push_back(std::move(spec));
  }
  SmallVector<std::pair<DType, int64_t>> resultTypes;
  for (Type type : func.getResultTypes()) {
    auto kilnType = dyn_cast<KilnTensorType>(type);
    std::optional<DType> dtype =
        kilnType ? getDTypeOf(kilnType.getElementType()) : std::nullopt;
    if (!dtype)
      return llvm::createStringError("results must be !kiln.tensor values");
    resultTypes.push_back({*dtype, kilnType.getRank()});
  }
  func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                UnitAttr::get(ctx));
  // Compile only what the entry needs: without calls, that is the entry.
  bool hasCalls = false;
  module.walk([&](func::CallOp) { hasCalls = true; });
  if (!hasCalls)
    for (auto other : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
      if (other != func)
        other.erase();

  int64_t numKernels = 0;
  // Collect the pipeline's diagnostics into the error.
  std::string diagnostics;
  {
    ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
      llvm::raw_string_ostream os(diagnostics);
      os << diag.getLocation() << ": " << diag << "\n";
      return success();
    });
    if (failed(lower(module, func, numKernels)))
      return llvm::createStringError("compilation failed:\n" + diagnostics);
  }

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerBuiltinDialectTranslation(*ctx);
  registerLLVMDialectTranslation(*ctx);
  registerOpenMPDialectTranslation(*ctx);
  registerGPUDialectTranslation(*ctx);

  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto targetMachine = builder->createTargetMachine();
  if (!targetMachine)
    return targetMachine.takeError();
  auto transformer = makeOptimizingTransformer(3, 0, targetMachine->get());

  SmallVector<StringRef> libs = getRuntimeLibraries();
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  engineOptions.sharedLibPaths = libs;
  auto engine =
      ExecutionEngine::create(module, engineOptions, std::move(*targetMachine));
  if (!engine)
    return engine.takeError();

  // Bind Kiln's runtime functions for the compiled code.
  SmallVector<std::pair<StringRef, void *>> bound(symbols);
  (*engine)->registerSymbols([&](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap map;
    for (auto [name, address] : bound)
      map[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                             llvm::JITSymbolFlags::Exported};
    return map;
  });

  auto result = std::make_unique<Executable>();
  result->numKernels = numKernels;
  result->resultTypes = std::move(resultTypes);
  result->argSpecs = std::move(argSpecs);
  result->engine = std::move(*engine);
  result->entry = ("_mlir_ciface_" + entry).str();
  result->cuda = cuda;
  return result;
}

llvm::Expected<std::unique_ptr<Executable>>
Executable::compile(ModuleOp module, StringRef entry,
                    const CpuPipelineOptions &options) {
  auto lower = [&](ModuleOp m, func::FuncOp func,
                   int64_t &numKernels) -> LogicalResult {
    PassManager tensorPm(m.getContext());
    buildKilnCpuTensorPipeline(tensorPm, options);
    if (failed(tensorPm.run(m)))
      return failure();
    // Kernels: fusion groups (row loops) and the ops outside any group.
    func.walk([&](Operation *op) {
      if (isa<scf::ForallOp>(op) ||
          (isa<linalg::LinalgOp, tensor::ConcatOp>(op) &&
           !op->getParentOfType<scf::ForallOp>() && !isa<linalg::FillOp>(op)))
        ++numKernels;
    });
    PassManager lowerPm(m.getContext());
    buildKilnCpuLoweringPipeline(lowerPm, options);
    return lowerPm.run(m);
  };
  return compileWith(module, entry, lower, getCpuRuntimeSymbols(),
                     /*cuda=*/false);
}

llvm::Expected<std::unique_ptr<Executable>>
Executable::compile(ModuleOp module, StringRef entry,
                    const GpuPipelineOptions &options) {
  auto lower = [&](ModuleOp m, func::FuncOp func,
                   int64_t &numKernels) -> LogicalResult {
    PassManager pm(m.getContext());
    buildKilnGpuPipeline(pm, options);
    if (failed(pm.run(m)))
      return failure();
    m.walk([&](gpu::LaunchFuncOp) { ++numKernels; });
    return success();
  };
  return compileWith(module, entry, lower, getCudaRuntimeSymbols(),
                     /*cuda=*/true);
}

namespace {
/// A ranked memref descriptor laid out as the LLVM lowering expects:
/// {allocated, aligned, offset, sizes[rank], strides[rank]}, all 8 bytes.
struct Descriptor {
  explicit Descriptor(const HostTensor &tensor) {
    int64_t rank = tensor.getRank();
    fields.resize(3 + 2 * rank);
    auto ptr = reinterpret_cast<int64_t>(tensor.getData());
    fields[0] = ptr;
    fields[1] = ptr;
    fields[2] = 0;
    int64_t stride = 1;
    for (int64_t i = rank - 1; i >= 0; --i) {
      fields[3 + i] = tensor.getShape()[i];
      fields[3 + rank + i] = stride;
      stride *= tensor.getShape()[i];
    }
  }
  SmallVector<int64_t> fields;
};
/// The packed calling convention of a C-interface function: one pointer per
/// argument, pointing at the argument's value. Memrefs are pointers to
/// descriptors; the results come back as one struct of descriptors (or one
/// descriptor) written through the first argument.
struct PackedCall {
  PackedCall(MutableArrayRef<Descriptor> descriptors,
             ArrayRef<std::pair<DType, int64_t>> resultTypes) {
    size_t words = 0;
    for (auto [dtype, rank] : resultTypes)
      words += 3 + 2 * rank;
    resultStorage.assign(std::max<size_t>(words, 1), 0);
    if (!resultTypes.empty())
      values.push_back(resultStorage.data());
    for (Descriptor &d : descriptors)
      values.push_back(d.fields.data());
    for (void *&value : values)
      args.push_back(&value);
  }
  SmallVector<int64_t> resultStorage;
  SmallVector<void *> values;
  SmallVector<void *> args;
};
} // namespace

/// Turns a returned buffer (descriptor fields at `d`) into a HostTensor:
/// adopted when it is a contiguous row-major buffer that nothing else
/// claims, else copied (and the allocation freed by its other owner or
/// here).
static HostTensor takeResult(const int64_t *d, DType dtype, int64_t rank,
                             llvm::SmallPtrSetImpl<void *> &claimed) {
  const int64_t *sizes = d + 3, *strides = d + 3 + rank;
  SmallVector<int64_t> shape(sizes, sizes + rank);
  size_t elementSize = getDTypeSize(dtype);
  auto *allocated = reinterpret_cast<void *>(d[0]);
  auto *first = reinterpret_cast<char *>(d[1]) + d[2] * elementSize;
  bool contiguous = true;
  int64_t expected = 1;
  for (int64_t i = rank - 1; i >= 0; --i) {
    if (sizes[i] != 1 && strides[i] != expected)
      contiguous = false;
    expected *= sizes[i];
  }
  if (contiguous && allocated && claimed.insert(allocated).second)
    return HostTensor::adopt(dtype, shape, allocated, first);

  HostTensor out(dtype, shape);
  auto *dst = static_cast<char *>(out.getData());
  int64_t n = out.getNumElements();
  SmallVector<int64_t> idx(rank, 0);
  for (int64_t linear = 0; linear < n; ++linear) {
    int64_t offset = 0;
    for (int64_t i = 0; i < rank; ++i)
      offset += idx[i] * strides[i];
    std::memcpy(dst + linear * elementSize, first + offset * elementSize,
                elementSize);
    for (int64_t i = rank - 1; i >= 0; --i) {
      if (++idx[i] < sizes[i])
        break;
      idx[i] = 0;
    }
  }
  // A view of a buffer nobody adopted: free it once.
  if (allocated && claimed.insert(allocated).second)
    std::free(allocated);
  return out;
}

llvm::Error Executable::checkInputs(ArrayRef<HostTensor> inputs) const {
  if (inputs.size() != argSpecs.size())
    return llvm::createStringError("expected " + Twine(argSpecs.size()) +
                                   " arguments, got " + Twine(inputs.size()));
  llvm::StringMap<std::pair<int64_t, std::string>> bound;
  for (auto [i, input] : llvm::enumerate(inputs)) {
    const ArgSpec &spec = argSpecs[i];
    if (input.getDType() != spec.dtype)
      return llvm::createStringError("argument " + Twine(i) + " has dtype " +
                                     getDTypeName(input.getDType()) +
                                     ", expected " + getDTypeName(spec.dtype));
    if (input.getRank() != int64_t(spec.staticSizes.size()))
      return llvm::createStringError("argument " + Twine(i) + " has rank " +
                                     Twine(input.getRank()) + ", expected " +
                                     Twine(spec.staticSizes.size()));
    for (auto [d, size] : llvm::enumerate(input.getShape())) {
      if (spec.staticSizes[d] >= 0 && spec.staticSizes[d] != size)
        return llvm::createStringError(
            "argument " + Twine(i) + " dim " + Twine(d) + " must be " +
            Twine(spec.staticSizes[d]) + ", got " + Twine(size));
      const std::string &name = spec.symbols[d];
      if (name.empty())
        continue;
      std::string where =
          "argument " + std::to_string(i) + " (dim " + std::to_string(d) + ")";
      auto [it, inserted] = bound.try_emplace(name, size, where);
      if (!inserted && it->second.first != size)
        return llvm::createStringError("symbol " + name + " is bound to " +
                                       Twine(it->second.first) + " by " +
                                       it->second.second + " and to " +
                                       Twine(size) + " by " + where);
    }
  }
  return llvm::Error::success();
}

llvm::Expected<std::vector<HostTensor>>
Executable::run(ArrayRef<HostTensor> inputs) {
  if (llvm::Error error = checkInputs(inputs))
    return std::move(error);
  if (cuda)
    return runOnCuda(inputs);
  SmallVector<Descriptor> descriptors;
  descriptors.reserve(inputs.size());
  for (const HostTensor &input : inputs)
    descriptors.emplace_back(input);
  PackedCall call(descriptors, resultTypes);
  if (llvm::Error error = engine->invokePacked(entry, call.args))
    return std::move(error);
  SmallVector<int64_t> &resultStorage = call.resultStorage;

  // Inputs' buffers are never adopted nor freed.
  llvm::SmallPtrSet<void *, 8> claimed;
  for (const HostTensor &input : inputs)
    claimed.insert(const_cast<void *>(input.getData()));
  std::vector<HostTensor> results;
  size_t word = 0;
  for (auto [dtype, rank] : resultTypes) {
    results.push_back(
        takeResult(resultStorage.data() + word, dtype, rank, claimed));
    word += 3 + 2 * rank;
  }
  return results;
}

namespace {
/// The runner's calls are asynchronous (setCudaAsyncCalls) while one lives.
struct AsyncCalls {
  AsyncCalls() : previous(getCudaAsyncCalls()) { setCudaAsyncCalls(true); }
  ~AsyncCalls() { setCudaAsyncCalls(previous); }
  bool previous;
};

/// Inputs copied to device buffers, and descriptors pointing at them; the
/// buffers are freed (in stream order) on destruction.
struct DeviceInputs {
  ~DeviceInputs() {
    for (void *p : buffers)
      llvm::consumeError(cudaFree(p));
  }
  llvm::Error upload(ArrayRef<HostTensor> inputs) {
    for (const HostTensor &input : inputs) {
      auto device = cudaAllocate(input.getNumBytes());
      if (!device)
        return device.takeError();
      buffers.push_back(*device);
      if (llvm::Error error =
              cudaCopyToDevice(*device, input.getData(), input.getNumBytes()))
        return error;
      Descriptor d(input);
      d.fields[0] = d.fields[1] = reinterpret_cast<int64_t>(*device);
      descriptors.push_back(d);
    }
    return llvm::Error::success();
  }
  SmallVector<void *> buffers;
  SmallVector<Descriptor> descriptors;
};

/// Frees, once each, the device buffers a call returned (not the inputs).
void freeDeviceResults(ArrayRef<int64_t> resultStorage,
                       ArrayRef<std::pair<DType, int64_t>> resultTypes,
                       ArrayRef<void *> inputs) {
  llvm::SmallPtrSet<void *, 8> freed(inputs.begin(), inputs.end());
  size_t word = 0;
  for (auto [dtype, rank] : resultTypes) {
    auto *allocated = reinterpret_cast<void *>(resultStorage[word]);
    word += 3 + 2 * rank;
    if (allocated && freed.insert(allocated).second)
      llvm::consumeError(cudaFree(allocated));
  }
}
} // namespace

llvm::Expected<std::vector<HostTensor>>
Executable::runOnCuda(ArrayRef<HostTensor> inputs) {
  if (llvm::Error error = initCuda())
    return std::move(error);
  AsyncCalls async;
  DeviceInputs device;
  if (llvm::Error error = device.upload(inputs))
    return std::move(error);
  PackedCall call(device.descriptors, resultTypes);
  SmallVector<int64_t> &resultStorage = call.resultStorage;
  if (llvm::Error error = engine->invokePacked(entry, call.args))
    return std::move(error);
  // The call only queued its work: wait for it (a failed kernel shows here).
  llvm::Error status = cudaSynchronize();

  // Results back to the host.
  std::vector<HostTensor> results;
  size_t word = 0;
  for (auto [dtype, rank] : resultTypes) {
    const int64_t *d = resultStorage.data() + word;
    word += 3 + 2 * rank;
    SmallVector<int64_t> shape(d + 3, d + 3 + rank);
    HostTensor out(dtype, shape);
    const char *first =
        reinterpret_cast<const char *>(d[1]) + d[2] * getDTypeSize(dtype);
    int64_t expected = 1;
    bool contiguous = true;
    for (int64_t i = rank - 1; i >= 0; --i) {
      if (d[3 + i] != 1 && d[3 + rank + i] != expected)
        contiguous = false;
      expected *= d[3 + i];
    }
    if (!status && !contiguous)
      status = llvm::createStringError("a strided result on the GPU is not "
                                       "supported yet");
    if (!status)
      status = cudaCopyToHost(out.getData(), first, out.getNumBytes());
    results.push_back(std::move(out));
  }
  freeDeviceResults(resultStorage, resultTypes, device.buffers);
  if (status)
    return std::move(status);
  return results;
}

llvm::Expected<std::vector<double>>
Executable::time(ArrayRef<HostTensor> inputs, unsigned repeat) {
  if (llvm::Error error = checkInputs(inputs))
    return std::move(error);
  if (!cuda) {
    std::vector<double> times;
    for (unsigned r = 0; r < repeat; ++r) {
      auto start = std::chrono::steady_clock::now();
      auto results = run(inputs);
      if (!results)
        return results.takeError();
      times.push_back(std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start)
                          .count());
    }
    return times;
  }
  if (llvm::Error error = initCuda())
    return std::move(error);
  AsyncCalls async;
  DeviceInputs device;
  if (llvm::Error error = device.upload(inputs))
    return std::move(error);
  return cudaTimeEachMs(repeat, [&](unsigned) -> llvm::Error {
    PackedCall call(device.descriptors, resultTypes);
    if (llvm::Error error = engine->invokePacked(entry, call.args))
      return error;
    // A failure the call recorded (before freeing takes the error).
    llvm::Error status = takeCudaError();
    // Freed in stream order: the next call may reuse them.
    freeDeviceResults(call.resultStorage, resultTypes, device.buffers);
    return status;
  });
}
