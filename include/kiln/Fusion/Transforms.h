//===- Transforms.h - Kiln's fusion transformations -------------*- C++ -*-===//
//
// The public pieces of the fusion phase: the cost model that decides what
// joins a fusion group, the control of elementwise fusion, the patterns
// that prepare linalg on tensors for row fusion, forming one group, and
// counting the kernels that fusion leaves. The passes of Passes.td are thin
// drivers over these.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FUSION_TRANSFORMS_H
#define KILN_FUSION_TRANSFORMS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {

/// The most operands (inputs and outputs) one fused op or fusion group
/// reads: each becomes a parameter of its kernel, and a GPU kernel's 4 KiB
/// of parameter space holds about 60 descriptors of rank-3 buffers. (Without
/// a bound, elementwise fusion along a transformer's residual stream made
/// one op of 127 operands in BERT-base.)
inline constexpr int64_t kMaxFusedOperands = 48;

/// Kiln's fusion cost model: should `producer` (a linalg op on tensors)
/// join the fusion group of one of its consumers? Compares the DRAM bytes
/// saved by keeping the producer's result on chip against the work
/// recomputed when it is evaluated once per use inside the group.
struct FusionCostModel {
  /// Cost of one byte of memory traffic, in units of one scalar op
  /// (machine balance; ~10 on a 2-core AVX-512 CPU).
  double opsPerByte = 10.0;
  /// Matmuls may join their epilogue's group (generated matmuls only).
  bool fuseContractions = false;
  /// The most recomputed producers (used more than once in the group) one
  /// group takes: tile-and-fuse clones such a producer per use, and its
  /// producers per copy, which grows exponentially along chains that fan
  /// out (a transformer's residual stream); past this budget the rest stay
  /// kernels of their own. Producers used once are not counted.
  int64_t maxFusedProducers = 32;
  /// The most operands a group's ops read from outside it.
  int64_t maxOperands = kMaxFusedOperands;

  /// The decision for `producer`, whose result is used `usesInGroup` times
  /// inside the group.
  bool shouldFuse(mlir::linalg::LinalgOp producer, int64_t usesInGroup) const;
};

/// The control of Kiln's elementwise fusion: fuse the producer of
/// `fusedOperand` only if its consumer reads it through a permutation of all
/// the consumer's loops (no element computed twice), the fused op keeps
/// within kMaxFusedOperands, and, for a producer that other ops read too,
/// its copy reads at most one full-size tensor the consumer does not read
/// already (so that the consumer reads no more than before) and, if its
/// result is written anyway (a matmul or the caller reads it), no
/// reduction's result broadcast (readsBroadcastReduction). With
/// `shareTranscendentals`, a producer of transcendental math
/// (hasTranscendentalMath) that a reduction and other ops read is fused into
/// none of them: a row group then evaluates it once per element into a row
/// buffer, where fused copies would evaluate it once per reader.
bool isFusionWithoutRecompute(mlir::OpOperand *fusedOperand,
                              bool shareTranscendentals = false);

/// Whether `op` is elementwise and computes its result from its loop
/// indices alone, in a few scalar ops (an iota, a causal mask): it reads
/// no tensor, so fusing it into a consumer that broadcasts it costs no
/// memory traffic.
bool isIndexOnly(mlir::linalg::LinalgOp op);

/// Whether the body of `op` evaluates an exponential, a logarithm, erf, a
/// power or a trigonometric function: tens of scalar ops per element, where
/// a row buffer's store and load cost two.
bool hasTranscendentalMath(mlir::linalg::LinalgOp op);

/// The full-size tensor inputs of `producer` (read through a permutation of
/// all its loops, so not broadcast) that `reader` does not read already (all
/// of them without a reader): what a copy of the producer fused into a
/// reader reads in place of the producer's result.
int64_t countFullInputs(mlir::linalg::LinalgOp producer,
                        mlir::Operation *reader = nullptr);

/// Whether `op`, or an elementwise op it reads through a permutation, reads
/// a reduction's result (possibly finished by ops of its size, and
/// reshaped) broadcast over the reduced dims: a layer_norm's normalization
/// reading the mean and variance of its rows, or the scale and shift after
/// it. A copy of such an op needs the statistics as well as its inputs.
bool readsBroadcastReduction(mlir::linalg::LinalgOp op);

/// True when the op's body reads memory itself (tensor.extract of a value
/// that is not an operand: a gather's or a pad's guarded read), which its
/// operands' byte counts do not show.
bool readsInBody(mlir::linalg::LinalgOp op);

/// Adds the patterns that prepare linalg on tensors for row fusion: a
/// tensor.expand_shape that only inserts unit dims (a keepdim reduction's
/// result) is folded into the indexing maps of the linalg.generic ops that
/// read it, and tensor.dim of op results is resolved from operands, so that
/// a group's ops are connected directly.
void populateRowFusionPreparationPatterns(mlir::RewritePatternSet &patterns);

/// Tiles `root` (a linalg op on tensors) by rows and fuses its producers
/// where `model` says so; returns the number of producers fused.
mlir::FailureOr<int64_t> formRowFusionGroup(mlir::RewriterBase &rewriter,
                                            mlir::linalg::LinalgOp root,
                                            const FusionCostModel &model,
                                            int64_t &numRejected);

/// The kernels of `root` after fusion, on tensors: each fusion group (an
/// scf.forall over rows) and each linalg op or tensor.concat outside any
/// group (fills excluded: they fold into their consumers).
int64_t countKernelsAfterFusion(mlir::Operation *root);

} // namespace kiln

#endif // KILN_FUSION_TRANSFORMS_H
