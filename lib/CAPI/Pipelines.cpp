//===- Pipelines.cpp - Kiln's pipelines into a C pass manager -------------===//

#include "kiln-c/Pipelines.h"

#include "Support.h"

#include "kiln/Runner/CompiledFunction.h"

#include "mlir/CAPI/Pass.h"
#include "mlir/CAPI/Support.h"

using namespace kiln;

/// Parses `text` into `Options` and adds the pipeline `build` makes.
template <typename Options, typename Build>
static KilnStatus addPipeline(MlirOpPassManager passManager,
                              MlirStringRef text, Build build) {
  auto options = parsePipelineOptions<Options>(unwrap(text));
  if (!options)
    return capi::wrap(options.takeError());
  build(*unwrap(passManager), **options);
  return nullptr;
}

KilnStatus kilnAddCpuPipeline(MlirOpPassManager passManager,
                              MlirStringRef options) {
  return addPipeline<CpuPipelineOptions>(
      passManager, options,
      [](mlir::OpPassManager &pm, const CpuPipelineOptions &o) {
        buildKilnCpuPipeline(pm, o);
      });
}

KilnStatus kilnAddGpuPipeline(MlirOpPassManager passManager,
                              MlirStringRef options) {
  return addPipeline<GpuPipelineOptions>(
      passManager, options,
      [](mlir::OpPassManager &pm, const GpuPipelineOptions &o) {
        buildKilnGpuPipeline(pm, o);
      });
}
