//===- FlashAttention.cpp - kiln.flash_attention as one tensor-core kernel ===//
//
// The fused attention kernel of kiln-map-to-gpu (Transforms.h), the
// forward pass of FlashAttention-2 on warp-level tensor-core MMAs
// (mma.sync m16n8k16, f16/bf16 in, f32 accumulators):
//
//   grid    one block per 64 queries of one batch entry (batch dims and
//           query tiles linearized on x); 4 warps of 16 queries each
//   loop    over tiles of 64 keys: K and V tiles are staged in shared
//           memory (rows padded by 8 elements against bank conflicts);
//           S = Q K^T from Q's fragments held in registers, scaled into
//           log2 units and masked (keys past S, and past the query when
//           causal); the running row max m and sum l rescale the output
//           accumulators (online softmax); P, rounded to the input type,
//           is the A operand of P V straight from S's accumulator layout
//   end     the rows' sums combine across each quad of lanes; O / l is
//           rounded to the output type and stored for the rows in range
//
// No L x S matrix exists in memory. A causal block visits only the key
// tiles up to its last query.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/GPU/LaneVectorizer.h"
#include "kiln/Codegen/GPU/Transforms.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "MappingUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <cmath>

using namespace mlir;
using namespace kiln;

/// Queries per block (16 per warp) and keys per tile.
static constexpr int64_t kQueryTile = 64;
static constexpr int64_t kKeyTile = 64;
static constexpr int64_t kWarps = kQueryTile / 16;
/// Padding of a shared-memory row, in elements (16 bytes).
static constexpr int64_t kPad = 8;

namespace {
/// Builds the kernel's body: index and float helpers over one builder.
struct KernelBuilder {
  OpBuilder &b;
  Location loc;
  /// The input element type (f16 or bf16).
  Type half;

  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value f32(double v) {
    return arith::ConstantFloatOp::create(b, loc, b.getF32Type(),
                                          APFloat(static_cast<float>(v)));
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value addf(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value mulf(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value maxf(Value x, Value y) {
    return arith::MaximumFOp::create(b, loc, x, y);
  }
  Value ult(Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x, y);
  }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }

  /// Two elements of the input type as one MMA operand register: an i32
  /// for bf16, a vector<2xf16> for f16 (what nvvm.mma.sync takes).
  Value pack(Value lo, Value hi) {
    auto pair = VectorType::get({2}, half);
    Value v = vector::FromElementsOp::create(b, loc, pair, ValueRange{lo, hi});
    if (half.isF16())
      return v;
    Value word = vector::BitCastOp::create(
        b, loc, VectorType::get({1}, b.getI32Type()), v);
    return vector::ExtractOp::create(b, loc, word, ArrayRef<int64_t>{0});
  }

  /// D = A B + C on one m16n8k16 tile; `acc` is C in, D out.
  void mma(ArrayRef<Value> a, ArrayRef<Value> bFrag,
           MutableArrayRef<Value> acc) {
    Type f = b.getF32Type();
    auto result = LLVM::LLVMStructType::getLiteral(b.getContext(), {f, f, f, f});
    NVVM::MMATypes type =
        half.isF16() ? NVVM::MMATypes::f16 : NVVM::MMATypes::bf16;
    Value d = NVVM::MmaOp::create(
        b, loc, result, a, bFrag, acc, {16, 8, 16}, std::nullopt, std::nullopt,
        std::array<NVVM::MMATypes, 2>{type, type},
        std::array<NVVM::MMALayout, 2>{NVVM::MMALayout::row,
                                       NVVM::MMALayout::col});
    for (int64_t i = 0; i < 4; ++i)
      acc[i] = LLVM::ExtractValueOp::create(b, loc, d, ArrayRef<int64_t>{i});
  }

  /// The maximum or sum of `v` over the 4 lanes of a quad (the lanes that
  /// hold one row of an accumulator tile).
  Value quadReduce(Value v, bool max) {
    for (int32_t offset : {1, 2}) {
      Value other =
          gpu::ShuffleOp::create(b, loc, v, offset, 32, gpu::ShuffleMode::XOR)
              .getShuffleResult();
      v = max ? maxf(v, other) : addf(v, other);
    }
    return v;
  }
};

/// The operands and sizes of one kiln.flash_attention.
struct AttentionShape {
  Value q, k, v, out;
  int64_t rank, e, ev;
  bool causal;
  double scale;
  /// Host values: the batch dims, L, S.
  SmallVector<Value> batchDims;
  Value l, s;
};
} // namespace

/// Elements per 16-byte vector of the input type.
static constexpr int64_t kVector = 8;

/// Copies rows [k0, k0 + kKeyTile) of `src` (batch entry `batch`, rows
/// past `s` as zeros) into the shared tile `tile` ([kKeyTile, width +
/// kPad]), 16 bytes per thread and step; consecutive threads copy
/// consecutive vectors of a row. (`src` rows are 16-byte aligned: see
/// mapFlashAttentionToGpu.)
static void stageTile(KernelBuilder &kb, Value src, ValueRange batch,
                      Value k0, Value s, int64_t width, Value tile,
                      Value tid) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  int64_t vectorsPerRow = width / kVector;
  int64_t perThread = kKeyTile * vectorsPerRow / (kWarps * 32);
  auto vectorType = VectorType::get({kVector}, kb.half);
  Value zero = arith::ConstantOp::create(
      b, loc, vectorType,
      DenseElementsAttr::get(vectorType, b.getFloatAttr(kb.half, 0.0)));
  for (int64_t i = 0; i < perThread; ++i) {
    Value linear = kb.add(tid, kb.index(i * kWarps * 32));
    Value row = arith::DivUIOp::create(b, loc, linear, kb.index(vectorsPerRow));
    Value col = kb.mul(
        arith::RemUIOp::create(b, loc, linear, kb.index(vectorsPerRow)),
        kb.index(kVector));
    Value key = kb.add(k0, row);
    Value inRange = kb.ult(key, s);
    SmallVector<Value> indices(batch);
    indices.push_back(kb.select(inRange, key, kb.index(0)));
    indices.push_back(col);
    auto load = vector::LoadOp::create(b, loc, vectorType, src, indices);
    load.setAlignment(16);
    auto store = vector::StoreOp::create(
        b, loc, kb.select(inRange, load, zero), tile, ValueRange{row, col});
    store.setAlignment(16);
  }
}

/// The loop state: the running max and sum of rows g and g + 8 of the
/// warp's 16, then the output accumulators (4 per 8 columns of Ev).
namespace {
struct LoopState {
  Value maxA, maxB, sumA, sumB;
  SmallVector<Value> acc;

  SmallVector<Value> flatten() const {
    SmallVector<Value> values{maxA, maxB, sumA, sumB};
    llvm::append_range(values, acc);
    return values;
  }
  static LoopState unflatten(ValueRange values) {
    LoopState state{values[0], values[1], values[2], values[3], {}};
    state.acc.assign(values.begin() + 4, values.end());
    return state;
  }
};
} // namespace

/// One key tile: S = Q K^T, masking, the online softmax update, O += P V.
static LoopState emitKeyTile(KernelBuilder &kb, const AttentionShape &shape,
                             ArrayRef<SmallVector<Value>> qFrag, Value kTile,
                             Value vTile, Value k0, Value rowA, Value rowB,
                             Value g, Value t, LoopState state) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  constexpr int64_t nTiles = kKeyTile / 8;
  // S: per 8 keys, a row-g pair (0, 1) and a row-(g + 8) pair (2, 3).
  SmallVector<SmallVector<Value>> scores(nTiles);
  Value zero = kb.f32(0), minusInf = kb.f32(-INFINITY);
  Value twoT = kb.mul(t, kb.index(2));
  for (int64_t n = 0; n < nTiles; ++n) {
    SmallVector<Value> acc(4, zero);
    Value key = kb.add(g, kb.index(n * 8));
    for (int64_t ks = 0; ks < shape.e / 16; ++ks) {
      auto pair = [&](int64_t offset) {
        Value col = kb.add(twoT, kb.index(ks * 16 + offset));
        Value v = vector::LoadOp::create(b, loc, VectorType::get({2}, kb.half),
                                         kTile, ValueRange{key, col});
        if (kb.half.isF16())
          return v;
        Value word = vector::BitCastOp::create(
            b, loc, VectorType::get({1}, b.getI32Type()), v);
        return Value(vector::ExtractOp::create(b, loc, word,
                                               ArrayRef<int64_t>{0}));
      };
      kb.mma(qFrag[ks], {pair(0), pair(8)}, acc);
    }
    scores[n] = acc;
  }
  // Scale into log2 units; mask keys past S (and, causal, past the query).
  Value scale = kb.f32(shape.scale * M_LOG2E);
  Value tileMax[2] = {minusInf, minusInf};
  for (int64_t n = 0; n < nTiles; ++n)
    for (int64_t j = 0; j < 4; ++j) {
      Value col = kb.add(k0, kb.add(twoT, kb.index(n * 8 + (j & 1))));
      Value valid = kb.ult(col, shape.s);
      if (shape.causal) {
        Value row = j < 2 ? rowA : rowB;
        valid = arith::AndIOp::create(
            b, loc, valid,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, col, row));
      }
      Value &x = scores[n][j];
      x = kb.select(valid, kb.mulf(x, scale), minusInf);
      tileMax[j / 2] = kb.maxf(tileMax[j / 2], x);
    }
  // Online softmax: the new max, the rescaling of what came before.
  Value oldMax[2] = {state.maxA, state.maxB};
  Value newMax[2], safeMax[2], correction[2], sums[2] = {zero, zero};
  for (int r = 0; r < 2; ++r) {
    newMax[r] = kb.maxf(oldMax[r], kb.quadReduce(tileMax[r], /*max=*/true));
    // A row with no visible key yet keeps max -inf: subtract 0 instead.
    Value none = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                       newMax[r], minusInf);
    safeMax[r] = kb.select(none, zero, newMax[r]);
    correction[r] = math::Exp2Op::create(
        b, loc, arith::SubFOp::create(b, loc, oldMax[r], safeMax[r]));
  }
  for (int64_t n = 0; n < nTiles; ++n)
    for (int64_t j = 0; j < 4; ++j) {
      Value &x = scores[n][j];
      x = math::Exp2Op::create(
          b, loc, arith::SubFOp::create(b, loc, x, safeMax[j / 2]));
      sums[j / 2] = kb.addf(sums[j / 2], x);
    }
  LoopState next;
  next.maxA = newMax[0];
  next.maxB = newMax[1];
  next.sumA = kb.addf(kb.mulf(state.sumA, correction[0]), sums[0]);
  next.sumB = kb.addf(kb.mulf(state.sumB, correction[1]), sums[1]);
  next.acc = state.acc;
  for (auto [i, value] : llvm::enumerate(next.acc))
    value = kb.mulf(value, correction[(i % 4) / 2]);
  // O += P V with P = hi + lo, both in the inputs' type (P to about 16
  // bits, not the 8 of bf16: the unnormalized P of the online softmax
  // rounds differently from the normalized probabilities, and rounding it
  // to bf16 alone costs up to 2% of an output).
  for (int64_t ks = 0; ks < kKeyTile / 16; ++ks) {
    SmallVector<Value> hi, lo;
    for (auto [tile, j] : {std::pair<int64_t, int64_t>{2 * ks, 0},
                           {2 * ks, 2},
                           {2 * ks + 1, 0},
                           {2 * ks + 1, 2}}) {
      Value x0 = scores[tile][j], x1 = scores[tile][j + 1];
      auto split = [&](Value x) {
        Value h = arith::TruncFOp::create(b, loc, kb.half, x);
        Value rest = arith::SubFOp::create(
            b, loc, x, arith::ExtFOp::create(b, loc, b.getF32Type(), h));
        return std::pair<Value, Value>{
            h, arith::TruncFOp::create(b, loc, kb.half, rest)};
      };
      auto [h0, l0] = split(x0);
      auto [h1, l1] = split(x1);
      hi.push_back(kb.pack(h0, h1));
      lo.push_back(kb.pack(l0, l1));
    }
    for (int64_t n = 0; n < shape.ev / 8; ++n) {
      Value col = kb.add(g, kb.index(n * 8));
      auto pair = [&](int64_t offset) {
        Value key = kb.add(twoT, kb.index(ks * 16 + offset));
        Value lo = memref::LoadOp::create(b, loc, vTile, ValueRange{key, col});
        Value hi = memref::LoadOp::create(
            b, loc, vTile, ValueRange{kb.add(key, kb.index(1)), col});
        return kb.pack(lo, hi);
      };
      Value bFrag[2] = {pair(0), pair(8)};
      MutableArrayRef<Value> acc =
          MutableArrayRef<Value>(next.acc).slice(n * 4, 4);
      kb.mma(hi, bFrag, acc);
      kb.mma(lo, bFrag, acc);
    }
  }
  return next;
}

/// The launch's body for block `block` of thread `tid`.
static void emitBody(KernelBuilder &kb, const AttentionShape &shape,
                     Value block, Value tid, Value qTiles, Value kTile,
                     Value vTile) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  Value queryTile = arith::RemUIOp::create(b, loc, block, qTiles);
  Value rest = arith::DivUIOp::create(b, loc, block, qTiles);
  SmallVector<Value> batch(shape.batchDims.size());
  for (int64_t i = batch.size() - 1; i >= 0; --i) {
    batch[i] = arith::RemUIOp::create(b, loc, rest, shape.batchDims[i]);
    rest = arith::DivUIOp::create(b, loc, rest, shape.batchDims[i]);
  }
  Value warp = arith::DivUIOp::create(b, loc, tid, kb.index(32));
  Value lane = arith::RemUIOp::create(b, loc, tid, kb.index(32));
  Value g = arith::DivUIOp::create(b, loc, lane, kb.index(4));
  Value t = arith::RemUIOp::create(b, loc, lane, kb.index(4));
  Value q0 = kb.mul(queryTile, kb.index(kQueryTile));
  Value rowA = kb.add(q0, kb.add(kb.mul(warp, kb.index(16)), g));
  Value rowB = kb.add(rowA, kb.index(8));
  Value twoT = kb.mul(t, kb.index(2));
  // Q's A fragments, rows past L clamped (computed, never stored).
  auto clampRow = [&](Value row) {
    return kb.select(kb.ult(row, shape.l), row, kb.index(0));
  };
  Value rows[2] = {clampRow(rowA), clampRow(rowB)};
  SmallVector<SmallVector<Value>> qFrag(shape.e / 16);
  for (int64_t ks = 0; ks < shape.e / 16; ++ks)
    for (int64_t j = 0; j < 4; ++j) {
      Value col = kb.add(twoT, kb.index(ks * 16 + (j / 2) * 8));
      SmallVector<Value> idx(batch);
      idx.push_back(rows[j % 2]);
      idx.push_back(col);
      Value lo = memref::LoadOp::create(b, loc, shape.q, idx);
      idx.back() = kb.add(col, kb.index(1));
      Value hi = memref::LoadOp::create(b, loc, shape.q, idx);
      qFrag[ks].push_back(kb.pack(lo, hi));
    }
  // Key tiles: all of them, or (causal) those up to the block's last query.
  Value keys = shape.s;
  if (shape.causal)
    keys = arith::MinUIOp::create(b, loc, keys,
                                  kb.add(q0, kb.index(kQueryTile)));
  Value numTiles =
      arith::CeilDivUIOp::create(b, loc, keys, kb.index(kKeyTile));
  LoopState init{kb.f32(-INFINITY), kb.f32(-INFINITY), kb.f32(0), kb.f32(0),
                 SmallVector<Value>(shape.ev / 2, kb.f32(0))};
  auto loop = scf::ForOp::create(
      b, loc, kb.index(0), numTiles, kb.index(1), init.flatten(),
      [&](OpBuilder &nb, Location, Value tile, ValueRange args) {
        KernelBuilder ib{nb, loc, kb.half};
        Value k0 = ib.mul(tile, ib.index(kKeyTile));
        gpu::BarrierOp::create(nb, loc);
        stageTile(ib, shape.k, batch, k0, shape.s, shape.e, kTile, tid);
        stageTile(ib, shape.v, batch, k0, shape.s, shape.ev, vTile, tid);
        gpu::BarrierOp::create(nb, loc);
        LoopState next = emitKeyTile(ib, shape, qFrag, kTile, vTile, k0, rowA,
                                     rowB, g, t, LoopState::unflatten(args));
        scf::YieldOp::create(nb, loc, next.flatten());
      });
  LoopState final = LoopState::unflatten(loop.getResults());
  // O / l for the rows in range.
  Value inverse[2] = {
      arith::DivFOp::create(b, loc, kb.f32(1),
                            kb.quadReduce(final.sumA, /*max=*/false)),
      arith::DivFOp::create(b, loc, kb.f32(1),
                            kb.quadReduce(final.sumB, /*max=*/false))};
  Value rowOf[2] = {rowA, rowB};
  Type outType = cast<MemRefType>(shape.out.getType()).getElementType();
  for (int r = 0; r < 2; ++r) {
    auto ifOp = scf::IfOp::create(b, loc, kb.ult(rowOf[r], shape.l),
                                  /*withElseRegion=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
    for (int64_t n = 0; n < shape.ev / 8; ++n)
      for (int64_t j = 0; j < 2; ++j) {
        Value x = kb.mulf(final.acc[n * 4 + r * 2 + j], inverse[r]);
        SmallVector<Value> idx(batch);
        idx.push_back(rowOf[r]);
        idx.push_back(kb.add(twoT, kb.index(n * 8 + j)));
        memref::StoreOp::create(b, loc,
                                arith::TruncFOp::create(b, loc, outType, x),
                                shape.out, idx);
      }
  }
}

/// `value` if its rows are 16-byte aligned (an identity layout on a buffer
/// known to be aligned), else an aligned copy made by a kernel in front of
/// the attention (freed after `op`).
static FailureOr<Value> getAlignedOperand(RewriterBase &rewriter, Value value,
                                          FlashAttentionOp op,
                                          const GpuMappingOptions &options) {
  auto type = cast<MemRefType>(value.getType());
  if (type.getLayout().isIdentity() &&
      getKnownAlignment(value) >= kBufferAlignment)
    return value;
  Location loc = op.getLoc();
  SmallVector<Value> dynamicSizes;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      dynamicSizes.push_back(memref::DimOp::create(rewriter, loc, value, i));
  auto copy = memref::AllocOp::create(
      rewriter, loc, MemRefType::get(type.getShape(), type.getElementType()),
      dynamicSizes);
  scf::ParallelOp loop = buildCopyLoop(rewriter, loc, value, copy);
  if (failed(mapLoopToThreads(rewriter, loop, options)))
    return failure();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointAfter(op);
  memref::DeallocOp::create(rewriter, loc, copy);
  return Value(copy);
}

LogicalResult kiln::mapFlashAttentionToGpu(RewriterBase &rewriter,
                                           FlashAttentionOp op,
                                           const GpuMappingOptions &options) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  AttentionShape shape;
  Value operands[3] = {op.getQ(), op.getK(), op.getV()};
  Value *aligned[3] = {&shape.q, &shape.k, &shape.v};
  for (int i = 0; i < 3; ++i) {
    FailureOr<Value> value =
        getAlignedOperand(rewriter, operands[i], op, options);
    if (failed(value))
      return failure();
    *aligned[i] = *value;
  }
  rewriter.setInsertionPoint(op);
  shape.out = op.getInit();
  auto qType = cast<MemRefType>(shape.q.getType());
  shape.rank = qType.getRank();
  shape.e = qType.getShape().back();
  shape.ev = cast<MemRefType>(shape.v.getType()).getShape().back();
  shape.causal = op.getCausal();
  shape.scale = op.getScale().convertToDouble();
  Type half = qType.getElementType();
  KernelBuilder kb{rewriter, loc, half};
  Value batchCount = kb.index(1);
  for (int64_t i = 0; i < shape.rank - 2; ++i) {
    shape.batchDims.push_back(
        memref::DimOp::create(rewriter, loc, shape.q, i));
    batchCount = kb.mul(batchCount, shape.batchDims.back());
  }
  shape.l = memref::DimOp::create(rewriter, loc, shape.q, shape.rank - 2);
  shape.s = memref::DimOp::create(rewriter, loc, shape.k, shape.rank - 2);
  Value qTiles =
      arith::CeilDivUIOp::create(rewriter, loc, shape.l, kb.index(kQueryTile));
  Value blocks = kb.mul(qTiles, batchCount);
  // At least one block (a grid of none is a launch error); it does nothing.
  Value grid = arith::MaxUIOp::create(rewriter, loc, blocks, kb.index(1));
  Value one = kb.index(1);
  auto launch = gpu::LaunchOp::create(rewriter, loc, grid, one, one,
                                      kb.index(kWarps * 32), one, one);
  auto workgroup = gpu::AddressSpaceAttr::get(rewriter.getContext(),
                                              gpu::AddressSpace::Workgroup);
  auto tileType = [&](int64_t width) {
    return MemRefType::get({kKeyTile, width + kPad}, half,
                           MemRefLayoutAttrInterface(), workgroup);
  };
  Value kTile = launch.addWorkgroupAttribution(tileType(shape.e), loc);
  Value vTile = launch.addWorkgroupAttribution(tileType(shape.ev), loc);
  Block &body = launch.getBody().front();
  rewriter.setInsertionPointToStart(&body);
  auto terminator = gpu::TerminatorOp::create(rewriter, loc);
  rewriter.setInsertionPoint(terminator);
  Value block = launch.getBlockIds().x;
  auto inGrid = scf::IfOp::create(rewriter, loc, kb.ult(block, blocks),
                                  /*withElseRegion=*/false);
  rewriter.setInsertionPoint(inGrid.thenBlock()->getTerminator());
  emitBody(kb, shape, block, launch.getThreadIds().x, qTiles, kTile, vTile);
  rewriter.eraseOp(op);
  return success();
}
