//===- Artifact.cpp - Ahead-of-time compiled Kiln functions ---------------===//

#include "kiln/Runner/Artifact.h"
#include "kiln/Runner/Executable.h"
#include "kiln/Runtime/CpuRuntime.h"
#include "kiln/Runtime/CudaRuntime.h"
#include "kiln/Runtime/RuntimeABI.h"
#include "kiln/Support/Paths.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/TargetParser/Host.h"

#include <cstring>
#include <dlfcn.h>
#include <elf.h>

using namespace mlir;
using namespace kiln;

#ifndef KILN_VERSION
#error "KILN_VERSION must name Kiln's version (set by CMake)"
#endif

std::string ArtifactManifest::toJson() const {
  llvm::json::Array messages;
  for (const std::string &message : errorMessages)
    messages.push_back(message);
  llvm::json::Object object{
      {"target", target},           {"entry", entry},
      {"options", options},         {"source", source},
      {"kernels", numKernels},      {"error_messages", std::move(messages)},
      {"cpu_features", cpuFeatures}, {"kiln_version", kilnVersion}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::json::Value(std::move(object));
  return text;
}

llvm::Expected<ArtifactManifest>
ArtifactManifest::fromJson(llvm::StringRef text) {
  llvm::Expected<llvm::json::Value> value = llvm::json::parse(text);
  if (!value)
    return value.takeError();
  ArtifactManifest manifest;
  llvm::json::Path::Root root("manifest");
  llvm::json::ObjectMapper mapper(*value, root);
  if (!mapper || !mapper.map("target", manifest.target) ||
      !mapper.map("entry", manifest.entry) ||
      !mapper.map("options", manifest.options) ||
      !mapper.map("source", manifest.source) ||
      !mapper.map("kernels", manifest.numKernels) ||
      !mapper.map("error_messages", manifest.errorMessages) ||
      !mapper.map("cpu_features", manifest.cpuFeatures) ||
      !mapper.map("kiln_version", manifest.kilnVersion))
    return root.getError();
  if (manifest.target != "cpu" && manifest.target != "cuda")
    return llvm::createStringError("unknown target '" + manifest.target + "'");
  return manifest;
}

void kiln::addArtifactSymbols(ModuleOp module,
                              const ArtifactManifest &manifest) {
  ArtifactManifest stamped = manifest;
  stamped.kilnVersion = KILN_VERSION;
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  Location loc = module.getLoc();
  MLIRContext *ctx = module.getContext();
  auto i32 = IntegerType::get(ctx, 32);
  LLVM::GlobalOp::create(builder, loc, i32, /*isConstant=*/true,
                         LLVM::Linkage::External, kArtifactAbiSymbol,
                         builder.getI32IntegerAttr(kArtifactAbiVersion));
  // The manifest as a C string.
  std::string text = stamped.toJson();
  text.push_back('\0');
  auto type = LLVM::LLVMArrayType::get(IntegerType::get(ctx, 8), text.size());
  LLVM::GlobalOp::create(builder, loc, type, /*isConstant=*/true,
                         LLVM::Linkage::External, kArtifactManifestSymbol,
                         builder.getStringAttr(text));
}

SmallVector<std::string> kiln::getRuntimeLibraries() {
  SmallVector<std::string> libs;
  std::string dir = getLlvmLibraryDir();
  for (StringRef name :
       {"libomp.so", "libmlir_c_runner_utils.so", "libmlir_async_runtime.so"}) {
    std::string path = (dir + "/" + name).str();
    if (llvm::sys::fs::exists(path))
      libs.push_back(path);
  }
  return libs;
}

bool kiln::isArtifactFile(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFileSlice(path, 4, 0);
  return buffer && (*buffer)->getBuffer() == "\x7f"
                                             "ELF";
}

/// The file of the loaded shared library that defines `address` (Kiln's
/// runtime libraries, found where this process loaded them).
static llvm::Expected<std::string> getLibraryOf(void *address) {
  Dl_info info;
  if (!dladdr(address, &info) || !info.dli_fname)
    return llvm::createStringError("cannot locate Kiln's runtime library");
  return std::string(info.dli_fname);
}

/// ld.lld: $KILN_LLD, else LLVM's (beside getLlvmLibraryDir()), else the
/// PATH's.
static llvm::Expected<std::string> findLinker() {
  if (const char *lld = std::getenv("KILN_LLD"); lld && *lld)
    return std::string(lld);
  std::string bin = getLlvmLibraryDir() + "/../bin";
  for (StringRef name : {"ld.lld", "ld.lld-22"}) {
    if (auto found = llvm::sys::findProgramByName(name, {bin}))
      return *found;
    if (auto found = llvm::sys::findProgramByName(name))
      return *found;
  }
  return llvm::createStringError(
      "cannot find ld.lld (looked in " + bin +
      " and the PATH; $KILN_LLD names it)");
}

/// Links `object` into the shared library `output` against `libraries`
/// (recorded as DT_NEEDED, their directories and $ORIGIN as the run path).
static llvm::Error linkSharedLibrary(StringRef object, StringRef output,
                                     ArrayRef<std::string> libraries) {
  llvm::Expected<std::string> linker = findLinker();
  if (!linker)
    return linker.takeError();
  std::vector<std::string> args = {*linker, "-shared", "--build-id",
                                   "-o", output.str(), object.str()};
  std::string runPath = "$ORIGIN";
  for (const std::string &library : libraries) {
    args.push_back(library);
    runPath += ":" + llvm::sys::path::parent_path(library).str();
  }
  args.push_back("-rpath=" + runPath);
  SmallVector<StringRef> refs(args.begin(), args.end());
  std::string message;
  int status = llvm::sys::ExecuteAndWait(*linker, refs, std::nullopt, {}, 0, 0,
                                         &message);
  if (status != 0)
    return llvm::createStringError(
        "linking the artifact failed (" + llvm::join(refs, " ") + ")" +
        (message.empty() ? "" : ": " + message));
  return llvm::Error::success();
}

/// writeArtifact for either target: `compile` writes the object.
static llvm::Error
writeArtifactWith(StringRef path, void *runtimeSymbol,
                  llvm::function_ref<llvm::Error(const ArtifactObject &)>
                      compile) {
  SmallString<128> object;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("kiln-artifact", "o", object))
    return llvm::createStringError("cannot create a temporary file: " +
                                   ec.message());
  llvm::FileRemover removeObject(object);
  if (llvm::Error error = compile(ArtifactObject{object.str().str()}))
    return error;
  llvm::Expected<std::string> runtime = getLibraryOf(runtimeSymbol);
  if (!runtime)
    return runtime.takeError();
  SmallVector<std::string> libraries = {*runtime};
  llvm::append_range(libraries, getRuntimeLibraries());
  // Linked next to `path`, then renamed over it: whole or not at all.
  SmallString<128> temporary;
  int fd;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(
          path + ".tmp-%%%%%%%%", fd, temporary))
    return llvm::createStringError("cannot write '" + path +
                                   "': " + ec.message());
  llvm::sys::Process::SafelyCloseFileDescriptor(fd);
  llvm::FileRemover removeTemporary(temporary);
  if (llvm::Error error = linkSharedLibrary(object, temporary, libraries))
    return error;
  if (std::error_code ec = llvm::sys::fs::rename(temporary, path))
    return llvm::createStringError("cannot write '" + path +
                                   "': " + ec.message());
  removeTemporary.releaseFile();
  return llvm::Error::success();
}

/// writeArtifact for the pipeline of `Options`, whose compiled code calls
/// the runtime library that defines `runtimeSymbol`.
template <typename Options>
static llvm::Error writeArtifactFor(ModuleOp module, StringRef entry,
                                    const Options &options, StringRef path,
                                    void *runtimeSymbol) {
  return writeArtifactWith(
      path, runtimeSymbol, [&](const ArtifactObject &object) -> llvm::Error {
        auto compiled =
            Executable::compile(module, entry, options, nullptr, &object);
        return compiled ? llvm::Error::success() : compiled.takeError();
      });
}

llvm::Error kiln::writeArtifact(ModuleOp module, StringRef entry,
                                const CpuPipelineOptions &options,
                                StringRef path) {
  return writeArtifactFor(module, entry, options, path,
                          getCpuRuntimeSymbols().front().second);
}

llvm::Error kiln::writeArtifact(ModuleOp module, StringRef entry,
                                const GpuPipelineOptions &options,
                                StringRef path) {
  return writeArtifactFor(module, entry, options, path,
                          getCudaRuntimeSymbols().front().second);
}
/// The features of `features` ("+avx512f,-sse4a,...") this CPU lacks.
static SmallVector<std::string> getMissingFeatures(StringRef features) {
  llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
  SmallVector<std::string> missing;
  SmallVector<StringRef> list;
  features.split(list, ',', -1, /*KeepEmpty=*/false);
  for (StringRef feature : list)
    if (feature.consume_front("+") && !host.lookup(feature))
      missing.push_back(feature.str());
  return missing;
}

/// The functions of the global constructor or destructor list `name`, in
/// the order they run (constructors by ascending priority, destructors by
/// descending).
static SmallVector<llvm::Function *> getStructors(llvm::Module &module,
                                                  StringRef name, bool ctors) {
  SmallVector<std::pair<uint64_t, llvm::Function *>> entries;
  auto *list = module.getNamedGlobal(name);
  auto *array = list && list->hasInitializer()
                    ? dyn_cast<llvm::ConstantArray>(list->getInitializer())
                    : nullptr;
  for (unsigned i = 0, e = array ? array->getNumOperands() : 0; i < e; ++i) {
    auto *entry = dyn_cast<llvm::ConstantStruct>(array->getOperand(i));
    if (!entry || entry->getNumOperands() < 2)
      continue;
    auto *priority = dyn_cast<llvm::ConstantInt>(entry->getOperand(0));
    auto *function =
        dyn_cast<llvm::Function>(entry->getOperand(1)->stripPointerCasts());
    if (priority && function)
      entries.push_back({priority->getZExtValue(), function});
  }
  llvm::stable_sort(entries, [&](auto &a, auto &b) {
    return ctors ? a.first < b.first : a.first > b.first;
  });
  return llvm::to_vector(llvm::make_second_range(entries));
}

/// Defines the exported void() function `name` calling `callees` in order.
static void defineCaller(llvm::Module &module, StringRef name,
                         ArrayRef<llvm::Function *> callees) {
  llvm::LLVMContext &ctx = module.getContext();
  auto *type = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), false);
  auto *caller = llvm::Function::Create(
      type, llvm::GlobalValue::ExternalLinkage, name, module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(ctx, "entry", caller));
  for (llvm::Function *callee : callees)
    builder.CreateCall(callee);
  builder.CreateRetVoid();
}

void kiln::addArtifactInitializers(llvm::Module &module) {
  defineCaller(module, kArtifactInitSymbol,
               getStructors(module, "llvm.global_ctors", /*ctors=*/true));
  defineCaller(module, kArtifactFiniSymbol,
               getStructors(module, "llvm.global_dtors", /*ctors=*/false));
}

/// Checks that `path` is a whole 64-bit little-endian ELF shared object of
/// this machine: its header tables and every segment the loader maps lie
/// inside the file. dlopen maps a truncated file without complaint, and
/// its first touch of a missing page is a SIGBUS.
static llvm::Error checkElfImage(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createStringError("cannot open '" + path +
                                   "': " + buffer.getError().message());
  StringRef image = (*buffer)->getBuffer();
  auto corrupt = [&](const llvm::Twine &why) {
    return llvm::createStringError("'" + path +
                                   "' is not a loadable Kiln artifact: " + why);
  };
  Elf64_Ehdr header;
  if (image.size() < sizeof(header))
    return corrupt("the ELF header is truncated");
  std::memcpy(&header, image.data(), sizeof(header));
  if (header.e_ident[EI_CLASS] != ELFCLASS64 ||
      header.e_ident[EI_DATA] != ELFDATA2LSB || header.e_type != ET_DYN ||
      header.e_machine != EM_X86_64)
    return corrupt("not an x86-64 shared library");
  auto fits = [&](uint64_t offset, uint64_t size) {
    return offset <= image.size() && size <= image.size() - offset;
  };
  if (header.e_phentsize != sizeof(Elf64_Phdr) ||
      !fits(header.e_phoff, uint64_t(header.e_phnum) * sizeof(Elf64_Phdr)))
    return corrupt("its program headers lie outside the file (truncated?)");
  if (header.e_shnum &&
      !fits(header.e_shoff, uint64_t(header.e_shnum) * header.e_shentsize))
    return corrupt("its section headers lie outside the file (truncated?)");
  for (unsigned i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr segment;
    std::memcpy(&segment, image.data() + header.e_phoff + i * sizeof(segment),
                sizeof(segment));
    if ((segment.p_type == PT_LOAD || segment.p_type == PT_DYNAMIC) &&
        !fits(segment.p_offset, segment.p_filesz))
      return corrupt(llvm::formatv("segment {0} ends at byte {1} of a "
                                   "{2}-byte file (truncated?)",
                                   i, segment.p_offset + segment.p_filesz,
                                   image.size())
                         .str());
  }
  return llvm::Error::success();
}

/// The manifest of the loaded artifact `library`.
static llvm::Expected<ArtifactManifest> readManifest(void *library,
                                                     StringRef path) {
  auto *version =
      static_cast<const int32_t *>(dlsym(library, kArtifactAbiSymbol));
  if (!version)
    return llvm::createStringError("'" + path + "' is not a Kiln artifact (" +
                                   kArtifactAbiSymbol + " is missing)");
  if (*version != kArtifactAbiVersion)
    return llvm::createStringError(
        llvm::formatv("'{0}' was written for artifact ABI version {1}; this "
                      "Kiln reads version {2} (compile it again with "
                      "kiln-compile)",
                      path, *version, kArtifactAbiVersion)
            .str());
  auto *text = static_cast<const char *>(dlsym(library, kArtifactManifestSymbol));
  if (!text)
    return llvm::createStringError("'" + path + "' has no manifest (" +
                                   kArtifactManifestSymbol + ")");
  auto manifest = ArtifactManifest::fromJson(text);
  if (!manifest)
    return llvm::createStringError("'" + path + "' has a corrupt manifest: " +
                                   llvm::toString(manifest.takeError()));
  return manifest;
}

llvm::Expected<std::unique_ptr<Executable>>
Executable::load(StringRef path, MLIRContext *ctx, OwningOpRef<ModuleOp> &source,
                 ArtifactManifest *info) {
  if (!llvm::sys::fs::exists(path))
    return llvm::createStringError("cannot open '" + path +
                                   "': no such file");
  if (llvm::Error error = checkElfImage(path))
    return std::move(error);
  // As the JIT loads them (ExecutionEngine's sharedLibPaths): globally, so
  // that libraries opened later bind to the same ones. oneDNN is built
  // against GNU OpenMP and binds its GOMP_* calls to LLVM's libomp when
  // that is global; otherwise a second thread pool fights the compiled
  // code's over the cores (4x slower attention on 2 cores).
  for (const std::string &library : getRuntimeLibraries()) {
    std::string error;
    if (!llvm::sys::DynamicLibrary::getPermanentLibrary(library.c_str(), &error)
             .isValid())
      return llvm::createStringError("cannot load '" + library + "': " + error);
  }
  // dlopen searches the library path for a bare name: anchor it.
  SmallString<128> file(path);
  if (!path.contains('/'))
    file = ("./" + path).str();
  void *library = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library)
    return llvm::createStringError("cannot load artifact '" + path +
                                   "': " + dlerror());
  auto result = std::make_unique<Executable>();
  result->library = library;
  auto manifest = readManifest(library, path);
  if (!manifest)
    return manifest.takeError();
  if (SmallVector<std::string> missing =
          getMissingFeatures(manifest->cpuFeatures);
      !missing.empty())
    return llvm::createStringError(
        "'" + path + "' was compiled for a CPU with " +
        llvm::join(missing, ", ") + ", which this one lacks");

  // The Kiln-level module: the signature, and the reference for callers.
  std::string diagnostics;
  ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
    llvm::raw_string_ostream(diagnostics) << diag << "\n";
    return success();
  });
  source = parseSourceString<ModuleOp>(manifest->source, ctx);
  func::FuncOp func =
      source ? source->lookupSymbol<func::FuncOp>(manifest->entry) : nullptr;
  if (!func)
    return llvm::createStringError("'" + path +
                                   "' has a corrupt manifest: its module does "
                                   "not parse or lacks its entry (" +
                                   diagnostics + ")");
  llvm::Expected<Signature> signature = Signature::get(func);
  if (!signature)
    return signature.takeError();

  std::string entrySymbol = "_mlir_ciface_" + manifest->entry;
  result->packedEntry = reinterpret_cast<void (*)(void **)>(
      dlsym(library, ("_mlir_" + entrySymbol).c_str()));
  if (!result->packedEntry)
    return llvm::createStringError("'" + path + "' lacks its entry point _mlir_" +
                                   entrySymbol);
  if (!manifest->errorMessages.empty()) {
    result->errorSlot =
        static_cast<int64_t *>(dlsym(library, abi::kErrorSlot));
    if (!result->errorSlot)
      return llvm::createStringError("'" + path + "' lacks " +
                                     abi::kErrorSlot);
    result->errorMessages = manifest->errorMessages;
  }
  auto *init = reinterpret_cast<void (*)()>(dlsym(library, kArtifactInitSymbol));
  auto *fini = reinterpret_cast<void (*)()>(dlsym(library, kArtifactFiniSymbol));
  if (!init || !fini)
    return llvm::createStringError("'" + path + "' lacks " +
                                   kArtifactInitSymbol + " or " +
                                   kArtifactFiniSymbol);
  init();
  result->artifactFini = fini;
  result->cuda = manifest->target == "cuda";
  if (result->cuda) {
    GpuPipelineOptions options;
    if (llvm::Error error = manifest->parseOptions(options, path))
      return error;
    if (options.cudaGraphs)
      result->graphs = std::make_unique<CudaGraphCache>(options.maxCudaGraphs);
  }
  result->numKernels = manifest->numKernels;
  result->signature = std::move(*signature);
  result->entry = std::move(entrySymbol);
  if (info)
    *info = std::move(*manifest);
  return result;
}
