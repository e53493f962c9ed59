//===- CompileCache.h - The on-disk cache of compiled modules ---*- C++ -*-===//
//
// Executable::compile runs a pipeline (seconds for a whole model) and then
// the LLVM JIT on the host code. The cache keeps the pipeline's output: the
// lowered module (LLVM dialect, kernels embedded as PTX/cubin) as MLIR
// bytecode, one file per key, so that another process compiling the same
// Kiln module with the same options starts from it.
//
// The key hashes the entry's Kiln module text, the target and its pipeline
// options, Kiln's version and the identity of the compiler's own binary (so
// a rebuilt Kiln never reads an older build's entries). Entries are written
// to a temporary file and renamed into place, so concurrent processes never
// read a partial entry; an entry that does not parse, verify or match its
// key is ignored and rewritten.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNNER_COMPILECACHE_H
#define KILN_RUNNER_COMPILECACHE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace kiln {

/// Where compiled modules are kept, and how the last lookup went.
class CompileCache {
public:
  explicit CompileCache(std::string directory)
      : directory(std::move(directory)) {}

  /// The cache that the Python API uses by default: $KILN_CACHE_DIR, else
  /// $XDG_CACHE_HOME/kiln, else ~/.cache/kiln; none when KILN_CACHE=0 or no
  /// directory can be named.
  static std::optional<CompileCache> getDefault();

  /// The key of `module` (the Kiln-level module as it will be compiled)
  /// for `target` ("cpu", "cuda") and its printed pipeline options.
  static std::string getKey(mlir::ModuleOp module, llvm::StringRef target,
                            llvm::StringRef options);

  /// The lowered module stored under `key`, parsed into `ctx`; null on a
  /// miss or an unusable entry.
  mlir::OwningOpRef<mlir::ModuleOp> load(mlir::MLIRContext *ctx,
                                         llvm::StringRef key) const;

  /// Stores the lowered `module` under `key`. Failures (a read-only or
  /// full disk) are not errors: the cache is only an optimization.
  void store(mlir::ModuleOp module, llvm::StringRef key) const;

  /// The file holding the entry of `key`.
  std::string getPath(llvm::StringRef key) const;

  llvm::StringRef getDirectory() const { return directory; }

private:
  std::string directory;
};

} // namespace kiln

#endif // KILN_RUNNER_COMPILECACHE_H
