//===- KilnAttributes.td - Kiln attributes -----------------*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNATTRIBUTES_TD
#define KILN_DIALECT_KILN_IR_KILNATTRIBUTES_TD

include "kiln/Dialect/Kiln/IR/KilnDialect.td"
include "mlir/IR/AttrTypeBase.td"

def Kiln_FactsAttr : AttrDef<Kiln_Dialect, "Facts"> {
  let mnemonic = "facts";
  let summary = "Facts about the symbols of a function";
  let description = [{
    Declared on a function as `kiln.facts`, this lists ranges and
    divisibility facts that simplification and provable equality may use:

    ```mlir
    #kiln.facts<B in [1, 4096], S mod 8 == 0>
    ```

    `B in [lo, hi]` bounds a symbol (both ends inclusive); `S mod d == 0`
    says that `S` is a multiple of `d`. Every fact must name a symbol that
    the function's arguments bind; at run time the bound values are checked
    against the facts.
  }];
  let parameters = (ins ArrayRefParameter<"::kiln::SymbolFact", "facts">:$facts);
  let hasCustomAssemblyFormat = 1;
  let extraClassDeclaration = [{
    /// The facts in the form the symbolic engine consumes.
    ::kiln::sym::Facts getSymFacts() const;
  }];
}

#endif // KILN_DIALECT_KILN_IR_KILNATTRIBUTES_TD
