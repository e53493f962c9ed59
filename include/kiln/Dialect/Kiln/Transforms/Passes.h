//===- Passes.h - Kiln dialect transformations ------------------*- C++ -*-===//

#ifndef KILN_DIALECT_KILN_TRANSFORMS_PASSES_H
#define KILN_DIALECT_KILN_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace kiln {

#define GEN_PASS_DECL
#include "kiln/Dialect/Kiln/Transforms/Passes.h.inc"

/// Adds the patterns that rewrite composite Kiln ops (softmax, log_softmax,
/// layer_norm, rms_norm, gelu, silu, attention and, if `decomposeSigmoid`,
/// sigmoid) into primitive Kiln ops; with `keepFlashAttention`, attention
/// in the flash form (AttentionOp::hasFlashAttentionForm) stays for a fused
/// kernel.
void populateKilnDecompositionPatterns(mlir::RewritePatternSet &patterns,
                                       bool decomposeSigmoid = true,
                                       bool keepFlashAttention = false);

/// Adds the patterns of kiln-raise-attention: matmul-softmax-matmul into
/// kiln.attention, and a causal mask written out into `causal = true`.
void populateKilnRaiseAttentionPatterns(mlir::RewritePatternSet &patterns);

/// Rewrites the Kiln tensor types inside `func` into their simplest form
/// under its `kiln.facts`; returns how many value types changed.
int64_t simplifyShapesUnderFacts(mlir::Operation *func);

#define GEN_PASS_REGISTRATION
#include "kiln/Dialect/Kiln/Transforms/Passes.h.inc"

} // namespace kiln

#endif // KILN_DIALECT_KILN_TRANSFORMS_PASSES_H
