//===- Interpreter.h - Reference interpreter for Kiln IR --------*- C++ -*-===//
//
// An obviously-correct evaluator of Kiln-level functions, independent of the
// compiler: every op is computed directly with plain loops, accumulating in
// double, then rounded to the op's element type. `kiln-run --check` compares
// compiled results against it.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_REFERENCE_INTERPRETER_H
#define KILN_REFERENCE_INTERPRETER_H

#include "kiln/Runtime/HostTensor.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <vector>

namespace mlir {
class Type;
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace kiln {

/// The DType of an MLIR element type, if it is one of design.md §2's.
std::optional<DType> getDTypeOf(mlir::Type type);

/// Binds the symbols of `func`'s Kiln argument types from the shapes of
/// `inputs`. Fails with a clear message on an arity, rank, dtype or shape
/// mismatch, or when two arguments bind one symbol to different values
/// (naming the symbol and both values). Facts (ranges, divisibility) are
/// checked too.
llvm::Expected<llvm::StringMap<int64_t>>
bindSymbols(mlir::func::FuncOp func, llvm::ArrayRef<HostTensor> inputs);

/// Evaluates `func` (Kiln ops, func.return) on `inputs`.
llvm::Expected<std::vector<HostTensor>>
interpret(mlir::func::FuncOp func, llvm::ArrayRef<HostTensor> inputs);

} // namespace kiln

#endif // KILN_REFERENCE_INTERPRETER_H
