//===- MatmulToBlas.cpp - Call the CPU runtime for matrix products --------===//

#include "kiln/Codegen/CPU/Passes.h"

#include "kiln/Codegen/Common/RuntimeCalls.h"
#include "kiln/Runtime/RuntimeABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {
#define GEN_PASS_DEF_KILNMATMULTOBLAS
#include "kiln/Codegen/CPU/Passes.h.inc"
} // namespace kiln

using namespace mlir;

/// True for a matmul on memrefs with an f32 output and f32, f16 or bf16
/// inputs (bf16 x bf16 has its own entry point; other half inputs are
/// widened to f32 copies).
static bool isBlasCompatible(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1)
    return false;
  for (Value v : op->getOperands()) {
    auto type = dyn_cast<MemRefType>(v.getType());
    if (!type)
      return false;
    Type t = type.getElementType();
    bool isOutput = v == op.getDpsInitOperand(0)->get();
    if (!(t.isF32() || (!isOutput && (t.isF16() || t.isBF16()))))
      return false;
  }
  return true;
}

/// An f32 copy of a half-precision memref (alloc + widening generic), or
/// `value` itself when it is f32. Copies are appended to `temporaries`.
static Value widenToF32(OpBuilder &b, Location loc, Value value,
                        SmallVectorImpl<Value> &temporaries) {
  auto type = cast<MemRefType>(value.getType());
  if (type.getElementType().isF32())
    return value;
  SmallVector<Value> dynamicSizes;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      dynamicSizes.push_back(memref::DimOp::create(b, loc, value, i));
  auto wideType = MemRefType::get(type.getShape(), b.getF32Type());
  Value wide = memref::AllocOp::create(b, loc, wideType, dynamicSizes,
                                       b.getI64IntegerAttr(64));
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  linalg::GenericOp::create(
      b, loc, ValueRange{value}, ValueRange{wide}, {id, id},
      SmallVector<utils::IteratorType>(type.getRank(),
                                       utils::IteratorType::parallel),
      [](OpBuilder &nb, Location l, ValueRange args) {
        Value w = arith::ExtFOp::create(nb, l, nb.getF32Type(), args[0]);
        linalg::YieldOp::create(nb, l, w);
      });
  temporaries.push_back(wide);
  return wide;
}

namespace {
struct KilnMatmulToBlasPass
    : kiln::impl::KilnMatmulToBlasBase<KilnMatmulToBlasPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::LinalgOp> ops;
    module.walk([&](linalg::LinalgOp op) {
      if (isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op) &&
          isBlasCompatible(op))
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
      // bf16 x bf16 has its own entry point (no widened copies).
      bool bf16 = llvm::all_of(op.getDpsInputs(), [](Value v) {
        return cast<MemRefType>(v.getType()).getElementType().isBF16();
      });
      Type inputType = bf16 ? rewriter.getBF16Type() : rewriter.getF32Type();
      Type type = kiln::getDynamicStridedType(inputType, rank);
      Type resultType =
          kiln::getDynamicStridedType(rewriter.getF32Type(), rank);
      StringRef name = bf16 ? (batched ? kiln::abi::kMatmulBf16Batched
                                       : kiln::abi::kMatmulBf16)
                            : (batched ? kiln::abi::kSgemmBatched
                                       : kiln::abi::kSgemm);
      func::FuncOp callee = kiln::getOrDeclareRuntimeFunction(
          module, name, {type, type, resultType});
      rewriter.setInsertionPoint(op);
      SmallVector<Value> args, temporaries;
      for (Value operand : op->getOperands()) {
        bool isOutput = operand == op.getDpsInitOperand(0)->get();
        Value value = bf16 ? operand
                           : widenToF32(rewriter, op.getLoc(), operand,
                                        temporaries);
        args.push_back(memref::CastOp::create(
            rewriter, op.getLoc(), isOutput ? resultType : type, value));
      }
      func::CallOp::create(rewriter, op.getLoc(), callee, args);
      for (Value temporary : temporaries)
        memref::DeallocOp::create(rewriter, op.getLoc(), temporary);
      rewriter.eraseOp(op);
      ++numCalls;
    }
  }
};
} // namespace
