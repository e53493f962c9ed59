//===- Executable.cpp - JIT-compiled Kiln functions -----------------------===//

#include "kiln/Runner/Executable.h"
#include "kiln/Runner/Artifact.h"
#include "kiln/Runner/CudaGraphCache.h"
#include "kiln/Fusion/Transforms.h"
#include "kiln/Runtime/CpuRuntime.h"
#include "kiln/Runtime/CudaRuntime.h"
#include "kiln/Runtime/HostMemory.h"
#include "kiln/Runtime/RuntimeABI.h"
#include "kiln/Support/Paths.h"

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
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/TargetSelect.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>

using namespace mlir;
using namespace kiln;

Executable::~Executable() {
  // The artifact's code goes after everything that may call into it.
  graphs.reset();
  if (artifactFini)
    artifactFini();
  if (library)
    dlclose(library);
}

/// The lowered module's attribute holding the kernel count (for cached
/// modules, whose kernels cannot be counted any more).
static constexpr const char *kNumKernelsAttr = "kiln_cache.kernels";

llvm::Expected<std::unique_ptr<Executable>> Executable::compileWith(
    ModuleOp module, StringRef entry,
    function_ref<LogicalResult(ModuleOp, func::FuncOp, int64_t &)> lower,
    ArrayRef<std::pair<StringRef, void *>> symbols, bool cuda,
    const CompileCache *cache, StringRef options,
    const ArtifactObject *artifact) {
  MLIRContext *ctx = module.getContext();
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func)
    return llvm::createStringError("no function named '" + entry + "'");
  llvm::Expected<Signature> signature = Signature::get(func);
  if (!signature)
    return signature.takeError();
  func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                UnitAttr::get(ctx));
  // A nested module is a compilation unit of its own (func.call cannot
  // reach into it): it is not part of this one.
  for (auto nested : llvm::make_early_inc_range(module.getOps<ModuleOp>()))
    nested.erase();
  // Compile only what the entry needs: without calls, that is the entry.
  bool hasCalls = false;
  module.walk([&](func::CallOp) { hasCalls = true; });
  if (!hasCalls)
    for (auto other : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
      if (other != func)
        other.erase();

  // An artifact carries the Kiln-level module it was compiled from.
  ArtifactManifest manifest;
  if (artifact) {
    llvm::raw_string_ostream os(manifest.source);
    module.print(os);
  }

  int64_t numKernels = 0;
  std::string key;
  OwningOpRef<ModuleOp> cached;
  if (cache) {
    key = CompileCache::getKey(module, cuda ? "cuda" : "cpu", options);
    cached = cache->load(ctx, key);
  }
  if (cached) {
    module = *cached;
    if (auto count = module->getAttrOfType<IntegerAttr>(kNumKernelsAttr))
      numKernels = count.getInt();
  } else {
    // Collect the pipeline's diagnostics into the error.
    std::string diagnostics;
    ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
      llvm::raw_string_ostream os(diagnostics);
      os << diag.getLocation() << ": " << diag << "\n";
      return success();
    });
    if (failed(lower(module, func, numKernels)))
      return llvm::createStringError("compilation failed:\n" + diagnostics);
    if (cache) {
      module->setAttr(kNumKernelsAttr,
                      IntegerAttr::get(IntegerType::get(ctx, 64), numKernels));
      cache->store(module, key);
    }
  }
  module->removeAttr(kNumKernelsAttr);

  // The messages of the run-time checks (kiln-lower-asserts), which the
  // LLVM translation has no use for.
  std::vector<std::string> errorMessages;
  if (auto messages = module->getAttrOfType<ArrayAttr>(abi::kErrorMessagesAttr)) {
    for (auto message : messages.getAsRange<StringAttr>())
      errorMessages.push_back(message.str());
    module->removeAttr(abi::kErrorMessagesAttr);
  }

  if (artifact) {
    manifest.target = cuda ? "cuda" : "cpu";
    manifest.entry = entry.str();
    // As a pass pipeline's option text takes them: without the braces.
    manifest.options = StringRef(options).trim("{}").str();
    manifest.numKernels = numKernels;
    manifest.errorMessages = errorMessages;
  }

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerBuiltinDialectTranslation(*ctx);
  registerLLVMDialectTranslation(*ctx);
  registerOpenMPDialectTranslation(*ctx);
  registerGPUDialectTranslation(*ctx);

  // CPU code runs the program's loops: O3. Host code of the GPU target
  // only marshals descriptors and queues launches, one straight-line
  // function of a few hundred launches for a model, where O3 spends
  // seconds for nothing measurable: O1.
  llvm::CodeGenOptLevel codeGenLevel = cuda ? llvm::CodeGenOptLevel::Less
                                            : llvm::CodeGenOptLevel::Aggressive;
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  builder->setCodeGenOptLevel(codeGenLevel);
  if (artifact) {
    // A shared library's code: position-independent. GPU host code only
    // marshals and launches, so it targets any x86-64 (the GPU machine's
    // CPU is not this one); CPU code keeps the host's features, which the
    // manifest records and the loader checks.
    builder->setRelocationModel(llvm::Reloc::PIC_);
    if (cuda) {
      builder->setCPU("");
      builder->getFeatures() = llvm::SubtargetFeatures();
    }
    manifest.cpuFeatures = builder->getFeatures().getString();
    addArtifactSymbols(module, manifest);
  }
  auto targetMachine = builder->createTargetMachine();
  if (!targetMachine)
    return targetMachine.takeError();
  std::function<llvm::Error(llvm::Module *)> transformer =
      makeOptimizingTransformer(cuda ? 1 : 3, 0, targetMachine->get());
  if (artifact)
    transformer = [optimize = std::move(transformer)](llvm::Module *module) {
      addArtifactInitializers(*module);
      return optimize(module);
    };

  SmallVector<std::string> libs = getRuntimeLibraries();
  SmallVector<StringRef> libRefs(libs.begin(), libs.end());
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel = codeGenLevel;
  engineOptions.sharedLibPaths = libRefs;
  engineOptions.enableObjectDump = artifact != nullptr;
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
  // Link now (not at the first call), so that a missing runtime library is
  // a compile error that says where libraries were looked for.
  std::string entrySymbol = ("_mlir_ciface_" + entry).str();
  if (auto linked = (*engine)->lookupPacked(entrySymbol); !linked)
    return llvm::createStringError(
        "cannot link the compiled code (" + llvm::toString(linked.takeError()) +
        "); runtime libraries are looked up in " + getLlvmLibraryDir() +
        " ($KILN_LLVM_LIBRARY_DIR), found: " +
        (libs.empty() ? std::string("none") : llvm::join(libs, ", ")));

  if (artifact)
    (*engine)->dumpToObjectFile(artifact->path);

  auto result = std::make_unique<Executable>();
  if (!errorMessages.empty()) {
    auto slot = (*engine)->lookup(abi::kErrorSlot);
    if (!slot)
      return slot.takeError();
    result->errorSlot = static_cast<int64_t *>(*slot);
    result->errorMessages = std::move(errorMessages);
  }
  result->numKernels = numKernels;
  result->fromCache = bool(cached);
  result->signature = std::move(*signature);
  result->engine = std::move(*engine);
  result->entry = std::move(entrySymbol);
  result->cuda = cuda;
  return result;
}

/// The printed form of pipeline options (part of a cache key).
static std::string printOptions(const mlir::detail::PassOptions &options) {
  std::string text;
  llvm::raw_string_ostream os(text);
  options.print(os);
  return text;
}

llvm::Expected<std::unique_ptr<Executable>>
Executable::compile(ModuleOp module, StringRef entry,
                    const CpuPipelineOptions &options,
                    const CompileCache *cache,
                    const ArtifactObject *artifact) {
  auto lower = [&](ModuleOp m, func::FuncOp func,
                   int64_t &numKernels) -> LogicalResult {
    // Kernels are counted after fusion, so the pipeline runs in two slices.
    PassManager tensorPm(m.getContext());
    buildKilnCpuPipeline(tensorPm, options, PipelineStage::Frontend,
                         PipelineStage::Fusion);
    if (failed(tensorPm.run(m)))
      return failure();
    numKernels = countKernelsAfterFusion(func);
    PassManager lowerPm(m.getContext());
    buildKilnCpuPipeline(lowerPm, options, PipelineStage::Bufferization,
                         PipelineStage::Lowering);
    return lowerPm.run(m);
  };
  return compileWith(module, entry, lower, getCpuRuntimeSymbols(),
                     /*cuda=*/false, cache, printOptions(options), artifact);
}

llvm::Expected<std::unique_ptr<Executable>>
Executable::compile(ModuleOp module, StringRef entry,
                    const GpuPipelineOptions &options,
                    const CompileCache *cache,
                    const ArtifactObject *artifact) {
  auto lower = [&](ModuleOp m, func::FuncOp func,
                   int64_t &numKernels) -> LogicalResult {
    PassManager pm(m.getContext());
    buildKilnGpuPipeline(pm, options);
    if (failed(pm.run(m)))
      return failure();
    m.walk([&](gpu::LaunchFuncOp) { ++numKernels; });
    return success();
  };
  auto compiled =
      compileWith(module, entry, lower, getCudaRuntimeSymbols(),
                  /*cuda=*/true, cache, printOptions(options), artifact);
  if (compiled && options.cudaGraphs)
    (*compiled)->graphs =
        std::make_unique<CudaGraphCache>(options.maxCudaGraphs);
  return compiled;
}

namespace {
/// The packed calling convention of a C-interface function: one pointer per
/// argument, pointing at the argument's value. Memrefs are pointers to
/// descriptors; the results come back as one struct of descriptors (or one
/// descriptor) written through the first argument.
struct PackedCall {
  PackedCall(MutableArrayRef<abi::DescriptorWords> descriptors,
             ArrayRef<TensorSpec> results) {
    size_t words = 0;
    for (const TensorSpec &result : results)
      words += abi::DescriptorWords::getNumWords(result.getRank());
    resultStorage.assign(std::max<size_t>(words, 1), 0);
    if (!results.empty())
      values.push_back(resultStorage.data());
    for (abi::DescriptorWords &d : descriptors)
      values.push_back(d.data());
    for (void *&value : values)
      args.push_back(&value);
  }
  /// The descriptor of each result.
  SmallVector<abi::DescriptorView> getResults(ArrayRef<TensorSpec> results) {
    SmallVector<abi::DescriptorView> views;
    size_t word = 0;
    for (const TensorSpec &result : results) {
      views.push_back({resultStorage.data() + word, result.getRank()});
      word += abi::DescriptorWords::getNumWords(result.getRank());
    }
    return views;
  }
  SmallVector<int64_t> resultStorage;
  SmallVector<void *> values;
  SmallVector<void *> args;
};

/// The descriptor of an argument at `data` (its own or a device copy).
abi::DescriptorWords describe(const TensorRef &tensor, const void *data) {
  return abi::DescriptorWords(const_cast<void *>(data), tensor.shape.data(),
                              tensor.shape.size());
}

/// The descriptors of `inputs` at their own data.
SmallVector<abi::DescriptorWords> describeAll(ArrayRef<TensorRef> inputs) {
  SmallVector<abi::DescriptorWords> descriptors;
  for (const TensorRef &input : inputs)
    descriptors.push_back(describe(input, input.data));
  return descriptors;
}

/// Borrowed views of `tensors`.
SmallVector<TensorRef> getRefs(ArrayRef<HostTensor> tensors) {
  SmallVector<TensorRef> refs;
  for (const HostTensor &tensor : tensors)
    refs.push_back({tensor.getDType(), tensor.getData(), tensor.getShape()});
  return refs;
}
} // namespace

/// Turns a returned buffer into a HostTensor: adopted when it is a
/// contiguous row-major buffer that nothing else claims, else copied (and
/// the allocation freed by its other owner or here).
static HostTensor takeResult(abi::DescriptorView d, DType dtype,
                             llvm::SmallPtrSetImpl<void *> &claimed) {
  SmallVector<int64_t> shape(d.getSizes(), d.getSizes() + d.rank);
  size_t elementSize = getDTypeSize(dtype);
  void *allocated = d.getBasePtr();
  char *first = d.getData() + d.getOffset() * elementSize;
  if (d.isContiguous() && allocated && claimed.insert(allocated).second)
    return HostTensor::adopt(dtype, shape, allocated, first);

  HostTensor out(dtype, shape);
  auto *dst = static_cast<char *>(out.getData());
  int64_t n = out.getNumElements();
  SmallVector<int64_t> idx(d.rank, 0);
  for (int64_t linear = 0; linear < n; ++linear) {
    int64_t offset = 0;
    for (int64_t i = 0; i < d.rank; ++i)
      offset += idx[i] * d.getStrides()[i];
    std::memcpy(dst + linear * elementSize, first + offset * elementSize,
                elementSize);
    for (int64_t i = d.rank - 1; i >= 0; --i) {
      if (++idx[i] < d.getSizes()[i])
        break;
      idx[i] = 0;
    }
  }
  // A view of a buffer nobody adopted: free it once.
  if (allocated && claimed.insert(allocated).second)
    kiln_rt_host_free(allocated);
  return out;
}

size_t TensorRef::getNumBytes() const {
  size_t bytes = getDTypeSize(dtype);
  for (int64_t size : shape)
    bytes *= size;
  return bytes;
}

size_t DeviceTensor::getNumBytes() const {
  return TensorRef{dtype, data, shape}.getNumBytes();
}

/// What Signature::bind checks of borrowed arguments.
static llvm::Error bindRefs(const Signature &signature,
                            ArrayRef<TensorRef> inputs) {
  SmallVector<ArgumentShape> shapes;
  for (const TensorRef &input : inputs)
    shapes.push_back({input.dtype, input.shape});
  auto bound = signature.bind(shapes);
  return bound ? llvm::Error::success() : bound.takeError();
}

llvm::Expected<std::vector<HostTensor>>
Executable::run(ArrayRef<HostTensor> inputs) {
  return call(getRefs(inputs));
}

llvm::Expected<std::vector<HostTensor>>
Executable::call(ArrayRef<TensorRef> inputs) {
  if (llvm::Error error = bindRefs(signature, inputs))
    return std::move(error);
  if (cuda)
    return runOnCuda(inputs);
  SmallVector<abi::DescriptorWords> descriptors = describeAll(inputs);
  ArrayRef<TensorSpec> resultSpecs = signature.getResults();
  PackedCall call(descriptors, resultSpecs);
  if (llvm::Error error = invoke(call.args))
    return std::move(error);
  llvm::Error failedCheck = takeFailedCheck();

  // Inputs' buffers are never adopted nor freed.
  llvm::SmallPtrSet<void *, 8> claimed;
  for (const TensorRef &input : inputs)
    claimed.insert(const_cast<void *>(input.data));
  std::vector<HostTensor> results;
  for (auto [spec, d] : llvm::zip(resultSpecs, call.getResults(resultSpecs)))
    results.push_back(takeResult(d, spec.dtype, claimed));
  // A failed check: the results (freed here) are not to be used.
  if (failedCheck)
    return std::move(failedCheck);
  return results;
}

llvm::Error Executable::invoke(MutableArrayRef<void *> args) {
  if (packedEntry) {
    packedEntry(args.data());
    return llvm::Error::success();
  }
  return engine->invokePacked(entry, args);
}

llvm::Error Executable::takeFailedCheck() {
  if (!errorSlot)
    return llvm::Error::success();
  int64_t code = __atomic_exchange_n(errorSlot, 0, __ATOMIC_ACQ_REL);
  if (code <= 0 || code > static_cast<int64_t>(errorMessages.size()))
    return code == 0 ? llvm::Error::success()
                     : llvm::createStringError("a run-time check failed");
  return llvm::createStringError(errorMessages[code - 1]);
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
  llvm::Error upload(ArrayRef<TensorRef> inputs) {
    for (const TensorRef &input : inputs) {
      auto device = cudaAllocate(input.getNumBytes());
      if (!device)
        return device.takeError();
      buffers.push_back(*device);
      if (llvm::Error error =
              cudaCopyToDevice(*device, input.data, input.getNumBytes()))
        return error;
      descriptors.push_back(describe(input, *device));
    }
    return llvm::Error::success();
  }
  SmallVector<void *> buffers;
  SmallVector<abi::DescriptorWords> descriptors;
};

} // namespace

llvm::Expected<std::vector<HostTensor>>
Executable::runOnCuda(ArrayRef<TensorRef> inputs) {
  if (llvm::Error error = initCuda())
    return std::move(error);
  AsyncCalls async;
  DeviceInputs device;
  if (llvm::Error error = device.upload(inputs))
    return std::move(error);
  SmallVector<TensorRef> refs(inputs);
  for (auto [ref, buffer] : llvm::zip(refs, device.buffers))
    ref.data = buffer;
  auto deviceResults = callDevice(refs);
  if (!deviceResults)
    return deviceResults.takeError();
  // The call only queued its work: wait for it (a failed kernel shows here).
  llvm::Error status = cudaSynchronize();
  std::vector<HostTensor> results;
  for (DeviceTensor &result : *deviceResults) {
    HostTensor out(result.dtype, result.shape);
    if (!status)
      status = cudaCopyToHost(out.getData(), result.data, out.getNumBytes());
    llvm::consumeError(cudaFree(result.allocation));
    results.push_back(std::move(out));
  }
  if (status)
    return std::move(status);
  return results;
}

llvm::Expected<std::vector<DeviceTensor>>
Executable::callOnDevice(ArrayRef<TensorRef> inputs) {
  if (!cuda)
    return llvm::createStringError("device arguments need a CUDA executable "
                                   "(target cuda)");
  if (llvm::Error error = bindRefs(signature, inputs))
    return std::move(error);
  if (llvm::Error error = initCuda())
    return std::move(error);
  AsyncCalls async;
  return callDevice(inputs);
}

llvm::Expected<std::vector<DeviceTensor>>
Executable::callDevice(ArrayRef<TensorRef> inputs) {
  if (!graphs)
    return invokeOnDevice(inputs);
  return graphs->call(inputs, [&](ArrayRef<TensorRef> refs) {
    return invokeOnDevice(refs);
  });
}

llvm::Expected<std::vector<DeviceTensor>>
Executable::invokeOnDevice(ArrayRef<TensorRef> inputs) {
  SmallVector<abi::DescriptorWords> descriptors = describeAll(inputs);
  ArrayRef<TensorSpec> resultSpecs = signature.getResults();
  PackedCall call(descriptors, resultSpecs);
  if (llvm::Error error = invoke(call.args))
    return std::move(error);
  llvm::Error status = llvm::joinErrors(takeCudaError(), takeFailedCheck());
  // Each result owns its allocation: one that is an argument's memory, or
  // that another result already owns, is copied.
  llvm::SmallPtrSet<const void *, 8> owned;
  for (const TensorRef &input : inputs)
    owned.insert(input.data);
  std::vector<DeviceTensor> results;
  for (auto [spec, d] : llvm::zip(resultSpecs, call.getResults(resultSpecs))) {
    DeviceTensor out{spec.dtype, {}, nullptr, d.getBasePtr()};
    out.shape.assign(d.getSizes(), d.getSizes() + d.rank);
    out.data = d.getData() + d.getOffset() * getDTypeSize(spec.dtype);
    size_t bytes = out.getNumBytes();
    if (!status && !d.isContiguous())
      status = llvm::createStringError("a strided result on the GPU is not "
                                       "supported yet");
    if (!status && (!out.allocation || !owned.insert(out.allocation).second)) {
      auto copy = cudaAllocate(std::max<size_t>(bytes, 1));
      if (!copy)
        status = copy.takeError();
      else if (!(status = cudaCopyOnDevice(*copy, out.data, bytes)))
        out.data = out.allocation = *copy;
      else
        llvm::consumeError(cudaFree(*copy));
    }
    results.push_back(std::move(out));
  }
  if (status) {
    // Nothing leaks: free, once each, what the call allocated (not the
    // arguments).
    llvm::SmallPtrSet<const void *, 8> freed;
    for (const TensorRef &input : inputs)
      freed.insert(input.data);
    for (DeviceTensor &result : results)
      if (result.allocation && freed.insert(result.allocation).second)
        llvm::consumeError(cudaFree(result.allocation));
    return std::move(status);
  }
  return results;
}

llvm::Expected<std::vector<double>>
Executable::time(ArrayRef<HostTensor> inputs, unsigned repeat) {
  if (auto bound = signature.bind(inputs); !bound)
    return bound.takeError();
  SmallVector<TensorRef> refs = getRefs(inputs);
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
  if (llvm::Error error = device.upload(refs))
    return std::move(error);
  for (auto [ref, buffer] : llvm::zip(refs, device.buffers))
    ref.data = buffer;
  return cudaTimeEachMs(repeat, [&](unsigned) -> llvm::Error {
    auto results = callDevice(refs);
    if (!results)
      return results.takeError();
    // Freed in stream order: the next call may reuse them.
    for (DeviceTensor &result : *results)
      if (llvm::Error error = cudaFree(result.allocation))
        return error;
    return llvm::Error::success();
  });
}

CudaGraphStats Executable::getCudaGraphStats() const {
  return graphs ? graphs->getStats() : CudaGraphStats();
}
