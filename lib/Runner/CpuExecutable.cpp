//===- CpuExecutable.cpp - JIT-compiled Kiln functions on the CPU ---------===//

#include "kiln/Runner/CpuExecutable.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/TargetSelect.h"

#include <cstdlib>
#include <cstring>

using namespace mlir;
using namespace kiln;

CpuExecutable::~CpuExecutable() = default;

/// The runtime libraries compiled code may call: OpenMP (parallel loops)
/// and MLIR's C runner utils (memrefCopy for strided copies).
static SmallVector<StringRef> getRuntimeLibraries() {
  SmallVector<StringRef> libs;
  for (StringRef path : {"/usr/lib/llvm-22/lib/libomp.so",
                         "/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so"})
    if (llvm::sys::fs::exists(path))
      libs.push_back(path);
  return libs;
}

llvm::Expected<std::unique_ptr<CpuExecutable>>
CpuExecutable::compile(ModuleOp module, StringRef entry,
                       const CpuPipelineOptions &options) {
  MLIRContext *ctx = module.getContext();
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func)
    return llvm::createStringError("no function named '" + entry + "'");
  func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                UnitAttr::get(ctx));

  int64_t numKernels = 0;
  // Collect the pipeline's diagnostics into the error.
  std::string diagnostics;
  {
    ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
      llvm::raw_string_ostream os(diagnostics);
      os << diag.getLocation() << ": " << diag << "\n";
      return success();
    });
    PassManager tensorPm(ctx);
    buildKilnCpuTensorPipeline(tensorPm, options);
    if (failed(tensorPm.run(module)))
      return llvm::createStringError("compilation failed:\n" + diagnostics);
    func.walk([&](Operation *op) {
      if (isa<linalg::LinalgOp, tensor::ConcatOp>(op))
        ++numKernels;
    });
    PassManager lowerPm(ctx);
    buildKilnCpuLoweringPipeline(lowerPm, options);
    if (failed(lowerPm.run(module)))
      return llvm::createStringError("compilation failed:\n" + diagnostics);
  }

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerBuiltinDialectTranslation(*ctx);
  registerLLVMDialectTranslation(*ctx);
  registerOpenMPDialectTranslation(*ctx);

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

  std::unique_ptr<CpuExecutable> executable(new CpuExecutable());
  executable->numKernels = numKernels;
  executable->engine = std::move(*engine);
  executable->entry = ("_mlir_ciface_" + entry).str();
  return executable;
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
} // namespace

/// Copies a returned strided buffer (descriptor fields at `d`) into `out`.
static llvm::Error copyResult(const int64_t *d, HostTensor &out,
                              size_t index) {
  int64_t rank = out.getRank();
  const int64_t *sizes = d + 3, *strides = d + 3 + rank;
  for (int64_t i = 0; i < rank; ++i)
    if (sizes[i] != out.getShape()[i])
      return llvm::createStringError(
          "result " + llvm::Twine(index) + " dim " + llvm::Twine(i) +
          " has size " + llvm::Twine(sizes[i]) + " but " +
          llvm::Twine(out.getShape()[i]) + " was expected");
  size_t elementSize = getDTypeSize(out.getDType());
  auto *base = reinterpret_cast<const char *>(d[1]) + d[2] * elementSize;
  auto *dst = static_cast<char *>(out.getData());
  int64_t n = out.getNumElements();
  SmallVector<int64_t> idx(rank, 0);
  for (int64_t linear = 0; linear < n; ++linear) {
    int64_t offset = 0;
    for (int64_t i = 0; i < rank; ++i)
      offset += idx[i] * strides[i];
    std::memcpy(dst + linear * elementSize, base + offset * elementSize,
                elementSize);
    for (int64_t i = rank - 1; i >= 0; --i) {
      if (++idx[i] < sizes[i])
        break;
      idx[i] = 0;
    }
  }
  return llvm::Error::success();
}

llvm::Error CpuExecutable::run(ArrayRef<HostTensor> inputs,
                               MutableArrayRef<HostTensor> outputs) {
  SmallVector<Descriptor> descriptors;
  descriptors.reserve(inputs.size());
  for (const HostTensor &input : inputs)
    descriptors.emplace_back(input);
  // The results come back as one struct of descriptors (or one descriptor),
  // written through the C interface's first argument.
  size_t resultWords = 0;
  for (HostTensor &output : outputs)
    resultWords += 3 + 2 * output.getRank();
  SmallVector<int64_t> resultStorage(std::max<size_t>(resultWords, 1), 0);

  // Packed calling convention: one pointer per argument, pointing at the
  // argument's value; C-interface memrefs are pointers to descriptors.
  SmallVector<void *> argValues;
  if (!outputs.empty())
    argValues.push_back(resultStorage.data());
  for (Descriptor &d : descriptors)
    argValues.push_back(d.fields.data());
  SmallVector<void *> args;
  for (void *&value : argValues)
    args.push_back(&value);
  if (llvm::Error error = engine->invokePacked(entry, args))
    return error;

  // Copy the results out, then free the buffers the callee allocated (never
  // an input's buffer, never one twice).
  llvm::SmallPtrSet<void *, 8> notOwned;
  for (const HostTensor &input : inputs)
    notOwned.insert(const_cast<void *>(input.getData()));
  llvm::Error status = llvm::Error::success();
  size_t word = 0;
  for (auto [i, output] : llvm::enumerate(outputs)) {
    const int64_t *d = resultStorage.data() + word;
    word += 3 + 2 * output.getRank();
    if (!status)
      status = copyResult(d, output, i);
  }
  word = 0;
  for (HostTensor &output : outputs) {
    auto *allocated = reinterpret_cast<void *>(resultStorage[word]);
    word += 3 + 2 * output.getRank();
    if (allocated && notOwned.insert(allocated).second)
      std::free(allocated);
  }
  return status;
}
