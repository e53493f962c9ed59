//===- MatmulToCublas.cpp - Call cuBLASLt for matrix products -------------===//
//
// Matmuls on device buffers become calls to the CUDA runtime's cuBLASLt
// entry points (lib/Runtime/CudaBlas.cpp).
//
//===----------------------------------------------------------------------===//

#include "kiln/Transforms/Passes.h"

#include "RuntimeCalls.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
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
/// An elementwise consumer of a product that cuBLASLt can compute in its
/// epilogue: out = relu?(product + bias?), converted to out's type.
struct Epilogue {
  linalg::GenericOp op;
  Value bias;
  bool relu = false;
  Value output;
};
} // namespace

/// `value` without the extf/truncf that round it on the way.
static Value stripCasts(Value value) {
  while (Operation *op = value.getDefiningOp()) {
    if (!isa<arith::ExtFOp, arith::TruncFOp>(op))
      break;
    value = op->getOperand(0);
  }
  return value;
}

/// The epilogue of the product `matmul` writes (a zero-initialized 2-d
/// buffer): its only other reader, a linalg.generic right after it
/// computing relu?(product + bias?) into a buffer of f32 or the inputs'
/// type. Intermediate roundings (extf/truncf pairs) are dropped: cuBLASLt
/// keeps the value in f32 until the final conversion.
static std::optional<Epilogue> matchEpilogue(linalg::LinalgOp matmul,
                                             Type inputType) {
  Value product = matmul.getDpsInitOperand(0)->get();
  // The first reader after the product.
  linalg::GenericOp generic;
  for (Operation *op = matmul->getNextNode(); op && !generic;
       op = op->getNextNode())
    if (llvm::is_contained(op->getOperands(), product)) {
      generic = dyn_cast<linalg::GenericOp>(op);
      if (!generic)
        return std::nullopt;
    }
  if (!generic)
    return std::nullopt;
  // No other reader, except after an epilogue that updates the product in
  // place (a returned buffer).
  bool inPlace = generic.getDpsInits()[0] == product;
  for (Operation *user : product.getUsers()) {
    if (user == matmul.getOperation() || user == generic.getOperation() ||
        isa<memref::DeallocOp, linalg::FillOp>(user))
      continue;
    if (!inPlace || user->getBlock() != generic->getBlock() ||
        !generic->isBeforeInBlock(user))
      return std::nullopt;
  }
  // Nothing in between writes the product or reads what the epilogue
  // writes.
  for (Operation *op = matmul->getNextNode(); op != generic;
       op = op->getNextNode())
    if (!isMemoryEffectFree(op) && !isa<memref::AllocOp>(op))
      return std::nullopt;
  if (generic.getNumDpsInits() != 1 || generic.getNumDpsInputs() < 1 ||
      generic.getNumDpsInputs() > 2 || generic.getNumReductionLoops() != 0 ||
      generic.getDpsInputs()[0] != product)
    return std::nullopt;
  auto outType = dyn_cast<MemRefType>(generic.getDpsInits()[0].getType());
  if (!outType || outType.getRank() != 2 ||
      !(outType.getElementType().isF32() ||
        outType.getElementType() == inputType))
    return std::nullopt;
  MLIRContext *ctx = generic.getContext();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(2, ctx);
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  if (maps[0] != identity || maps.back() != identity)
    return std::nullopt;
  Block &body = generic.getRegion().front();
  if (!body.getArgument(body.getNumArguments() - 1).use_empty())
    return std::nullopt;

  Epilogue epilogue;
  epilogue.op = generic;
  epilogue.output = generic.getDpsInits()[0];
  Value value = stripCasts(body.getTerminator()->getOperand(0));
  Operation *def = value.getDefiningOp();
  if (def && isa<arith::MaximumFOp, arith::MaxNumFOp>(def)) {
    for (int i = 0; i < 2 && !epilogue.relu; ++i)
      if (matchPattern(stripCasts(def->getOperand(i)), m_AnyZeroFloat())) {
        epilogue.relu = true;
        value = stripCasts(def->getOperand(1 - i));
      }
    if (!epilogue.relu)
      return std::nullopt;
  }
  if (auto add = value.getDefiningOp<arith::AddFOp>();
      add && generic.getNumDpsInputs() == 2) {
    Value lhs = stripCasts(add.getLhs()), rhs = stripCasts(add.getRhs());
    if (rhs == body.getArgument(0))
      std::swap(lhs, rhs);
    if (lhs != body.getArgument(0) || rhs != body.getArgument(1))
      return std::nullopt;
    auto biasType = dyn_cast<MemRefType>(generic.getDpsInputs()[1].getType());
    AffineMap columns = AffineMap::get(2, 0, getAffineDimExpr(1, ctx));
    // cuBLASLt's bias has the output's type.
    if (!biasType || biasType.getRank() != 1 || maps[1] != columns ||
        biasType.getElementType() != outType.getElementType())
      return std::nullopt;
    epilogue.bias = generic.getDpsInputs()[1];
    value = body.getArgument(0);
  }
  if (value != body.getArgument(0) ||
      (generic.getNumDpsInputs() == 2 && !epilogue.bias))
    return std::nullopt;
  return epilogue;
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
      std::string result = getTypeName(out.getElementType()).str();
      if (in.empty() || result.empty() ||
          lhs.getElementType() != rhs.getElementType() ||
          (result != "f32" && result != in.str()))
        continue;
      int64_t rank = out.getRank();
      Location loc = op.getLoc();
      int32_t flags = 1;
      linalg::FillOp fill = getZeroFillBefore(op, output);
      // A fresh product (zero fill) of rank 2 may take its consumer into
      // cuBLASLt's epilogue: D is then the consumer's output.
      std::optional<Epilogue> epilogue;
      if (fill && rank == 2)
        epilogue = matchEpilogue(op, lhs.getElementType());
      if (fill) {
        rewriter.eraseOp(fill);
        flags = 0;
        ++numFoldedFills;
      }
      SmallVector<Value> operands = {op.getDpsInputs()[0], op.getDpsInputs()[1],
                                     output};
      Type outElement = out.getElementType();
      if (epilogue) {
        operands[2] = epilogue->output;
        outElement =
            cast<MemRefType>(epilogue->output.getType()).getElementType();
        if (epilogue->relu)
          flags |= 2;
        if (epilogue->bias)
          operands.push_back(epilogue->bias);
        result = getTypeName(outElement).str();
      }
      bool withBias = epilogue && epilogue->bias;
      std::string name =
          ("kiln_rt_cuda_matmul_" + Twine(withBias ? "bias_" : "") + in + "_" +
           result + "_" + Twine(rank) + "d")
              .str();
      SmallVector<Type> params = {
          kiln::getDynamicStridedType(lhs.getElementType(), rank),
          kiln::getDynamicStridedType(lhs.getElementType(), rank),
          kiln::getDynamicStridedType(outElement, rank)};
      if (withBias)
        params.push_back(kiln::getDynamicStridedType(outElement, 1));
      params.push_back(rewriter.getI32Type());
      func::FuncOp callee =
          kiln::getOrDeclareRuntimeFunction(module, name, params);
      rewriter.setInsertionPoint(epilogue ? epilogue->op.getOperation()
                                          : op.getOperation());
      SmallVector<Value> args;
      for (auto [i, operand] : llvm::enumerate(operands)) {
        auto type = cast<MemRefType>(operand.getType());
        args.push_back(memref::CastOp::create(
            rewriter, loc,
            kiln::getDynamicStridedType(type.getElementType(),
                                        i == 3 ? 1 : rank),
            operand));
      }
      args.push_back(arith::ConstantIntOp::create(rewriter, loc, flags, 32));
      func::CallOp::create(rewriter, loc, callee, args);
      if (epilogue) {
        rewriter.eraseOp(epilogue->op);
        ++numFusedEpilogues;
      }
      rewriter.eraseOp(op);
      ++numCalls;
    }
  }
};
} // namespace
