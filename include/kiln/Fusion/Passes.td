//===- Passes.td - Kiln fusion -----------------------------*- tablegen -*-===//
//
// Fusion on linalg tensors, shared by every target: what becomes one kernel.
// Elementwise producers fuse into consumers without recompute; fusion groups
// (one loop over rows per group) take reductions with their producers and
// consumers, and matmuls with their epilogues where the target generates them.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FUSION_PASSES_TD
#define KILN_FUSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def KilnFuseElementwise : Pass<"kiln-fuse-elementwise"> {
  let summary = "Fuse elementwise producers into consumers without recompute";
  let description = [{
    Upstream's elementwise fusion of linalg.generic producers into their
    consumers (elementwise chains, broadcasts, elementwise producers into
    reductions), under Kiln's control function: a producer is fused into a
    consumer only where the consumer reads each of its elements once, that
    is through a permutation of all its loops (a producer computed from
    its loop indices alone, such as a causal mask, also through a broadcast,
    except into a matmul). A producer with several
    consumers is fused into each of them (as upstream does, evaluated once
    per consumer) only where its copy reads at most one full-size tensor
    that the consumer does not read already: a cast or a biased tensor
    fuses into all its readers, while the residual stream of a transformer
    (`h2 = h1 + f(h1)`, each link read by a layer norm and the next link)
    is written once per link instead of being recomputed from its start in
    every layer. Upstream's
    default would also fuse a layer_norm into the matmul that reads it,
    recomputing it for every output column (N times the work) and turning
    the matmul into a generic that cannot go to BLAS.

    Before:
    ```mlir
    %t = linalg.generic {parallel, parallel} ins(%x) { exp }
    %y = linalg.generic {parallel, parallel} ins(%t, %b) { add }
    ```
    After: one linalg.generic computing `exp(x) + b`.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
  let options = [
    Option<"shareTranscendentals", "share-transcendentals", "bool",
           /*default=*/"false",
           "Keep a producer of exponentials, logarithms, erf or tanh that a "
           "reduction and other ops read out of all its readers, so that its "
           "row group computes it once (the exp of a softmax, read by the "
           "sum and the normalization); off: fused into each reader">,
  ];
  let statistics = [
    Statistic<"numRefused", "num-refused",
              "Fusions refused because they would recompute the producer">,
  ];
}

def KilnFuseRows : Pass<"kiln-fuse-rows"> {
  let summary = "Form fusion groups: one loop over rows per group";
  let description = [{
    Forms Kiln's fusion groups on linalg ops on tensors. Each group becomes
    ONE `scf.forall` over the rows (the root's first parallel loop) whose
    body computes one row of every op in the group:

    - elementwise chains (already one linalg.generic after upstream
      elementwise fusion);
    - elementwise producers into reductions;
    - a reduction with the elementwise consumers of its broadcast result,
      so that softmax is one loop over rows whose body reduces the row
      (max), maps it (exp) and reduces again (sum) while the row is in cache;
    - a matmul with its elementwise epilogue (when the matmul is generated
      code; a matmul sent to BLAS stays a library call).

    Whether a producer joins its consumer's group is decided by a cost
    model (`FusionCostModel`): the bytes saved by not writing and re-reading
    the producer's result against the work recomputed when the producer has
    several users inside the group. The pass counts groups as kernels.

    Before (after decomposition and lowering, softmax is 5 linalg.generic ops):
    ```mlir
    %m = linalg.generic {reduction} ins(%x) outs(%fill)    // max
    %e = linalg.generic {parallel} ins(%x, %m) outs(%t)    // exp(x - m)
    %s = linalg.generic {reduction} ins(%e) outs(%fill2)   // sum
    %r = linalg.generic {parallel} ins(%s) outs(%t3)       // 1 / s
    %y = linalg.generic {parallel} ins(%e, %r) outs(%t2)   // e * r
    ```
    After:
    ```mlir
    %y = scf.forall (%i) in (%rows) shared_outs(%o = %t2) {
      // the five ops on row %i; %e is tiled once per reader (the sum and
      // the product), copies that CSE merges into one row temporary
    }
    ```
    (By default, elementwise fusion has already fused the exp into both
    readers, which then recompute it; the CPU pipeline keeps it apart:
    kiln-fuse-elementwise's share-transcendentals.)
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::linalg::LinalgDialect"];
  let options = [
    Option<"fuseContractions", "fuse-contractions", "bool",
           /*default=*/"false",
           "Let matmuls join their epilogue's group (off when matmuls go "
           "to BLAS)">,
    Option<"onlyWithReductions", "only-with-reductions", "bool",
           /*default=*/"false",
           "Form a group only where it holds a reduction (the GPU maps a "
           "purely elementwise op better as one flat kernel)">,
  ];
  let statistics = [
    Statistic<"numGroups", "num-groups", "Fusion groups (kernels) formed">,
    Statistic<"numFused", "num-fused", "Producers fused into a group">,
    Statistic<"numRejected", "num-rejected",
              "Producers the cost model kept out of a group">,
  ];
}

#endif // KILN_FUSION_PASSES_TD
