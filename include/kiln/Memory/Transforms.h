//===- Transforms.h - Kiln's preparation for bufferization ------*- C++ -*-===//
//
// The patterns the memory phase runs on tensors before one-shot
// bufferization (kiln-split-shared-destinations is a thin driver over them).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_MEMORY_TRANSFORMS_H
#define KILN_MEMORY_TRANSFORMS_H

#include "mlir/IR/PatternMatch.h"

namespace kiln {

/// A linalg.fill on tensors that several ops write into (CSE merges the
/// identical zero fills of every matmul's accumulator) gets one copy per
/// destination, with its own tensor.empty: bufferization then fills each
/// buffer in place instead of filling one and copying it for every writer,
/// and a library call can fold the fill (D = A @ B, not D += A @ B). A
/// tensor.empty that several ops write into gets one per writer: each
/// writer's buffer is then its own (a transposed copy that nothing else
/// writes folds into a library call's operand).
void populateSplitSharedDestinationsPatterns(
    mlir::RewritePatternSet &patterns);

} // namespace kiln

#endif // KILN_MEMORY_TRANSFORMS_H
