//===- Passes.td - Kiln dialect transformations ------------*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_TRANSFORMS_PASSES_TD
#define KILN_DIALECT_KILN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Decomposition
//===----------------------------------------------------------------------===//

def KilnDecompose : Pass<"kiln-decompose"> {
  let summary = "Rewrite composite Kiln ops into primitive ones";
  let description = [{
    Rewrites `kiln.softmax`, `kiln.log_softmax`, `kiln.layer_norm`,
    `kiln.rms_norm`, `kiln.gelu` (both forms), `kiln.silu` and
    `kiln.sigmoid` into elementwise ops and reductions, so that fusion sees
    (and fuses) their parts. The rewrites are numerically stable: softmax and
    log_softmax subtract the row max first, and f16/bf16 inputs of the
    normalizations are computed in f32 and cast back, as PyTorch does.

    Before:
    ```mlir
    %y = kiln.softmax %x {dim = -1 : i64} : !kiln.tensor<[B, S], f32>
    ```
    After:
    ```mlir
    %m = kiln.reduce_max %x {dims = array<i64: -1>, keepdim = true} : ... -> !kiln.tensor<[B, 1], f32>
    %d = kiln.sub %x, %m : ... -> !kiln.tensor<[B, S], f32>
    %e = kiln.exp %d : !kiln.tensor<[B, S], f32>
    %s = kiln.reduce_sum %e {dims = array<i64: -1>, keepdim = true} : ...
    %y = kiln.div %e, %s : ... -> !kiln.tensor<[B, S], f32>
    ```
  }];
  let options = [
    Option<"decomposeSigmoid", "sigmoid", "bool", /*default=*/"true",
           "Also rewrite kiln.sigmoid (and so kiln.silu's sigmoid) into "
           "1 / (1 + exp(-x))">,
    Option<"keepFlashAttention", "keep-flash-attention", "bool",
           /*default=*/"false",
           "Leave kiln.attention in the flash form (no mask, one set of "
           "batch dims, half inputs, static head dims: what "
           "kiln.flash_attention takes) for a fused kernel">,
  ];
  let statistics = [
    Statistic<"numDecomposed", "num-decomposed", "Composite ops rewritten">,
  ];
}

def KilnRaiseAttention : Pass<"kiln-raise-attention"> {
  let summary = "Recognize attention written out as matmul-softmax-matmul";
  let description = [{
    Rewrites `softmax(q @ transpose(k) * c) @ v` (or `/ c`; the softmax over
    the last dim; each intermediate used once; `c` a scalar constant;
    optionally casts around the softmax) into `kiln.attention %q, %k, %v
    {scale = c}`, so that a target with a fused attention kernel takes it
    (the GPU pipeline runs this pass; elsewhere the decomposition would only
    undo it). The fused kernel keeps the scores in f32 where the written
    program rounds them to its type, as a fused attention does.

    Before:
    ```mlir
    %kt = kiln.transpose %k {perm = array<i64: 0, 1, 3, 2>} : ...
    %s = kiln.matmul %q, %kt : ... -> !kiln.tensor<[B, H, S, S], bf16>
    %x = kiln.mul %s, %c : ..., !kiln.tensor<[], bf16> -> ...
    %p = kiln.softmax %x {dim = -1 : i64} : !kiln.tensor<[B, H, S, S], bf16>
    %y = kiln.matmul %p, %v : ... -> !kiln.tensor<[B, H, S, 64], bf16>
    ```
    After:
    ```mlir
    %y = kiln.attention %q, %k, %v {scale = 1.250000e-01 : f64} : ...
    ```

    A `kiln.attention` whose mask is the causal mask written out (as
    transformers builds it: `key <= query` over iotas along the mask's last
    two dims, possibly reshaped and broadcast, as an `i1` mask or selected
    into an additive 0 / -inf one; -65504, the most negative half, which
    transformers masks with on CUDA, counts as -inf: the probabilities are
    the same unless a row's scores span more than ~65000) becomes
    `{causal = true}` without the mask, which the fused kernel takes. A mask that keeps anything else (a
    strict `<`, a padding mask, an offset) is left alone.
  }];
  let statistics = [
    Statistic<"numRaised", "num-raised", "Attention patterns raised">,
    Statistic<"numCausalMasks", "num-causal-masks",
              "Causal masks written out folded into causal = true">,
  ];
}

//===----------------------------------------------------------------------===//
// Shape simplification
//===----------------------------------------------------------------------===//

def KilnSimplifyShapes : Pass<"kiln-simplify-shapes"> {
  let summary = "Simplify symbolic dims under the function's facts";
  let description = [{
    Rewrites every Kiln tensor type inside a function that declares
    `kiln.facts` (argument, result and op result types) into its simplest
    form under those facts. With `S mod 8 == 0`, `[(S floordiv 8)*8]`
    becomes `[S]`; with `B in [1, 4096]`, `[B floordiv 8192 + S]` becomes
    `[S]`. Function signatures are updated to match.
  }];
  let statistics = [
    Statistic<"numTypesSimplified", "num-types-simplified",
              "Value types rewritten">,
  ];
}

#endif // KILN_DIALECT_KILN_TRANSFORMS_PASSES_TD
