//===- KilnDialect.td - The Kiln dialect -------------------*- tablegen -*-===//
//
// The Kiln dialect: tensor programs over tensors whose dims are named symbolic
// expressions (`!kiln.tensor<[B, S*4], f32>`).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNDIALECT_TD
#define KILN_DIALECT_KILN_IR_KILNDIALECT_TD

include "mlir/IR/OpBase.td"

def Kiln_Dialect : Dialect {
  let name = "kiln";
  let cppNamespace = "::kiln";
  let summary = "Tensor programs with named symbolic dimensions";
  let description = [{
    Kiln's input IR. Values are `!kiln.tensor<[dims], T>`, where each dim is a
    static size, a symbol (`B`), an expression over symbols (`B*S`, `S+1`,
    `S floordiv 8`) or `?`. Ops have NumPy/PyTorch semantics; every dim that
    must agree (broadcasting, contraction, concatenation) must be provably
    equal at compile time. Symbols are scoped to the enclosing function and
    bound by its argument types; facts about them (ranges, divisibility) are
    declared with the `kiln.facts` function attribute:

    ```mlir
    func.func @f(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
        attributes {kiln.facts = #kiln.facts<B in [1, 4096], S mod 8 == 0>} {
      %y = kiln.exp %x : !kiln.tensor<[B, S], f32>
      return %y : !kiln.tensor<[B, S], f32>
    }
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// The context that uniques the symbolic dim expressions of this
    /// MLIRContext's Kiln types.
    ::kiln::sym::ExprContext &getExprContext() { return *exprContext; }

    /// The name of the function attribute holding symbol facts.
    static constexpr ::llvm::StringLiteral getFactsAttrName() {
      return ::llvm::StringLiteral("kiln.facts");
    }

    /// The function attributes (integers) where kiln-plan-memory records a
    /// static plan's figures: the arena's bytes, the intermediates' bytes
    /// without reuse, and the most bytes live at once.
    static constexpr ::llvm::StringLiteral getArenaBytesAttrName() {
      return ::llvm::StringLiteral("kiln.arena_bytes");
    }
    static constexpr ::llvm::StringLiteral getNaiveBytesAttrName() {
      return ::llvm::StringLiteral("kiln.naive_bytes");
    }
    static constexpr ::llvm::StringLiteral getLowerBoundBytesAttrName() {
      return ::llvm::StringLiteral("kiln.lower_bound_bytes");
    }

  private:
    std::unique_ptr<::kiln::sym::ExprContext> exprContext;
    void registerTypes();
    void registerAttributes();

  public:
  }];
}

#endif // KILN_DIALECT_KILN_IR_KILNDIALECT_TD
