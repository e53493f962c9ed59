//===- Passes.td - Kiln codegen, all targets ---------------*- tablegen -*-===//
//
// Code-generation passes that every target's lowering runs.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_COMMON_PASSES_TD
#define KILN_CODEGEN_COMMON_PASSES_TD

include "mlir/Pass/PassBase.td"

def KilnLowerDynamicExpandShape : Pass<"kiln-lower-dynamic-expand-shape"> {
  let summary = "Rewrite memref.expand_shape that splits one dynamic dim in several";
  let description = [{
    `memref.expand_shape %m [[0, 1]] output_shape [%b, %s] : memref<?xf32>
    into memref<?x?xf32>` crashes upstream's `expand-strided-metadata` in
    LLVM 22 when a group has several dynamic dims. For identity-layout
    (contiguous) operands this pass rewrites such ops into an equivalent
    `memref.reinterpret_cast` with row-major strides computed from the
    output sizes, which lowers cleanly. Other expand_shapes are left alone.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

#endif // KILN_CODEGEN_COMMON_PASSES_TD
