//===- VerifyUtils.h - Helpers shared by the Kiln verifiers -----*- C++ -*-===//
//
// Internal to lib/Dialect/Kiln/IR: the checks every op verifier makes
// (symbols bound, the declared result against the inferred one), shared by
// KilnOps.cpp and IndexingOps.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_DIALECT_KILN_IR_VERIFYUTILS_H
#define KILN_LIB_DIALECT_KILN_IR_VERIFYUTILS_H

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

namespace kiln::detail {

/// The Kiln tensor type of `value`.
KilnTensorType getTensorType(mlir::Value value);

/// The expression context of `op`'s MLIRContext.
sym::ExprContext &getExprCtx(mlir::Operation *op);

/// Checks that every symbol in the op's types is bound by the arguments of
/// the enclosing function (ops outside a function are not checked).
mlir::LogicalResult verifySymbolsBound(mlir::Operation *op);

/// Checks the declared result type against the inferred shape and element
/// type, after the symbol-binding check.
mlir::LogicalResult verifyResult(mlir::Operation *op,
                                 llvm::ArrayRef<sym::Expr> shape,
                                 mlir::Type elementType,
                                 const sym::Facts &facts);

} // namespace kiln::detail

#endif // KILN_LIB_DIALECT_KILN_IR_VERIFYUTILS_H
