//===- CompiledFunction.cpp - A Kiln function from source to calls --------===//

#include "kiln/Runner/CompiledFunction.h"

#include "kiln/Registration.h"
#include "kiln/Runner/Artifact.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <chrono>

using namespace kiln;

char KilnError::ID = 0;

llvm::Error kiln::makeError(ErrorKind kind, llvm::Error error) {
  if (error.isA<KilnError>())
    return error;
  return llvm::make_error<KilnError>(kind, llvm::toString(std::move(error)));
}

llvm::Error kiln::makeError(ErrorKind kind, const llvm::Twine &message) {
  return llvm::make_error<KilnError>(kind, message.str());
}

std::pair<ErrorKind, std::string> kiln::takeError(llvm::Error error) {
  std::pair<ErrorKind, std::string> result = {ErrorKind::Call, ""};
  llvm::handleAllErrors(
      std::move(error),
      [&](const KilnError &kiln) {
        result = {kiln.getKind(), kiln.getMessage()};
      },
      [&](const llvm::ErrorInfoBase &other) {
        result.second = other.message();
      });
  return result;
}

/// `f`, or `inner::f` for a function of the nested module `@inner`.
static std::string getQualifiedName(mlir::func::FuncOp func) {
  std::string name = func.getName().str();
  for (auto parent = func->getParentOfType<mlir::ModuleOp>(); parent;
       parent = parent->getParentOfType<mlir::ModuleOp>())
    if (std::optional<llvm::StringRef> moduleName = parent.getName())
      name = moduleName->str() + "::" + name;
  return name;
}

llvm::Expected<mlir::func::FuncOp> kiln::findEntry(mlir::ModuleOp module,
                                                   llvm::StringRef name,
                                                   llvm::StringRef howToName) {
  llvm::SmallVector<mlir::func::FuncOp> found;
  module.walk([&](mlir::func::FuncOp func) {
    if (func.isExternal())
      return;
    if (name.empty() ? !func.isPrivate()
                     : name == func.getName() || name == getQualifiedName(func))
      found.push_back(func);
  });
  if (found.size() == 1)
    return found.front();
  if (!name.empty() && found.empty())
    return makeError(ErrorKind::Compile, "no function named '" + name + "'");
  if (found.empty())
    return makeError(ErrorKind::Compile, "no public function to call");
  if (!name.empty() && found.front()->getParentOp() == module)
    return found.front();
  return makeError(ErrorKind::Compile,
                   name.empty()
                       ? "several public functions; choose one with " +
                             howToName
                       : "several functions named '" + name +
                             "'; qualify it with its module (MODULE::NAME)");
}

llvm::Expected<ParsedProgram>
kiln::parseProgramFile(mlir::MLIRContext *ctx, llvm::StringRef path,
                       llvm::StringRef name, llvm::StringRef howToName) {
  llvm::SourceMgr sourceMgr;
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path);
  if (!buffer)
    return llvm::createStringError("cannot open '" + path +
                                   "': " + buffer.getError().message());
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, ctx);
  ParsedProgram program;
  program.module = mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, ctx);
  if (!program.module)
    return llvm::createStringError("cannot parse '" + path +
                                   "' (see the diagnostics above)");
  auto entry = findEntry(*program.module, name, howToName);
  if (!entry)
    return entry.takeError();
  program.entry = *entry;
  if (auto unit = program.entry->getParentOfType<mlir::ModuleOp>();
      unit != *program.module) {
    program.module =
        mlir::OwningOpRef<mlir::ModuleOp>(mlir::cast<mlir::ModuleOp>(unit->clone()));
    program.entry =
        program.module->lookupSymbol<mlir::func::FuncOp>(entry->getName());
  }
  return program;
}

namespace {
/// Keeps the first error diagnostic of a context as one line
/// (`file:line:col: message`, as mlir-opt prints it).
struct FirstError {
  explicit FirstError(mlir::MLIRContext *ctx)
      : handler(ctx, [this](mlir::Diagnostic &diag) {
          if (diag.getSeverity() == mlir::DiagnosticSeverity::Error &&
              message.empty()) {
            llvm::raw_string_ostream os(message);
            if (auto loc =
                    diag.getLocation()->findInstanceOf<mlir::FileLineColLoc>())
              os << loc.getFilename().getValue() << ":" << loc.getLine()
                 << ":" << loc.getColumn() << ": ";
            os << diag;
          }
          return mlir::success();
        }) {}
  std::string orElse(llvm::StringRef fallback) const {
    return message.empty() ? fallback.str() : message;
  }
  std::string message;
  mlir::ScopedDiagnosticHandler handler;
};

} // namespace

CompiledFunction::CompiledFunction() = default;
CompiledFunction::~CompiledFunction() = default;

llvm::Expected<CompiledFunction::Target>
CompiledFunction::parseTarget(llvm::StringRef name) {
  if (name == "cpu")
    return Target::Cpu;
  if (name == "cuda")
    return Target::Cuda;
  return makeError(ErrorKind::Compile,
                   "unknown target '" + name + "' (expected cpu or cuda)");
}

llvm::Expected<std::unique_ptr<CompiledFunction>>
CompiledFunction::compile(llvm::StringRef source, llvm::StringRef bufferName,
                          llvm::StringRef entry, Target target,
                          llvm::StringRef options) {
  std::unique_ptr<CompiledFunction> function(new CompiledFunction());
  if (llvm::Error error = function->parseAndCompile(
          llvm::MemoryBuffer::getMemBufferCopy(source, bufferName), entry,
          target, options))
    return std::move(error);
  return function;
}

llvm::Expected<std::unique_ptr<CompiledFunction>>
CompiledFunction::compileFile(llvm::StringRef path, llvm::StringRef entry,
                              Target target, llvm::StringRef options) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return makeError(ErrorKind::Parse, "cannot open '" + path +
                                           "': " + buffer.getError().message());
  std::unique_ptr<CompiledFunction> function(new CompiledFunction());
  if (llvm::Error error = function->parseAndCompile(std::move(*buffer), entry,
                                                    target, options))
    return std::move(error);
  return function;
}

llvm::Error
CompiledFunction::parseAndCompile(std::unique_ptr<llvm::MemoryBuffer> buffer,
                                  llvm::StringRef entryName, Target target,
                                  llvm::StringRef options) {
  if (target == Target::Cuda) {
    auto parsed = parsePipelineOptions<GpuPipelineOptions>(options);
    if (!parsed)
      return parsed.takeError();
    gpuOptions = std::move(*parsed);
  } else {
    auto parsed = parsePipelineOptions<CpuPipelineOptions>(options);
    if (!parsed)
      return parsed.takeError();
    cpuOptions = std::move(*parsed);
  }
  createContext();
  FirstError diagnostics(context.get());
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  mlir::ParserConfig config(context.get(), /*verifyAfterParse=*/false);
  module = mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, config);
  if (!module)
    return makeError(ErrorKind::Parse,
                     diagnostics.orElse("cannot parse the module"));
  if (mlir::failed(mlir::verify(*module)))
    return makeError(ErrorKind::Verification,
                     diagnostics.orElse("the module does not verify"));
  auto func = findEntry(*module, entryName, "entry=NAME");
  if (!func)
    return func.takeError();
  entry = func->getName().str();
  // An entry of a nested module: that module is the program.
  if (auto unit = (*func)->getParentOfType<mlir::ModuleOp>(); unit != *module)
    module = mlir::OwningOpRef<mlir::ModuleOp>(
        llvm::cast<mlir::ModuleOp>(unit->clone()));
  kilnModule = module->clone();
  auto start = std::chrono::steady_clock::now();
  std::optional<CompileCache> cache = CompileCache::getDefault();
  const CompileCache *cachePtr = cache ? &*cache : nullptr;
  auto compiled =
      gpuOptions ? Executable::compile(*module, entry, *gpuOptions, cachePtr)
                 : Executable::compile(*module, entry, *cpuOptions, cachePtr);
  compileSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (!compiled)
    return makeError(ErrorKind::Compile, compiled.takeError());
  executable = std::move(*compiled);
  return llvm::Error::success();
}

void CompiledFunction::createContext() {
  mlir::DialectRegistry registry;
  registerKilnDialects(registry);
  context = std::make_unique<mlir::MLIRContext>(
      registry, mlir::MLIRContext::Threading::DISABLED);
  context->loadAllAvailableDialects();
}

llvm::Expected<std::unique_ptr<CompiledFunction>>
CompiledFunction::load(llvm::StringRef path) {
  std::unique_ptr<CompiledFunction> function(new CompiledFunction());
  if (llvm::Error error = function->loadArtifact(path))
    return makeError(ErrorKind::Parse, std::move(error));
  return function;
}

llvm::Error CompiledFunction::loadArtifact(llvm::StringRef path) {
  createContext();
  auto start = std::chrono::steady_clock::now();
  ArtifactManifest manifest;
  auto loaded = Executable::load(path, context.get(), module, &manifest);
  if (!loaded)
    return loaded.takeError();
  compileSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  executable = std::move(*loaded);
  entry = manifest.entry;
  kilnModule = module->clone();
  if (manifest.target == "cuda") {
    gpuOptions = std::make_unique<GpuPipelineOptions>();
    return manifest.parseOptions(*gpuOptions, path);
  }
  cpuOptions = std::make_unique<CpuPipelineOptions>();
  return manifest.parseOptions(*cpuOptions, path);
}

bool CompiledFunction::usesCudaGraphs() const {
  return gpuOptions && gpuOptions->cudaGraphs;
}

llvm::Expected<llvm::StringMap<int64_t>>
CompiledFunction::bind(llvm::ArrayRef<ArgumentShape> shapes) {
  auto bound = getSignature().bind(shapes);
  if (!bound)
    return makeError(ErrorKind::Input, bound.takeError());
  lastSymbols = *bound;
  return bound;
}

llvm::Expected<std::optional<MemoryReport>>
CompiledFunction::planMemory(std::optional<llvm::StringMap<int64_t>> symbols) {
  if (!symbols)
    symbols = lastSymbols;
  bool symbolic = false;
  for (const TensorSpec &spec : getSignature().getArguments())
    for (sym::Expr dim : spec.dims)
      symbolic |= !dim || !dim.isConstant();
  if (!symbols && symbolic)
    return std::nullopt; // Nothing bound yet: no sizes to plan for.
  if (!symbols)
    symbols.emplace();
  mlir::OwningOpRef<mlir::ModuleOp> copy = kilnModule->clone();
  auto plan = gpuOptions
                  ? planMemoryForShapes(*copy, entry, *symbols, *gpuOptions)
                  : planMemoryForShapes(*copy, entry, *symbols, *cpuOptions);
  if (!plan)
    return makeError(ErrorKind::Compile, plan.takeError());
  return std::optional<MemoryReport>(*plan);
}
