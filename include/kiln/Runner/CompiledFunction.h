//===- CompiledFunction.h - A Kiln function from source to calls -*- C++ -*-===//
//
// What every embedding of Kiln does before its first call: parse a module
// in a context of its own, verify it, pick the entry function, parse the
// target's pipeline options from their textual form and compile through
// Executable (with the default on-disk cache). The Python package and the
// C API are thin layers over this class; kiln-run shares its entry lookup.
// Errors are KilnErrors, whose kind says which exception or status code
// an embedding reports.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNNER_COMPILEDFUNCTION_H
#define KILN_RUNNER_COMPILEDFUNCTION_H

#include "kiln/Runner/Executable.h"
#include "kiln/Runner/MemoryReport.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>

namespace kiln {

/// What went wrong, as embeddings tell it apart (Python exception types,
/// C API status codes).
enum class ErrorKind {
  /// The source is not valid MLIR (or the file cannot be read).
  Parse,
  /// The module does not verify.
  Verification,
  /// No such entry, bad options, the pipeline or the JIT failed.
  Compile,
  /// A call's arguments do not fit the signature.
  Input,
  /// The call itself failed (a run-time check, a CUDA error, memory).
  Call,
};

/// An error with its kind and a one-line message (kiln-run's wording).
class KilnError : public llvm::ErrorInfo<KilnError> {
public:
  static char ID;
  KilnError(ErrorKind kind, std::string message)
      : kind(kind), message(std::move(message)) {}
  ErrorKind getKind() const { return kind; }
  const std::string &getMessage() const { return message; }
  void log(llvm::raw_ostream &os) const override { os << message; }
  std::error_code convertToErrorCode() const override {
    return llvm::inconvertibleErrorCode();
  }

private:
  ErrorKind kind;
  std::string message;
};

/// A KilnError of `kind`; an `error` that is a KilnError already keeps its
/// own kind.
llvm::Error makeError(ErrorKind kind, llvm::Error error);
llvm::Error makeError(ErrorKind kind, const llvm::Twine &message);
/// The kind of `error` (Call for errors that are not KilnErrors) and its
/// message; consumes it.
std::pair<ErrorKind, std::string> takeError(llvm::Error error);

/// Pipeline options (CpuPipelineOptions, GpuPipelineOptions) from their
/// textual form ("key=value key=value", as `--kiln-cpu-pipeline="..."`
/// takes); a Compile error naming the text otherwise.
template <typename Options>
llvm::Expected<std::unique_ptr<Options>>
parsePipelineOptions(llvm::StringRef text) {
  auto options = std::make_unique<Options>();
  std::string errorText;
  llvm::raw_string_ostream os(errorText);
  if (mlir::failed(options->parseFromString(text, os)))
    return makeError(ErrorKind::Compile,
                     "invalid pipeline options '" + text + "'" +
                         (errorText.empty() ? "" : ": " + errorText));
  return options;
}

/// The entry function named `name` (`f`, or `inner::f` in the nested
/// module `@inner`; a top-level function wins over nested ones of the same
/// name), or with an empty name the only public function. `howToName`
/// completes "several public functions; choose one with ..." (the caller's
/// flag or argument, e.g. `--entry=NAME`).
llvm::Expected<mlir::func::FuncOp> findEntry(mlir::ModuleOp module,
                                             llvm::StringRef name,
                                             llvm::StringRef howToName);

/// A program read by a tool: the module and its entry function.
struct ParsedProgram {
  mlir::OwningOpRef<mlir::ModuleOp> module;
  mlir::func::FuncOp entry;
};

/// Reads `path` ("-": standard input) into `ctx`, printing the parser's
/// diagnostics with their source lines to stderr, and picks the entry as
/// findEntry does; an entry of a nested module makes a copy of that module
/// the program. kiln-run and kiln-compile read their input this way.
llvm::Expected<ParsedProgram> parseProgramFile(mlir::MLIRContext *ctx,
                                               llvm::StringRef path,
                                               llvm::StringRef name,
                                               llvm::StringRef howToName);

/// A function of a Kiln module compiled for one target, with the context
/// its IR and signature live in.
class CompiledFunction {
public:
  enum class Target { Cpu, Cuda };

  /// Parses `source` (the module's text; named `bufferName` in
  /// diagnostics), verifies it and compiles `entry` (empty: the only public
  /// function) for `target` with `options` in the pipeline's textual form
  /// ("fuse=false block-size=128").
  static llvm::Expected<std::unique_ptr<CompiledFunction>>
  compile(llvm::StringRef source, llvm::StringRef bufferName,
          llvm::StringRef entry, Target target, llvm::StringRef options);
  /// The same for the file at `path`.
  static llvm::Expected<std::unique_ptr<CompiledFunction>>
  compileFile(llvm::StringRef path, llvm::StringRef entry, Target target,
              llvm::StringRef options);
  /// Loads an ahead-of-time artifact of kiln-compile (Executable::load):
  /// its target, entry and options are the artifact's, and the load time
  /// stands for the compile time. A missing, truncated or foreign file, or
  /// one of another ABI version or for another CPU, is a Parse error.
  static llvm::Expected<std::unique_ptr<CompiledFunction>>
  load(llvm::StringRef path);
  /// The target named `name` ("cpu" or "cuda").
  static llvm::Expected<Target> parseTarget(llvm::StringRef name);

  ~CompiledFunction();

  Executable &getExecutable() { return *executable; }
  const Signature &getSignature() const {
    return executable->getSignature();
  }
  llvm::StringRef getEntry() const { return entry; }
  bool isCuda() const { return gpuOptions != nullptr; }
  double getCompileSeconds() const { return compileSeconds; }
  /// True when the GPU pipeline's `cuda-graphs` is on.
  bool usesCudaGraphs() const;

  /// Binds the symbols of `shapes` (Signature::bind), an Input error when
  /// they do not fit; remembers the binding for planMemory().
  llvm::Expected<llvm::StringMap<int64_t>>
  bind(llvm::ArrayRef<ArgumentShape> shapes);
  /// The memory plan of the Kiln-level module for `symbols`, or for the
  /// last binding when none are given; std::nullopt when the signature is
  /// symbolic and nothing was bound yet.
  llvm::Expected<std::optional<MemoryReport>>
  planMemory(std::optional<llvm::StringMap<int64_t>> symbols = std::nullopt);

private:
  CompiledFunction();
  llvm::Error parseAndCompile(std::unique_ptr<llvm::MemoryBuffer> buffer,
                              llvm::StringRef entryName, Target target,
                              llvm::StringRef options);
  llvm::Error loadArtifact(llvm::StringRef path);
  /// A context with Kiln's dialects, for one function's IR.
  void createContext();

  std::unique_ptr<mlir::MLIRContext> context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  /// The Kiln-level module before compilation (for the memory plan).
  mlir::OwningOpRef<mlir::ModuleOp> kilnModule;
  std::string entry;
  std::unique_ptr<CpuPipelineOptions> cpuOptions;
  std::unique_ptr<GpuPipelineOptions> gpuOptions;
  std::unique_ptr<Executable> executable;
  double compileSeconds = 0;
  std::optional<llvm::StringMap<int64_t>> lastSymbols;
};

} // namespace kiln

#endif // KILN_RUNNER_COMPILEDFUNCTION_H
