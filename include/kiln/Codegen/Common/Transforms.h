//===- Transforms.h - Kiln codegen transforms, all targets ------*- C++ -*-===//
//
// The transforms behind the passes of Passes.td, for pipelines and tools
// that run them on their own.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_COMMON_TRANSFORMS_H
#define KILN_CODEGEN_COMMON_TRANSFORMS_H

#include "mlir/IR/BuiltinOps.h"

namespace kiln {

/// Rewrites the host-side `cf.assert` ops of `module` into stores to its
/// error slot (see kiln-lower-asserts) and returns how many it rewrote.
int64_t lowerAssertsToErrorSlot(mlir::ModuleOp module);

} // namespace kiln

#endif // KILN_CODEGEN_COMMON_TRANSFORMS_H
