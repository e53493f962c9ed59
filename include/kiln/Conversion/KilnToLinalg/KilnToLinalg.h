//===- KilnToLinalg.h - Lower Kiln to linalg on tensors ---------*- C++ -*-===//

#ifndef KILN_CONVERSION_KILNTOLINALG_KILNTOLINALG_H
#define KILN_CONVERSION_KILNTOLINALG_KILNTOLINALG_H

#include "kiln/Symbolic/SymbolicExpr.h"

#include "mlir/IR/Value.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/DenseMap.h"

namespace kiln {

/// The index values of a function's symbolic dims: every symbol and every
/// dim expression of the Kiln types inside the function, materialized once
/// at the function's entry.
class SymbolSizes {
public:
  /// The value of a non-constant dim expression; null if unknown.
  mlir::Value lookup(sym::Expr dim) const { return sizes.lookup(dim); }
  void insert(sym::Expr dim, mlir::Value value) { sizes[dim] = value; }
  /// How many sizes are materialized.
  size_t size() const { return sizes.size(); }

private:
  llvm::DenseMap<sym::Expr, mlir::Value> sizes;
};

/// SymbolSizes of each function being lowered.
using SymbolSizesMap = llvm::DenseMap<mlir::Operation *, SymbolSizes>;

/// Converts `!kiln.tensor<[dims], T>` to `tensor<...xT>` with `?` for every
/// non-constant dim.
class KilnTypeConverter : public mlir::TypeConverter {
public:
  KilnTypeConverter();
};

/// Materializes at the entry of `func` the sizes of all symbols (from the
/// arguments that bind them) and of all non-constant dim expressions in the
/// Kiln types of `func`. Fails (with a diagnostic on the function) when a
/// symbol is not bound by any argument.
mlir::LogicalResult materializeSymbolSizes(mlir::Operation *func,
                                           SymbolSizes &sizes);

/// Adds the patterns lowering Kiln's primitive ops to linalg, tensor, arith
/// and math. Sizes of symbolic dims come from `sizes` (filled by
/// materializeSymbolSizes for every function before the conversion runs).
void populateKilnToLinalgConversionPatterns(
    mlir::RewritePatternSet &patterns, const mlir::TypeConverter &converter,
    const SymbolSizesMap &sizes);

} // namespace kiln

#endif // KILN_CONVERSION_KILNTOLINALG_KILNTOLINALG_H
