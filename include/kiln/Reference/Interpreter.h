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

#include "llvm/Support/Error.h"

#include <vector>

namespace mlir {
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace kiln {

/// How the interpreter rounds float results.
enum class Precision {
  /// Every op's result is rounded to its element type (f16 and bf16 ops
  /// round like the real dtype).
  Rounded,
  /// Every float op computes and keeps double precision; only casts and
  /// constants round to their type. Float results come back as f64: the
  /// exact answer that `kiln-run --check` measures errors against.
  Float64,
};

/// Evaluates `func` (Kiln ops, func.return) on `inputs`, bound through
/// kiln::Signature (the same checks and messages as a compiled call).
llvm::Expected<std::vector<HostTensor>>
interpret(mlir::func::FuncOp func, llvm::ArrayRef<HostTensor> inputs,
          Precision precision = Precision::Rounded);

} // namespace kiln

#endif // KILN_REFERENCE_INTERPRETER_H
