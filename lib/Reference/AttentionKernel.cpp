//===- AttentionKernel.cpp - kiln.attention in the interpreter ------------===//
//
// softmax(q @ k^T * scale + mask) @ v in double precision, per broadcast
// batch element: the scores and the softmax in double, the probabilities
// rounded to v's type before the second product (except in the float64
// reference, whose result type is f64), the result rounded once.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "llvm/ADT/Twine.h"

#include <cmath>
#include <limits>

using namespace kiln;
using namespace kiln::reference;
using llvm::ArrayRef;
using llvm::Expected;
using llvm::SmallVector;

/// The element offsets of `shape` (right-aligned into `full`, size-1 dims
/// broadcasting) for each index of `full`, as per-dim strides.
static SmallVector<int64_t> broadcastStrides(ArrayRef<int64_t> shape,
                                             ArrayRef<int64_t> full) {
  SmallVector<int64_t> strides(full.size(), 0);
  int64_t stride = 1;
  for (int64_t i = shape.size() - 1, j = full.size() - 1; i >= 0; --i, --j) {
    strides[j] = shape[i] == 1 ? 0 : stride;
    stride *= shape[i];
  }
  return strides;
}

Expected<Buffer> kiln::reference::attention(const Buffer &q, const Buffer &k,
                                            const Buffer &v, const Buffer *mask,
                                            std::optional<double> scaleAttr,
                                            bool causal, DType resultType) {
  int64_t rank = std::max({q.getRank(), k.getRank(), v.getRank()});
  auto batchOf = [&](const Buffer &b) {
    return ArrayRef<int64_t>(b.shape).drop_back(2);
  };
  // The broadcast batch shape.
  SmallVector<int64_t> batch(rank - 2, 1);
  for (const Buffer *b : {&q, &k, &v}) {
    ArrayRef<int64_t> dims = batchOf(*b);
    for (size_t i = 0; i < dims.size(); ++i) {
      int64_t &d = batch[batch.size() - dims.size() + i];
      if (dims[i] != 1 && d != 1 && dims[i] != d)
        return llvm::createStringError("batch dims do not broadcast");
      if (dims[i] != 1)
        d = dims[i];
    }
  }
  int64_t l = q.shape[q.getRank() - 2], e = q.shape.back();
  int64_t s = k.shape[k.getRank() - 2], ev = v.shape.back();
  double scale = scaleAttr ? *scaleAttr : 1.0 / std::sqrt(double(e));
  SmallVector<int64_t> resultShape(batch);
  resultShape.push_back(l);
  resultShape.push_back(ev);
  Expected<Buffer> result = makeBuffer(resultType, resultShape);
  if (!result)
    return result.takeError();

  // Strides over [batch..., L, S] for the mask, over batch for q, k, v.
  SmallVector<int64_t> scoresShape(batch);
  scoresShape.push_back(l);
  scoresShape.push_back(s);
  SmallVector<int64_t> maskStrides;
  if (mask)
    maskStrides = broadcastStrides(mask->shape, scoresShape);
  SmallVector<int64_t> qs = broadcastStrides(batchOf(q), batch),
                       ks = broadcastStrides(batchOf(k), batch),
                       vs = broadcastStrides(batchOf(v), batch);
  int64_t batchCount = 1;
  for (int64_t d : batch)
    batchCount *= d;
  SmallVector<double> scores(s);
  for (int64_t n = 0; n < batchCount; ++n) {
    int64_t qo = 0, ko = 0, vo = 0, mo = 0;
    for (int64_t d = batch.size() - 1, rest = n; d >= 0; --d) {
      int64_t i = rest % batch[d];
      rest /= batch[d];
      qo += i * qs[d];
      ko += i * ks[d];
      vo += i * vs[d];
      if (mask)
        mo += i * maskStrides[d];
    }
    for (int64_t i = 0; i < l; ++i) {
      double best = -std::numeric_limits<double>::infinity();
      for (int64_t j = 0; j < s; ++j) {
        double dot = 0.0;
        for (int64_t c = 0; c < e; ++c)
          dot += q.data[(qo * l + i) * e + c] * k.data[(ko * s + j) * e + c];
        double score = dot * scale;
        if (causal && j > i)
          score = -std::numeric_limits<double>::infinity();
        if (mask) {
          double m = mask->data[mo + i * maskStrides[batch.size()] +
                                j * maskStrides[batch.size() + 1]];
          if (mask->dtype == DType::I1)
            score = m != 0.0 ? score : -std::numeric_limits<double>::infinity();
          else
            score += m;
        }
        scores[j] = score;
        best = std::max(best, score);
      }
      double sum = 0.0;
      for (int64_t j = 0; j < s; ++j) {
        scores[j] = std::exp(scores[j] - best);
        sum += scores[j];
      }
      // The probabilities meet v in v's type (as the decomposition's second
      // product does); the product accumulates wide. The float64 reference
      // (an f64 result) keeps them exact: the fused kernel carries them in
      // more bits than v's type.
      DType probType = resultType == DType::F64 ? DType::F64 : v.dtype;
      for (int64_t j = 0; j < s; ++j)
        scores[j] = roundToDType(probType, scores[j] / sum);
      for (int64_t c = 0; c < ev; ++c) {
        double acc = 0.0;
        for (int64_t j = 0; j < s; ++j)
          acc += scores[j] * v.data[(vo * s + j) * ev + c];
        result->data[(n * l + i) * ev + c] = roundToDType(resultType, acc);
      }
    }
  }
  return result;
}
