//===- MatmulToCublas.cpp - Call cuBLASLt for matrix products -------------===//
//
// Matmuls on device buffers become calls to the CUDA runtime's cuBLASLt
// entry points (lib/Runtime/CudaBlas.cpp).
//
//===----------------------------------------------------------------------===//

#include "kiln/Transforms/GpuMapping.h"
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
/// epilogue: out = relu?(product + bias? + residual?), converted to out's
/// type (residual: C with beta = 1).
struct Epilogue {
  linalg::GenericOp op;
  Value bias;
  Value residual;
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

/// Appends the terms of a sum (nested arith.addf, casts stripped) to
/// `terms`.
static void collectTerms(Value value, SmallVectorImpl<Value> &terms) {
  value = stripCasts(value);
  if (auto add = value.getDefiningOp<arith::AddFOp>()) {
    collectTerms(add.getLhs(), terms);
    collectTerms(add.getRhs(), terms);
    return;
  }
  terms.push_back(value);
}

/// The epilogue of the product `matmul` writes (a zero-initialized 2-d
/// buffer): its only other reader, a linalg.generic right after it
/// computing relu?(product + bias? + residual?) into a buffer of f32 or
/// the inputs' type, the sum in any order. Intermediate roundings
/// (extf/truncf pairs) are dropped: cuBLASLt keeps the value in f32 until
/// the final conversion.
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
      generic.getNumDpsInputs() > 3 || generic.getNumReductionLoops() != 0 ||
      llvm::count(generic.getDpsInputs(), product) != 1)
    return std::nullopt;
  unsigned productIndex = 0;
  while (generic.getDpsInputs()[productIndex] != product)
    ++productIndex;
  auto outType = dyn_cast<MemRefType>(generic.getDpsInits()[0].getType());
  if (!outType || outType.getRank() != 2 ||
      !(outType.getElementType().isF32() ||
        outType.getElementType() == inputType))
    return std::nullopt;
  MLIRContext *ctx = generic.getContext();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(2, ctx);
  AffineMap columns = AffineMap::get(2, 0, getAffineDimExpr(1, ctx));
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  if (maps[productIndex] != identity || maps.back() != identity)
    return std::nullopt;
  Block &body = generic.getRegion().front();
  if (!body.getArgument(body.getNumArguments() - 1).use_empty())
    return std::nullopt;

  // cuBLASLt writes D while it reads A and B: they must not overlap.
  Value outputRoot = kiln::getRootBuffer(generic.getDpsInits()[0]);
  for (Value input : matmul.getDpsInputs())
    if (kiln::getRootBuffer(input) == outputRoot)
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
        value = def->getOperand(1 - i);
      }
    if (!epilogue.relu)
      return std::nullopt;
  }
  // Every input is one term of the sum: the product, a bias over the
  // columns, a residual of the output's shape. cuBLASLt's bias and C have
  // the output's type.
  SmallVector<Value> terms;
  collectTerms(value, terms);
  if (int64_t(terms.size()) != generic.getNumDpsInputs())
    return std::nullopt;
  llvm::SmallDenseSet<unsigned> seen;
  for (Value term : terms) {
    auto arg = dyn_cast<BlockArgument>(term);
    if (!arg || arg.getOwner() != &body ||
        !seen.insert(arg.getArgNumber()).second)
      return std::nullopt;
    unsigned i = arg.getArgNumber();
    if (i == productIndex)
      continue;
    Value input = generic.getDpsInputs()[i];
    auto type = dyn_cast<MemRefType>(input.getType());
    if (!type || type.getElementType() != outType.getElementType())
      return std::nullopt;
    if (type.getRank() == 1 && maps[i] == columns && !epilogue.bias)
      epilogue.bias = input;
    else if (type.getRank() == 2 && maps[i] == identity && !epilogue.residual)
      epilogue.residual = input;
    else
      return std::nullopt;
  }
  if (!seen.contains(productIndex))
    return std::nullopt;
  return epilogue;
}

namespace {
/// What changes when a product is written in its inputs' half type: the
/// views of it (reshapes, subviews, casts), whose element type follows,
/// and the operands of the linalg.generic ops that read it, directly or
/// through views, and only round each element to the half type.
struct RoundingReaders {
  SmallVector<Operation *> views; // Parents before children.
  SmallVector<OpOperand *> operands;
};
} // namespace

/// Collects the uses of `buffer` (the product or a view of it) into
/// `readers`; false if any is something else (a writer, a reader that uses
/// the f32 value, another view).
static bool collectRoundingReaders(Value buffer, Operation *matmul,
                                   linalg::FillOp fill, Type inputType,
                                   RoundingReaders &readers) {
  for (OpOperand &use : buffer.getUses()) {
    Operation *user = use.getOwner();
    if (user == matmul || user == fill.getOperation() ||
        isa<memref::DeallocOp>(user))
      continue;
    if (isa<memref::ExpandShapeOp, memref::CollapseShapeOp, memref::SubViewOp,
            memref::CastOp>(user) &&
        use.getOperandNumber() == 0) {
      readers.views.push_back(user);
      if (!collectRoundingReaders(user->getResult(0), matmul, fill, inputType,
                                  readers))
        return false;
      continue;
    }
    auto generic = dyn_cast<linalg::GenericOp>(user);
    if (!generic || !generic.isDpsInput(&use) ||
        !generic.hasPureBufferSemantics())
      return false;
    BlockArgument arg = generic.getMatchingBlockArgument(&use);
    for (Operation *argUser : arg.getUsers()) {
      auto trunc = dyn_cast<arith::TruncFOp>(argUser);
      if (!trunc || trunc.getType() != inputType)
        return false;
    }
    readers.operands.push_back(&use);
  }
  return true;
}

/// Replaces the f32 `product` buffer by one of `inputType` in its
/// allocation, deallocations, views and `readers` (whose roundings go
/// away).
static Value narrowProduct(RewriterBase &rewriter, Value product,
                           Type inputType, const RoundingReaders &readers) {
  auto alloc = product.getDefiningOp<memref::AllocOp>();
  auto narrowed = [&](Type type) -> MemRefType {
    return MemRefType::Builder(cast<MemRefType>(type))
        .setElementType(inputType);
  };
  rewriter.setInsertionPoint(alloc);
  auto narrow = memref::AllocOp::create(
      rewriter, alloc.getLoc(), narrowed(product.getType()),
      alloc.getDynamicSizes(), alloc.getSymbolOperands(),
      alloc.getAlignmentAttr());
  // Views change their element type in place, parents first.
  for (Operation *view : readers.views)
    rewriter.modifyOpInPlace(view, [&] {
      if (view->getOperand(0) == product)
        view->setOperand(0, narrow);
      view->getResult(0).setType(narrowed(view->getResult(0).getType()));
    });
  for (OpOperand *operand : readers.operands) {
    auto generic = cast<linalg::GenericOp>(operand->getOwner());
    BlockArgument arg = generic.getMatchingBlockArgument(operand);
    if (operand->get() == product)
      rewriter.modifyOpInPlace(generic, [&] { operand->set(narrow); });
    arg.setType(inputType);
    for (Operation *user : llvm::make_early_inc_range(arg.getUsers()))
      rewriter.replaceOp(user, arg);
  }
  for (Operation *user : llvm::make_early_inc_range(product.getUsers()))
    if (auto dealloc = dyn_cast<memref::DeallocOp>(user)) {
      rewriter.setInsertionPoint(dealloc);
      rewriter.replaceOpWithNewOp<memref::DeallocOp>(dealloc, narrow);
    }
  return narrow;
}

namespace {
/// A matmul operand that is the transpose of another buffer's last two
/// dims: cuBLASLt reads that buffer instead (CUBLAS_OP_T).
struct TransposedOperand {
  /// The buffer to pass (the transpose's input, reshaped as the operand).
  Value source;
  /// What becomes dead: the reshape, the transpose, the deallocations and
  /// the allocation of the transposed copy, in erasure order.
  SmallVector<Operation *> dead;
};
} // namespace

/// Matches `operand` of `matmul` = (collapse_shape of leading dims of)
/// a fresh buffer written only by a linalg.transpose of the last two dims,
/// earlier in the same block, whose input nothing writes in between.
static std::optional<TransposedOperand>
matchTransposedOperand(linalg::LinalgOp matmul, Value operand) {
  auto collapse = operand.getDefiningOp<memref::CollapseShapeOp>();
  Value copy = collapse ? collapse.getSrc() : operand;
  auto alloc = copy.getDefiningOp<memref::AllocOp>();
  if (!alloc || (collapse && !collapse->hasOneUse()))
    return std::nullopt;
  linalg::TransposeOp transpose;
  SmallVector<Operation *> deallocs;
  for (Operation *user : copy.getUsers()) {
    if (user == collapse.getOperation() ||
        (!collapse && user == matmul.getOperation()))
      continue;
    if (isa<memref::DeallocOp>(user)) {
      deallocs.push_back(user);
      continue;
    }
    auto t = dyn_cast<linalg::TransposeOp>(user);
    if (!t || transpose || t.getInit() != copy || !t.hasPureBufferSemantics())
      return std::nullopt;
    transpose = t;
  }
  if (!transpose || transpose->getBlock() != matmul->getBlock() ||
      !transpose->isBeforeInBlock(matmul))
    return std::nullopt;
  ArrayRef<int64_t> perm = transpose.getPermutation();
  int64_t rank = perm.size();
  if (rank < 2 || perm[rank - 2] != rank - 1 || perm[rank - 1] != rank - 2)
    return std::nullopt;
  for (int64_t i = 0; i < rank - 2; ++i)
    if (perm[i] != i)
      return std::nullopt;
  // Nothing in between may write the transpose's input.
  Value source = transpose.getInput();
  Value root = kiln::getRootBuffer(source);
  for (Operation *op = transpose->getNextNode(); op != matmul.getOperation();
       op = op->getNextNode()) {
    if (auto dealloc = dyn_cast<memref::DeallocOp>(op);
        dealloc && kiln::getRootBuffer(dealloc.getMemref()) == root)
      return std::nullopt;
    if (isMemoryEffectFree(op) ||
        isa<memref::AllocOp, memref::DeallocOp, ViewLikeOpInterface>(op))
      continue;
    auto effects = dyn_cast<MemoryEffectOpInterface>(op);
    if (!effects)
      return std::nullopt;
    SmallVector<MemoryEffects::EffectInstance> instances;
    effects.getEffects(instances);
    for (auto &effect : instances)
      if (isa<MemoryEffects::Write>(effect.getEffect()) &&
          (!effect.getValue() ||
           kiln::getRootBuffer(effect.getValue()) == root))
        return std::nullopt;
  }
  // cuBLASLt reads it with contiguous rows.
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(cast<MemRefType>(source.getType())
                 .getStridesAndOffset(strides, offset)) ||
      strides.back() != 1)
    return std::nullopt;
  TransposedOperand result;
  result.source = source;
  if (collapse) {
    // The same reshape of the input: leading dims merged, the last two
    // kept apart.
    SmallVector<ReassociationIndices> groups =
        collapse.getReassociationIndices();
    auto sourceType = cast<MemRefType>(source.getType());
    if (groups.size() < 2 || groups[groups.size() - 2].size() != 1 ||
        groups.back().size() != 1 ||
        !memref::CollapseShapeOp::isGuaranteedCollapsible(sourceType, groups))
      return std::nullopt;
    result.dead.push_back(collapse);
  }
  result.dead.push_back(transpose);
  result.dead.append(deallocs.begin(), deallocs.end());
  result.dead.push_back(alloc);
  return result;
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
      // Otherwise a fresh f32 product of half inputs that every reader
      // rounds to the inputs' type is written in that type by cuBLASLt
      // (the same rounding, half the bytes).
      RoundingReaders roundingReaders;
      bool narrow =
          fill && !epilogue && result == "f32" && in != "f32" &&
          output.getDefiningOp<memref::AllocOp>() &&
          collectRoundingReaders(output, op, fill, lhs.getElementType(),
                                 roundingReaders);
      if (fill) {
        rewriter.eraseOp(fill);
        flags = 0;
        ++numFoldedFills;
      }
      Value oldOutput = output;
      if (narrow) {
        output = narrowProduct(rewriter, output, lhs.getElementType(),
                               roundingReaders);
        result = in.str();
        ++numNarrowedProducts;
      }
      SmallVector<Value> operands = {op.getDpsInputs()[0], op.getDpsInputs()[1],
                                     output};
      // An operand that is a transposed copy of another buffer: cuBLASLt
      // reads that buffer transposed, and the copy goes away.
      SmallVector<Operation *> deadTransposes;
      constexpr int32_t kTransposeBits[] = {16, 32};
      for (auto [i, bit] : llvm::enumerate(kTransposeBits)) {
        // (One copy read as both operands stays.)
        if (operands[0] == operands[1])
          break;
        std::optional<TransposedOperand> transposed =
            matchTransposedOperand(op, operands[i]);
        // Not when the result overwrites the copy's input.
        if (!transposed ||
            kiln::getRootBuffer(operands[2]) ==
                kiln::getRootBuffer(transposed->source) ||
            (epilogue && kiln::getRootBuffer(epilogue->output) ==
                             kiln::getRootBuffer(transposed->source)))
          continue;
        Value source = transposed->source;
        if (auto collapse =
                operands[i].getDefiningOp<memref::CollapseShapeOp>()) {
          rewriter.setInsertionPoint(op);
          source = memref::CollapseShapeOp::create(
              rewriter, collapse.getLoc(), source,
              collapse.getReassociationIndices());
        }
        operands[i] = source;
        flags |= bit;
        deadTransposes.append(transposed->dead.begin(), transposed->dead.end());
        ++numFoldedTransposes;
      }
      Type outElement = cast<MemRefType>(output.getType()).getElementType();
      if (epilogue) {
        operands[2] = epilogue->output;
        outElement =
            cast<MemRefType>(epilogue->output.getType()).getElementType();
        if (epilogue->relu)
          flags |= 2;
        if (epilogue->bias)
          operands.push_back(epilogue->bias);
        if (epilogue->residual)
          operands.push_back(epilogue->residual);
        result = getTypeName(outElement).str();
      }
      bool withBias = epilogue && epilogue->bias;
      bool withResidual = epilogue && epilogue->residual;
      std::string name =
          ("kiln_rt_cuda_matmul_" + Twine(withBias ? "bias_" : "") +
           Twine(withResidual ? "residual_" : "") + in + "_" + result + "_" +
           Twine(rank) + "d")
              .str();
      SmallVector<Type> params;
      for (Value operand : operands) {
        auto type = cast<MemRefType>(operand.getType());
        params.push_back(
            kiln::getDynamicStridedType(type.getElementType(), type.getRank()));
      }
      params.push_back(rewriter.getI32Type());
      func::FuncOp callee =
          kiln::getOrDeclareRuntimeFunction(module, name, params);
      rewriter.setInsertionPoint(epilogue ? epilogue->op.getOperation()
                                          : op.getOperation());
      SmallVector<Value> args;
      for (auto [operand, param] : llvm::zip(operands, params))
        args.push_back(memref::CastOp::create(rewriter, loc, param, operand));
      args.push_back(arith::ConstantIntOp::create(rewriter, loc, flags, 32));
      func::CallOp::create(rewriter, loc, callee, args);
      if (epilogue) {
        rewriter.eraseOp(epilogue->op);
        ++numFusedEpilogues;
      }
      rewriter.eraseOp(op);
      if (narrow)
        rewriter.eraseOp(oldOutput.getDefiningOp());
      for (Operation *dead : deadTransposes)
        rewriter.eraseOp(dead);
      ++numCalls;
    }
  }
};
} // namespace
