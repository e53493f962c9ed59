//===- Passes.h - Kiln memory planning --------------------------*- C++ -*-===//
//
// The passes of the memory phase (Passes.td); the plan they apply is
// MemoryPlan.h.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_MEMORY_PASSES_H
#define KILN_MEMORY_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Pass/Pass.h"

namespace kiln {

#define GEN_PASS_DECL
#include "kiln/Memory/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "kiln/Memory/Passes.h.inc"

} // namespace kiln

#endif // KILN_MEMORY_PASSES_H
