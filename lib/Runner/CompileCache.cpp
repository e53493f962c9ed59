//===- CompileCache.cpp - The on-disk cache of compiled modules -----------===//

#include "kiln/Runner/CompileCache.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <dlfcn.h>

using namespace mlir;
using namespace kiln;

/// The module attribute holding an entry's key (checked on load); not in
/// the kiln dialect's namespace, whose attributes the dialect verifies.
static constexpr const char *kKeyAttr = "kiln_cache.key";

#ifndef KILN_VERSION
#error "KILN_VERSION must name Kiln's version (set by CMake)"
#endif

std::optional<CompileCache> CompileCache::getDefault() {
  if (const char *enabled = std::getenv("KILN_CACHE");
      enabled && llvm::StringRef(enabled) == "0")
    return std::nullopt;
  if (const char *dir = std::getenv("KILN_CACHE_DIR"); dir && *dir)
    return CompileCache(dir);
  llvm::SmallString<256> path;
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    path = xdg;
  else if (const char *home = std::getenv("HOME"); home && *home)
    llvm::sys::path::append(path, home, ".cache");
  else
    return std::nullopt;
  llvm::sys::path::append(path, "kiln");
  return CompileCache(std::string(path));
}

/// What identifies this build of Kiln's compiler: the path, size and
/// modification time of the binary holding this function (a rebuilt
/// library or tool gets new entries).
static std::string getBuildIdentity() {
  Dl_info info;
  if (!dladdr(reinterpret_cast<void *>(&getBuildIdentity), &info) ||
      !info.dli_fname)
    return "unknown";
  llvm::sys::fs::file_status status;
  if (llvm::sys::fs::status(info.dli_fname, status))
    return info.dli_fname;
  return std::string(info.dli_fname) + " " + std::to_string(status.getSize()) +
         " " +
         std::to_string(status.getLastModificationTime().time_since_epoch().count());
}

std::string CompileCache::getKey(ModuleOp module, llvm::StringRef target,
                                 llvm::StringRef options) {
  static const std::string identity = getBuildIdentity();
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "kiln " << KILN_VERSION << "\n" << identity << "\n" << target << "\n"
     << options << "\n";
  module->print(os, OpPrintingFlags().enableDebugInfo());
  llvm::SHA256 hash;
  hash.update(text);
  std::array<uint8_t, 32> digest = hash.final();
  return llvm::toHex(digest, /*LowerCase=*/true);
}

std::string CompileCache::getPath(llvm::StringRef key) const {
  llvm::SmallString<256> path(directory);
  llvm::sys::path::append(path, key + ".mlirbc");
  return std::string(path);
}

OwningOpRef<ModuleOp> CompileCache::load(MLIRContext *ctx,
                                         llvm::StringRef key) const {
  std::string path = getPath(key);
  if (!llvm::sys::fs::exists(path))
    return nullptr;
  // A bad entry is a miss: its diagnostics are not the caller's errors.
  ScopedDiagnosticHandler quiet(ctx, [](Diagnostic &) { return success(); });
  ParserConfig config(ctx);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(path, config);
  if (!module)
    return nullptr;
  auto stored = (*module)->getAttrOfType<StringAttr>(kKeyAttr);
  if (!stored || stored.getValue() != key || failed(verify(*module)))
    return nullptr;
  (*module)->removeAttr(kKeyAttr);
  return module;
}

void CompileCache::store(ModuleOp module, llvm::StringRef key) const {
  if (llvm::sys::fs::create_directories(directory))
    return;
  std::string path = getPath(key);
  llvm::SmallString<256> temporary;
  int fd;
  if (llvm::sys::fs::createUniqueFile(path + ".tmp-%%%%%%%%", fd, temporary))
    return;
  module->setAttr(kKeyAttr, StringAttr::get(module.getContext(), key));
  bool written;
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    written = succeeded(writeBytecodeToFile(module, os));
    os.flush();
    written &= !os.has_error();
    os.clear_error();
  }
  module->removeAttr(kKeyAttr);
  // Renaming is atomic: readers see the old entry, the new one, or none.
  if (!written || llvm::sys::fs::rename(temporary, path))
    llvm::sys::fs::remove(temporary);
}
