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

def KilnLowerAsserts : Pass<"kiln-lower-asserts", "::mlir::ModuleOp"> {
  let summary = "Turn host-side cf.assert into errors the caller reports";
  let description = [{
    Every `cf.assert` outside a `gpu.module` (a gather's index check, for
    one) becomes an `scf.if` on the failed condition that stores the check's
    number into the module's error slot, an i64 global named by
    `kiln::abi::kErrorSlot`. The messages go, in order, into the module
    attribute `kiln::abi::kErrorMessagesAttr`; the runner reads and clears
    the slot after each call and reports the message (`kiln.gather at
    f.mlir:3:8: an index is out of range for dim 0`) as the call's error.
    Execution goes on after a failed check, so the code after it must not
    depend on the condition (the gather lowering guards its read).
    Asserts in GPU kernels are left to the device's own assertion.

    Before:
    ```mlir
    cf.assert %ok, "kiln.gather at f.mlir:3:8: an index is out of range"
    ```
    After:
    ```mlir
    %bad = arith.xori %ok, %true : i1
    scf.if %bad {
      %slot = memref.get_global @kiln_error_slot : memref<i64>
      %c1 = arith.constant 1 : i64
      %old = memref.atomic_rmw assign %c1, %slot[] : (i64, memref<i64>) -> i64
    }
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
  let statistics = [
    Statistic<"numAsserts", "num-asserts", "Asserts turned into error reports">,
  ];
}

#endif // KILN_CODEGEN_COMMON_PASSES_TD
