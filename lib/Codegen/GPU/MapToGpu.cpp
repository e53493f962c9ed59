//===- MapToGpu.cpp - Host code launching one kernel per loop nest --------===//
//
// Each top-level scf.parallel becomes one gpu.launch (Transforms.h: one
// block per row for fusion groups over rows, one thread per vector of
// iterations otherwise); other device work runs in one thread; host buffers
// become device buffers. runOnOperation runs the numbered steps below.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/GPU/Passes.h"
#include "kiln/Codegen/GPU/Transforms.h"

#include "MappingUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace kiln {
#define GEN_PASS_DEF_KILNMAPTOGPU
#include "kiln/Codegen/GPU/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

/// Rewrites an scf.parallel into a nest of scf.for (no reductions).
static LogicalResult serialize(RewriterBase &rewriter, scf::ParallelOp op) {
  if (op.getNumReductions() != 0)
    return failure();
  rewriter.setInsertionPoint(op);
  Location loc = op.getLoc();
  SmallVector<Value> ivs;
  OpBuilder::InsertionGuard guard(rewriter);
  for (auto [lb, ub, step] :
       llvm::zip(op.getLowerBound(), op.getUpperBound(), op.getStep())) {
    auto loop = scf::ForOp::create(rewriter, loc, lb, ub, step);
    ivs.push_back(loop.getInductionVar());
    rewriter.setInsertionPointToStart(loop.getBody());
  }
  IRMapping map;
  map.map(op.getInductionVars(), ivs);
  for (Operation &nested : op.getBody()->without_terminator())
    rewriter.clone(nested, map);
  rewriter.eraseOp(op);
  return success();
}

/// True for host ops that only compute indices, describe buffers or manage
/// them (including the scf.if around a conditional dealloc that buffer
/// deallocation emits).
static bool staysOnHost(Operation *op) {
  if (op->getNumRegions() != 0) {
    if (isa<scf::ParallelOp, scf::ForOp, scf::WhileOp>(op))
      return false;
    WalkResult walk = op->walk([&](Operation *nested) {
      if (nested != op && !isa<scf::YieldOp>(nested) && !staysOnHost(nested))
        return WalkResult::interrupt();
      return WalkResult::advance();
    });
    return !walk.wasInterrupted();
  }
  if (isa<memref::DimOp, memref::ViewOp, memref::SubViewOp,
          memref::ExpandShapeOp, memref::CollapseShapeOp,
          memref::ReinterpretCastOp, memref::CastOp,
          memref::ExtractStridedMetadataOp, memref::AllocOp, memref::DeallocOp,
          memref::CopyOp, memref::GetGlobalOp, func::ReturnOp, func::CallOp>(
          op))
    return true;
  return isMemoryEffectFree(op);
}

/// Step 0: copies between strided views (concat, results of views) become
/// parallel loops, hence kernels: gpu.memcpy only moves contiguous bytes.
static void lowerStridedCopies(RewriterBase &rewriter, Block &block) {
  for (Operation &op : llvm::make_early_inc_range(block)) {
    auto copy = dyn_cast<memref::CopyOp>(op);
    if (!copy)
      continue;
    auto sourceType = dyn_cast<MemRefType>(copy.getSource().getType());
    auto targetType = dyn_cast<MemRefType>(copy.getTarget().getType());
    if (!sourceType || !targetType ||
        (sourceType.getLayout().isIdentity() &&
         targetType.getLayout().isIdentity()))
      continue;
    rewriter.setInsertionPoint(copy);
    Location loc = copy.getLoc();
    Value source = copy.getSource(), target = copy.getTarget();
    if (sourceType.getRank() == 0) {
      Value v = memref::LoadOp::create(rewriter, loc, source);
      memref::StoreOp::create(rewriter, loc, v, target);
      rewriter.eraseOp(copy);
      continue;
    }
    buildCopyLoop(rewriter, loc, source, target);
    rewriter.eraseOp(copy);
  }
}

/// Moves `run` (consecutive top-level ops) into a one-thread gpu.launch.
/// Pure ops that only read values from before the run (views of the arena,
/// index arithmetic) stay on the host in front of it, where later kernels
/// and host code can read them too; the results of the others must not be
/// used by host code after them.
static LogicalResult launchSequence(RewriterBase &rewriter,
                                    ArrayRef<Operation *> run,
                                    int64_t &numLaunches) {
  llvm::SmallPtrSet<Operation *, 8> inRun(run.begin(), run.end());
  SmallVector<Operation *> ops, hoisted;
  for (Operation *op : run) {
    bool readsRun = llvm::any_of(op->getOperands(), [&](Value v) {
      Operation *def = v.getDefiningOp();
      return def && inRun.contains(def);
    });
    if (isMemoryEffectFree(op) && op->getNumRegions() == 0 && !readsRun) {
      inRun.erase(op);
      hoisted.push_back(op);
      continue;
    }
    ops.push_back(op);
  }
  if (ops.empty())
    return success();
  for (Operation *op : hoisted)
    rewriter.moveOpBefore(op, ops.front());
  for (Operation *op : ops)
    for (Operation *user : op->getUsers())
      if (!inRun.contains(op->getBlock()->findAncestorOpInBlock(*user)))
        return op->emitOpError("cannot run on the GPU: its results are "
                               "used by host code");
  ++numLaunches;
  Location loc = ops.front()->getLoc();
  rewriter.setInsertionPoint(ops.front());
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  auto launchOp =
      gpu::LaunchOp::create(rewriter, loc, one, one, one, one, one, one);
  Block &body = launchOp.getBody().front();
  rewriter.setInsertionPointToStart(&body);
  auto terminator = gpu::TerminatorOp::create(rewriter, loc);
  for (Operation *op : ops)
    rewriter.moveOpBefore(op, terminator);
  return success();
}

namespace {
/// What step 1 did, for the pass's statistics.
struct KernelCounts {
  int64_t launches = 0;
  int64_t rowKernels = 0;
};
} // namespace

/// Wraps the top-level parallel loop `op` in a gpu.launch: a fusion group
/// over rows gets one block per row (unless `rowMapping` is off), any other
/// loop one thread per (vector of) iterations.
static LogicalResult launchLoop(RewriterBase &rewriter, scf::ParallelOp op,
                                const GpuMappingOptions &options,
                                bool rowMapping, KernelCounts &counts) {
  if (!op->use_empty())
    return op->emitOpError("cannot run on the GPU: its results are used "
                           "by host code");
  ++counts.launches;
  if (rowMapping && mapRowsToBlocks(rewriter, op, options)) {
    ++counts.rowKernels;
    return success();
  }
  return mapLoopToThreads(rewriter, op, options);
}

/// Step 1: kernels. Each top-level parallel loop is one, so is each
/// kiln.flash_attention (its fused kernel); each maximal run
/// of other device work (sequential loops with the loads/stores and
/// arithmetic around them, e.g. a reduction over a whole tensor) runs in
/// one thread.
static LogicalResult formKernels(RewriterBase &rewriter, Block &block,
                                 const GpuMappingOptions &options,
                                 bool rowMapping, KernelCounts &counts) {
  SmallVector<Operation *> run;
  auto flushRun = [&]() -> LogicalResult {
    // Trailing pure ops of a run that only host code uses stay outside.
    while (!run.empty() && isMemoryEffectFree(run.back()) &&
           run.back()->getNumRegions() == 0)
      run.pop_back();
    if (run.empty())
      return success();
    LogicalResult result = launchSequence(rewriter, run, counts.launches);
    run.clear();
    return result;
  };
  for (Operation &op : llvm::make_early_inc_range(block)) {
    if (auto attention = dyn_cast<FlashAttentionOp>(op)) {
      if (failed(flushRun()) ||
          failed(mapFlashAttentionToGpu(rewriter, attention, options)))
        return failure();
      ++counts.launches;
      continue;
    }
    if (auto parallel = dyn_cast<scf::ParallelOp>(op)) {
      if (failed(flushRun()) ||
          failed(launchLoop(rewriter, parallel, options, rowMapping, counts)))
        return failure();
      continue;
    }
    bool device = !staysOnHost(&op);
    bool pureLocal = isMemoryEffectFree(&op) && op.getNumRegions() == 0;
    if (device || (!run.empty() && pureLocal)) {
      run.push_back(&op);
      continue;
    }
    if (failed(flushRun()))
      return failure();
  }
  return flushRun();
}

/// Step 2: inside kernels, nested parallel loops run sequentially.
static LogicalResult serializeNestedLoops(RewriterBase &rewriter,
                                          func::FuncOp func) {
  SmallVector<scf::ParallelOp> nested;
  func.walk([&](scf::ParallelOp op) { nested.push_back(op); });
  for (scf::ParallelOp op : nested)
    if (failed(serialize(rewriter, op)))
      return op.emitOpError("reductions in parallel loops are not mapped yet");
  return success();
}

/// Step 2b: copies inside kernels (between a row's temporaries) become
/// sequential loops of loads and stores: memref.copy lowers to a host
/// library call.
static void lowerKernelCopies(RewriterBase &rewriter, func::FuncOp func) {
  SmallVector<memref::CopyOp> copies;
  func.walk([&](memref::CopyOp copy) {
    if (copy->getParentOfType<gpu::LaunchOp>())
      copies.push_back(copy);
  });
  for (memref::CopyOp copy : copies) {
    rewriter.setInsertionPoint(copy);
    Location loc = copy.getLoc();
    Value source = copy.getSource(), target = copy.getTarget();
    if (cast<MemRefType>(source.getType()).getRank() == 0) {
      Value v = memref::LoadOp::create(rewriter, loc, source);
      memref::StoreOp::create(rewriter, loc, v, target);
    } else {
      (void)serialize(rewriter, buildCopyLoop(rewriter, loc, source, target));
    }
    rewriter.eraseOp(copy);
  }
}

/// The linear index of the thread in `launch` and (host side) the number
/// of threads it runs.
static std::pair<Value, Value> getLinearThread(OpBuilder &b, Location loc,
                                               gpu::LaunchOp launch) {
  auto linearize = [&](Value z, Value y, Value x, Value ny, Value nx) {
    Value zy = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, z, ny), y);
    return arith::AddIOp::create(b, loc,
                                 arith::MulIOp::create(b, loc, zy, nx), x);
  };
  gpu::KernelDim3 grid = launch.getGridSize(), block = launch.getBlockSize();
  gpu::KernelDim3 bid = launch.getBlockIds(), tid = launch.getThreadIds();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&launch.getBody().front());
  Value threads = arith::MulIOp::create(
      b, loc, arith::MulIOp::create(b, loc, block.x, block.y), block.z);
  Value linear = arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc,
                            linearize(bid.z, bid.y, bid.x, grid.y, grid.x),
                            threads),
      linearize(tid.z, tid.y, tid.x, block.y, block.x));
  b.setInsertionPoint(launch);
  gpu::KernelDim3 hostGrid = launch.getGridSizeOperandValues();
  gpu::KernelDim3 hostBlock = launch.getBlockSizeOperandValues();
  Value total = b.createOrFold<arith::MulIOp>(loc, hostGrid.x, hostGrid.y);
  for (Value n : {hostGrid.z, hostBlock.x, hostBlock.y, hostBlock.z})
    total = b.createOrFold<arith::MulIOp>(loc, total, n);
  return {linear, total};
}

/// Step 3: temporaries inside kernels are thread-private. A static one is
/// an alloca (registers or local memory). One of symbolic size is the
/// thread's slot of a global scratch buffer allocated around the launch
/// (a dynamic alloca would be PTX's alloca.u64, whose instances overlap in
/// practice: two live ones gave one address); its sizes must be known
/// before the launch.
static LogicalResult privatizeKernelTemporaries(RewriterBase &rewriter,
                                                func::FuncOp func) {
  SmallVector<memref::AllocOp> inKernel;
  func.walk([&](memref::AllocOp alloc) {
    if (alloc->getParentOfType<gpu::LaunchOp>())
      inKernel.push_back(alloc);
  });
  for (memref::AllocOp alloc : inKernel) {
    Location loc = alloc.getLoc();
    if (alloc.getDynamicSizes().empty()) {
      for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
        if (isa<memref::DeallocOp>(user))
          rewriter.eraseOp(user);
      rewriter.setInsertionPoint(alloc);
      rewriter.replaceOpWithNewOp<memref::AllocaOp>(
          alloc, alloc.getType(), ValueRange{}, alloc.getSymbolOperands(),
          alloc.getAlignmentAttr());
      continue;
    }
    auto launch = alloc->getParentOfType<gpu::LaunchOp>();
    if (!alloc.getType().getLayout().isIdentity())
      return alloc.emitOpError("cannot run on the GPU: a temporary of "
                               "symbolic size with a layout");
    if (llvm::any_of(alloc.getDynamicSizes(), [&](Value size) {
          return launch->isAncestor(size.getParentRegion()->getParentOp());
        }))
      return alloc.emitOpError("cannot run on the GPU: a temporary whose "
                               "size is computed inside the kernel");
    auto [linear, total] = getLinearThread(rewriter, loc, launch);
    replaceWithScratchSlot(rewriter, alloc, launch, linear, total);
  }
  return success();
}

/// Step 4: f32 divisions and exponentials in kernels may use the
/// hardware's approximations (div.approx.f32; ex2.approx.f32 of
/// x * log2(e)), as Triton's kernels do.
static void approximateKernelMath(func::FuncOp func) {
  auto approximate = [](auto op) {
    op.setFastmath(op.getFastmath() | arith::FastMathFlags::afn);
  };
  func.walk([&](Operation *op) {
    if (!isa<arith::DivFOp, math::ExpOp>(op) ||
        !op->getParentOfType<gpu::LaunchOp>() ||
        !getElementTypeOrSelf(op->getResult(0).getType()).isF32())
      return;
    if (auto div = dyn_cast<arith::DivFOp>(op))
      approximate(div);
    else
      approximate(cast<math::ExpOp>(op));
  });
}

/// Step 5: host buffers become device buffers; constants (host globals)
/// are copied to the device.
static void moveBuffersToDevice(RewriterBase &rewriter, Block &block) {
  for (Operation &op : llvm::make_early_inc_range(block)) {
    rewriter.setInsertionPoint(&op);
    Location loc = op.getLoc();
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      auto device = gpu::AllocOp::create(
          rewriter, loc, alloc.getType(), /*asyncToken=*/Type(), ValueRange{},
          alloc.getDynamicSizes(), alloc.getSymbolOperands(),
          /*hostShared=*/false);
      rewriter.replaceOp(alloc, device.getMemref());
    } else if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
      gpu::DeallocOp::create(rewriter, loc, Type(), ValueRange{},
                             dealloc.getMemref());
      rewriter.eraseOp(dealloc);
    } else if (auto copy = dyn_cast<memref::CopyOp>(op)) {
      gpu::MemcpyOp::create(rewriter, loc, Type(), ValueRange{},
                            copy.getTarget(), copy.getSource());
      rewriter.eraseOp(copy);
    } else if (auto global = dyn_cast<memref::GetGlobalOp>(op)) {
      rewriter.setInsertionPointAfter(global);
      auto device =
          gpu::AllocOp::create(rewriter, loc, global.getType(), Type(),
                               ValueRange{}, ValueRange{}, ValueRange{}, false);
      auto copy = gpu::MemcpyOp::create(rewriter, loc, Type(), ValueRange{},
                                        device.getMemref(), global.getResult());
      rewriter.replaceAllUsesExcept(global.getResult(), device.getMemref(),
                                    copy);
    }
  }
}

namespace {
struct KilnMapToGpuPass : kiln::impl::KilnMapToGpuBase<KilnMapToGpuPass> {
  using KilnMapToGpuBase::KilnMapToGpuBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || !func.getBody().hasOneBlock())
      return;
    Block &block = func.getBody().front();
    IRRewriter rewriter(&getContext());
    GpuMappingOptions options;
    options.blockSize = blockSize;
    options.vectorBytes = vectorBytes;
    KernelCounts counts;
    lowerStridedCopies(rewriter, block);
    LogicalResult formed =
        formKernels(rewriter, block, options, rowMapping, counts);
    numLaunches += counts.launches;
    numRowKernels += counts.rowKernels;
    if (failed(formed) || failed(serializeNestedLoops(rewriter, func)))
      return signalPassFailure();
    lowerKernelCopies(rewriter, func);
    if (failed(privatizeKernelTemporaries(rewriter, func)))
      return signalPassFailure();
    if (fastMath)
      approximateKernelMath(func);
    moveBuffersToDevice(rewriter, block);
  }
};
} // namespace
