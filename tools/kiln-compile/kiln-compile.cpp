//===- kiln-compile.cpp - Compile one Kiln function ahead of time ---------===//
//
// kiln-compile FILE.mlir [--entry=NAME] [--target=cpu|cuda]
//              [pipeline flags, as kiln-run takes them] -o OUT.so
//
// Writes an artifact (kiln/Runner/Artifact.h): a shared library with the
// compiled function that `kiln-run OUT.so` and the C API run without LLVM's
// JIT. Exit codes: 0 success, 2 bad input or compile error.
//
//===----------------------------------------------------------------------===//

#include "kiln/Registration.h"
#include "kiln/Runner/Artifact.h"
#include "kiln/Runner/CompiledFunction.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include "../common/PipelineFlags.h"

using namespace mlir;
using namespace kiln;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<input.mlir>"));
static cl::opt<std::string> entryName(
    "entry", cl::init(""),
    cl::desc("The function to compile (default: the only public one)"));
static cl::opt<std::string> outputFile("o", cl::Required,
                                       cl::desc("The artifact to write"),
                                       cl::value_desc("OUT.so"));

static constexpr int kInputError = 2;

static int fail(llvm::Error error) {
  llvm::errs() << "kiln-compile: error: " << llvm::toString(std::move(error))
               << "\n";
  return kInputError;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (!cl::ParseCommandLineOptions(argc, argv, "Kiln ahead-of-time compiler\n",
                                   &llvm::errs()))
    return kInputError;
  if (llvm::Error error = tools::checkPipelineFlags())
    return fail(std::move(error));

  DialectRegistry registry;
  registerKilnDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  auto program =
      parseProgramFile(&context, inputFile, entryName, "--entry=NAME");
  if (!program)
    return fail(program.takeError());
  std::string name = program->entry.getName().str();
  CpuPipelineOptions cpuOptions;
  GpuPipelineOptions gpuOptions;
  tools::applyPipelineFlags(cpuOptions);
  tools::applyPipelineFlags(gpuOptions);
  llvm::Error written =
      tools::isCudaTarget()
          ? writeArtifact(*program->module, name, gpuOptions, outputFile)
          : writeArtifact(*program->module, name, cpuOptions, outputFile);
  if (written)
    return fail(std::move(written));
  return 0;
}
