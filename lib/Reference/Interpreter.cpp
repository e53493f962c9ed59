//===- Interpreter.cpp - Reference interpreter for Kiln IR ----------------===//
//
// Binds the symbols of a function from its inputs' shapes (kiln::Signature:
// ranks, element types, shapes and the function's `kiln.facts`), then
// evaluates its body op by op with the kernels of Kernels.h, each value held
// as a dense array of doubles rounded to its element type.
//
// Every result is checked against its declared type: each dim that is not
// `?` is evaluated with the bound symbols and must equal the size the kernel
// computed. `?` dims take the size the kernel computed (for reshape and
// broadcast_to, whose result type gives the shape, `?` is derived from the
// operand). Nothing here asserts on the IR or the inputs: every problem
// becomes an llvm::Error naming the op and, where known, its location.
//
//===----------------------------------------------------------------------===//

#include "kiln/Reference/Interpreter.h"
#include "kiln/Signature/Signature.h"

#include "Kernels.h"

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::reference;
using llvm::Expected;
using llvm::SmallVector;
using llvm::StringMap;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(message);
}

static std::string formatDim(sym::Expr dim) {
  return dim ? dim.str() : std::string("?");
}

static std::string formatDims(ArrayRef<sym::Expr> dims) {
  return "[" + llvm::join(llvm::map_range(dims, formatDim), ", ") + "]";
}

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

namespace {

/// Evaluates the ops of one function body.
class Evaluator {
public:
  Evaluator(const StringMap<int64_t> &symbols, Precision precision)
      : symbols(symbols), precision(precision) {}

  /// Runs `func` on `arguments`, giving its results.
  Expected<std::vector<HostTensor>> run(func::FuncOp func,
                                        ArrayRef<HostTensor> arguments);

private:
  /// Computes the single result of `op` (widened to f64 in Float64).
  Expected<Buffer> evaluate(Operation *op);
  /// Computes the single result of `op` as `dtype`.
  Expected<Buffer> evaluateIn(Operation *op, DType dtype);
  /// The declared shape of `type` with `?` dims as nullopt.
  Expected<SmallVector<std::optional<int64_t>>>
  evaluateDims(KilnTensorType type);
  /// Checks a computed result against the op's declared result type.
  llvm::Error checkResult(Operation *op, const Buffer &result);
  /// The shape a reshape or broadcast_to produces: the declared shape, with
  /// `?` dims derived from the operand.
  Expected<SmallVector<int64_t>>
  getTargetShape(Operation *op, const Buffer &operand, bool isReshape);
  Expected<Buffer> evaluateConstant(ConstantOp op, DType dtype);

  const Buffer &operand(Operation *op, unsigned i) {
    return values.find(op->getOperand(i))->second;
  }

  const StringMap<int64_t> &symbols;
  Precision precision;
  llvm::DenseMap<Value, Buffer> values;
};

} // namespace

/// ` at FILE:LINE:COL` for ops with a file location, else nothing.
static std::string formatLocation(Location loc) {
  if (auto fileLoc = loc->findInstanceOf<FileLineColRange>())
    if (!fileLoc.getFilename().getValue().empty())
      return (" at " + fileLoc.getFilename().getValue() + ":" +
              llvm::Twine(fileLoc.getStartLine()) + ":" +
              llvm::Twine(fileLoc.getStartColumn()))
          .str();
  return "";
}

/// Wraps an error with the op that raised it: `MESSAGE in kiln.div at
/// f.mlir:3:8`.
static llvm::Error inOp(llvm::Error error, Operation *op) {
  std::string message = llvm::toString(std::move(error));
  return makeError(message + " in " + op->getName().getStringRef() +
                   formatLocation(op->getLoc()));
}

Expected<SmallVector<std::optional<int64_t>>>
Evaluator::evaluateDims(KilnTensorType type) {
  SmallVector<std::optional<int64_t>> sizes;
  for (auto [d, dim] : llvm::enumerate(type.getDims())) {
    if (!dim) {
      sizes.push_back(std::nullopt);
      continue;
    }
    std::optional<int64_t> size = dim.evaluate(symbols);
    if (!size)
      return makeError("cannot evaluate result dim " + llvm::Twine(d) + " (" +
                       dim.str() +
                       "): a symbol is unbound or the value overflows");
    if (*size < 0)
      return makeError("result dim " + llvm::Twine(d) + " (" + dim.str() +
                       ") evaluates to the negative size " +
                       llvm::Twine(*size));
    sizes.push_back(size);
  }
  return sizes;
}

llvm::Error Evaluator::checkResult(Operation *op, const Buffer &result) {
  auto type = cast<KilnTensorType>(op->getResult(0).getType());
  Expected<SmallVector<std::optional<int64_t>>> declared = evaluateDims(type);
  if (!declared)
    return declared.takeError();
  if (declared->size() != result.shape.size())
    return makeError("the result type has rank " +
                     llvm::Twine(declared->size()) +
                     " but the op computes shape " + formatShape(result.shape));
  for (auto [d, size] : llvm::enumerate(*declared)) {
    if (!size || *size == result.shape[d])
      continue;
    return makeError("result dim " + llvm::Twine(d) + " is declared " +
                     type.getDims()[d].str() + " = " + llvm::Twine(*size) +
                     " but the op computes " + llvm::Twine(result.shape[d]) +
                     " (shape " + formatShape(result.shape) + ")");
  }
  return llvm::Error::success();
}

Expected<SmallVector<int64_t>> Evaluator::getTargetShape(Operation *op,
                                                         const Buffer &operand,
                                                         bool isReshape) {
  auto type = cast<KilnTensorType>(op->getResult(0).getType());
  Expected<SmallVector<std::optional<int64_t>>> declared = evaluateDims(type);
  if (!declared)
    return declared.takeError();
  SmallVector<int64_t> shape;
  if (isReshape) {
    // At most one `?`, inferred from the element count as in numpy's -1.
    int64_t known = 1;
    int unknown = 0;
    for (std::optional<int64_t> size : *declared) {
      if (!size) {
        ++unknown;
        continue;
      }
      if (llvm::MulOverflow(known, *size, known))
        return makeError("the result shape overflows");
    }
    if (unknown > 1)
      return makeError("cannot infer more than one `?` dim of a reshape");
    int64_t count = operand.getNumElements();
    for (std::optional<int64_t> size : *declared) {
      if (size) {
        shape.push_back(*size);
        continue;
      }
      if (known == 0 || count % known != 0)
        return makeError("cannot infer the `?` dim of the reshape of " +
                         formatShape(operand.shape) + " to " +
                         formatDims(type.getDims()));
      shape.push_back(count / known);
    }
    return shape;
  }
  // broadcast_to: a `?` dim takes the size of the aligned operand dim.
  size_t offset = declared->size() >= operand.shape.size()
                      ? declared->size() - operand.shape.size()
                      : 0;
  for (auto [d, size] : llvm::enumerate(*declared)) {
    if (size) {
      shape.push_back(*size);
      continue;
    }
    if (d < offset || d - offset >= operand.shape.size())
      return makeError("result dim " + llvm::Twine(d) +
                       " is `?` and has no operand dim to take its size from");
    shape.push_back(operand.shape[d - offset]);
  }
  return shape;
}

Expected<Buffer> Evaluator::evaluateConstant(ConstantOp op, DType dtype) {
  ElementsAttr value = op.getValue();
  auto resultType = cast<KilnTensorType>(op.getType());
  std::optional<SmallVector<int64_t>> shape = resultType.getStaticShape();
  if (!shape)
    return makeError("the result of a constant must have a static shape");
  Expected<Buffer> result = makeBuffer(dtype, *shape);
  if (!result)
    return result.takeError();
  if (value.getNumElements() != result->getNumElements())
    return makeError("the value has " + llvm::Twine(value.getNumElements()) +
                     " elements but the result type has " +
                     llvm::Twine(result->getNumElements()));
  std::optional<DType> valueType = getDTypeOf(value.getElementType());
  if (!valueType)
    return makeError("unsupported constant element type");
  size_t i = 0;
  if (isFloatDType(*valueType)) {
    auto range = value.tryGetValues<APFloat>();
    if (!range)
      return makeError("cannot read the elements of the constant value");
    for (const APFloat &element : *range)
      result->data[i++] = roundToDType(dtype, element.convertToDouble());
  } else {
    auto range = value.tryGetValues<APInt>();
    if (!range)
      return makeError("cannot read the elements of the constant value");
    for (const APInt &element : *range) {
      double v = element.getBitWidth() == 1
                     ? (element.isZero() ? 0.0 : 1.0)
                     : static_cast<double>(element.getSExtValue());
      result->data[i++] = roundToDType(dtype, v);
    }
  }
  return result;
}

/// The kind of a unary elementwise op, if `op` is one.
static std::optional<UnaryKind> getUnaryKind(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<UnaryKind>>(op)
      .Case([](NegOp) { return UnaryKind::Neg; })
      .Case([](AbsOp) { return UnaryKind::Abs; })
      .Case([](ExpOp) { return UnaryKind::Exp; })
      .Case([](LogOp) { return UnaryKind::Log; })
      .Case([](SqrtOp) { return UnaryKind::Sqrt; })
      .Case([](RsqrtOp) { return UnaryKind::Rsqrt; })
      .Case([](TanhOp) { return UnaryKind::Tanh; })
      .Case([](SigmoidOp) { return UnaryKind::Sigmoid; })
      .Case([](ReluOp) { return UnaryKind::Relu; })
      .Case([](SiluOp) { return UnaryKind::Silu; })
      .Case([](ErfOp) { return UnaryKind::Erf; })
      .Case([](SinOp) { return UnaryKind::Sin; })
      .Case([](CosOp) { return UnaryKind::Cos; })
      .Case([](ReciprocalOp) { return UnaryKind::Reciprocal; })
      .Case([](FloorOp) { return UnaryKind::Floor; })
      .Case([](CeilOp) { return UnaryKind::Ceil; })
      .Case([](RoundOp) { return UnaryKind::Round; })
      .Case([](SignOp) { return UnaryKind::Sign; })
      .Case([](Log1pOp) { return UnaryKind::Log1p; })
      .Case([](NotOp) { return UnaryKind::Not; })
      .Case([](GeluOp gelu) {
        return gelu.getApproximate() == "tanh" ? UnaryKind::GeluTanh
                                               : UnaryKind::Gelu;
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// The kind of a binary elementwise op, if `op` is one.
static std::optional<BinaryKind> getBinaryKind(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<BinaryKind>>(op)
      .Case([](AddOp) { return BinaryKind::Add; })
      .Case([](SubOp) { return BinaryKind::Sub; })
      .Case([](MulOp) { return BinaryKind::Mul; })
      .Case([](DivOp) { return BinaryKind::Div; })
      .Case([](MaxOp) { return BinaryKind::Max; })
      .Case([](MinOp) { return BinaryKind::Min; })
      .Case([](PowOp) { return BinaryKind::Pow; })
      .Case([](RemOp) { return BinaryKind::Rem; })
      .Case([](AndOp) { return BinaryKind::And; })
      .Case([](OrOp) { return BinaryKind::Or; })
      .Case([](XorOp) { return BinaryKind::Xor; })
      .Default([](Operation *) { return std::nullopt; });
}

static std::optional<ReduceKind> getReduceKind(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<ReduceKind>>(op)
      .Case([](ReduceSumOp) { return ReduceKind::Sum; })
      .Case([](ReduceMeanOp) { return ReduceKind::Mean; })
      .Case([](ReduceMaxOp) { return ReduceKind::Max; })
      .Case([](ReduceMinOp) { return ReduceKind::Min; })
      .Case([](ReduceProdOp) { return ReduceKind::Prod; })
      .Case([](ReduceAnyOp) { return ReduceKind::Any; })
      .Case([](ReduceAllOp) { return ReduceKind::All; })
      .Default([](Operation *) { return std::nullopt; });
}

static std::optional<ComparePredicate> parsePredicate(StringRef name) {
  return llvm::StringSwitch<std::optional<ComparePredicate>>(name)
      .Case("eq", ComparePredicate::Eq)
      .Case("ne", ComparePredicate::Ne)
      .Case("lt", ComparePredicate::Lt)
      .Case("le", ComparePredicate::Le)
      .Case("gt", ComparePredicate::Gt)
      .Case("ge", ComparePredicate::Ge)
      .Default(std::nullopt);
}

Expected<Buffer> Evaluator::evaluate(Operation *op) {
  auto resultType = cast<KilnTensorType>(op->getResult(0).getType());
  std::optional<DType> declared = getDTypeOf(resultType.getElementType());
  if (!declared)
    return makeError("unsupported result element type");
  // In float64, every float op computes in double; casts and constants
  // still round to their declared type (the rounding is their meaning).
  bool widen = precision == Precision::Float64 && isFloatDType(*declared);
  Expected<Buffer> result =
      evaluateIn(op, widen && !isa<CastOp, ConstantOp>(op) ? DType::F64
                                                            : *declared);
  if (result && widen)
    result->dtype = DType::F64;
  return result;
}

Expected<Buffer> Evaluator::evaluateIn(Operation *op, DType dtype) {

  if (std::optional<UnaryKind> kind = getUnaryKind(op))
    return unary(*kind, operand(op, 0), dtype);
  if (std::optional<BinaryKind> kind = getBinaryKind(op))
    return binary(*kind, operand(op, 0), operand(op, 1), dtype);
  if (std::optional<ReduceKind> kind = getReduceKind(op)) {
    auto keepdim = op->getAttrOfType<BoolAttr>("keepdim");
    return reduce(*kind, operand(op, 0),
                  op->getAttrOfType<DenseI64ArrayAttr>("dims").asArrayRef(),
                  keepdim && keepdim.getValue(), dtype);
  }

  return llvm::TypeSwitch<Operation *, Expected<Buffer>>(op)
      .Case([&](CmpOp cmp) -> Expected<Buffer> {
        std::optional<ComparePredicate> predicate =
            parsePredicate(cmp.getPredicate());
        if (!predicate)
          return makeError("unknown predicate \"" + cmp.getPredicate() + "\"");
        return compare(*predicate, operand(op, 0), operand(op, 1));
      })
      .Case([&](SelectOp) {
        return select(operand(op, 0), operand(op, 1), operand(op, 2), dtype);
      })
      .Case([&](CastOp) { return cast(operand(op, 0), dtype); })
      .Case([&](SoftmaxOp softmaxOp) {
        return softmax(operand(op, 0), softmaxOp.getDimAttr().getInt(),
                       /*log=*/false, dtype);
      })
      .Case([&](LogSoftmaxOp softmaxOp) {
        return softmax(operand(op, 0), softmaxOp.getDimAttr().getInt(),
                       /*log=*/true, dtype);
      })
      .Case([&](LayerNormOp norm) {
        return layerNorm(operand(op, 0), operand(op, 1), operand(op, 2),
                         norm.getEpsilon().convertToDouble(), dtype);
      })
      .Case([&](RmsNormOp norm) {
        return rmsNorm(operand(op, 0), operand(op, 1),
                       norm.getEpsilon().convertToDouble(), dtype);
      })
      .Case([&](AttentionOp attentionOp) -> Expected<Buffer> {
        const Buffer *mask =
            attentionOp.getMask() ? &operand(op, 3) : nullptr;
        return attention(operand(op, 0), operand(op, 1), operand(op, 2), mask,
                         attentionOp.getScaleValue(), attentionOp.getCausal(),
                         dtype);
      })
      .Case([&](Conv2DOp conv) {
        return conv2d(operand(op, 0), operand(op, 1),
                      {conv.getStrides(), conv.getDilations(),
                       conv.getPadding()},
                      conv.getGroups(), dtype);
      })
      .Case([&](MaxPool2DOp pool) {
        SmallVector<int64_t> strides = pool.getStrideValues();
        return pool2d(operand(op, 0), pool.getKernel(),
                      {strides, pool.getDilations(), pool.getPadding()},
                      /*max=*/true, /*countIncludePad=*/true, dtype);
      })
      .Case([&](AvgPool2DOp pool) {
        SmallVector<int64_t> strides = pool.getStrideValues();
        int64_t unit[] = {1, 1};
        return pool2d(operand(op, 0), pool.getKernel(),
                      {strides, unit, pool.getPadding()},
                      /*max=*/false, pool.getCountIncludePad(), dtype);
      })
      .Case([&](MatmulOp) {
        return matmul(operand(op, 0), operand(op, 1), dtype);
      })
      .Case([&](TransposeOp transposeOp) {
        return transpose(operand(op, 0), transposeOp.getPerm(), dtype);
      })
      .Case([&](ReshapeOp) -> Expected<Buffer> {
        Expected<SmallVector<int64_t>> shape =
            getTargetShape(op, operand(op, 0), /*isReshape=*/true);
        if (!shape)
          return shape.takeError();
        return reshape(operand(op, 0), *shape, dtype);
      })
      .Case([&](BroadcastToOp) -> Expected<Buffer> {
        Expected<SmallVector<int64_t>> shape =
            getTargetShape(op, operand(op, 0), /*isReshape=*/false);
        if (!shape)
          return shape.takeError();
        return broadcastTo(operand(op, 0), *shape, dtype);
      })
      .Case([&](IotaOp iotaOp) -> Expected<Buffer> {
        SmallVector<int64_t> shape;
        for (sym::Expr dim :
             cast<KilnTensorType>(iotaOp.getType()).getDims()) {
          std::optional<int64_t> size =
              dim ? dim.evaluate(symbols) : std::nullopt;
          if (!size || *size < 0)
            return makeError("the result's shape does not evaluate");
          shape.push_back(*size);
        }
        return iota(shape, iotaOp.getDim(), dtype);
      })
      .Case([&](SliceOp sliceOp) -> Expected<Buffer> {
        std::optional<int64_t> start, end;
        if (sym::Expr e = sliceOp.getStartExpr())
          start = e.evaluate(symbols);
        if (sym::Expr e = sliceOp.getEndExpr())
          end = e.evaluate(symbols);
        if (!start || !end)
          return makeError("the slice's bounds do not evaluate");
        return slice(operand(op, 0), sliceOp.getNormalizedDim(), *start, *end,
                     sliceOp.getStep());
      })
      .Case([&](GatherOp gatherOp) {
        return gather(operand(op, 0), operand(op, 1),
                      gatherOp.getNormalizedDim());
      })
      .Case([&](GatherElementsOp gatherOp) {
        return gatherElements(operand(op, 0), operand(op, 1),
                              gatherOp.getNormalizedDim());
      })
      .Case([&](PadOp padOp) {
        return pad(operand(op, 0), padOp.getLow(), padOp.getHigh(),
                   padOp.getValue().convertToDouble());
      })
      .Case([&](CumsumOp cumsumOp) {
        return cumsum(operand(op, 0), cumsumOp.getNormalizedDim());
      })
      .Case([&](ArgmaxOp argOp) {
        return argReduce(operand(op, 0), argOp.getNormalizedDim(),
                         argOp.getKeepdim(), /*max=*/true, dtype);
      })
      .Case([&](ArgminOp argOp) {
        return argReduce(operand(op, 0), argOp.getNormalizedDim(),
                         argOp.getKeepdim(), /*max=*/false, dtype);
      })
      .Case([&](ConcatOp concatOp) {
        SmallVector<const Buffer *> inputs;
        for (unsigned i = 0, e = op->getNumOperands(); i < e; ++i)
          inputs.push_back(&operand(op, i));
        return concat(inputs, concatOp.getDimAttr().getInt(), dtype);
      })
      .Case([&](ConstantOp constantOp) {
        return evaluateConstant(constantOp, dtype);
      })
      .Default([&](Operation *) -> Expected<Buffer> {
        return makeError("the reference interpreter does not support this op");
      });
}

Expected<std::vector<HostTensor>>
Evaluator::run(func::FuncOp func, ArrayRef<HostTensor> arguments) {
  if (func.isExternal())
    return makeError("function @" + func.getSymName() + " has no body");
  if (!llvm::hasSingleElement(func.getBody()))
    return makeError("function @" + func.getSymName() +
                     " has more than one block, which the reference "
                     "interpreter does not support");
  Block &body = func.getBody().front();

  for (auto [i, argument] : llvm::enumerate(body.getArguments())) {
    auto type = dyn_cast<KilnTensorType>(argument.getType());
    if (!type)
      return makeError("argument " + llvm::Twine(i) +
                       " is not a Kiln tensor, which the reference "
                       "interpreter does not support");
    const HostTensor &input = arguments[i];
    if (!input.getData())
      return makeError("input " + llvm::Twine(i) + " has no data");
    Expected<Buffer> buffer = makeBuffer(input.getDType(), input.getShape());
    if (!buffer)
      return makeError("argument " + llvm::Twine(i) + ": " +
                       llvm::toString(buffer.takeError()));
    for (int64_t e = 0, n = buffer->getNumElements(); e < n; ++e)
      buffer->data[e] = input.getAsDouble(e);
    values[argument] = std::move(*buffer);
  }

  // Values are dropped after their last use, so that peak memory follows
  // the live values rather than the whole function.
  llvm::DenseMap<Value, unsigned> remainingUses;
  for (BlockArgument argument : body.getArguments())
    remainingUses[argument] =
        std::distance(argument.use_begin(), argument.use_end());
  auto release = [&](Operation *op) {
    for (Value v : op->getOperands()) {
      auto it = remainingUses.find(v);
      if (it != remainingUses.end() && --it->second == 0)
        values.erase(v);
    }
  };

  for (Operation &op : body) {
    for (auto [i, v] : llvm::enumerate(op.getOperands()))
      if (!values.count(v))
        return inOp(makeError("operand " + llvm::Twine(i) +
                              " is not a value the interpreter computed"),
                    &op);

    if (auto returnOp = dyn_cast<func::ReturnOp>(op)) {
      std::vector<HostTensor> outputs;
      for (auto [i, v] : llvm::enumerate(returnOp.getOperands())) {
        const Buffer &buffer = values.find(v)->second;
        HostTensor tensor(buffer.dtype, buffer.shape);
        if (!tensor.getData())
          return makeError("cannot allocate result " + llvm::Twine(i) +
                           " of shape " + formatShape(buffer.shape));
        for (int64_t e = 0, n = buffer.getNumElements(); e < n; ++e)
          tensor.setFromDouble(e, buffer.data[e]);
        outputs.push_back(std::move(tensor));
      }
      return outputs;
    }

    if (!isa_and_nonnull<KilnDialect>(op.getDialect()) ||
        op.getNumResults() != 1 ||
        !isa<KilnTensorType>(op.getResult(0).getType()) ||
        op.getNumRegions() != 0)
      return inOp(makeError("unsupported op (the reference interpreter "
                            "evaluates Kiln ops and func.return)"),
                  &op);
    Expected<Buffer> result = evaluate(&op);
    if (!result)
      return inOp(result.takeError(), &op);
    if (llvm::Error error = checkResult(&op, *result))
      return inOp(std::move(error), &op);
    Value resultValue = op.getResult(0);
    remainingUses[resultValue] =
        std::distance(resultValue.use_begin(), resultValue.use_end());
    if (remainingUses[resultValue] != 0)
      values[resultValue] = std::move(*result);
    release(&op);
  }
  return makeError("function @" + func.getSymName() +
                   " does not end with func.return");
}

Expected<std::vector<HostTensor>> kiln::interpret(func::FuncOp func,
                                                  ArrayRef<HostTensor> inputs,
                                                  Precision precision) {
  // The kernels rely on the verifier's guarantees (operand counts,
  // attribute kinds), so check them first rather than trust the caller.
  std::string diagnostics;
  {
    ScopedDiagnosticHandler handler(func->getContext(), [&](Diagnostic &diag) {
      if (diag.getSeverity() == DiagnosticSeverity::Error &&
          diagnostics.empty())
        diagnostics = diag.str();
      return success();
    });
    if (failed(mlir::verify(func)))
      return makeError("invalid IR: " +
                       (diagnostics.empty() ? std::string("verification failed")
                                            : diagnostics));
  }
  Expected<Signature> signature = Signature::get(func);
  if (!signature)
    return signature.takeError();
  Expected<StringMap<int64_t>> symbols = signature->bind(inputs);
  if (!symbols)
    return symbols.takeError();
  Evaluator evaluator(*symbols, precision);
  return evaluator.run(func, inputs);
}
