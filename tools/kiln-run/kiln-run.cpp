//===- kiln-run.cpp - Compile and run one Kiln function -------------------===//
//
// kiln-run FILE.mlir [--entry=NAME] [--target=cpu|cuda]
//          [--input=a.npy ...] [--random-inputs --seed=N] [--sym NAME=VALUE]
//          [--output=PREFIX] [--check] [--repeat=N] [--report]
//          [--gpu-block-size=N] [--gpu-cublas=false]
//
// Exit codes: 0 success, 1 `--check` failed, 2 bad input or compile error.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Reference/Interpreter.h"
#include "kiln/Registration.h"
#include "kiln/Runner/Compare.h"
#include "kiln/Runner/Executable.h"
#include "kiln/Runner/MemoryReport.h"
#include "kiln/Runtime/CudaRuntime.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>

using namespace mlir;
using namespace kiln;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<input .mlir file>"));
static cl::opt<std::string> entryName("entry",
                                      cl::desc("Function to run (default: "
                                               "the only public function)"));
static cl::opt<std::string> target("target", cl::init("cpu"),
                                   cl::desc("cpu or cuda"));
static cl::list<std::string> inputs("input",
                                    cl::desc("An argument as .npy (repeat, in "
                                             "argument order)"));
static cl::opt<bool> randomInputs("random-inputs",
                                  cl::desc("Generate random arguments"));
static cl::opt<uint64_t> seed("seed", cl::init(0),
                              cl::desc("Seed of --random-inputs"));
static cl::list<std::string>
    symValues("sym", cl::desc("NAME=VALUE: a symbol's value for generated "
                              "inputs (repeat)"));
static cl::opt<std::string> outputPrefix("output", cl::desc("Write result i as "
                                                            "PREFIX.i.npy"));
static cl::opt<bool> check("check",
                           cl::desc("Compare with the reference interpreter"));
static cl::opt<unsigned>
    repeat("repeat", cl::init(0),
           cl::desc("Time N runs (milliseconds; on the GPU, N "
                    "back-to-back asynchronous calls "
                    "timed with CUDA events)"));
static cl::opt<bool> report("report",
                            cl::desc("Print a JSON line of compile facts"));
static cl::opt<int64_t> gpuBlockSize(
    "gpu-block-size", cl::init(256),
    cl::desc("--target=cuda: threads per block (the most per row for "
             "fusion groups over rows)"));
static cl::opt<bool>
    gpuCublas("gpu-cublas", cl::init(true),
              cl::desc("--target=cuda: matmuls call cuBLASLt (false: generated "
                       "kernels)"));
static cl::opt<bool> noParallel("no-parallel", cl::desc("Run on one thread"));
static cl::opt<std::string>
    parallelRuntime("parallel-runtime", cl::init("openmp"),
                    cl::desc("openmp (default) or async: what runs parallel "
                             "loops"));

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

/// Evaluates the shape of a Kiln type under `symbols`; `what` names it in
/// errors.
/// The largest tensor kiln-run allocates (bytes).
static constexpr int64_t kMaxTensorBytes = int64_t(1) << 40;

static llvm::Expected<SmallVector<int64_t>>
evaluateShape(KilnTensorType type, const llvm::StringMap<int64_t> &symbols,
              const llvm::Twine &what, bool allowUnknown = false) {
  SmallVector<int64_t> shape;
  int64_t bytes =
      std::max<int64_t>(1, type.getElementType().getIntOrFloatBitWidth() / 8);
  for (auto [i, dim] : llvm::enumerate(type.getDims())) {
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

/// Picks the entry function.
static llvm::Expected<func::FuncOp> findEntry(ModuleOp module) {
  if (!entryName.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(entryName);
    if (!func || func.isExternal())
      return llvm::createStringError("no function named '" + entryName + "'");
    return func;
  }
  func::FuncOp found;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal() || func.isPrivate())
      continue;
    if (found)
      return llvm::createStringError(
          "several public functions; choose one with --entry=NAME");
    found = func;
  }
  if (!found)
    return llvm::createStringError("no public function to run");
  return found;
}

static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleaveComma(shape, os);
  os << "]";
  return s;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // Bad flags exit with kInputError like every other input error (cl's
  // default would be 1, which means a failed --check).
  if (!cl::ParseCommandLineOptions(argc, argv, "Kiln JIT runner\n",
                                   &llvm::errs()))
    return kInputError;

  if (target != "cpu" && target != "cuda")
    return fail("unknown --target '" + target + "' (expected cpu or cuda)");
  if (!inputs.empty() && randomInputs)
    return fail("--input and --random-inputs are exclusive");

  // Symbol values given on the command line.
  llvm::StringMap<int64_t> cliSymbols;
  for (StringRef binding : symValues) {
    auto [name, value] = binding.split('=');
    int64_t v;
    if (name.empty() || value.getAsInteger(10, v) || v < 0)
      return fail("--sym expects NAME=VALUE with VALUE >= 0; got '" + binding +
                  "'");
    cliSymbols[name] = v;
  }

  DialectRegistry registry;
  registerKilnDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  llvm::SourceMgr sourceMgr;
  std::string includeError;
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(inputFile);
  if (!buffer)
    return fail("cannot open '" + inputFile +
                "': " + buffer.getError().message());
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return fail("cannot parse '" + inputFile + "' (see the diagnostics above)");

  auto entry = findEntry(*module);
  if (!entry)
    return fail(entry.takeError());
  func::FuncOp func = *entry;
  for (Type type : func.getArgumentTypes())
    if (!isa<KilnTensorType>(type))
      return fail("argument types of '" + func.getName() +
                  "' must be !kiln.tensor (already-lowered modules are not "
                  "supported yet)");

  // Inputs.
  std::vector<HostTensor> args;
  if (!inputs.empty()) {
    if (inputs.size() != func.getNumArguments())
      return fail(llvm::formatv("'{0}' takes {1} arguments but {2} --input "
                                "files were given",
                                func.getName(), func.getNumArguments(),
                                inputs.size())
                      .str());
    for (const std::string &path : inputs) {
      auto tensor = readNpy(path);
      if (!tensor)
        return fail(tensor.takeError());
      args.push_back(std::move(*tensor));
    }
  } else if (randomInputs || func.getNumArguments() == 0) {
    for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
      auto tensorType = cast<KilnTensorType>(type);
      auto shape =
          evaluateShape(tensorType, cliSymbols, "argument " + llvm::Twine(i));
      if (!shape)
        return fail(shape.takeError());
      HostTensor tensor(*getDTypeOf(tensorType.getElementType()), *shape);
      tensor.fillRandom(seed * 1000003 + i);
      args.push_back(std::move(tensor));
    }
  } else {
    return fail("no inputs: pass --input=FILE.npy per argument, or "
                "--random-inputs");
  }

  auto bindings = bindSymbols(func, args);
  if (!bindings)
    return fail(bindings.takeError());
  for (auto &entry : cliSymbols) {
    auto it = bindings->find(entry.getKey());
    if (it != bindings->end() && it->second != entry.getValue())
      return fail(llvm::formatv("--sym {0}={1} conflicts with the inputs, "
                                "which bind {0} to {2}",
                                entry.getKey(), entry.getValue(), it->second)
                      .str());
  }

  // The results' shapes, from the symbols' values.
  SmallVector<SmallVector<int64_t>> resultShapes;
  for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
    auto tensorType = dyn_cast<KilnTensorType>(type);
    if (!tensorType)
      return fail("result " + llvm::Twine(i) + " is not a !kiln.tensor");
    // `?` result dims take whatever size the program computes.
    auto shape =
        evaluateShape(tensorType, *bindings, "result " + llvm::Twine(i),
                      /*allowUnknown=*/true);
    if (!shape)
      return fail(shape.takeError());
    resultShapes.push_back(*shape);
  }

  // The reference interpreter runs on the Kiln-level program.
  OwningOpRef<ModuleOp> reference;
  if (check)
    reference = module->clone();
  std::string entrySymbol = func.getName().str();

  CpuPipelineOptions options;
  options.parallel = !noParallel;
  if (parallelRuntime != "openmp" && parallelRuntime != "async")
    return fail("--parallel-runtime must be openmp or async; got '" +
                parallelRuntime + "'");
  options.parallelRuntime = parallelRuntime;
  GpuPipelineOptions gpuOptions;
  if (gpuBlockSize < 32 || gpuBlockSize > 1024 || gpuBlockSize % 32 != 0)
    return fail("--gpu-block-size must be a multiple of 32 in [32, 1024]; "
                "got " +
                std::to_string(gpuBlockSize));
  gpuOptions.blockSize = gpuBlockSize;
  gpuOptions.cublas = gpuCublas;
  FusionSettings gpuFusion = getGpuFusionSettings();
  gpuFusion.gpuLibraryCalls = gpuCublas;
  // The memory plan for these symbol values (a specialized copy).
  std::optional<MemoryReport> memory;
  if (report) {
    OwningOpRef<ModuleOp> copy = module->clone();
    auto plan = planMemoryForShapes(
        *copy, func.getName(), *bindings,
        target == "cuda" ? gpuFusion : getFusionSettings(options));
    if (!plan)
      return fail(plan.takeError());
    memory = *plan;
  }
  auto compileStart = std::chrono::steady_clock::now();
  llvm::Expected<std::unique_ptr<Executable>> executable =
      target == "cuda" ? Executable::compile(*module, entrySymbol, gpuOptions)
                       : Executable::compile(*module, entrySymbol, options);
  double compileSeconds = std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - compileStart)
                              .count();
  if (!executable)
    return fail(executable.takeError());

  auto run = (*executable)->run(args);
  if (!run)
    return fail(run.takeError());
  std::vector<HostTensor> results = std::move(*run);
  auto matches = [](ArrayRef<int64_t> got, ArrayRef<int64_t> want) {
    if (got.size() != want.size())
      return false;
    for (auto [g, w] : llvm::zip(got, want))
      if (w >= 0 && g != w)
        return false;
    return true;
  };
  for (auto [i, result] : llvm::enumerate(results))
    if (!matches(result.getShape(), resultShapes[i]))
      return fail(llvm::formatv("internal error: result {0} has shape {1}, "
                                "expected {2}",
                                i, shapeString(result.getShape()),
                                shapeString(resultShapes[i]))
                      .str());

  int exitCode = 0;
  if (check) {
    auto refFunc = reference->lookupSymbol<func::FuncOp>(entrySymbol);
    auto expected = interpret(refFunc, args);
    if (!expected)
      return fail(expected.takeError());
    double maxAbs = 0, maxRel = 0;
    std::string failures;
    for (auto [i, got] : llvm::enumerate(results)) {
      Comparison cmp = compareTensors(got, (*expected)[i],
                                      getDefaultTolerance(got.getDType()));
      maxAbs = std::max(maxAbs, cmp.maxAbsError);
      maxRel = std::max(maxRel, cmp.maxRelError);
      if (!cmp.ok)
        failures += llvm::formatv(" result {0}: {1};", i, cmp.firstMismatch);
    }
    if (failures.empty()) {
      llvm::outs() << llvm::formatv("check: ok max_abs_err={0:e} "
                                    "max_rel_err={1:e}\n",
                                    maxAbs, maxRel);
    } else {
      llvm::outs() << llvm::formatv("check: FAIL max_abs_err={0:e} "
                                    "max_rel_err={1:e}{2}\n",
                                    maxAbs, maxRel, failures);
      exitCode = 1;
    }
  }

  if (repeat > 0) {
    // On the GPU: back-to-back asynchronous calls, CUDA events around each
    // (no host<->device copies).
    auto timed = (*executable)->time(args, repeat);
    if (!timed)
      return fail(timed.takeError());
    std::vector<double> times = std::move(*timed);
    std::sort(times.begin(), times.end());
    llvm::outs() << llvm::formatv("time: min={0:f4} median={1:f4} "
                                  "max={2:f4}\n",
                                  times.front(), times[times.size() / 2],
                                  times.back());
  }

  if (!outputPrefix.empty()) {
    // All or nothing: a failure removes the files already written.
    SmallVector<std::string> written;
    for (auto [i, result] : llvm::enumerate(results)) {
      std::string path = (outputPrefix + "." + llvm::Twine(i) + ".npy").str();
      if (llvm::Error error = writeNpy(path, result)) {
        for (const std::string &done : written)
          llvm::sys::fs::remove(done);
        return fail(std::move(error));
      }
      written.push_back(path);
    }
  } else {
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
          getDTypeName(result.getDType()), shapeString(result.getShape()),
          sum / n, lo, hi);
    }
  }

  if (report) {
    llvm::outs() << llvm::formatv(
        "{{\"kernels\": {0}, \"arena_bytes\": {1}, \"naive_bytes\": {2}, "
        "\"lower_bound_bytes\": {3}, \"compile_s\": {4:f3}}\n",
        (*executable)->getNumKernels(), memory->arenaBytes, memory->naiveBytes,
        memory->lowerBoundBytes, compileSeconds);
    if (target == "cuda") {
      // Every run after the first should be served by the cache.
      DeviceMemoryStats device = getCudaMemoryStats();
      llvm::outs() << llvm::formatv(
          "{{\"device_allocations\": {0}, \"device_cache_hits\": {1}, "
          "\"device_bytes_reserved\": {2}}\n",
          device.driverAllocations, device.cacheHits, device.bytesReserved);
    }
  }
  return exitCode;
}
