//===- Artifact.h - Ahead-of-time compiled Kiln functions -------*- C++ -*-===//
//
// An artifact is a shared library holding one compiled Kiln function: the
// CPU pipeline's object code, or the GPU pipeline's host code with its
// kernels embedded (cubin/PTX). It exports three things: the artifact ABI
// version (an int32), a manifest (JSON text: target, entry, pipeline
// options, the Kiln-level module it was compiled from, the run-time
// checks' messages, the host CPU features the code uses) and the entry's
// packed C interface (`_mlir__mlir_ciface_<entry>`, void(void **)). Its
// undefined symbols are Kiln's runtime libraries' (RuntimeABI.h), recorded
// as DT_NEEDED, so loading runs neither a pipeline nor the JIT.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNNER_ARTIFACT_H
#define KILN_RUNNER_ARTIFACT_H

#include "kiln/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace kiln {

/// The artifact ABI: the exported symbols, the manifest's fields, the entry
/// point's convention and the runtime ABI. Artifacts of another version
/// are refused (recompile them).
/// Version 2: the loader calls kiln_artifact_init after dlopen and
/// kiln_artifact_fini before dlclose.
constexpr int32_t kArtifactAbiVersion = 2;
constexpr const char *kArtifactAbiSymbol = "kiln_artifact_abi_version";
constexpr const char *kArtifactManifestSymbol = "kiln_artifact_manifest";
/// void(void): the module's constructors (the GPU kernels' module loads),
/// in priority order, and its destructors. The JIT (ORC) moves
/// llvm.global_ctors into init functions of its own, so the object it
/// writes has no .init_array: the loader runs these instead.
constexpr const char *kArtifactInitSymbol = "kiln_artifact_init";
constexpr const char *kArtifactFiniSymbol = "kiln_artifact_fini";

/// What an artifact says about itself.
struct ArtifactManifest {
  /// "cpu" or "cuda".
  std::string target;
  /// The compiled function (the entry's name in `source`).
  std::string entry;
  /// The pipeline options, printed as a pipeline's option text takes them
  /// ("fuse=true parallel=false ...").
  std::string options;
  /// The Kiln-level module the function was compiled from: its signature,
  /// the reference for --check, the memory plan of --report.
  std::string source;
  int64_t numKernels = 0;
  /// The messages of the run-time checks (kiln-lower-asserts), in order.
  std::vector<std::string> errorMessages;
  /// The host CPU's features the code was compiled with ("+avx512f,...").
  std::string cpuFeatures;
  /// Kiln's version that wrote it.
  std::string kilnVersion;

  std::string toJson() const;
  static llvm::Expected<ArtifactManifest> fromJson(llvm::StringRef text);

  /// Parses `options` into the option struct of the target's pipeline; the
  /// error names the artifact at `path`.
  template <typename Options>
  llvm::Error parseOptions(Options &into, llvm::StringRef path) const {
    std::string diagnostics;
    llvm::raw_string_ostream os(diagnostics);
    if (mlir::failed(into.parseFromString(options, os)))
      return llvm::createStringError("'" + path +
                                     "' has a corrupt manifest: options '" +
                                     options + "'");
    return llvm::Error::success();
  }
};

/// Where Executable::compile writes the relocatable object of an artifact
/// (position-independent, with the manifest and ABI symbols).
struct ArtifactObject {
  std::string path;
};

/// Adds the ABI version and `manifest` to a module lowered to the LLVM
/// dialect, as exported constants.
void addArtifactSymbols(mlir::ModuleOp module,
                        const ArtifactManifest &manifest);

/// Adds kiln_artifact_init and kiln_artifact_fini to `module` (LLVM IR,
/// before the JIT takes it): exported functions that call the functions
/// of llvm.global_ctors and llvm.global_dtors.
void addArtifactInitializers(llvm::Module &module);

/// The runtime libraries compiled code may call: OpenMP or MLIR's async
/// runtime (parallel loops) and MLIR's C runner utils (memrefCopy for
/// strided copies), looked up in kiln::getLlvmLibraryDir()
/// ($KILN_LLVM_LIBRARY_DIR overrides it); those not there are left to the
/// process.
llvm::SmallVector<std::string> getRuntimeLibraries();

/// Compiles `entry` of `module` (modified in place) and writes the artifact
/// to `path`: the object linked with ld.lld into a shared library against
/// Kiln's runtime library of the target and getRuntimeLibraries(). The file
/// appears whole or not at all.
llvm::Error writeArtifact(mlir::ModuleOp module, llvm::StringRef entry,
                          const CpuPipelineOptions &options,
                          llvm::StringRef path);
llvm::Error writeArtifact(mlir::ModuleOp module, llvm::StringRef entry,
                          const GpuPipelineOptions &options,
                          llvm::StringRef path);

/// True when `path` starts as an ELF file does (kiln-run tells artifacts
/// from MLIR sources this way).
bool isArtifactFile(llvm::StringRef path);

} // namespace kiln

#endif // KILN_RUNNER_ARTIFACT_H
