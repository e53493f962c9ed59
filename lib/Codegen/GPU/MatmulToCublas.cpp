//===- MatmulToCublas.cpp - Call cuBLASLt for matrix products -------------===//
//
// kiln-matmul-to-cublas: matmuls on device buffers become calls of the
// CUDA runtime's cuBLASLt entry points (lib/Runtime/CudaBlas.cpp), then
// the rewrite sets of CublasRewrites.cpp fold into each call what cuBLASLt
// can do itself. The sets run one after another, each once over the calls
// there are (a walk, not a fixpoint): matmuls to calls; zero fills; the
// epilogue; half products; transposed operands. The pass's options turn
// each folding set off, so that each has tests of its own.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/GPU/Passes.h"
#include "kiln/Codegen/GPU/Transforms.h"
#include "kiln/Runtime/RuntimeABI.h"

#include "CublasCall.h"

#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Rewrite/PatternApplicator.h"

namespace kiln {
#define GEN_PASS_DEF_KILNMATMULTOCUBLAS
#include "kiln/Codegen/GPU/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {
/// linalg.matmul / linalg.batch_matmul -> an accumulating call.
template <typename MatmulOp>
struct MatmulToCublasCall : OpRewritePattern<MatmulOp> {
  MatmulToCublasCall(MLIRContext *ctx, int64_t *numApplied)
      : OpRewritePattern<MatmulOp>(ctx), numApplied(numApplied) {}

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    if (op.hasUserDefinedMaps() || !op.hasPureBufferSemantics() ||
        op.getNumDpsInits() != 1)
      return failure();
    auto lhs = cast<MemRefType>(op.getDpsInputs()[0].getType());
    auto rhs = cast<MemRefType>(op.getDpsInputs()[1].getType());
    auto out = cast<MemRefType>(op.getDpsInits()[0].getType());
    StringRef in = getCublasTypeName(lhs.getElementType());
    StringRef result = getCublasTypeName(out.getElementType());
    if (in.empty() || result.empty() ||
        lhs.getElementType() != rhs.getElementType() ||
        (result != "f32" && result != in))
      return failure();
    CublasCall call;
    call.a = op.getDpsInputs()[0];
    call.b = op.getDpsInputs()[1];
    call.d = op.getDpsInits()[0];
    call.flags = abi::kMatmulAccumulate;
    rewriter.setInsertionPoint(op);
    call.emit(rewriter, op.getLoc());
    rewriter.eraseOp(op);
    if (numApplied)
      ++*numApplied;
    return success();
  }

  int64_t *numApplied;
};
} // namespace

void kiln::populateMatmulToCublasCallPatterns(RewritePatternSet &patterns,
                                              int64_t *numApplied) {
  patterns.add<MatmulToCublasCall<linalg::MatmulOp>,
               MatmulToCublasCall<linalg::BatchMatmulOp>>(patterns.getContext(),
                                                          numApplied);
}

/// Applies `patterns` once to each op of `module` that `select` picks
/// (collected before any rewrite, in program order).
static void applyOnce(ModuleOp module, RewritePatternSet &&patterns,
                      function_ref<bool(Operation *)> select) {
  SmallVector<Operation *> ops;
  module.walk([&](Operation *op) {
    if (select(op))
      ops.push_back(op);
  });
  FrozenRewritePatternSet frozen(std::move(patterns));
  PatternApplicator applicator(frozen);
  applicator.applyDefaultCostModel();
  PatternRewriter rewriter(module.getContext());
  for (Operation *op : ops) {
    rewriter.setInsertionPoint(op);
    (void)applicator.matchAndRewrite(op, rewriter);
  }
}

namespace {
struct KilnMatmulToCublasPass
    : kiln::impl::KilnMatmulToCublasBase<KilnMatmulToCublasPass> {
  using KilnMatmulToCublasBase::KilnMatmulToCublasBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    auto isMatmul = [](Operation *op) {
      return isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op);
    };
    auto isCall = [](Operation *op) {
      auto call = dyn_cast<func::CallOp>(op);
      return call && CublasCall::match(call);
    };
    // Each set with its own counter (Statistic is not an int64_t).
    auto run = [&](bool enabled, auto populate, auto select,
                   Statistic &statistic) {
      if (!enabled)
        return;
      int64_t count = 0;
      RewritePatternSet patterns(ctx);
      populate(patterns, &count);
      applyOnce(module, std::move(patterns), select);
      statistic += count;
    };
    run(true, populateMatmulToCublasCallPatterns, isMatmul, numCalls);
    run(foldFills, populateCublasFillFoldingPatterns, isCall, numFoldedFills);
    run(fuseEpilogues, populateCublasEpiloguePatterns, isCall,
        numFusedEpilogues);
    run(narrowProducts, populateCublasNarrowingPatterns, isCall,
        numNarrowedProducts);
    run(foldTransposes, populateCublasTransposePatterns, isCall,
        numFoldedTransposes);
    // Entry points that a rewrite stopped calling.
    for (auto fn : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
      if (fn.isPrivate() && fn.getName().starts_with(abi::kCudaMatmulPrefix) &&
          SymbolTable::symbolKnownUseEmpty(fn, module))
        fn.erase();
  }
};
} // namespace
