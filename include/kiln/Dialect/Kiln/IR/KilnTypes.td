//===- KilnTypes.td - Kiln types ---------------------------*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNTYPES_TD
#define KILN_DIALECT_KILN_IR_KILNTYPES_TD

include "kiln/Dialect/Kiln/IR/KilnDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"

def Kiln_TensorType : TypeDef<Kiln_Dialect, "KilnTensor"> {
  let mnemonic = "tensor";
  let summary = "A tensor whose dims are symbolic expressions";
  let description = [{
    `!kiln.tensor<[d0, d1, ...], T>`; rank 0 is `!kiln.tensor<[], f32>`.
    Each dim is a non-negative integer, a symbol (`B`, `seq_len`), an
    expression over symbols and integers with `+ - *` and `floordiv`,
    `ceildiv`, `mod` by positive constants (`B*S`, `S + 1`, `2*D`), or `?`,
    an anonymous dim distinct from every other. Element types: f32, f16,
    bf16, f64, i1, i32, i64.

    Dims are kept in a canonical normal form (`S+1+1` prints `S + 2`, `S*B`
    prints `B*S`), so two types are the same exactly when their dims are
    equal as polynomials.
  }];
  let parameters = (ins
    ArrayRefParameter<"::kiln::sym::Expr", "dims (null is `?`)">:$dims,
    "::mlir::Type":$elementType
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let skipDefaultBuilders = 0;
  let extraClassDeclaration = [{
    int64_t getRank() const { return getDims().size(); }
    /// The static sizes, or nullopt if some dim is not a constant.
    std::optional<::llvm::SmallVector<int64_t>> getStaticShape() const;
    /// True when every dim is a constant.
    bool hasStaticShape() const { return getStaticShape().has_value(); }
    /// The builtin ranked tensor type with `?` for every non-constant dim.
    ::mlir::RankedTensorType toBuiltinTensorType() const;
    /// The same shape with another element type.
    KilnTensorType withElementType(::mlir::Type elementType) const;
    /// The same element type with other dims.
    KilnTensorType withDims(::llvm::ArrayRef<::kiln::sym::Expr> dims) const;
    /// Builds a type from static sizes.
    static KilnTensorType getStatic(::mlir::MLIRContext *ctx,
                                    ::llvm::ArrayRef<int64_t> shape,
                                    ::mlir::Type elementType);
  }];
}

#endif // KILN_DIALECT_KILN_IR_KILNTYPES_TD
