//===- CublasCall.h - A call of a cuBLASLt entry point ----------*- C++ -*-===//
//
// The form kiln-matmul-to-cublas's pattern sets rewrite: a func.call of a
// `kiln_rt_cuda_matmul_*` entry point (kiln/Runtime/RuntimeABI.h), read
// through the memref.cast ops that pass each operand at the ABI's fully
// dynamic strided type. Not installed.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CODEGEN_GPU_CUBLASCALL_H
#define KILN_LIB_CODEGEN_GPU_CUBLASCALL_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace kiln {

/// The runtime's name of an element type (`f32`, `f16`, `bf16`), or "" if
/// cuBLASLt is not used for it.
llvm::StringRef getCublasTypeName(mlir::Type type);

/// A call of a cuBLASLt entry point.
struct CublasCall {
  /// The call (null for one not emitted yet).
  mlir::func::CallOp op;
  /// The operands as the caller has them (casts stripped): A, B, D, and
  /// the epilogue's bias and residual (null when absent).
  mlir::Value a, b, d, bias, residual;
  /// abi::MatmulFlags, without the bias and residual bits (the entry
  /// point implies those).
  int32_t flags = 0;

  /// Matches a call of a `kiln_rt_cuda_matmul_*` entry point whose flags
  /// are a constant.
  static std::optional<CublasCall> match(mlir::func::CallOp op);

  bool has(int32_t flag) const { return (flags & flag) != 0; }
  /// True for an op that only passes an operand of this call (one of its
  /// memref.cast ops, its flags constant).
  bool isOperandOf(mlir::Operation *user) const;
  /// True for the call itself and the ops that only pass its operands.
  bool isPartOf(mlir::Operation *user) const {
    return user == static_cast<mlir::Operation *>(op) || isOperandOf(user);
  }

  /// Emits the call this describes at the rewriter's insertion point,
  /// declaring its entry point in the module; the old call (`op`), with
  /// the casts and constant only it used, is erased. Updates `op`.
  void emit(mlir::RewriterBase &rewriter, mlir::Location loc);
};

} // namespace kiln

#endif // KILN_LIB_CODEGEN_GPU_CUBLASCALL_H
