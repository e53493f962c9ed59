//===- kiln-opt.cpp - Kiln's opt-style driver -----------------------------===//
//
// `mlir-opt` with Kiln's dialect, passes and pipelines registered.
//
//===----------------------------------------------------------------------===//

#include "kiln/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  kiln::registerKilnPasses();
  mlir::DialectRegistry registry;
  kiln::registerKilnDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Kiln optimizer driver\n", registry));
}
