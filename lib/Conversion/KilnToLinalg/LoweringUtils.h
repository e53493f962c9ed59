//===- LoweringUtils.h - Helpers shared by the Kiln lowerings ---*- C++ -*-===//
//
// Internal to lib/Conversion/KilnToLinalg: sizes of symbolic dims, scalar
// compute types, and the broadcasting linalg.generic builder.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CONVERSION_KILNTOLINALG_LOWERINGUTILS_H
#define KILN_LIB_CONVERSION_KILNTOLINALG_LOWERINGUTILS_H

#include "kiln/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Transforms/DialectConversion.h"

namespace kiln::lowering {

/// The SymbolSizes of the function enclosing `op` (empty if none).
const SymbolSizes &getSizesFor(const SymbolSizesMap &map, mlir::Operation *op);

/// The index value of result dim `dim` of a Kiln type: null for a static dim
/// (the builtin type carries it), the materialized value for an expression,
/// and `unknown()` for `?`.
mlir::Value getDimValue(sym::Expr dim, const SymbolSizes &sizes,
                        llvm::function_ref<mlir::Value()> unknown);

/// The dynamic sizes (for tensor.empty) of a Kiln type; `unknown(i)` gives
/// the size of dim i when it is `?`.
llvm::SmallVector<mlir::Value>
getDynamicSizes(KilnTensorType type, const SymbolSizes &sizes,
                llvm::function_ref<mlir::Value(unsigned)> unknown);

/// All sizes of a Kiln type as OpFoldResults (attributes for static dims).
llvm::SmallVector<mlir::OpFoldResult>
getMixedSizes(mlir::OpBuilder &b, KilnTensorType type, const SymbolSizes &sizes,
              llvm::function_ref<mlir::Value(unsigned)> unknown);

/// `tensor.empty` of the shape of `type` with element type `elementType`.
mlir::Value createEmpty(mlir::OpBuilder &b, mlir::Location loc,
                        KilnTensorType type, mlir::Type elementType,
                        llvm::ArrayRef<mlir::Value> dynamicSizes);

/// Reshapes `value` into `resultType` where result dims are grouped by
/// `groups` (one group per source dim): a tensor.expand_shape (a view) with
/// the sizes `mixedSizes`. (A group with several dynamic dims needs
/// kiln-lower-dynamic-expand-shape before expand-strided-metadata.)
mlir::Value expandTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                     mlir::RankedTensorType resultType,
                     llvm::ArrayRef<mlir::ReassociationIndices> groups,
                     llvm::ArrayRef<mlir::OpFoldResult> mixedSizes);

/// What a reduction over `reduced` dims of `type` produces: the iterator of
/// each loop, the kept (keepdim = false) type, the output's indexing
/// expressions and the kept dims' dynamic sizes (`input` for `?` dims).
struct ReducedShape {
  llvm::SmallVector<mlir::utils::IteratorType> iterators;
  KilnTensorType type;
  llvm::SmallVector<mlir::AffineExpr> outExprs;
  llvm::SmallVector<mlir::Value> dynamicSizes;
};
ReducedShape getReducedShape(mlir::OpBuilder &b, mlir::Location loc,
                             KilnTensorType type,
                             llvm::ArrayRef<int64_t> reduced,
                             const SymbolSizes &sizes, mlir::Value input);

/// Re-inserts the `reduced` dims of a keepdim reduction as size 1 (a
/// tensor.expand_shape view of `value`): each unit dim joins the group of
/// the nearest kept dim before it (or the first kept dim). `input` is the
/// reduction's operand, for sizes that are `?`.
mlir::Value expandReducedDims(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value value, KilnTensorType resultType,
                              llvm::ArrayRef<int64_t> reduced,
                              const SymbolSizes &sizes, mlir::Value input);

/// f32 for f16/bf16 (the type their math is done in), else `type`.
mlir::Type getComputeType(mlir::Type type);

/// Converts a scalar between element types with C semantics (float to int
/// truncates, to i1 is `!= 0`, i1 is unsigned).
mlir::Value convertScalar(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value value, mlir::Type to);

/// A float or integer scalar constant of `type`.
mlir::Value scalarConstant(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Type type, double value);

/// Builds the scalar computation of an elementwise op, given its operands
/// already converted to the compute type.
using ScalarBodyFn = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// Lowers an elementwise op over `operands` (Kiln values; `converted` are
/// their builtin counterparts) with NumPy broadcasting into one
/// linalg.generic producing `resultType`. Scalars are converted to
/// `computeType` before `body` and the result is converted to the result's
/// element type.
mlir::Value buildElementwise(mlir::OpBuilder &b, mlir::Location loc,
                             KilnTensorType resultType,
                             mlir::ValueRange operands,
                             mlir::ValueRange converted,
                             const SymbolSizes &sizes, mlir::Type computeType,
                             ScalarBodyFn body);

/// Adds the elementwise patterns (unary, binary, cmp, select, cast,
/// broadcast_to).
void populateElementwisePatterns(mlir::RewritePatternSet &patterns,
                                 const mlir::TypeConverter &converter,
                                 const SymbolSizesMap &sizes);

/// Adds the reduction, matmul and data-movement patterns.
void populateStructuredPatterns(mlir::RewritePatternSet &patterns,
                                const mlir::TypeConverter &converter,
                                const SymbolSizesMap &sizes);

/// `x` padded to `resultType` (kiln.pad's semantics): a linalg.generic over
/// the result reading x where the index falls inside it (under an scf.if,
/// so nothing is read outside) and `value` elsewhere. `x` itself when there
/// is no padding.
mlir::Value buildPad(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                     KilnTensorType resultType, llvm::ArrayRef<int64_t> low,
                     llvm::ArrayRef<int64_t> high, double value,
                     const SymbolSizes &sizes);

/// Adds the convolution and pooling patterns (Convolution.cpp).
void populateConvolutionPatterns(mlir::RewritePatternSet &patterns,
                                 const mlir::TypeConverter &converter,
                                 const SymbolSizesMap &sizes);

/// Adds the indexing patterns (gather, gather_elements, pad, cumsum,
/// argmax, argmin).
void populateIndexingPatterns(mlir::RewritePatternSet &patterns,
                              const mlir::TypeConverter &converter,
                              const SymbolSizesMap &sizes);

/// Base of Kiln lowering patterns: access to the function's sizes.
template <typename OpTy>
struct KilnLoweringPattern : mlir::OpConversionPattern<OpTy> {
  KilnLoweringPattern(const mlir::TypeConverter &converter,
                      mlir::MLIRContext *ctx, const SymbolSizesMap &sizes)
      : mlir::OpConversionPattern<OpTy>(converter, ctx), sizesMap(sizes) {}

  const SymbolSizes &getSizes(mlir::Operation *op) const {
    return getSizesFor(sizesMap, op);
  }

  const SymbolSizesMap &sizesMap;
};

} // namespace kiln::lowering

#endif // KILN_LIB_CONVERSION_KILNTOLINALG_LOWERINGUTILS_H
