//===- RuntimeCalls.h - Declaring Kiln runtime functions --------*- C++ -*-===//
//
// Shared by the passes that replace ops with calls into Kiln's runtimes
// (kiln-matmul-to-blas, kiln-matmul-to-cublas); the functions themselves
// are declared in kiln/Runtime/RuntimeABI.h.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_COMMON_RUNTIMECALLS_H
#define KILN_CODEGEN_COMMON_RUNTIMECALLS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace kiln {

/// The fully dynamic strided memref type of `rank` elements of `element`:
/// what runtime functions take, so that any view can be passed.
mlir::MemRefType getDynamicStridedType(mlir::Type element, int64_t rank);

/// Declares the private function `name(params)` with a C interface
/// (`_mlir_ciface_<name>`) in `module`, once.
mlir::func::FuncOp getOrDeclareRuntimeFunction(mlir::ModuleOp module,
                                               llvm::StringRef name,
                                               mlir::TypeRange params);

} // namespace kiln

#endif // KILN_CODEGEN_COMMON_RUNTIMECALLS_H
