//===- Passes.h - Kiln fusion passes ----------------------------*- C++ -*-===//
//
// The passes of the fusion phase (Passes.td); the transformations they
// are built from are public in Transforms.h.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FUSION_PASSES_H
#define KILN_FUSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace kiln {

#define GEN_PASS_DECL
#include "kiln/Fusion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "kiln/Fusion/Passes.h.inc"

} // namespace kiln

#endif // KILN_FUSION_PASSES_H
