//===- Passes.td - Kiln conversions ------------------------*- tablegen -*-===//

#ifndef KILN_CONVERSION_PASSES_TD
#define KILN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertKilnToLinalg : Pass<"convert-kiln-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower Kiln ops to linalg/tensor/arith/math on builtin tensors";
  let description = [{
    Rewrites every Kiln op into linalg (generic, matmul, transpose, fill),
    tensor (empty, collapse/expand_shape, concat, dim), arith and math ops on
    builtin tensors whose non-constant dims are `?`. Composite ops are first
    decomposed (as `kiln-decompose` does).

    Each symbol becomes ONE `index` value, computed once at function entry by
    `tensor.dim` on the first argument dim that binds it, and every dim
    expression (`B*S`) becomes ONE value computed from those, so all ops that
    share a size share the SSA value (fusion and bufferization see equality).
    Checking that several arguments bind a symbol to the same value is the
    caller's job (kiln-run and the runtime ABI do it before the call).

    f16/bf16 elementwise math is computed in f32 and rounded once per op;
    reductions and matmuls accumulate in f32.

    Gathers check each index in the body of their `linalg.generic`: a
    `cf.assert` naming the op (turned into a reported error by
    `kiln-lower-asserts`, or a device assertion in GPU kernels) and an
    `scf.if` around the read, so an index out of range never reads outside
    the buffer.

    Before:
    ```mlir
    func.func @f(%x: !kiln.tensor<[B, D], f32>, %b: !kiln.tensor<[D], f32>)
        -> !kiln.tensor<[B, D], f32> {
      %y = kiln.add %x, %b : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D], f32>
          -> !kiln.tensor<[B, D], f32>
      return %y : !kiln.tensor<[B, D], f32>
    }
    ```
    After:
    ```mlir
    func.func @f(%x: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
      %B = tensor.dim %x, %c0 : tensor<?x?xf32>
      %D = tensor.dim %x, %c1 : tensor<?x?xf32>
      %e = tensor.empty(%B, %D) : tensor<?x?xf32>
      %y = linalg.generic {indexing_maps = [(d0, d1) -> (d0, d1),
          (d0, d1) -> (d1), (d0, d1) -> (d0, d1)], ...}
          ins(%x, %b : ...) outs(%e : ...) { arith.addf ... }
      return %y : tensor<?x?xf32>
    }
    ```
  }];
  let options = [
    Option<"flashAttention", "flash-attention", "bool", /*default=*/"false",
           "kiln.attention in the flash form (see kiln-decompose's "
           "keep-flash-attention) becomes kiln.flash_attention (a fused "
           "kernel) rather than matmuls and a softmax">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
  let statistics = [
    Statistic<"numOpsLowered", "num-ops-lowered", "Kiln ops lowered">,
    Statistic<"numSymbols", "num-symbols",
              "Symbol sizes materialized at function entry">,
  ];
}

#endif // KILN_CONVERSION_PASSES_TD
