//===- MappingUtils.h - Index arithmetic of Kiln's GPU mappings -*- C++ -*-===//
//
// Shared by the thread and row mappings: trip counts, delinearized
// induction variables, the vector width of a loop, copy loops, scratch
// slots in global memory. Not installed.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CODEGEN_GPU_MAPPINGUTILS_H
#define KILN_LIB_CODEGEN_GPU_MAPPINGUTILS_H

#include "kiln/Codegen/GPU/Transforms.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

namespace mlir {
class IRMapping;
class RewriterBase;
namespace gpu {
class LaunchOp;
} // namespace gpu
namespace memref {
class AllocOp;
} // namespace memref
} // namespace mlir

namespace kiln {

/// The trip count (ub - lb) ceildiv step, bounds read through `map`,
/// built at the builder's point.
mlir::Value buildTripCount(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::IRMapping &map, mlir::Value lb, mlir::Value ub,
                           mlir::Value step);

/// Splits `linear` into the induction variables of `loop` (last dim
/// fastest); `counts` are the trip counts.
llvm::SmallVector<mlir::Value>
delinearize(mlir::OpBuilder &b, mlir::Location loc, mlir::IRMapping &map,
            mlir::scf::ParallelOp loop, llvm::ArrayRef<mlir::Value> counts,
            mlir::Value linear);

/// The vector width for the last dim of `loop` when its iterations can run
/// `width` at a time (static extent, unit step, a body that vectorizes);
/// 1 otherwise.
int64_t getLoopVectorWidth(mlir::scf::ParallelOp loop,
                           const GpuMappingOptions &options);

/// `scf.parallel` over `source`'s shape copying it into `target` (copies
/// the GPU cannot do as one memcpy), built at the builder's point.
mlir::scf::ParallelOp buildCopyLoop(mlir::OpBuilder &b, mlir::Location loc,
                                    mlir::Value source, mlir::Value target);

/// Replaces `alloc` (a temporary inside `launch`, identity layout, its
/// dynamic sizes defined before the launch) by slot `slot` of `count`
/// slots of a global scratch buffer allocated in front of `launch` and
/// freed after it: a memref.view of the alloc's type, each slot 16-byte
/// aligned. `slot` and `count` are values inside and in front of the launch.
void replaceWithScratchSlot(mlir::RewriterBase &rewriter,
                            mlir::memref::AllocOp alloc,
                            mlir::gpu::LaunchOp launch, mlir::Value slot,
                            mlir::Value count);

} // namespace kiln

#endif // KILN_LIB_CODEGEN_GPU_MAPPINGUTILS_H
