//===- DedupeGpuModules.cpp - One gpu.module per distinct kernel ----------===//
//
// Kernel outlining gives every launch its own gpu.module; a model's layers
// launch the same kernels over and over (a transformer's 12 layers, 12
// copies of each). Identical modules (the same ops, attributes and types,
// up to the module's own name) are merged into the first, and the launches
// of the others retarget it, so that each distinct kernel is compiled to
// PTX and a cubin once.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/GPU/Passes.h"
#include "kiln/Codegen/GPU/Transforms.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

namespace kiln {
#define GEN_PASS_DEF_KILNDEDUPEGPUMODULES
#include "kiln/Codegen/GPU/Passes.h.inc"
} // namespace kiln

using namespace mlir;

/// The text of `module`'s body in generic form without locations: equal
/// for modules that compile to the same binary.
static std::string getBodyKey(gpu::GPUModuleOp module) {
  std::string key;
  llvm::raw_string_ostream os(key);
  OpPrintingFlags flags;
  flags.printGenericOpForm().useLocalScope();
  // The target attributes decide the binary too.
  if (ArrayAttr targets = module.getTargetsAttr())
    os << targets << "\n";
  for (Operation &op : module.getBody()->getOperations())
    op.print(os, flags);
  return key;
}

int64_t kiln::dedupeGpuModules(ModuleOp module) {
  llvm::StringMap<gpu::GPUModuleOp> first;
  DenseMap<StringAttr, StringAttr> replacement;
  SmallVector<gpu::GPUModuleOp> duplicates;
  for (auto gpuModule : module.getOps<gpu::GPUModuleOp>()) {
    auto [it, inserted] = first.try_emplace(getBodyKey(gpuModule), gpuModule);
    if (inserted)
      continue;
    replacement[gpuModule.getSymNameAttr()] = it->second.getSymNameAttr();
    duplicates.push_back(gpuModule);
  }
  if (duplicates.empty())
    return 0;
  module.walk([&](gpu::LaunchFuncOp launch) {
    SymbolRefAttr kernel = launch.getKernel();
    auto it = replacement.find(kernel.getRootReference());
    if (it != replacement.end())
      launch.setKernelAttr(
          SymbolRefAttr::get(it->second, kernel.getNestedReferences()));
  });
  for (gpu::GPUModuleOp duplicate : duplicates)
    duplicate.erase();
  return duplicates.size();
}

namespace {
struct KilnDedupeGpuModulesPass
    : kiln::impl::KilnDedupeGpuModulesBase<KilnDedupeGpuModulesPass> {
  void runOnOperation() override {
    numMerged += kiln::dedupeGpuModules(getOperation());
  }
};
} // namespace
