//===- KilnDialect.h - The Kiln dialect -------------------------*- C++ -*-===//
//
// The Kiln dialect, its tensor type and its attributes.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNDIALECT_H
#define KILN_DIALECT_KILN_IR_KILNDIALECT_H

#include "kiln/Symbolic/SymbolicExpr.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"

#include "kiln/Dialect/Kiln/IR/KilnDialect.h.inc"

namespace kiln {

/// One declared fact about a symbol: `symbol in [lo, hi]` (kind Range) or
/// `symbol mod lo == 0` (kind Divisible).
struct SymbolFact {
  enum class Kind : uint8_t { Range, Divisible };
  mlir::StringAttr symbol;
  Kind kind = Kind::Range;
  int64_t lo = 0;
  int64_t hi = 0;

  bool operator==(const SymbolFact &o) const {
    return symbol == o.symbol && kind == o.kind && lo == o.lo && hi == o.hi;
  }
};

inline llvm::hash_code hash_value(const SymbolFact &f) {
  return llvm::hash_combine(f.symbol, f.kind, f.lo, f.hi);
}

} // namespace kiln

#define GET_TYPEDEF_CLASSES
#include "kiln/Dialect/Kiln/IR/KilnTypes.h.inc"

#define GET_ATTRDEF_CLASSES
#include "kiln/Dialect/Kiln/IR/KilnAttributes.h.inc"

namespace kiln {

/// The facts that hold inside `op`: those declared by the enclosing
/// function's `kiln.facts` attribute (or `op`'s own if it is a function).
sym::Facts getFactsAt(mlir::Operation *op);

/// The symbols that the arguments of the function enclosing `op` bind: those
/// that stand alone as a dim of some Kiln tensor argument.
llvm::SmallVector<llvm::StringRef> getBoundSymbolsAt(mlir::Operation *op);

/// `kiln.slice at file:line:col`: how errors that compiled code or a call's
/// checks report name the op.
std::string describeOp(mlir::Operation *op);

/// The expression context of the Kiln dialect loaded in `ctx`.
sym::ExprContext &getExprContext(mlir::MLIRContext *ctx);

} // namespace kiln

#endif // KILN_DIALECT_KILN_IR_KILNDIALECT_H
