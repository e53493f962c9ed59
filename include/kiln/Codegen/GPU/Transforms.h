//===- Transforms.h - Kiln's GPU code generation ----------------*- C++ -*-===//
//
// The public pieces of the GPU lowering, which kiln-map-to-gpu and
// kiln-matmul-to-cublas drive:
//
//   thread mapping   one thread per `width` consecutive iterations of a
//                    parallel loop (elementwise groups, copies, matmuls);
//                    ThreadMapping.cpp
//   row mapping      one block per iteration of the outer loop of a fusion
//                    group over rows: the row's loops are spread over the
//                    block's threads, its reductions combine per thread and
//                    then across the block (gpu.all_reduce: warp shuffles
//                    and shared memory), row temporaries live in shared
//                    memory; RowMapping.cpp
//   attention        kiln.flash_attention as one tensor-core kernel (online
//                    softmax, no L x S scores in memory); FlashAttention.cpp
//   cuBLASLt calls   matmuls on device buffers become calls of the runtime's
//                    cuBLASLt entry points (kiln/Runtime/RuntimeABI.h), then
//                    separate pattern sets fold what the call can do itself:
//                    the zero fill, the epilogue, the rounding of a half
//                    product, transposed operands; CublasRewrites.cpp
//
// Both mappings read and write `width` consecutive elements per thread
// with one aligned vector access where the loop body allows it
// (LaneVectorizer.h).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_GPU_TRANSFORMS_H
#define KILN_CODEGEN_GPU_TRANSFORMS_H

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {

//===----------------------------------------------------------------------===//
// Thread and row mappings
//===----------------------------------------------------------------------===//

/// Options of both mappings.
struct GpuMappingOptions {
  /// Threads per block (thread mapping), the most threads per row (row
  /// mapping).
  int64_t blockSize = 256;
  /// Bytes per vector access (1: scalar accesses only).
  int64_t vectorBytes = 16;
};

/// Replaces the top-level `loop` (no reductions) by a gpu.launch with one
/// thread per iteration, or per `width` consecutive iterations of the last
/// dim when its body vectorizes.
mlir::LogicalResult mapLoopToThreads(mlir::RewriterBase &rewriter,
                                     mlir::scf::ParallelOp loop,
                                     const GpuMappingOptions &options);

/// If `loop` is a fusion group over rows that the row mapping handles (its
/// body holds a reduction loop accumulating into a row temporary, and
/// every write to memory shared by the row's threads is understood),
/// replaces it by a gpu.launch with one block per iteration and returns
/// true; otherwise leaves the IR untouched and returns false.
bool mapRowsToBlocks(mlir::RewriterBase &rewriter, mlir::scf::ParallelOp loop,
                     const GpuMappingOptions &options);

/// Replaces the top-level kiln.flash_attention `op` (on memrefs) by its
/// fused kernel: one gpu.launch of 128-thread blocks, each computing 64
/// queries of one batch entry with tensor-core MMAs and an online softmax
/// (FlashAttention.cpp). An operand whose rows are not known to be 16-byte
/// aligned is first copied (a kernel of `options`' thread mapping).
mlir::LogicalResult mapFlashAttentionToGpu(mlir::RewriterBase &rewriter,
                                           kiln::FlashAttentionOp op,
                                           const GpuMappingOptions &options);

/// Merges the gpu.modules of `module` whose bodies (and targets) are
/// identical into the first of them, retargeting the launches of the
/// others; returns how many were merged (kiln-dedupe-gpu-modules).
int64_t dedupeGpuModules(mlir::ModuleOp module);

//===----------------------------------------------------------------------===//
// cuBLASLt calls
//===----------------------------------------------------------------------===//

/// Each pattern set below counts the rewrites it makes in `*numApplied`
/// when given (the pass's statistics). kiln-matmul-to-cublas applies each
/// set once per call, in the order below; they are not meant for a
/// fixpoint driver (a fused epilogue's call could match again).

/// linalg.matmul / linalg.batch_matmul on device buffers (default indexing
/// maps; f32, f16 or bf16 inputs; an f32 result or one of the inputs'
/// type) -> a call of `kiln_rt_cuda_matmul_<in>_<out>_<rank>d` that adds
/// the product to the output (kMatmulAccumulate), at the matmul's place.
void populateMatmulToCublasCallPatterns(mlir::RewritePatternSet &patterns,
                                        int64_t *numApplied = nullptr);

/// A zero linalg.fill of an accumulating call's output right before it
/// (nothing in between touches the output) goes away; the call writes the
/// product instead of adding it.
void populateCublasFillFoldingPatterns(mlir::RewritePatternSet &patterns,
                                       int64_t *numApplied = nullptr);

/// A call writing a fresh rank-2 product whose only reader is the next
/// linalg.generic computing relu?(product + bias? + residual?) takes that
/// consumer into cuBLASLt's epilogue: the call writes the consumer's
/// output (bias over the columns, residual as C with beta = 1).
void populateCublasEpiloguePatterns(mlir::RewritePatternSet &patterns,
                                    int64_t *numApplied = nullptr);

/// A call writing a fresh f32 product of half inputs, with no epilogue,
/// whose every reader only rounds it to the inputs' type, writes it in
/// that type (the same rounding, half the bytes): the allocation, its
/// views and the readers change type.
void populateCublasNarrowingPatterns(mlir::RewritePatternSet &patterns,
                                     int64_t *numApplied = nullptr);

/// An operand of a call that is a fresh copy written only by a
/// linalg.transpose of another buffer's last two dims is read from that
/// buffer transposed (kMatmulTransposeA/B); the copy goes away.
void populateCublasTransposePatterns(mlir::RewritePatternSet &patterns,
                                     int64_t *numApplied = nullptr);

} // namespace kiln

#endif // KILN_CODEGEN_GPU_TRANSFORMS_H
