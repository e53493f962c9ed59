//===- PipelineFlags.cpp - The pipeline flags kiln-run and kiln-compile share //

#include "PipelineFlags.h"

#include "llvm/Support/CommandLine.h"

using namespace kiln;
namespace cl = llvm::cl;

static cl::opt<std::string> target("target", cl::init("cpu"),
                                   cl::desc("cpu (default) or cuda"));
static cl::opt<int64_t> gpuBlockSize(
    "gpu-block-size", cl::init(256),
    cl::desc("--target=cuda: threads per block (the most per row for "
             "fusion groups over rows)"));
static cl::opt<bool>
    gpuCublas("gpu-cublas", cl::init(true),
              cl::desc("--target=cuda: matmuls call cuBLASLt (false: generated "
                       "kernels)"));
static cl::opt<bool> gpuFlashAttention(
    "gpu-flash-attention", cl::init(true),
    cl::desc("--target=cuda: attention in the flash form is one fused "
             "tensor-core kernel (false: matmuls around a softmax kernel)"));
static cl::opt<bool> cudaGraphs(
    "cuda-graphs",
    cl::desc("--target=cuda: reduce-overhead: calls are captured into a CUDA "
             "graph and replayed (kiln-run makes a warm-up call, a capture "
             "and a replay; --check checks the replay's results)"));
static cl::opt<bool> noParallel("no-parallel", cl::desc("Run on one thread"));
static cl::opt<std::string>
    parallelRuntime("parallel-runtime", cl::init("openmp"),
                    cl::desc("openmp (default) or async: what runs parallel "
                             "loops"));

bool tools::isCudaTarget() { return target == "cuda"; }

bool tools::isTargetGiven() { return target.getNumOccurrences() > 0; }

llvm::Error tools::checkPipelineFlags() {
  if (target != "cpu" && target != "cuda")
    return llvm::createStringError("unknown --target '" + target +
                                   "' (expected cpu or cuda)");
  if (cudaGraphs && target != "cuda")
    return llvm::createStringError("--cuda-graphs needs --target=cuda");
  if (parallelRuntime != "openmp" && parallelRuntime != "async")
    return llvm::createStringError(
        "--parallel-runtime must be openmp or async; got '" + parallelRuntime +
        "'");
  if (gpuBlockSize < 32 || gpuBlockSize > 1024 || gpuBlockSize % 32 != 0)
    return llvm::createStringError(
        "--gpu-block-size must be a multiple of 32 in [32, 1024]; got " +
        std::to_string(gpuBlockSize));
  return llvm::Error::success();
}

std::string tools::getGivenPipelineFlag() {
  for (cl::Option *flag :
       std::initializer_list<cl::Option *>{&gpuBlockSize, &gpuCublas,
                                           &gpuFlashAttention, &cudaGraphs,
                                           &noParallel, &parallelRuntime})
    if (flag->getNumOccurrences())
      return ("--" + flag->ArgStr).str();
  return "";
}

void tools::applyPipelineFlags(CpuPipelineOptions &options) {
  options.parallel = !noParallel;
  options.parallelRuntime = parallelRuntime;
}

void tools::applyPipelineFlags(GpuPipelineOptions &options) {
  options.blockSize = gpuBlockSize;
  options.cublas = gpuCublas;
  options.flashAttention = gpuFlashAttention;
  options.cudaGraphs = cudaGraphs;
}
