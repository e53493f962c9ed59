//===- Kernels.cpp - Op kernels of the reference interpreter --------------===//
//
// Plain-loop implementations of every Kiln op on kiln::reference::Buffer
// (see Kernels.h). They favour obviousness over speed: one walk over the
// index space per op, double accumulation, a rounding to the element type
// at the end. The only concession to speed is the i-k-j loop order of
// matmul, which keeps the benchmark sizes of design.md §6 practical.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <limits>

using namespace kiln;
using namespace kiln::reference;
using llvm::ArrayRef;
using llvm::Expected;
using llvm::SmallVector;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(message);
}

Expected<Buffer> kiln::reference::makeBuffer(DType dtype,
                                             ArrayRef<int64_t> shape) {
  // The product of the non-zero sizes is bounded too, so that no product
  // of sizes that a kernel forms (strides, outer/inner counts) can overflow,
  // even for a shape such as [0, 2^40, 2^40].
  int64_t count = 1, nonZeroCount = 1;
  for (int64_t size : shape) {
    if (size < 0)
      return makeError("negative size in shape " + formatShape(shape));
    if (llvm::MulOverflow(nonZeroCount, std::max<int64_t>(size, 1),
                          nonZeroCount) ||
        nonZeroCount > kMaxElements)
      return makeError("a value of shape " + formatShape(shape) +
                       " is too large for the reference interpreter (at "
                       "most " +
                       llvm::Twine(kMaxElements) + " elements)");
    count *= size;
  }
  Buffer buffer;
  buffer.dtype = dtype;
  buffer.shape.assign(shape.begin(), shape.end());
  buffer.data.assign(static_cast<size_t>(count), 0.0);
  return std::move(buffer);
}

/// Row-major strides, in elements.
static SmallVector<int64_t> getStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (size_t i = shape.size(); i > 1; --i)
    strides[i - 2] = strides[i - 1] * shape[i - 1];
  return strides;
}

static int64_t getProduct(ArrayRef<int64_t> sizes) {
  int64_t product = 1;
  for (int64_t size : sizes)
    product *= size;
  return product;
}

/// Strides that read an operand of `shape` at each index of the broadcast
/// shape `resultShape` (right-aligned; 0 along broadcast dims).
static SmallVector<int64_t> getBroadcastStrides(ArrayRef<int64_t> shape,
                                                ArrayRef<int64_t> resultShape) {
  SmallVector<int64_t> strides(resultShape.size(), 0);
  SmallVector<int64_t> own = getStrides(shape);
  size_t offset = resultShape.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i)
    strides[offset + i] = shape[i] == 1 ? 0 : own[i];
  return strides;
}

/// The NumPy broadcast of the operands' shapes.
static Expected<SmallVector<int64_t>>
broadcastShapes(ArrayRef<const Buffer *> operands) {
  size_t rank = 0;
  for (const Buffer *operand : operands)
    rank = std::max(rank, operand->shape.size());
  SmallVector<int64_t> result(rank, 1);
  for (const Buffer *operand : operands) {
    size_t offset = rank - operand->shape.size();
    for (auto [i, size] : llvm::enumerate(operand->shape)) {
      int64_t &dim = result[offset + i];
      if (dim == 1)
        dim = size;
      else if (size != 1 && size != dim)
        return makeError("cannot broadcast shapes " +
                         llvm::join(llvm::map_range(operands,
                                                    [](const Buffer *b) {
                                                      return formatShape(
                                                          b->shape);
                                                    }),
                                    " and "));
    }
  }
  return result;
}

namespace {

/// Walks a row-major index space in order, keeping for each operand the
/// offset `sum_d index[d] * strides[k][d]`.
class StridedWalker {
public:
  StridedWalker(ArrayRef<int64_t> shape,
                ArrayRef<SmallVector<int64_t>> operandStrides)
      : shape(shape.begin(), shape.end()),
        strides(operandStrides.begin(), operandStrides.end()),
        index(shape.size(), 0), offsets(operandStrides.size(), 0) {}

  int64_t getOffset(size_t operand) const { return offsets[operand]; }

  /// Advances to the next index (after the last, back to the first).
  void next() {
    for (size_t d = shape.size(); d-- > 0;) {
      ++index[d];
      for (size_t k = 0; k < offsets.size(); ++k)
        offsets[k] += strides[k][d];
      if (index[d] < shape[d])
        return;
      for (size_t k = 0; k < offsets.size(); ++k)
        offsets[k] -= strides[k][d] * shape[d];
      index[d] = 0;
    }
  }

private:
  SmallVector<int64_t> shape;
  SmallVector<SmallVector<int64_t>> strides;
  SmallVector<int64_t> index;
  SmallVector<int64_t> offsets;
};

} // namespace

static bool isInteger(DType dtype) { return !isFloatDType(dtype); }

/// An integer-valued double as int64 (truncating and saturating; NaN gives
/// 0), without the undefined behaviour of an out-of-range conversion.
static int64_t toInt64(double value) {
  if (std::isnan(value))
    return 0;
  if (value >= 0x1.0p63)
    return std::numeric_limits<int64_t>::max();
  if (value <= -0x1.0p63)
    return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(value);
}

/// A two's-complement result wrapped to the width of `dtype`.
static double wrapInteger(DType dtype, uint64_t bits) {
  switch (dtype) {
  case DType::I1:
    return bits != 0 ? 1.0 : 0.0;
  case DType::I32:
    return static_cast<int32_t>(static_cast<uint32_t>(bits));
  default:
    return roundToDType(dtype, static_cast<double>(static_cast<int64_t>(bits)));
  }
}

/// NaN-propagating maximum and minimum.
static double maxPropagate(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    return std::numeric_limits<double>::quiet_NaN();
  return a < b ? b : a;
}
static double minPropagate(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    return std::numeric_limits<double>::quiet_NaN();
  return b < a ? b : a;
}

/// Normalizes a possibly negative dim against `rank`.
static Expected<int64_t> normalizeDim(int64_t dim, int64_t rank) {
  if (dim < -rank || dim >= rank)
    return makeError("dim " + llvm::Twine(dim) + " is out of range for rank " +
                     llvm::Twine(rank));
  return dim < 0 ? dim + rank : dim;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

static double applyUnary(UnaryKind kind, double x) {
  switch (kind) {
  case UnaryKind::Neg:
    return -x;
  case UnaryKind::Abs:
    return std::fabs(x);
  case UnaryKind::Exp:
    return std::exp(x);
  case UnaryKind::Log:
    return std::log(x);
  case UnaryKind::Sqrt:
    return std::sqrt(x);
  case UnaryKind::Rsqrt:
    return 1.0 / std::sqrt(x);
  case UnaryKind::Tanh:
    return std::tanh(x);
  case UnaryKind::Sigmoid:
    return 1.0 / (1.0 + std::exp(-x));
  case UnaryKind::Relu:
    return std::isnan(x) ? x : (x > 0.0 ? x : 0.0);
  case UnaryKind::Silu:
    return x / (1.0 + std::exp(-x));
  case UnaryKind::Erf:
    return std::erf(x);
  case UnaryKind::Sin:
    return std::sin(x);
  case UnaryKind::Cos:
    return std::cos(x);
  case UnaryKind::Reciprocal:
    return 1.0 / x;
  case UnaryKind::Floor:
    return std::floor(x);
  case UnaryKind::Ceil:
    return std::ceil(x);
  case UnaryKind::Round:
    return std::nearbyint(x); // The default rounding mode: half to even.
  case UnaryKind::Sign:
    return x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : x);
  case UnaryKind::Log1p:
    return std::log1p(x);
  case UnaryKind::Not:
    return x != 0.0 ? 0.0 : 1.0; // Only reached for i1.
  case UnaryKind::Gelu:
    return 0.5 * x * (1.0 + std::erf(x * 0.70710678118654752440));
  case UnaryKind::GeluTanh: {
    const double sqrt2OverPi = 0.79788456080286535588;
    return 0.5 * x *
           (1.0 + std::tanh(sqrt2OverPi * (x + 0.044715 * x * x * x)));
  }
  }
  return x;
}

Expected<Buffer> kiln::reference::unary(UnaryKind kind, const Buffer &x,
                                        DType resultType) {
  Expected<Buffer> result = makeBuffer(resultType, x.shape);
  if (!result)
    return result.takeError();
  bool exactInteger =
      isInteger(x.dtype) && x.dtype != DType::I1 &&
      (kind == UnaryKind::Neg || kind == UnaryKind::Abs ||
       kind == UnaryKind::Relu || kind == UnaryKind::Floor ||
       kind == UnaryKind::Ceil || kind == UnaryKind::Round ||
       kind == UnaryKind::Sign || kind == UnaryKind::Not);
  for (int64_t i = 0, e = x.getNumElements(); i < e; ++i) {
    double v = x.data[i];
    if (exactInteger) {
      int64_t a = toInt64(v);
      uint64_t negated = 0 - static_cast<uint64_t>(a);
      if (kind == UnaryKind::Neg)
        result->data[i] = wrapInteger(resultType, negated);
      else if (kind == UnaryKind::Abs)
        result->data[i] = a < 0 ? wrapInteger(resultType, negated)
                                : wrapInteger(resultType, a);
      else if (kind == UnaryKind::Sign)
        result->data[i] = a > 0 ? 1.0 : (a < 0 ? -1.0 : 0.0);
      else if (kind == UnaryKind::Not)
        result->data[i] = wrapInteger(resultType, ~static_cast<uint64_t>(a));
      else if (kind != UnaryKind::Relu)
        result->data[i] = v; // floor, ceil, round: the identity.
      else
        result->data[i] = wrapInteger(resultType, a > 0 ? a : 0);
      continue;
    }
    result->data[i] = roundToDType(resultType, applyUnary(kind, v));
  }
  return result;
}

/// Walks the broadcast of `operands`, calling `fn(resultIndex, values...)`
/// through `fn(i, ArrayRef<double>)`.
template <typename Fn>
static Expected<Buffer> broadcastElementwise(ArrayRef<const Buffer *> operands,
                                             DType resultType, Fn fn) {
  Expected<SmallVector<int64_t>> shape = broadcastShapes(operands);
  if (!shape)
    return shape.takeError();
  Expected<Buffer> result = makeBuffer(resultType, *shape);
  if (!result)
    return result.takeError();
  SmallVector<SmallVector<int64_t>> strides;
  for (const Buffer *operand : operands)
    strides.push_back(getBroadcastStrides(operand->shape, *shape));
  StridedWalker walker(*shape, strides);
  SmallVector<double, 3> values(operands.size());
  for (int64_t i = 0, e = result->getNumElements(); i < e; ++i) {
    for (size_t k = 0; k < operands.size(); ++k)
      values[k] = operands[k]->data[walker.getOffset(k)];
    result->data[i] = fn(ArrayRef<double>(values));
    walker.next();
  }
  return result;
}

/// An integer binary op with wrap-around; x / 0 is 0 (and sets
/// `divisionByZero`).
static double applyIntegerBinary(BinaryKind kind, int64_t a, int64_t b,
                                 DType resultType, bool &divisionByZero) {
  uint64_t ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
  switch (kind) {
  case BinaryKind::Add:
    return wrapInteger(resultType, ua + ub);
  case BinaryKind::Sub:
    return wrapInteger(resultType, ua - ub);
  case BinaryKind::Mul:
    return wrapInteger(resultType, ua * ub);
  case BinaryKind::Div:
    if (b == 0) {
      divisionByZero = true;
      return 0.0;
    }
    if (a == std::numeric_limits<int64_t>::min() && b == -1)
      return wrapInteger(resultType, ua); // Wraps back to INT64_MIN.
    return wrapInteger(resultType, static_cast<uint64_t>(a / b));
  case BinaryKind::Max:
    return wrapInteger(resultType, static_cast<uint64_t>(a < b ? b : a));
  case BinaryKind::Min:
    return wrapInteger(resultType, static_cast<uint64_t>(b < a ? b : a));
  case BinaryKind::Pow:
    return roundToDType(
        resultType, std::pow(static_cast<double>(a), static_cast<double>(b)));
  case BinaryKind::Rem: {
    if (b == 0 || b == -1)
      return 0.0; // x rem 0 is defined as 0; x rem -1 is 0 (no overflow).
    int64_t r = a % b;
    if (r != 0 && ((r < 0) != (b < 0)))
      r += b;
    return wrapInteger(resultType, static_cast<uint64_t>(r));
  }
  case BinaryKind::And:
    return wrapInteger(resultType, ua & ub);
  case BinaryKind::Or:
    return wrapInteger(resultType, ua | ub);
  case BinaryKind::Xor:
    return wrapInteger(resultType, ua ^ ub);
  }
  return 0.0;
}

static double applyFloatBinary(BinaryKind kind, double a, double b) {
  switch (kind) {
  case BinaryKind::Add:
    return a + b;
  case BinaryKind::Sub:
    return a - b;
  case BinaryKind::Mul:
    return a * b;
  case BinaryKind::Div:
    return a / b;
  case BinaryKind::Max:
    return maxPropagate(a, b);
  case BinaryKind::Min:
    return minPropagate(a, b);
  case BinaryKind::Pow:
    return std::pow(a, b);
  case BinaryKind::Rem: {
    double r = std::fmod(a, b);
    if (r != 0.0 && ((r < 0.0) != (b < 0.0)))
      r += b;
    return r;
  }
  case BinaryKind::And:
  case BinaryKind::Or:
  case BinaryKind::Xor:
    break; // Integers only (the verifier rejects floats).
  }
  return 0.0;
}

Expected<Buffer> kiln::reference::binary(BinaryKind kind, const Buffer &lhs,
                                         const Buffer &rhs, DType resultType) {
  bool integer =
      isInteger(lhs.dtype) && isInteger(rhs.dtype) && isInteger(resultType);
  bool divisionByZero = false;
  const Buffer *operands[] = {&lhs, &rhs};
  Expected<Buffer> result =
      broadcastElementwise(operands, resultType, [&](ArrayRef<double> v) {
        if (integer)
          return applyIntegerBinary(kind, toInt64(v[0]), toInt64(v[1]),
                                    resultType, divisionByZero);
        return roundToDType(resultType, applyFloatBinary(kind, v[0], v[1]));
      });
  // Integer division by zero gives 0 (NumPy's result; the compiled code
  // agrees) rather than an error.
  (void)divisionByZero;
  return result;
}

Expected<Buffer> kiln::reference::compare(ComparePredicate predicate,
                                          const Buffer &lhs,
                                          const Buffer &rhs) {
  const Buffer *operands[] = {&lhs, &rhs};
  return broadcastElementwise(operands, DType::I1, [&](ArrayRef<double> v) {
    double a = v[0], b = v[1];
    bool r = false;
    switch (predicate) {
    case ComparePredicate::Eq:
      r = a == b;
      break;
    case ComparePredicate::Ne:
      r = a != b;
      break;
    case ComparePredicate::Lt:
      r = a < b;
      break;
    case ComparePredicate::Le:
      r = a <= b;
      break;
    case ComparePredicate::Gt:
      r = a > b;
      break;
    case ComparePredicate::Ge:
      r = a >= b;
      break;
    }
    return r ? 1.0 : 0.0;
  });
}

Expected<Buffer> kiln::reference::select(const Buffer &cond,
                                         const Buffer &onTrue,
                                         const Buffer &onFalse,
                                         DType resultType) {
  const Buffer *operands[] = {&cond, &onTrue, &onFalse};
  return broadcastElementwise(operands, resultType, [&](ArrayRef<double> v) {
    return roundToDType(resultType, v[0] != 0.0 ? v[1] : v[2]);
  });
}

Expected<Buffer> kiln::reference::cast(const Buffer &x, DType resultType) {
  Expected<Buffer> result = makeBuffer(resultType, x.shape);
  if (!result)
    return result.takeError();
  for (int64_t i = 0, e = x.getNumElements(); i < e; ++i)
    result->data[i] = roundToDType(resultType, x.data[i]);
  return result;
}

//===----------------------------------------------------------------------===//
// Reductions and composites
//===----------------------------------------------------------------------===//

Expected<Buffer> kiln::reference::reduce(ReduceKind kind, const Buffer &x,
                                         ArrayRef<int64_t> dims, bool keepdim,
                                         DType resultType) {
  int64_t rank = x.getRank();
  SmallVector<bool> reduced(rank, false);
  for (int64_t dim : dims) {
    Expected<int64_t> d = normalizeDim(dim, rank);
    if (!d)
      return d.takeError();
    if (reduced[*d])
      return makeError("dim " + llvm::Twine(dim) + " is reduced twice");
    reduced[*d] = true;
  }
  // `fullShape` keeps the reduced dims as 1 so that its strides (zeroed
  // along the reduced dims) map each input index to its output element.
  SmallVector<int64_t> shape, fullShape;
  int64_t count = 1;
  for (int64_t d = 0; d < rank; ++d) {
    if (!reduced[d]) {
      shape.push_back(x.shape[d]);
      fullShape.push_back(x.shape[d]);
      continue;
    }
    count *= x.shape[d];
    fullShape.push_back(1);
    if (keepdim)
      shape.push_back(1);
  }
  Expected<Buffer> result = makeBuffer(resultType, shape);
  if (!result)
    return result.takeError();
  int64_t outCount = result->getNumElements();
  if (count == 0 && outCount > 0 &&
      (kind == ReduceKind::Max || kind == ReduceKind::Min))
    return makeError(
        "cannot take the " +
        llvm::Twine(kind == ReduceKind::Max ? "maximum" : "minimum") +
        " over an empty dim (input shape " + formatShape(x.shape) + ")");
  SmallVector<int64_t> outStrides = getStrides(fullShape);
  for (int64_t d = 0; d < rank; ++d)
    if (reduced[d])
      outStrides[d] = 0;
  StridedWalker walker(x.shape, {outStrides});

  bool exactInteger = (kind == ReduceKind::Sum || kind == ReduceKind::Prod) &&
                      isInteger(x.dtype) && isInteger(resultType);
  bool startsAtOne = kind == ReduceKind::Prod || kind == ReduceKind::All;
  std::vector<double> accumulator(outCount, startsAtOne ? 1.0 : 0.0);
  std::vector<uint64_t> integerAccumulator(exactInteger ? outCount : 0,
                                           startsAtOne ? 1 : 0);
  std::vector<bool> seen(outCount, false);
  for (int64_t i = 0, e = x.getNumElements(); i < e; ++i) {
    int64_t out = walker.getOffset(0);
    double v = x.data[i];
    switch (kind) {
    case ReduceKind::Sum:
    case ReduceKind::Mean:
      if (exactInteger)
        integerAccumulator[out] += static_cast<uint64_t>(toInt64(v));
      else
        accumulator[out] += v;
      break;
    case ReduceKind::Prod:
      if (exactInteger)
        integerAccumulator[out] *= static_cast<uint64_t>(toInt64(v));
      else
        accumulator[out] *= v;
      break;
    case ReduceKind::Any:
      accumulator[out] = (accumulator[out] != 0.0 || v != 0.0) ? 1.0 : 0.0;
      break;
    case ReduceKind::All:
      accumulator[out] = (accumulator[out] != 0.0 && v != 0.0) ? 1.0 : 0.0;
      break;
    case ReduceKind::Max:
      accumulator[out] = seen[out] ? maxPropagate(accumulator[out], v) : v;
      break;
    case ReduceKind::Min:
      accumulator[out] = seen[out] ? minPropagate(accumulator[out], v) : v;
      break;
    }
    seen[out] = true;
    walker.next();
  }
  for (int64_t i = 0; i < outCount; ++i) {
    double v = accumulator[i];
    if (exactInteger) {
      result->data[i] = wrapInteger(resultType, integerAccumulator[i]);
      continue;
    }
    if (kind == ReduceKind::Mean)
      v /= static_cast<double>(count); // 0/0 is NaN for an empty dim.
    result->data[i] = roundToDType(resultType, v);
  }
  return result;
}

Expected<Buffer> kiln::reference::softmax(const Buffer &x, int64_t dim,
                                          bool log, DType resultType) {
  Expected<int64_t> axis = normalizeDim(dim, x.getRank());
  if (!axis)
    return axis.takeError();
  Expected<Buffer> result = makeBuffer(resultType, x.shape);
  if (!result)
    return result.takeError();
  ArrayRef<int64_t> shape = x.shape;
  int64_t outer = getProduct(shape.take_front(*axis));
  int64_t size = shape[*axis];
  int64_t inner = getProduct(shape.drop_front(*axis + 1));
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t in = 0; in < inner; ++in) {
      auto at = [&](int64_t j) { return (o * size + j) * inner + in; };
      double maximum = -std::numeric_limits<double>::infinity();
      for (int64_t j = 0; j < size; ++j)
        maximum = maxPropagate(maximum, x.data[at(j)]);
      double sum = 0.0;
      for (int64_t j = 0; j < size; ++j)
        sum += std::exp(x.data[at(j)] - maximum);
      for (int64_t j = 0; j < size; ++j) {
        double shifted = x.data[at(j)] - maximum;
        double v = log ? shifted - std::log(sum) : std::exp(shifted) / sum;
        result->data[at(j)] = roundToDType(resultType, v);
      }
    }
  }
  return result;
}

/// Checks that a norm parameter holds one value per element of the last
/// dim of `x`.
static llvm::Error checkNormParam(const Buffer &x, const Buffer &param,
                                  llvm::StringRef name) {
  if (x.getRank() < 1)
    return makeError("requires x of rank >= 1");
  if (param.getRank() != 1 || param.shape[0] != x.shape.back())
    return makeError(name + " has shape " + formatShape(param.shape) +
                     " but the last dim of x (shape " + formatShape(x.shape) +
                     ") is " + llvm::Twine(x.shape.back()));
  return llvm::Error::success();
}

Expected<Buffer> kiln::reference::layerNorm(const Buffer &x,
                                            const Buffer &weight,
                                            const Buffer &bias, double epsilon,
                                            DType resultType) {
  if (llvm::Error error = checkNormParam(x, weight, "weight"))
    return std::move(error);
  if (llvm::Error error = checkNormParam(x, bias, "bias"))
    return std::move(error);
  Expected<Buffer> result = makeBuffer(resultType, x.shape);
  if (!result)
    return result.takeError();
  int64_t size = x.shape.back();
  if (size == 0)
    return result;
  for (int64_t row = 0, rows = x.getNumElements() / size; row < rows; ++row) {
    const double *in = x.data.data() + row * size;
    double *out = result->data.data() + row * size;
    double mean = 0.0;
    for (int64_t j = 0; j < size; ++j)
      mean += in[j];
    mean /= static_cast<double>(size);
    double variance = 0.0;
    for (int64_t j = 0; j < size; ++j)
      variance += (in[j] - mean) * (in[j] - mean);
    variance /= static_cast<double>(size);
    double scale = 1.0 / std::sqrt(variance + epsilon);
    for (int64_t j = 0; j < size; ++j)
      out[j] = roundToDType(
          resultType, (in[j] - mean) * scale * weight.data[j] + bias.data[j]);
  }
  return result;
}

Expected<Buffer> kiln::reference::rmsNorm(const Buffer &x, const Buffer &weight,
                                          double epsilon, DType resultType) {
  if (llvm::Error error = checkNormParam(x, weight, "weight"))
    return std::move(error);
  Expected<Buffer> result = makeBuffer(resultType, x.shape);
  if (!result)
    return result.takeError();
  int64_t size = x.shape.back();
  if (size == 0)
    return result;
  for (int64_t row = 0, rows = x.getNumElements() / size; row < rows; ++row) {
    const double *in = x.data.data() + row * size;
    double *out = result->data.data() + row * size;
    double meanSquare = 0.0;
    for (int64_t j = 0; j < size; ++j)
      meanSquare += in[j] * in[j];
    meanSquare /= static_cast<double>(size);
    double scale = 1.0 / std::sqrt(meanSquare + epsilon);
    for (int64_t j = 0; j < size; ++j)
      out[j] = roundToDType(resultType, in[j] * scale * weight.data[j]);
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

Expected<Buffer> kiln::reference::matmul(const Buffer &lhs, const Buffer &rhs,
                                         DType resultType) {
  if (lhs.getRank() < 2 || rhs.getRank() < 2)
    return makeError("operands must have rank >= 2; got shapes " +
                     formatShape(lhs.shape) + " and " + formatShape(rhs.shape));
  ArrayRef<int64_t> lhsShape = lhs.shape, rhsShape = rhs.shape;
  int64_t m = lhsShape.end()[-2], k = lhsShape.back();
  int64_t n = rhsShape.back();
  if (rhsShape.end()[-2] != k)
    return makeError("contraction dims differ: lhs " + formatShape(lhsShape) +
                     " has " + llvm::Twine(k) + ", rhs " +
                     formatShape(rhsShape) + " has " +
                     llvm::Twine(rhsShape.end()[-2]));

  // Broadcast the batch dims; the walker's strides step whole matrices.
  Buffer lhsBatch, rhsBatch;
  lhsBatch.shape.assign(lhsShape.begin(), lhsShape.end() - 2);
  rhsBatch.shape.assign(rhsShape.begin(), rhsShape.end() - 2);
  const Buffer *batches[] = {&lhsBatch, &rhsBatch};
  Expected<SmallVector<int64_t>> batchShape = broadcastShapes(batches);
  if (!batchShape)
    return makeError("batch dims do not broadcast: lhs " +
                     formatShape(lhsShape) + ", rhs " + formatShape(rhsShape) +
                     " (" + llvm::toString(batchShape.takeError()) + ")");
  SmallVector<int64_t> shape(*batchShape);
  shape.push_back(m);
  shape.push_back(n);
  Expected<Buffer> result = makeBuffer(resultType, shape);
  if (!result)
    return result.takeError();

  SmallVector<int64_t> lhsStrides =
      getBroadcastStrides(lhsBatch.shape, *batchShape);
  SmallVector<int64_t> rhsStrides =
      getBroadcastStrides(rhsBatch.shape, *batchShape);
  for (int64_t &s : lhsStrides)
    s *= m * k;
  for (int64_t &s : rhsStrides)
    s *= k * n;
  StridedWalker walker(*batchShape, {lhsStrides, rhsStrides});

  bool integer = isInteger(lhs.dtype) && isInteger(resultType);
  std::vector<double> row(n);
  std::vector<uint64_t> integerRow(integer ? n : 0);
  for (int64_t b = 0, batchCount = getProduct(*batchShape); b < batchCount;
       ++b) {
    const double *a = lhs.data.data() + walker.getOffset(0);
    const double *bm = rhs.data.data() + walker.getOffset(1);
    double *c = result->data.data() + b * m * n;
    for (int64_t i = 0; i < m; ++i) {
      if (integer) {
        std::fill(integerRow.begin(), integerRow.end(), 0);
        for (int64_t p = 0; p < k; ++p) {
          uint64_t av = static_cast<uint64_t>(toInt64(a[i * k + p]));
          for (int64_t j = 0; j < n; ++j)
            integerRow[j] += av * static_cast<uint64_t>(toInt64(bm[p * n + j]));
        }
        for (int64_t j = 0; j < n; ++j)
          c[i * n + j] = wrapInteger(resultType, integerRow[j]);
        continue;
      }
      std::fill(row.begin(), row.end(), 0.0);
      for (int64_t p = 0; p < k; ++p) {
        double av = a[i * k + p];
        for (int64_t j = 0; j < n; ++j)
          row[j] += av * bm[p * n + j];
      }
      for (int64_t j = 0; j < n; ++j)
        c[i * n + j] = roundToDType(resultType, row[j]);
    }
    walker.next();
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

Expected<Buffer> kiln::reference::transpose(const Buffer &x,
                                            ArrayRef<int64_t> perm,
                                            DType resultType) {
  int64_t rank = x.getRank();
  if (static_cast<int64_t>(perm.size()) != rank)
    return makeError("perm has " + llvm::Twine(perm.size()) +
                     " entries for rank " + llvm::Twine(rank));
  SmallVector<bool> seen(rank, false);
  SmallVector<int64_t> shape, strides;
  SmallVector<int64_t> own = getStrides(x.shape);
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return makeError("perm is not a permutation of [0, " + llvm::Twine(rank) +
                       ")");
    seen[p] = true;
    shape.push_back(x.shape[p]);
    strides.push_back(own[p]);
  }
  Expected<Buffer> result = makeBuffer(resultType, shape);
  if (!result)
    return result.takeError();
  StridedWalker walker(shape, {strides});
  for (int64_t i = 0, e = result->getNumElements(); i < e; ++i) {
    result->data[i] = roundToDType(resultType, x.data[walker.getOffset(0)]);
    walker.next();
  }
  return result;
}

Expected<Buffer> kiln::reference::reshape(const Buffer &x,
                                          ArrayRef<int64_t> shape,
                                          DType resultType) {
  Expected<Buffer> result = makeBuffer(resultType, shape);
  if (!result)
    return result.takeError();
  if (result->getNumElements() != x.getNumElements())
    return makeError("cannot reshape " + formatShape(x.shape) + " (" +
                     llvm::Twine(x.getNumElements()) + " elements) to " +
                     formatShape(shape) + " (" +
                     llvm::Twine(result->getNumElements()) + " elements)");
  for (int64_t i = 0, e = x.getNumElements(); i < e; ++i)
    result->data[i] = roundToDType(resultType, x.data[i]);
  return result;
}

Expected<Buffer> kiln::reference::broadcastTo(const Buffer &x,
                                              ArrayRef<int64_t> shape,
                                              DType resultType) {
  if (x.shape.size() > shape.size())
    return makeError("cannot broadcast " + formatShape(x.shape) +
                     " to the lower-rank shape " + formatShape(shape));
  size_t offset = shape.size() - x.shape.size();
  for (auto [i, size] : llvm::enumerate(x.shape))
    if (size != 1 && size != shape[offset + i])
      return makeError("cannot broadcast " + formatShape(x.shape) + " to " +
                       formatShape(shape));
  Expected<Buffer> result = makeBuffer(resultType, shape);
  if (!result)
    return result.takeError();
  StridedWalker walker(shape, {getBroadcastStrides(x.shape, shape)});
  for (int64_t i = 0, e = result->getNumElements(); i < e; ++i) {
    result->data[i] = roundToDType(resultType, x.data[walker.getOffset(0)]);
    walker.next();
  }
  return result;
}

Expected<Buffer> kiln::reference::iota(ArrayRef<int64_t> shape, int64_t dim,
                                       DType resultType) {
  Expected<int64_t> axis = normalizeDim(dim, shape.size());
  if (!axis)
    return axis.takeError();
  Expected<Buffer> result = makeBuffer(resultType, shape);
  if (!result)
    return result.takeError();
  int64_t size = shape[*axis];
  int64_t inner = getProduct(shape.drop_front(*axis + 1));
  for (int64_t i = 0, e = result->getNumElements(); i < e; ++i)
    result->data[i] = roundToDType(resultType, double((i / inner) % size));
  return result;
}

Expected<Buffer> kiln::reference::slice(const Buffer &x, int64_t dim,
                                        int64_t start, int64_t end,
                                        int64_t step) {
  if (dim < 0 || dim >= static_cast<int64_t>(x.shape.size()))
    return makeError("dim " + llvm::Twine(dim) + " is out of range");
  int64_t size = x.shape[dim];
  if (step < 1 || start < 0 || start > end || end > size)
    return makeError("start " + llvm::Twine(start) + ", end " +
                     llvm::Twine(end) + " and step " + llvm::Twine(step) +
                     " do not satisfy 0 <= start <= end <= " +
                     llvm::Twine(size) + " (the size of dim " +
                     llvm::Twine(dim) + ") and step >= 1");
  SmallVector<int64_t> shape(x.shape);
  shape[dim] = (end - start + step - 1) / step;
  Expected<Buffer> result = makeBuffer(x.dtype, shape);
  if (!result)
    return result.takeError();
  int64_t outer = getProduct(ArrayRef<int64_t>(x.shape).take_front(dim));
  int64_t inner = getProduct(ArrayRef<int64_t>(x.shape).drop_front(dim + 1));
  int64_t out = 0;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = start; i < end; i += step)
      for (int64_t j = 0; j < inner; ++j)
        result->data[out++] = x.data[(o * size + i) * inner + j];
  return result;
}

Expected<Buffer> kiln::reference::concat(ArrayRef<const Buffer *> inputs,
                                         int64_t dim, DType resultType) {
  if (inputs.empty())
    return makeError("needs at least one input");
  ArrayRef<int64_t> first = inputs.front()->shape;
  Expected<int64_t> axis = normalizeDim(dim, first.size());
  if (!axis)
    return axis.takeError();
  SmallVector<int64_t> shape(first);
  shape[*axis] = 0;
  for (auto [k, input] : llvm::enumerate(inputs)) {
    bool compatible = input->shape.size() == first.size();
    for (size_t d = 0; compatible && d < first.size(); ++d)
      compatible =
          static_cast<int64_t>(d) == *axis || input->shape[d] == first[d];
    if (!compatible)
      return makeError("input " + llvm::Twine(k) + " has shape " +
                       formatShape(input->shape) +
                       ", which does not match input 0 (" + formatShape(first) +
                       ") outside dim " + llvm::Twine(*axis));
    if (llvm::AddOverflow(shape[*axis], input->shape[*axis], shape[*axis]))
      return makeError("concatenated size overflows");
  }
  Expected<Buffer> result = makeBuffer(resultType, shape);
  if (!result)
    return result.takeError();
  int64_t outer = getProduct(ArrayRef<int64_t>(shape).take_front(*axis));
  int64_t inner = getProduct(ArrayRef<int64_t>(shape).drop_front(*axis + 1));
  int64_t out = 0;
  for (int64_t o = 0; o < outer; ++o) {
    for (const Buffer *input : inputs) {
      int64_t chunk = input->shape[*axis] * inner;
      const double *src = input->data.data() + o * chunk;
      for (int64_t j = 0; j < chunk; ++j)
        result->data[out++] = roundToDType(resultType, src[j]);
    }
  }
  return result;
}
