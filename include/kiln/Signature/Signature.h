//===- Signature.h - What a call of a Kiln function must pass ---*- C++ -*-===//
//
// The Kiln-level signature of a function (per argument and result: a dtype
// and dims as symbolic expressions; the function's symbol facts) and the
// one component that checks a call's arguments against it and binds the
// symbols. The reference interpreter, Executable (and through it kiln-run
// and the embedding APIs) all bind arguments here, so every caller gets
// the same checks and the same messages.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SIGNATURE_SIGNATURE_H
#define KILN_SIGNATURE_SIGNATURE_H

#include "kiln/Runtime/HostTensor.h"
#include "kiln/Symbolic/SymbolicExpr.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace mlir {
class Type;
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace kiln {

/// The DType of an MLIR element type, if it is one of design.md §2's.
std::optional<DType> getDTypeOf(mlir::Type type);

/// One argument or result: its dtype and dims (a null Expr is `?`).
struct TensorSpec {
  DType dtype = DType::F32;
  llvm::SmallVector<sym::Expr> dims;

  int64_t getRank() const { return dims.size(); }
};

/// What one argument of a call is: a dtype and a shape.
struct ArgumentShape {
  DType dtype;
  llvm::ArrayRef<int64_t> shape;
};

/// A declared fact about one symbol (`B in [1, 4096]`, `S mod 8 == 0`).
struct SignatureFact {
  std::string symbol;
  bool isRange = true;
  /// The range [lo, hi], or the divisor in `lo` (!isRange).
  int64_t lo = 0, hi = 0;
};

/// A condition on the symbols that the function's ops need and the
/// compiler could not prove; bind() checks it.
struct SignatureCheck {
  enum class Kind {
    /// A slice's `0 <= start <= end <= size` (a, b, c).
    SliceBounds,
    /// A maximum's or minimum's reduced dim `a` (dim `dim`) is not empty.
    NotEmpty,
    /// A gather_elements' indices dim `a` is at most x's `b` (dim `dim`).
    AtMost,
  };
  Kind kind;
  /// The op, for the error (`kiln.slice at file:line:col`).
  std::string op;
  sym::Expr a, b, c;
  int64_t dim = 0;
};

/// The Kiln-level signature of a function. Its dims live in the function's
/// MLIRContext, which must outlive it.
class Signature {
public:
  /// Reads the signature of `func`, whose arguments and results must all
  /// be !kiln.tensor values of a supported element type.
  static llvm::Expected<Signature> get(mlir::func::FuncOp func);

  llvm::StringRef getName() const { return name; }
  llvm::ArrayRef<TensorSpec> getArguments() const { return arguments; }
  llvm::ArrayRef<TensorSpec> getResults() const { return results; }
  llvm::ArrayRef<SignatureFact> getFacts() const { return facts; }
  llvm::ArrayRef<SignatureCheck> getChecks() const { return checks; }

  /// Checks a call's arguments (their number, dtypes, ranks, and every dim
  /// that is not `?`: static sizes, symbols, expressions such as `B*S`)
  /// the function's facts and the ops' checks, and returns the symbols'
  /// values. Errors are
  /// one line naming the argument and dim, e.g. "symbol S is bound to 5 by
  /// argument 0 (dim 1) and to 7 by argument 1 (dim 0)".
  llvm::Expected<llvm::StringMap<int64_t>>
  bind(llvm::ArrayRef<ArgumentShape> args) const;
  /// The same for host tensors.
  llvm::Expected<llvm::StringMap<int64_t>>
  bind(llvm::ArrayRef<HostTensor> args) const;

  /// The shape of `spec` under bound `symbols`; `?` dims are -1.
  static llvm::SmallVector<int64_t>
  evaluateShape(const TensorSpec &spec,
                const llvm::StringMap<int64_t> &symbols);

private:
  std::string name;
  llvm::SmallVector<TensorSpec> arguments;
  llvm::SmallVector<TensorSpec> results;
  llvm::SmallVector<SignatureFact> facts;
  llvm::SmallVector<SignatureCheck> checks;
};

} // namespace kiln

#endif // KILN_SIGNATURE_SIGNATURE_H
