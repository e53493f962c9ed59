//===- kiln-run.cpp - Compile and run one Kiln function -------------------===//
//
// kiln-run FILE.mlir|ARTIFACT.so [--entry=NAME] [--target=cpu|cuda]
//          [--input=a.npy ...] [--random-inputs --seed=N] [--sym NAME=VALUE]
//          [--output=PREFIX] [--check] [--repeat=N] [--report]
//          [--gpu-block-size=N] [--gpu-cublas=false]
//          [--gpu-flash-attention=false] [--cuda-graphs]
//
// An artifact (kiln-compile's output) runs without compiling: its
// pipeline flags were kiln-compile's.
//
// Exit codes: 0 success, 1 `--check` failed, 2 bad input or compile error.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Reference/Interpreter.h"
#include "kiln/Registration.h"
#include "kiln/Runner/Artifact.h"
#include "kiln/Runner/Compare.h"
#include "kiln/Runner/CompiledFunction.h"
#include "kiln/Runner/Executable.h"
#include "kiln/Runner/MemoryReport.h"
#include "kiln/Runtime/CudaRuntime.h"
#include "kiln/Runtime/HostMemory.h"
#include "kiln/Signature/Signature.h"

#include "../common/PipelineFlags.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>

using namespace mlir;
using namespace kiln;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<input .mlir file>"));
static cl::opt<std::string> entryName("entry",
                                      cl::desc("Function to run (default: "
                                               "the only public function)"));
static cl::list<std::string> inputs("input",
                                    cl::desc("An argument as .npy (repeat, in "
                                             "argument order)"));
static cl::opt<bool> randomInputs("random-inputs",
                                  cl::desc("Generate random arguments"));
static cl::opt<uint64_t> seed("seed", cl::init(0),
                              cl::desc("Seed of --random-inputs"));
static cl::list<double> randomStd(
    "random-std", cl::CommaSeparated,
    cl::desc("S,S,...: the standard deviation of --random-inputs' floats, one "
             "per argument in order (one value: every argument; default 1), "
             "e.g. 1/sqrt(fan-in) for weights, as models initialize them"));
static cl::list<std::string>
    symValues("sym", cl::desc("NAME=VALUE: a symbol's value for generated "
                              "inputs (repeat)"));
static cl::opt<std::string> outputPrefix("output", cl::desc("Write result i as "
                                                            "PREFIX.i.npy"));
static cl::opt<bool>
    check("check", cl::desc("Compare each result element with the reference "
                            "interpreter's: |got - want| <= atol + rtol * "
                            "|want|, NaN and infinities in place"));
/// --reference: which answers of the reference interpreter --check
/// accepts.
enum class ReferenceKind { Either, Rounded, Float64 };
static cl::opt<ReferenceKind> referenceKind(
    "reference", cl::init(ReferenceKind::Either),
    cl::desc("--check: the reference answer"),
    cl::values(
        clEnumValN(ReferenceKind::Either, "either",
                   "anywhere between the rounded and the float64 answers "
                   "(a fused kernel may skip an op's rounding; default)"),
        clEnumValN(ReferenceKind::Rounded, "rounded",
                   "each op computed in double, rounded to its result type"),
        clEnumValN(ReferenceKind::Float64, "float64",
                   "every float op in double, only casts rounding")));
static cl::opt<double>
    absTolerance("atol", cl::desc("--check: absolute tolerance (default: "
                          "torch.testing.assert_close's for the result's "
                          "dtype)"));
static cl::opt<double>
    relTolerance("rtol", cl::desc("--check: relative tolerance (default: "
                          "torch.testing.assert_close's for the result's "
                          "dtype)"));
static cl::opt<unsigned>
    repeat("repeat", cl::init(0),
           cl::desc("Time N runs (milliseconds; on the GPU, N "
                    "back-to-back asynchronous calls "
                    "timed with CUDA events)"));
static cl::opt<bool> report("report",
                            cl::desc("Print a JSON line of compile facts"));
static cl::opt<std::string> cacheDir(
    "cache-dir", cl::init(""),
    cl::desc("Keep compiled modules in this directory and reuse them (the "
             "on-disk compile cache; off when empty)"));
/// Exit code for bad input and compile errors (1 is reserved for --check).
static constexpr int kInputError = 2;

static int fail(const llvm::Twine &message) {
  llvm::errs() << "kiln-run: error: " << message << "\n";
  return kInputError;
}

static int fail(llvm::Error error) {
  std::string message = llvm::toString(std::move(error));
  return fail(message);
}

/// The largest tensor kiln-run allocates (bytes).
static constexpr int64_t kMaxTensorBytes = int64_t(1) << 40;

/// Evaluates the shape of `spec` under `symbols`; `what` names it in
/// errors. `?` dims are -1 when `allowUnknown`, else an error.
static llvm::Expected<SmallVector<int64_t>>
evaluateShape(const TensorSpec &spec, const llvm::StringMap<int64_t> &symbols,
              const llvm::Twine &what, bool allowUnknown = false) {
  SmallVector<int64_t> shape;
  int64_t bytes = getDTypeSize(spec.dtype);
  for (auto [i, dim] : llvm::enumerate(spec.dims)) {
    if (!dim && allowUnknown) {
      shape.push_back(-1); // Any size.
      continue;
    }
    if (!dim)
      return llvm::createStringError(
          what + " dim " + llvm::Twine(i) +
          " is `?`: its size is unknown; pass --input files");
    SmallVector<StringRef> names;
    dim.collectSymbols(names);
    for (StringRef name : names)
      if (!symbols.count(name))
        return llvm::createStringError(
            "symbol " + name + " has no value: pass --sym " + name + "=N");
    std::optional<int64_t> size = dim.evaluate(symbols);
    if (!size || *size < 0)
      return llvm::createStringError(what + " dim " + llvm::Twine(i) + " (" +
                                     dim.str() +
                                     ") evaluates to no valid size");
    shape.push_back(*size);
    if (*size != 0 && bytes > kMaxTensorBytes / *size)
      return llvm::createStringError(what + " would take more than 2^40 "
                                            "bytes; use smaller --sym values");
    bytes *= *size;
  }
  return shape;
}

/// The flags that do not need the program: targets, exclusive flags,
/// `--sym` values, the pipeline options.
static llvm::Error checkFlags(llvm::StringMap<int64_t> &cliSymbols) {
  if (llvm::Error error = tools::checkPipelineFlags())
    return error;
  if (!inputs.empty() && randomInputs)
    return llvm::createStringError("--input and --random-inputs are exclusive");
  if (!randomStd.empty() && !randomInputs)
    return llvm::createStringError("--random-std needs --random-inputs");
  for (double std : randomStd)
    if (!(std >= 0.0) || !std::isfinite(std))
      return llvm::createStringError(
          "--random-std values must be finite and non-negative");
  if (absTolerance.getNumOccurrences() && !(absTolerance >= 0.0))
    return llvm::createStringError("--atol must be non-negative");
  if (relTolerance.getNumOccurrences() && !(relTolerance >= 0.0))
    return llvm::createStringError("--rtol must be non-negative");
  for (StringRef binding : symValues) {
    auto [name, value] = binding.split('=');
    int64_t v;
    if (name.empty() || value.getAsInteger(10, v) || v < 0)
      return llvm::createStringError(
          "--sym expects NAME=VALUE with VALUE >= 0; got '" + binding + "'");
    cliSymbols[name] = v;
  }
  return llvm::Error::success();
}

/// The arguments: read from --input files, or generated from the
/// signature and the --sym values.
static llvm::Expected<std::vector<HostTensor>>
loadInputs(const Signature &signature,
           const llvm::StringMap<int64_t> &cliSymbols) {
  std::vector<HostTensor> args;
  ArrayRef<TensorSpec> specs = signature.getArguments();
  if (!inputs.empty()) {
    if (inputs.size() != specs.size())
      return llvm::createStringError(
          llvm::formatv("'{0}' takes {1} arguments but {2} --input files "
                        "were given",
                        signature.getName(), specs.size(), inputs.size())
              .str());
    for (const std::string &path : inputs) {
      auto tensor = readNpy(path);
      if (!tensor)
        return tensor.takeError();
      args.push_back(std::move(*tensor));
    }
    return args;
  }
  if (!randomInputs && !specs.empty())
    return llvm::createStringError("no inputs: pass --input=FILE.npy per "
                                   "argument, or --random-inputs");
  if (randomStd.size() > 1 && randomStd.size() != specs.size())
    return llvm::createStringError(
        llvm::formatv("'{0}' takes {1} arguments but --random-std gives {2} "
                      "values",
                      signature.getName(), specs.size(), randomStd.size())
            .str());
  for (auto [i, spec] : llvm::enumerate(specs)) {
    auto shape = evaluateShape(spec, cliSymbols, "argument " + llvm::Twine(i));
    if (!shape)
      return shape.takeError();
    HostTensor tensor(spec.dtype, *shape);
    double std = randomStd.empty()       ? 1.0
                 : randomStd.size() == 1 ? randomStd[0]
                                         : randomStd[i];
    tensor.fillRandom(seed * 1000003 + i, std);
    args.push_back(std::move(tensor));
  }
  return args;
}

/// Binds the arguments (Signature::bind) and checks the --sym values
/// against them.
static llvm::Expected<llvm::StringMap<int64_t>>
bindInputs(const Signature &signature, ArrayRef<HostTensor> args,
           const llvm::StringMap<int64_t> &cliSymbols) {
  auto bindings = signature.bind(args);
  if (!bindings)
    return bindings.takeError();
  for (auto &entry : cliSymbols) {
    auto it = bindings->find(entry.getKey());
    if (it != bindings->end() && it->second != entry.getValue())
      return llvm::createStringError(
          llvm::formatv("--sym {0}={1} conflicts with the inputs, which bind "
                        "{0} to {2}",
                        entry.getKey(), entry.getValue(), it->second)
              .str());
  }
  return bindings;
}

/// Each result has the shape its type gives under the bound symbols (`?`
/// dims take whatever size the program computes).
static llvm::Error checkResultShapes(const Signature &signature,
                                     const llvm::StringMap<int64_t> &bindings,
                                     ArrayRef<HostTensor> results) {
  for (auto [i, spec] : llvm::enumerate(signature.getResults())) {
    auto want = evaluateShape(spec, bindings, "result " + llvm::Twine(i),
                              /*allowUnknown=*/true);
    if (!want)
      return want.takeError();
    ArrayRef<int64_t> got = results[i].getShape();
    bool matches = got.size() == want->size();
    for (auto [g, w] : llvm::zip(got, *want))
      matches &= w < 0 || g == w;
    if (!matches)
      return llvm::createStringError(
          llvm::formatv("internal error: result {0} has shape {1}, "
                        "expected {2}",
                        i, formatShape(got), formatShape(*want))
              .str());
  }
  return llvm::Error::success();
}

/// --check: compares `results` with the reference interpreter's answers on
/// the Kiln-level `reference` (computed in double, rounded as --reference
/// says), element by element; the exit code (0 or 1) or an error.
static llvm::Expected<int> checkResults(func::FuncOp reference,
                                        ArrayRef<HostTensor> args,
                                        ArrayRef<HostTensor> results) {
  auto expected =
      interpret(reference, args,
                referenceKind == ReferenceKind::Float64 ? Precision::Float64
                                                        : Precision::Rounded);
  if (!expected)
    return expected.takeError();
  std::optional<std::vector<HostTensor>> exact;
  if (referenceKind == ReferenceKind::Either) {
    auto wide = interpret(reference, args, Precision::Float64);
    if (!wide)
      return wide.takeError();
    exact = std::move(*wide);
  }
  double maxAbs = 0, maxRel = 0;
  std::string failures;
  for (auto [i, got] : llvm::enumerate(results)) {
    Tolerance tolerance = getDefaultTolerance(got.getDType());
    if (absTolerance.getNumOccurrences())
      tolerance.atol = absTolerance;
    if (relTolerance.getNumOccurrences())
      tolerance.rtol = relTolerance;
    Comparison cmp = compareTensors(got, (*expected)[i], tolerance,
                                    exact ? &(*exact)[i] : nullptr);
    maxAbs = std::max(maxAbs, cmp.maxAbsError);
    maxRel = std::max(maxRel, cmp.maxRelError);
    if (!cmp.ok)
      failures += llvm::formatv(" result {0}: {1} of {2} elements differ, "
                                "{3};",
                                i, cmp.numMismatches, got.getNumElements(),
                                cmp.worst);
  }
  llvm::outs() << llvm::formatv("check: {0} max_abs_err={1:e} "
                                "max_rel_err={2:e}{3}\n",
                                failures.empty() ? "ok" : "FAIL", maxAbs,
                                maxRel, failures);
  return failures.empty() ? 0 : 1;
}

/// --repeat: on the GPU, back-to-back asynchronous calls, CUDA events
/// around each (no host<->device copies).
static llvm::Error printTimes(Executable &executable,
                              ArrayRef<HostTensor> args) {
  auto timed = executable.time(args, repeat);
  if (!timed)
    return timed.takeError();
  std::vector<double> times = std::move(*timed);
  std::sort(times.begin(), times.end());
  llvm::outs() << llvm::formatv("time: min={0:f4} median={1:f4} "
                                "max={2:f4}\n",
                                times.front(), times[times.size() / 2],
                                times.back());
  return llvm::Error::success();
}

/// --output: all or nothing (a failure removes the files already written).
static llvm::Error writeOutputs(ArrayRef<HostTensor> results) {
  SmallVector<std::string> written;
  for (auto [i, result] : llvm::enumerate(results)) {
    std::string path = (outputPrefix + "." + llvm::Twine(i) + ".npy").str();
    if (llvm::Error error = writeNpy(path, result)) {
      for (const std::string &done : written)
        llvm::sys::fs::remove(done);
      return error;
    }
    written.push_back(path);
  }
  return llvm::Error::success();
}

/// Without --output: one line per result.
static void printSummary(ArrayRef<HostTensor> results) {
  for (auto [i, result] : llvm::enumerate(results)) {
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    for (int64_t k = 0, e = result.getNumElements(); k < e; ++k) {
      double v = result.getAsDouble(k);
      sum += v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    int64_t n = std::max<int64_t>(1, result.getNumElements());
    llvm::outs() << llvm::formatv(
        "result {0}: {1}{2} mean={3:g} min={4:g} max={5:g}\n", i,
        getDTypeName(result.getDType()), formatShape(result.getShape()),
        sum / n, lo, hi);
  }
}

/// The program to run: the Kiln-level module (the signature, the
/// reference of --check, the memory plan of --report) and, for an artifact,
/// its compiled function and the options it was compiled with.
struct Program {
  OwningOpRef<ModuleOp> module;
  func::FuncOp func;
  std::unique_ptr<Executable> executable;
  bool cuda = false;
  CpuPipelineOptions cpuOptions;
  GpuPipelineOptions gpuOptions;
  double loadSeconds = 0;
};

/// --report: the compile facts, and the allocator's (the host cache on the
/// CPU, the device cache on the GPU).
static void printReport(const Executable &executable,
                        const MemoryReport &memory, const Program &program,
                        bool artifact, double firstCallSeconds) {
  // An artifact's load time stands where a compile time would.
  llvm::outs() << llvm::formatv(
      "{{\"kernels\": {0}, \"arena_bytes\": {1}, \"naive_bytes\": {2}, "
      "\"lower_bound_bytes\": {3}, \"{4}\": {5:f4}, \"first_call_s\": "
      "{6:f4}{7}}\n",
      executable.getNumKernels(), memory.arenaBytes, memory.naiveBytes,
      memory.lowerBoundBytes, artifact ? "load_s" : "compile_s",
      program.loadSeconds, firstCallSeconds,
      cacheDir.empty() ? ""
                       : executable.isFromCache() ? ", \"from_cache\": true"
                                                  : ", \"from_cache\": false");
  if (!program.cuda) {
    // Every call after the first should be served by the cache.
    MemoryCacheStats host = getHostMemoryStats();
    llvm::outs() << llvm::formatv(
        "{{\"host_allocations\": {0}, \"host_cache_hits\": {1}, "
        "\"host_bytes_reserved\": {2}}\n",
        host.driverAllocations, host.cacheHits, host.bytesReserved);
    return;
  }
  // Every run after the first should be served by the cache.
  MemoryCacheStats device = getCudaMemoryStats();
  llvm::outs() << llvm::formatv(
      "{{\"device_allocations\": {0}, \"device_cache_hits\": {1}, "
      "\"device_bytes_reserved\": {2}}\n",
      device.driverAllocations, device.cacheHits, device.bytesReserved);
  if (!executable.usesCudaGraphs())
    return;
  CudaGraphStats graphs = executable.getCudaGraphStats();
  llvm::outs() << llvm::formatv(
      "{{\"cuda_graph_warmups\": {0}, \"cuda_graph_captures\": {1}, "
      "\"cuda_graph_replays\": {2}, \"cuda_graph_failed_captures\": {3}}\n",
      graphs.warmups, graphs.captures, graphs.replays, graphs.failedCaptures);
}

/// Parses a .mlir source and picks its entry.
static llvm::Error parseProgram(MLIRContext &context, Program &program) {
  auto parsed = parseProgramFile(&context, inputFile, entryName, "--entry=NAME");
  if (!parsed)
    return parsed.takeError();
  program.module = std::move(parsed->module);
  program.func = parsed->entry;
  program.cuda = tools::isCudaTarget();
  tools::applyPipelineFlags(program.cpuOptions);
  tools::applyPipelineFlags(program.gpuOptions);
  return llvm::Error::success();
}

/// Loads an artifact of kiln-compile: its pipeline ran when it was written,
/// so pipeline flags are refused and --target and --entry must agree.
static llvm::Error loadArtifact(MLIRContext &context, Program &program) {
  if (std::string flag = tools::getGivenPipelineFlag(); !flag.empty())
    return llvm::createStringError(
        flag + " does not apply to an artifact: its pipeline options are "
               "fixed by kiln-compile");
  if (!cacheDir.empty())
    return llvm::createStringError(
        "--cache-dir does not apply to an artifact (it is compiled already)");
  auto start = std::chrono::steady_clock::now();
  ArtifactManifest manifest;
  auto executable =
      Executable::load(inputFile, &context, program.module, &manifest);
  if (!executable)
    return executable.takeError();
  program.loadSeconds = std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - start)
                            .count();
  program.executable = std::move(*executable);
  program.cuda = manifest.target == "cuda";
  if (tools::isTargetGiven() && tools::isCudaTarget() != program.cuda)
    return llvm::createStringError("'" + inputFile + "' was compiled for " +
                                   "--target=" + manifest.target);
  if (!entryName.empty() && entryName != manifest.entry)
    return llvm::createStringError("'" + inputFile + "' holds function '" +
                                   manifest.entry + "', not '" + entryName +
                                   "'");
  program.func = program.module->lookupSymbol<func::FuncOp>(manifest.entry);
  // The options it was compiled with (for --report's memory plan).
  return program.cuda ? manifest.parseOptions(program.gpuOptions, inputFile)
                      : manifest.parseOptions(program.cpuOptions, inputFile);
}

/// Compiles a parsed program (through the --cache-dir cache).
static llvm::Error compileProgram(Program &program) {
  auto start = std::chrono::steady_clock::now();
  std::optional<CompileCache> cache;
  if (!cacheDir.empty())
    cache.emplace(cacheDir);
  const CompileCache *cachePtr = cache ? &*cache : nullptr;
  std::string entry = program.func.getName().str();
  auto executable =
      program.cuda ? Executable::compile(*program.module, entry,
                                         program.gpuOptions, cachePtr)
                   : Executable::compile(*program.module, entry,
                                         program.cpuOptions, cachePtr);
  program.loadSeconds = std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - start)
                            .count();
  if (!executable)
    return executable.takeError();
  program.executable = std::move(*executable);
  return llvm::Error::success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // Bad flags exit with kInputError like every other input error (cl's
  // default would be 1, which means a failed --check).
  if (!cl::ParseCommandLineOptions(argc, argv, "Kiln runner\n",
                                   &llvm::errs()))
    return kInputError;
  llvm::StringMap<int64_t> cliSymbols;
  if (llvm::Error error = checkFlags(cliSymbols))
    return fail(std::move(error));

  DialectRegistry registry;
  registerKilnDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  Program program;
  bool artifact = inputFile != "-" && isArtifactFile(inputFile);
  if (llvm::Error error = artifact ? loadArtifact(context, program)
                                   : parseProgram(context, program))
    return fail(std::move(error));
  func::FuncOp func = program.func;
  if (!llvm::all_of(func.getArgumentTypes(), llvm::IsaPred<KilnTensorType>))
    return fail("argument types of '" + func.getName() +
                "' must be !kiln.tensor (already-lowered modules are not "
                "supported yet)");
  auto signature = Signature::get(func);
  if (!signature)
    return fail(signature.takeError());
  auto args = loadInputs(*signature, cliSymbols);
  if (!args)
    return fail(args.takeError());
  auto bindings = bindInputs(*signature, *args, cliSymbols);
  if (!bindings)
    return fail(bindings.takeError());

  // The reference interpreter runs on the Kiln-level program.
  OwningOpRef<ModuleOp> reference;
  if (check)
    reference = program.module->clone();
  std::string entrySymbol = func.getName().str();

  // The memory plan for these symbol values (a specialized copy).
  std::optional<MemoryReport> memory;
  if (report) {
    OwningOpRef<ModuleOp> copy = program.module->clone();
    auto plan = program.cuda ? planMemoryForShapes(*copy, entrySymbol,
                                                   *bindings, program.gpuOptions)
                             : planMemoryForShapes(*copy, entrySymbol,
                                                   *bindings, program.cpuOptions);
    if (!plan)
      return fail(plan.takeError());
    memory = *plan;
  }
  if (!artifact)
    if (llvm::Error error = compileProgram(program))
      return fail(std::move(error));
  Executable &executable = *program.executable;

  // With CUDA graphs: a warm-up call, the capture (and its first launch),
  // then a replay whose results are the ones checked.
  auto firstCall = std::chrono::steady_clock::now();
  auto results = executable.run(*args);
  double firstCallSeconds = std::chrono::duration<double>(
                                std::chrono::steady_clock::now() - firstCall)
                                .count();
  for (int call = 1; executable.usesCudaGraphs() && call < 3 && results; ++call)
    results = executable.run(*args);
  if (!results)
    return fail(results.takeError());
  if (llvm::Error error = checkResultShapes(*signature, *bindings, *results))
    return fail(std::move(error));
  int exitCode = 0;
  if (check) {
    auto checked = checkResults(
        reference->lookupSymbol<func::FuncOp>(entrySymbol), *args, *results);
    if (!checked)
      return fail(checked.takeError());
    exitCode = *checked;
  }
  if (repeat > 0)
    if (llvm::Error error = printTimes(executable, *args))
      return fail(std::move(error));
  if (!outputPrefix.empty()) {
    if (llvm::Error error = writeOutputs(*results))
      return fail(std::move(error));
  } else {
    printSummary(*results);
  }
  if (report)
    printReport(executable, *memory, program, artifact, firstCallSeconds);
  return exitCode;
}
