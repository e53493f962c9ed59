//===- CountKernels.cpp - The kernels fusion leaves -----------------------===//
//
// What `--report` and Executable call kernels on the CPU: after fusion,
// each fusion group and each op outside one is one loop nest.
//
//===----------------------------------------------------------------------===//

#include "kiln/Fusion/Transforms.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

int64_t kiln::countKernelsAfterFusion(Operation *root) {
  int64_t kernels = 0;
  root->walk([&](Operation *op) {
    if (isa<scf::ForallOp>(op) ||
        (isa<linalg::LinalgOp, tensor::ConcatOp>(op) &&
         !op->getParentOfType<scf::ForallOp>() && !isa<linalg::FillOp>(op)))
      ++kernels;
  });
  return kernels;
}
