//===- ShapeInference.h - Symbolic shape rules of Kiln ops ------*- C++ -*-===//
//
// The shape rules of Kiln's ops over symbolic dims, shared by the verifiers
// (which pass an error emitter and the function's facts), the builders and
// the rewrites (which pass no emitter). A null `sym::Expr` is the anonymous
// dim `?`, which is provably equal to nothing.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_SHAPEINFERENCE_H
#define KILN_DIALECT_KILN_IR_SHAPEINFERENCE_H

#include "kiln/Symbolic/SymbolicExpr.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/LLVM.h"

namespace kiln {

using Shape = llvm::SmallVector<sym::Expr>;
/// Emits an error on the op being checked; may be null (no diagnostics).
using EmitErrorFn = llvm::function_ref<mlir::InFlightDiagnostic()>;

/// Prints a dim for a diagnostic: its canonical form, or `?`.
std::string dimToString(sym::Expr dim);

/// NumPy broadcasting of `shapes` (right-aligned; a dim broadcasts only
/// against 1 or a provably equal dim). `names` name the operands in
/// diagnostics.
mlir::FailureOr<Shape>
inferBroadcastShape(llvm::ArrayRef<llvm::ArrayRef<sym::Expr>> shapes,
                    llvm::ArrayRef<llvm::StringRef> names,
                    const sym::Facts &facts, EmitErrorFn emitError);

/// `torch.matmul` for ranks >= 2: `[..., M, K] x [..., K, N] -> [..., M, N]`.
mlir::FailureOr<Shape> inferMatmulShape(llvm::ArrayRef<sym::Expr> lhs,
                                        llvm::ArrayRef<sym::Expr> rhs,
                                        const sym::Facts &facts,
                                        EmitErrorFn emitError);

/// Normalizes a possibly negative dim index into [0, rank).
mlir::FailureOr<int64_t> normalizeDim(int64_t dim, int64_t rank,
                                      EmitErrorFn emitError);

/// Normalizes and checks a list of reduced dims (in range, no repeats);
/// returns them sorted.
mlir::FailureOr<llvm::SmallVector<int64_t>>
normalizeReduceDims(llvm::ArrayRef<int64_t> dims, int64_t rank,
                    EmitErrorFn emitError);

/// The shape after reducing `dims`, kept as 1 when `keepdim`.
mlir::FailureOr<Shape> inferReduceShape(sym::ExprContext &ctx,
                                        llvm::ArrayRef<sym::Expr> shape,
                                        llvm::ArrayRef<int64_t> dims,
                                        bool keepdim, EmitErrorFn emitError);

/// The output size of a convolution or pooling window along one dim:
/// `(in + padLow + padHigh - dilation*(kernel-1) - 1) floordiv stride + 1`.
sym::Expr inferWindowedDim(sym::Expr in, int64_t kernel, int64_t stride,
                           int64_t dilation, int64_t padLow, int64_t padHigh);

/// The shape after permuting by `perm`.
mlir::FailureOr<Shape> inferTransposeShape(llvm::ArrayRef<sym::Expr> shape,
                                           llvm::ArrayRef<int64_t> perm,
                                           EmitErrorFn emitError);

/// The shape of concatenating `shapes` along `dim`.
mlir::FailureOr<Shape>
inferConcatShape(llvm::ArrayRef<llvm::ArrayRef<sym::Expr>> shapes, int64_t dim,
                 const sym::Facts &facts, EmitErrorFn emitError);

/// The product of the dims (null if some dim is `?`).
sym::Expr getNumElements(llvm::ArrayRef<sym::Expr> shape,
                         sym::ExprContext &ctx);

/// Checks that a declared result shape is provably equal, dim by dim, to the
/// inferred one (`?` matches `?`).
mlir::LogicalResult verifyDeclaredShape(llvm::ArrayRef<sym::Expr> declared,
                                        llvm::ArrayRef<sym::Expr> inferred,
                                        const sym::Facts &facts,
                                        EmitErrorFn emitError);

} // namespace kiln

#endif // KILN_DIALECT_KILN_IR_SHAPEINFERENCE_H
