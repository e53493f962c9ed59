//===- CublasRewrites.cpp - Fold work into cuBLASLt calls -----------------===//
//
// The pattern sets of kiln-matmul-to-cublas after the first (Transforms.h):
// each matches a call of a cuBLASLt entry point (CublasCall.h) and re-emits
// it doing more of the work itself.
//
//   fill folding   a zero fill of D before the call: D = A @ B, not +=
//   epilogue       relu?(D + bias? + residual?) right after: into the call
//   narrowing      an f32 D that every reader rounds to half: written half
//   transposes     an operand copied by a transpose: read transposed
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/GPU/Transforms.h"
#include "kiln/Runtime/RuntimeABI.h"

#include "CublasCall.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;
using namespace kiln;

/// The buffer a chain of views is a view of: two memrefs with different
/// root buffers do not overlap.
static Value getRootBuffer(Value memref) {
  if (auto typed = dyn_cast<MemrefValue>(memref))
    return memref::skipViewLikeOps(typed);
  return memref;
}

/// The zero fill of `call`'s output right before it (nothing in between
/// but the call's own operands touches it), or null.
static linalg::FillOp getZeroFillBefore(const CublasCall &call) {
  Value output = call.d;
  for (Operation *prev = call.op->getPrevNode(); prev;
       prev = prev->getPrevNode()) {
    if (call.isOperandOf(prev))
      continue;
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

/// True when the sum `value` of a product, a residual and a bias is
/// `(product + residual) + bias`, the order cuBLASLt computes it in: it
/// rounds product + C to D's type before it adds the bias. Another order
/// (`(product + bias) + residual`, a linear layer before its residual add)
/// would round at another point: with cancellation, elements far outside
/// the program's rounding (issue 10: 13 of 1650 bf16 elements).
static bool addsBiasLast(Value value, BlockArgument product,
                         BlockArgument bias) {
  auto add = stripCasts(value).getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  for (auto [inner, outer] : {std::pair{add.getLhs(), add.getRhs()},
                              std::pair{add.getRhs(), add.getLhs()}}) {
    SmallVector<Value> terms;
    collectTerms(inner, terms);
    if (terms.size() == 2 && llvm::is_contained(terms, product) &&
        stripCasts(outer) == bias)
      return true;
  }
  return false;
}

/// The epilogue of the product `call` writes (a fresh 2-d buffer): its
/// only other reader, a linalg.generic right after it
/// computing relu?(product + bias? + residual?) into a buffer of f32 or
/// the inputs' type, the terms in any order except a bias added before a
/// residual (addsBiasLast). Intermediate roundings (extf/truncf pairs)
/// are dropped: cuBLASLt keeps product + bias, and product + residual, in
/// f32 until the conversion to D's type.
static std::optional<Epilogue> matchEpilogue(const CublasCall &call,
                                             Type inputType) {
  Value product = call.d;
  // The first reader after the product.
  linalg::GenericOp generic;
  for (Operation *op = call.op->getNextNode(); op && !generic;
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
    if (call.isPartOf(user) || user == generic.getOperation() ||
        isa<memref::DeallocOp, linalg::FillOp>(user))
      continue;
    if (!inPlace || user->getBlock() != generic->getBlock() ||
        !generic->isBeforeInBlock(user))
      return std::nullopt;
  }
  // Nothing in between writes the product or reads what the epilogue
  // writes.
  for (Operation *op = call.op->getNextNode(); op != generic;
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
  Value outputRoot = getRootBuffer(generic.getDpsInits()[0]);
  for (Value input : {call.a, call.b})
    if (getRootBuffer(input) == outputRoot)
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
  BlockArgument biasArg;
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
    if (type.getRank() == 1 && maps[i] == columns && !epilogue.bias) {
      epilogue.bias = input;
      biasArg = arg;
    }
    else if (type.getRank() == 2 && maps[i] == identity && !epilogue.residual)
      epilogue.residual = input;
    else
      return std::nullopt;
  }
  if (!seen.contains(productIndex))
    return std::nullopt;
  if (epilogue.bias && epilogue.residual &&
      !addsBiasLast(value, body.getArgument(productIndex), biasArg))
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
static bool collectRoundingReaders(Value buffer, const CublasCall &call,
                                   Type inputType, RoundingReaders &readers) {
  for (OpOperand &use : buffer.getUses()) {
    Operation *user = use.getOwner();
    if (call.isPartOf(user) || isa<memref::DeallocOp>(user))
      continue;
    if (isa<memref::ExpandShapeOp, memref::CollapseShapeOp, memref::SubViewOp,
            memref::CastOp>(user) &&
        use.getOperandNumber() == 0) {
      readers.views.push_back(user);
      if (!collectRoundingReaders(user->getResult(0), call, inputType, readers))
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

/// Whether `op`, or an op it holds (a fusion group's scf.forall), may write
/// the buffer `root`. Assertions (a gather's bounds check) only stop the
/// program and write nothing.
static bool mayWrite(Operation *op, Value root) {
  return op
      ->walk([&](Operation *nested) {
        if (isa<cf::AssertOp>(nested))
          return WalkResult::advance();
        // (The walk reaches the ops a loop holds as well.)
        auto effects = dyn_cast<MemoryEffectOpInterface>(nested);
        if (!effects)
          return nested->hasTrait<OpTrait::HasRecursiveMemoryEffects>()
                     ? WalkResult::advance()
                     : WalkResult::interrupt();
        SmallVector<MemoryEffects::EffectInstance> instances;
        effects.getEffects(instances);
        for (auto &effect : instances)
          if (isa<MemoryEffects::Write>(effect.getEffect()) &&
              (!effect.getValue() || getRootBuffer(effect.getValue()) == root))
            return WalkResult::interrupt();
        return WalkResult::advance();
      })
      .wasInterrupted();
}

/// Matches `operand` of `call` = (collapse_shape of leading dims of)
/// a fresh buffer written only by a linalg.transpose of the last two dims,
/// earlier in the same block, whose input nothing writes in between.
static std::optional<TransposedOperand>
matchTransposedOperand(const CublasCall &call, Value operand) {
  auto collapse = operand.getDefiningOp<memref::CollapseShapeOp>();
  Value copy = collapse ? collapse.getSrc() : operand;
  auto alloc = copy.getDefiningOp<memref::AllocOp>();
  if (!alloc || (collapse && !collapse->hasOneUse()))
    return std::nullopt;
  linalg::TransposeOp transpose;
  SmallVector<Operation *> deallocs;
  for (Operation *user : copy.getUsers()) {
    if (user == collapse.getOperation() ||
        (!collapse && call.isOperandOf(user)))
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
  if (!transpose || transpose->getBlock() != call.op->getBlock() ||
      !transpose->isBeforeInBlock(call.op))
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
  Value root = getRootBuffer(source);
  Operation *callOp = call.op;
  for (Operation *op = transpose->getNextNode(); op != callOp;
       op = op->getNextNode()) {
    if (auto dealloc = dyn_cast<memref::DeallocOp>(op);
        dealloc && getRootBuffer(dealloc.getMemref()) == root)
      return std::nullopt;
    if (isMemoryEffectFree(op) ||
        isa<memref::AllocOp, memref::DeallocOp, ViewLikeOpInterface>(op))
      continue;
    // Another cuBLASLt call writes its D only (a weight's transposed copy
    // made at the top of a model is read by its last matmul).
    if (auto other = dyn_cast<func::CallOp>(op)) {
      std::optional<CublasCall> between = CublasCall::match(other);
      if (!between || getRootBuffer(between->d) == root)
        return std::nullopt;
      continue;
    }
    if (mayWrite(op, root))
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

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

namespace {
/// A rewrite of one cuBLASLt call; `rewrite` returns failure to leave it.
struct CublasCallPattern : OpRewritePattern<func::CallOp> {
  CublasCallPattern(MLIRContext *ctx, int64_t *numApplied)
      : OpRewritePattern<func::CallOp>(ctx), numApplied(numApplied) {}

  LogicalResult matchAndRewrite(func::CallOp op,
                                PatternRewriter &rewriter) const final {
    std::optional<CublasCall> call = CublasCall::match(op);
    if (!call || failed(rewrite(*call, rewriter)))
      return failure();
    if (numApplied)
      ++*numApplied;
    return success();
  }

  virtual LogicalResult rewrite(CublasCall &call,
                                PatternRewriter &rewriter) const = 0;

  int64_t *numApplied;
};

struct FoldZeroFill : CublasCallPattern {
  using CublasCallPattern::CublasCallPattern;

  LogicalResult rewrite(CublasCall &call,
                        PatternRewriter &rewriter) const override {
    if (!call.has(abi::kMatmulAccumulate))
      return failure();
    linalg::FillOp fill = getZeroFillBefore(call);
    if (!fill)
      return failure();
    rewriter.eraseOp(fill);
    call.flags &= ~abi::kMatmulAccumulate;
    rewriter.setInsertionPoint(call.op);
    call.emit(rewriter, call.op.getLoc());
    return success();
  }
};

struct FuseEpilogue : CublasCallPattern {
  using CublasCallPattern::CublasCallPattern;

  LogicalResult rewrite(CublasCall &call,
                        PatternRewriter &rewriter) const override {
    if (call.flags != 0 || call.bias || call.residual ||
        cast<MemRefType>(call.d.getType()).getRank() != 2)
      return failure();
    Type inputType = cast<MemRefType>(call.a.getType()).getElementType();
    std::optional<Epilogue> epilogue = matchEpilogue(call, inputType);
    if (!epilogue)
      return failure();
    call.d = epilogue->output;
    call.bias = epilogue->bias;
    call.residual = epilogue->residual;
    if (epilogue->relu)
      call.flags |= abi::kMatmulRelu;
    rewriter.setInsertionPoint(epilogue->op);
    call.emit(rewriter, call.op.getLoc());
    rewriter.eraseOp(epilogue->op);
    return success();
  }
};

struct NarrowProduct : CublasCallPattern {
  using CublasCallPattern::CublasCallPattern;

  LogicalResult rewrite(CublasCall &call,
                        PatternRewriter &rewriter) const override {
    Type inputType = cast<MemRefType>(call.a.getType()).getElementType();
    auto alloc = call.d.getDefiningOp<memref::AllocOp>();
    RoundingReaders readers;
    if (call.flags != 0 || call.bias || call.residual || !alloc ||
        !alloc.getType().getElementType().isF32() || inputType.isF32() ||
        !collectRoundingReaders(call.d, call, inputType, readers))
      return failure();
    call.d = narrowProduct(rewriter, call.d, inputType, readers);
    rewriter.setInsertionPoint(call.op);
    call.emit(rewriter, call.op.getLoc());
    rewriter.eraseOp(alloc);
    return success();
  }
};

struct ReadTransposedOperands : CublasCallPattern {
  using CublasCallPattern::CublasCallPattern;

  LogicalResult rewrite(CublasCall &call,
                        PatternRewriter &rewriter) const override {
    SmallVector<Operation *> dead;
    constexpr abi::MatmulFlags kBits[] = {abi::kMatmulTransposeA,
                                          abi::kMatmulTransposeB};
    for (auto [operand, bit] :
         llvm::zip(SmallVector<Value *>{&call.a, &call.b}, kBits)) {
      // (One copy read as both operands stays; an operand read transposed
      // already is not transposed again.)
      if (call.a == call.b)
        break;
      if (call.has(bit))
        continue;
      std::optional<TransposedOperand> transposed =
          matchTransposedOperand(call, *operand);
      // Not when the result overwrites the copy's input.
      if (!transposed ||
          getRootBuffer(call.d) == getRootBuffer(transposed->source))
        continue;
      Value source = transposed->source;
      if (auto collapse = operand->getDefiningOp<memref::CollapseShapeOp>()) {
        rewriter.setInsertionPoint(call.op);
        source =
            memref::CollapseShapeOp::create(rewriter, collapse.getLoc(), source,
                                            collapse.getReassociationIndices());
      }
      *operand = source;
      call.flags |= bit;
      dead.append(transposed->dead.begin(), transposed->dead.end());
    }
    if (dead.empty())
      return failure();
    rewriter.setInsertionPoint(call.op);
    call.emit(rewriter, call.op.getLoc());
    for (Operation *op : dead)
      rewriter.eraseOp(op);
    return success();
  }
};
} // namespace

void kiln::populateCublasFillFoldingPatterns(RewritePatternSet &patterns,
                                             int64_t *numApplied) {
  patterns.add<FoldZeroFill>(patterns.getContext(), numApplied);
}

void kiln::populateCublasEpiloguePatterns(RewritePatternSet &patterns,
                                          int64_t *numApplied) {
  patterns.add<FuseEpilogue>(patterns.getContext(), numApplied);
}

void kiln::populateCublasNarrowingPatterns(RewritePatternSet &patterns,
                                           int64_t *numApplied) {
  patterns.add<NarrowProduct>(patterns.getContext(), numApplied);
}

void kiln::populateCublasTransposePatterns(RewritePatternSet &patterns,
                                           int64_t *numApplied) {
  patterns.add<ReadTransposedOperands>(patterns.getContext(), numApplied);
}
