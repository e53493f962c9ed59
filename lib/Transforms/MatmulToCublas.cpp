//===- MatmulToCublas.cpp - Call cuBLASLt for matrix products -------------===//
//
// Matmuls on device buffers become calls to the CUDA runtime's cuBLASLt
// entry points (lib/Runtime/CudaBlas.cpp).
//
//===----------------------------------------------------------------------===//

#include "kiln/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {
#define GEN_PASS_DEF_KILNMATMULTOCUBLAS
#include "kiln/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

/// The runtime's name of an element type, or "" if cuBLASLt is not used.
static StringRef getTypeName(Type type) {
  if (type.isF32())
    return "f32";
  if (type.isF16())
    return "f16";
  if (type.isBF16())
    return "bf16";
  return "";
}

/// The fully dynamic strided memref type of `rank` elements of `element`.
static MemRefType getDynamicStridedType(Type element, int64_t rank) {
  MLIRContext *ctx = element.getContext();
  SmallVector<int64_t> dynamic(rank, ShapedType::kDynamic);
  return MemRefType::get(
      dynamic, element,
      StridedLayoutAttr::get(ctx, ShapedType::kDynamic, dynamic));
}

/// Declares `name(A, B, C, i32 flags)` with a C interface once.
static func::FuncOp getOrDeclare(ModuleOp module, StringRef name, Type in,
                                 Type out, int64_t rank) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(name))
    return fn;
  MLIRContext *ctx = module.getContext();
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  Type inType = getDynamicStridedType(in, rank);
  Type outType = getDynamicStridedType(out, rank);
  auto fn = func::FuncOp::create(
      b, module.getLoc(), name,
      FunctionType::get(ctx, {inType, inType, outType, b.getI32Type()}, {}));
  fn.setPrivate();
  fn->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(), UnitAttr::get(ctx));
  return fn;
}

/// The zero fill of `output` right before `op` (nothing in between touches
/// it), or null.
static linalg::FillOp getZeroFillBefore(Operation *op, Value output) {
  for (Operation *prev = op->getPrevNode(); prev; prev = prev->getPrevNode()) {
    auto fill = dyn_cast<linalg::FillOp>(prev);
    if (fill && fill.getOutputs()[0] == output) {
      Value value = fill.getInputs()[0];
      if (matchPattern(value, m_AnyZeroFloat()) ||
          matchPattern(value, m_Zero()))
        return fill;
      return nullptr;
    }
    // Anything else that may touch the output ends the search.
    if (llvm::is_contained(prev->getOperands(), output) ||
        !isMemoryEffectFree(prev))
      return nullptr;
  }
  return nullptr;
}

namespace {
struct KilnMatmulToCublasPass
    : kiln::impl::KilnMatmulToCublasBase<KilnMatmulToCublasPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::LinalgOp> ops;
    module.walk([&](linalg::LinalgOp op) {
      if (auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation()))
        if (!matmul.hasUserDefinedMaps())
          ops.push_back(op);
      if (auto batch = dyn_cast<linalg::BatchMatmulOp>(op.getOperation()))
        if (!batch.hasUserDefinedMaps())
          ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1)
        continue;
      auto lhs = cast<MemRefType>(op.getDpsInputs()[0].getType());
      auto rhs = cast<MemRefType>(op.getDpsInputs()[1].getType());
      Value output = op.getDpsInitOperand(0)->get();
      auto out = cast<MemRefType>(output.getType());
      StringRef in = getTypeName(lhs.getElementType());
      StringRef result = getTypeName(out.getElementType());
      if (in.empty() || result.empty() ||
          lhs.getElementType() != rhs.getElementType() ||
          (result != "f32" && result != in))
        continue;
      int64_t rank = out.getRank();
      std::string name =
          ("kiln_rt_cuda_matmul_" + in + "_" + result + "_" + Twine(rank) + "d")
              .str();
      func::FuncOp callee = getOrDeclare(module, name, lhs.getElementType(),
                                         out.getElementType(), rank);
      rewriter.setInsertionPoint(op);
      Location loc = op.getLoc();
      int32_t flags = 1;
      if (linalg::FillOp fill = getZeroFillBefore(op, output)) {
        rewriter.eraseOp(fill);
        flags = 0;
        ++numFoldedFills;
      }
      SmallVector<Value> args;
      for (Value operand : op->getOperands()) {
        auto type = cast<MemRefType>(operand.getType());
        args.push_back(memref::CastOp::create(
            rewriter, loc, getDynamicStridedType(type.getElementType(), rank),
            operand));
      }
      args.push_back(arith::ConstantIntOp::create(rewriter, loc, flags, 32));
      func::CallOp::create(rewriter, loc, callee, args);
      rewriter.eraseOp(op);
      ++numCalls;
    }
  }
};
} // namespace
