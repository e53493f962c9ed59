//===- MatmulToBlas.cpp - Call BLAS for f32 matrix products ---------------===//

#include "kiln/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {
#define GEN_PASS_DEF_KILNMATMULTOBLAS
#include "kiln/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

/// The fully dynamic strided memref type of `rank` f32s.
static MemRefType getDynamicStridedType(MLIRContext *ctx, int64_t rank) {
  SmallVector<int64_t> shape(rank, ShapedType::kDynamic);
  SmallVector<int64_t> strides(rank, ShapedType::kDynamic);
  return MemRefType::get(
      shape, Float32Type::get(ctx),
      StridedLayoutAttr::get(ctx, ShapedType::kDynamic, strides));
}

/// Declares `name(memref x3)` with a C interface in `module` once.
static func::FuncOp getOrDeclare(ModuleOp module, StringRef name,
                                 int64_t rank) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(name))
    return fn;
  MLIRContext *ctx = module.getContext();
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  Type type = getDynamicStridedType(ctx, rank);
  auto fn = func::FuncOp::create(b, module.getLoc(), name,
                                 FunctionType::get(ctx, {type, type, type}, {}));
  fn.setPrivate();
  fn->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
              UnitAttr::get(ctx));
  return fn;
}

/// True for a matmul whose three operands are f32 memrefs.
static bool isF32OnBuffers(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics())
    return false;
  return llvm::all_of(op->getOperands(), [](Value v) {
    auto type = dyn_cast<MemRefType>(v.getType());
    return type && type.getElementType().isF32();
  });
}

namespace {
struct KilnMatmulToBlasPass
    : kiln::impl::KilnMatmulToBlasBase<KilnMatmulToBlasPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::LinalgOp> ops;
    module.walk([&](linalg::LinalgOp op) {
      if (isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op) &&
          isF32OnBuffers(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      // Named ops with non-default indexing maps (transposes, broadcasts)
      // keep the generated code.
      if (auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation()))
        if (matmul.hasUserDefinedMaps())
          continue;
      if (auto batch = dyn_cast<linalg::BatchMatmulOp>(op.getOperation()))
        if (batch.hasUserDefinedMaps())
          continue;
      bool batched = isa<linalg::BatchMatmulOp>(op);
      int64_t rank = batched ? 3 : 2;
      func::FuncOp callee = getOrDeclare(
          module, batched ? "kiln_rt_sgemm_batched" : "kiln_rt_sgemm", rank);
      rewriter.setInsertionPoint(op);
      SmallVector<Value> args;
      for (Value operand : op->getOperands())
        args.push_back(memref::CastOp::create(
            rewriter, op.getLoc(), getDynamicStridedType(&getContext(), rank),
            operand));
      func::CallOp::create(rewriter, op.getLoc(), callee, args);
      rewriter.eraseOp(op);
      ++numCalls;
    }
  }
};
} // namespace
