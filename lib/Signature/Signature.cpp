//===- Signature.cpp - What a call of a Kiln function must pass -----------===//
//
// Binding runs in three steps, each with its own messages: the arguments'
// number, ranks and dtypes; the symbols that stand alone as a dim (bound
// from the first argument that has them, conflicts named with both
// places); then every dim that is not `?` evaluated under those values and
// compared with the argument's size, the function's facts, and the
// conditions of its ops that the compiler could not prove (slice bounds).
//
//===----------------------------------------------------------------------===//

#include "kiln/Signature/Signature.h"

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace kiln;
using llvm::Twine;

static llvm::Error makeError(const Twine &message) {
  return llvm::createStringError(message);
}

std::optional<DType> kiln::getDTypeOf(Type type) {
  if (type.isF32())
    return DType::F32;
  if (type.isF16())
    return DType::F16;
  if (type.isBF16())
    return DType::BF16;
  if (type.isF64())
    return DType::F64;
  if (type.isInteger(1))
    return DType::I1;
  if (type.isInteger(32))
    return DType::I32;
  if (type.isInteger(64))
    return DType::I64;
  return std::nullopt;
}

/// The spec of `type` (`what` names it in errors).
static llvm::Expected<TensorSpec> getSpec(Type type, const Twine &what) {
  auto tensorType = dyn_cast<KilnTensorType>(type);
  if (!tensorType)
    return makeError(what + " must be a !kiln.tensor value");
  std::optional<DType> dtype = getDTypeOf(tensorType.getElementType());
  if (!dtype) {
    std::string typeName;
    llvm::raw_string_ostream os(typeName);
    os << tensorType.getElementType();
    return makeError(what + " has element type " + typeName +
                     ", which Kiln does not support");
  }
  TensorSpec spec;
  spec.dtype = *dtype;
  spec.dims.assign(tensorType.getDims().begin(), tensorType.getDims().end());
  return spec;
}

/// The conditions of `op` that its verifier could not prove.
static SmallVector<SignatureCheck> collectChecks(Operation *op) {
  SmallVector<SignatureCheck> checks;
  sym::Facts facts = getFactsAt(op);
  auto proved = [&](sym::Expr lower, sym::Expr upper) {
    return sym::getBounds(upper - lower, facts).lo >= 0;
  };
  if (auto slice = dyn_cast<SliceOp>(op)) {
    sym::Expr size = cast<KilnTensorType>(slice.getX().getType())
                         .getDims()[slice.getNormalizedDim()];
    sym::Expr start = slice.getStartExpr(), end = slice.getEndExpr();
    sym::Expr zero = sym::Expr::constant(start.getContext(), 0);
    if (!proved(zero, start) || !proved(start, end) || !proved(end, size))
      checks.push_back({SignatureCheck::Kind::SliceBounds, describeOp(op), start,
                        end, size});
  }
  if (auto gather = dyn_cast<GatherElementsOp>(op)) {
    ArrayRef<sym::Expr> x =
        cast<KilnTensorType>(gather.getX().getType()).getDims();
    ArrayRef<sym::Expr> indices =
        cast<KilnTensorType>(gather.getIndices().getType()).getDims();
    for (int64_t d = 0, e = x.size(); d < e; ++d)
      if (d != gather.getNormalizedDim() && !proved(indices[d], x[d]))
        checks.push_back({SignatureCheck::Kind::AtMost, describeOp(op),
                          indices[d], x[d], {}, d});
  }
  if (isa<ArgmaxOp, ArgminOp>(op)) {
    auto type = cast<KilnTensorType>(op->getOperand(0).getType());
    int64_t dim = op->getAttrOfType<IntegerAttr>("dim").getInt();
    int64_t d = dim < 0 ? dim + type.getRank() : dim;
    sym::Expr size = type.getDims()[d];
    if (size && !proved(sym::Expr::constant(size.getContext(), 1), size))
      checks.push_back(
          {SignatureCheck::Kind::NotEmpty, describeOp(op), size, {}, {}, d});
  }
  if (isa<ReduceMaxOp, ReduceMinOp>(op)) {
    auto type = cast<KilnTensorType>(op->getOperand(0).getType());
    auto dims = op->getAttrOfType<DenseI64ArrayAttr>("dims").asArrayRef();
    for (int64_t dim : dims) {
      int64_t d = dim < 0 ? dim + type.getRank() : dim;
      sym::Expr size = type.getDims()[d];
      if (size && !proved(sym::Expr::constant(size.getContext(), 1), size))
        checks.push_back(
            {SignatureCheck::Kind::NotEmpty, describeOp(op), size, {}, {}, d});
    }
  }
  return checks;
}

/// An error if a function that `func` calls (transitively) has conditions
/// that only a call could check.
static llvm::Error rejectChecksInCallees(func::FuncOp func) {
  auto module = func->getParentOfType<ModuleOp>();
  llvm::SmallPtrSet<Operation *, 8> seen{func};
  SmallVector<func::FuncOp> work{func};
  while (!work.empty()) {
    func::FuncOp caller = work.pop_back_val();
    WalkResult walk = caller.walk([&](func::CallOp call) {
      auto callee =
          module ? module.lookupSymbol<func::FuncOp>(call.getCallee()) : nullptr;
      if (!callee || !seen.insert(callee).second)
        return WalkResult::advance();
      WalkResult found = callee.walk([&](Operation *op) {
        return collectChecks(op).empty() ? WalkResult::advance()
                                         : WalkResult::interrupt();
      });
      if (found.wasInterrupted())
        return WalkResult::interrupt();
      work.push_back(callee);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return makeError("a function called by @" + func.getSymName() +
                       " has a slice, a gather or a maximum whose bounds are only "
                       "checked when the entry is called; move it into @" +
                       func.getSymName());
  }
  return llvm::Error::success();
}

llvm::Expected<Signature> Signature::get(func::FuncOp func) {
  Signature signature;
  signature.name = func.getSymName().str();
  for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
    auto spec = getSpec(type, "argument " + Twine(i));
    if (!spec)
      return spec.takeError();
    signature.arguments.push_back(std::move(*spec));
  }
  for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
    auto spec = getSpec(type, "result " + Twine(i));
    if (!spec)
      return spec.takeError();
    signature.results.push_back(std::move(*spec));
  }
  if (auto attr =
          func->getAttrOfType<FactsAttr>(KilnDialect::getFactsAttrName()))
    for (const SymbolFact &fact : attr.getFacts())
      signature.facts.push_back({fact.symbol.getValue().str(),
                                 fact.kind == SymbolFact::Kind::Range, fact.lo,
                                 fact.hi});
  func.walk([&](Operation *op) {
    for (SignatureCheck &check : collectChecks(op))
      signature.checks.push_back(std::move(check));
  });
  // The checks bind the entry's symbols: a called function's own checks
  // could not be evaluated, so they are not allowed there.
  if (llvm::Error error = rejectChecksInCallees(func))
    return std::move(error);
  return signature;
}

static std::string formatDims(ArrayRef<sym::Expr> dims) {
  return "[" +
         llvm::join(
             llvm::map_range(
                 dims, [](sym::Expr dim) { return dim ? dim.str() : "?"; }),
             ", ") +
         "]";
}

/// Explains why `dim` cannot be evaluated: an unbound symbol or an int64
/// overflow.
static llvm::Error explainUnevaluable(sym::Expr dim, const Twine &where,
                                      const llvm::StringMap<int64_t> &values) {
  SmallVector<StringRef> names;
  dim.collectSymbols(names);
  for (StringRef name : names)
    if (!values.count(name))
      return makeError(where + " is " + dim.str() + ", but symbol " + name +
                       " is not bound by any argument (a symbol is bound "
                       "where it stands alone as a dim)");
  return makeError(where + " (" + dim.str() + ") overflows int64");
}

/// Step 1: number, ranks, dtypes and sizes >= 0.
static llvm::Error checkKinds(const Signature &signature,
                              ArrayRef<ArgumentShape> args) {
  size_t expected = signature.getArguments().size();
  if (expected != args.size())
    return makeError(
        "function @" + signature.getName() + " takes " + Twine(expected) +
        " argument" + (expected == 1 ? "" : "s") + ", got " +
        Twine(args.size()) + " input" + (args.size() == 1 ? "" : "s"));
  for (auto [i, spec] : llvm::enumerate(signature.getArguments())) {
    const ArgumentShape &arg = args[i];
    if (int64_t(arg.shape.size()) != spec.getRank())
      return makeError("argument " + Twine(i) + " must have rank " +
                       Twine(spec.getRank()) + " (" + formatDims(spec.dims) +
                       "), got rank " + Twine(arg.shape.size()) + " (" +
                       formatShape(arg.shape) + ")");
    if (arg.dtype != spec.dtype)
      return makeError("argument " + Twine(i) + " must have element type " +
                       getDTypeName(spec.dtype) + ", got " +
                       getDTypeName(arg.dtype));
    for (auto [d, size] : llvm::enumerate(arg.shape))
      if (size < 0)
        return makeError("argument " + Twine(i) + " has negative size " +
                         Twine(size) + " in dim " + Twine(d));
  }
  return llvm::Error::success();
}

/// Step 2: the symbols that stand alone as a dim.
static llvm::Expected<llvm::StringMap<int64_t>>
bindStandaloneSymbols(const Signature &signature,
                      ArrayRef<ArgumentShape> args) {
  llvm::StringMap<int64_t> values;
  llvm::StringMap<std::pair<size_t, size_t>> boundAt;
  for (auto [i, spec] : llvm::enumerate(signature.getArguments())) {
    for (auto [d, dim] : llvm::enumerate(spec.dims)) {
      std::optional<StringRef> name = dim ? dim.getSymbolName() : std::nullopt;
      if (!name)
        continue;
      int64_t size = args[i].shape[d];
      auto [it, inserted] = values.try_emplace(*name, size);
      if (inserted) {
        boundAt[*name] = {i, d};
        continue;
      }
      if (it->second == size)
        continue;
      auto [firstArg, firstDim] = boundAt[*name];
      return makeError("symbol " + *name + " is bound to " + Twine(it->second) +
                       " by argument " + Twine(firstArg) + " (dim " +
                       Twine(firstDim) + ") and to " + Twine(size) +
                       " by argument " + Twine(i) + " (dim " + Twine(d) + ")");
    }
  }
  return values;
}

/// Step 3a: every dim that is not `?` evaluates to the argument's size.
static llvm::Error checkDims(const Signature &signature,
                             ArrayRef<ArgumentShape> args,
                             const llvm::StringMap<int64_t> &values) {
  for (auto [i, spec] : llvm::enumerate(signature.getArguments())) {
    for (auto [d, dim] : llvm::enumerate(spec.dims)) {
      if (!dim)
        continue;
      std::string where = ("argument " + Twine(i) + " dim " + Twine(d)).str();
      std::optional<int64_t> expected = dim.evaluate(values);
      if (!expected)
        return explainUnevaluable(dim, where, values);
      int64_t size = args[i].shape[d];
      if (*expected == size)
        continue;
      if (dim.isConstant())
        return makeError(where + " must be " + Twine(*expected) + ", got " +
                         Twine(size));
      return makeError(where + " must be " + dim.str() + " = " +
                       Twine(*expected) + ", got " + Twine(size));
    }
  }
  return llvm::Error::success();
}

/// Step 3b: the declared facts hold for the bound values.
static llvm::Error checkFacts(const Signature &signature,
                              const llvm::StringMap<int64_t> &values) {
  for (const SignatureFact &fact : signature.getFacts()) {
    auto it = values.find(fact.symbol);
    if (it == values.end())
      continue; // The verifier rejects facts about unbound symbols.
    int64_t value = it->second;
    if (fact.isRange && (value < fact.lo || value > fact.hi))
      return makeError("symbol " + fact.symbol + " = " + Twine(value) +
                       " violates the fact " + fact.symbol + " in [" +
                       Twine(fact.lo) + ", " + Twine(fact.hi) +
                       "] of function @" + signature.getName());
    if (!fact.isRange && fact.lo > 0 && value % fact.lo != 0)
      return makeError("symbol " + fact.symbol + " = " + Twine(value) +
                       " violates the fact " + fact.symbol + " mod " +
                       Twine(fact.lo) + " == 0 of function @" +
                       signature.getName());
  }
  return llvm::Error::success();
}

/// Step 3c: the ops' conditions that the compiler could not prove.
static std::string show(sym::Expr e, std::optional<int64_t> v) {
  std::string text = e.str();
  if (v && !e.isConstant())
    text += " = " + std::to_string(*v);
  return text;
}

static llvm::Error checkOps(const Signature &signature,
                            const llvm::StringMap<int64_t> &values) {
  for (const SignatureCheck &check : signature.getChecks()) {
    std::optional<int64_t> a = check.a.evaluate(values);
    if (check.kind == SignatureCheck::Kind::NotEmpty) {
      if (a && *a > 0)
        continue;
      return makeError(check.op + ": dim " + Twine(check.dim) + " (" +
                       show(check.a, a) +
                       ") is empty: no maximum or minimum");
    }
    std::optional<int64_t> b = check.b.evaluate(values);
    if (check.kind == SignatureCheck::Kind::AtMost) {
      if (a && b && *a <= *b)
        continue;
      return makeError(check.op + ": indices dim " + Twine(check.dim) + " (" +
                       show(check.a, a) + ") exceeds x's (" +
                       show(check.b, b) + ")");
    }
    std::optional<int64_t> c = check.c.evaluate(values);
    if (a && b && c && 0 <= *a && *a <= *b && *b <= *c)
      continue;
    return makeError(check.op + ": start " + show(check.a, a) + ", end " +
                     show(check.b, b) + " and size " + show(check.c, c) +
                     " do not satisfy 0 <= start <= end <= size");
  }
  return llvm::Error::success();
}

llvm::Expected<llvm::StringMap<int64_t>>
Signature::bind(ArrayRef<ArgumentShape> args) const {
  if (llvm::Error error = checkKinds(*this, args))
    return std::move(error);
  auto values = bindStandaloneSymbols(*this, args);
  if (!values)
    return values.takeError();
  if (llvm::Error error = checkDims(*this, args, *values))
    return std::move(error);
  if (llvm::Error error = checkFacts(*this, *values))
    return std::move(error);
  if (llvm::Error error = checkOps(*this, *values))
    return std::move(error);
  return values;
}

llvm::Expected<llvm::StringMap<int64_t>>
Signature::bind(ArrayRef<HostTensor> args) const {
  SmallVector<ArgumentShape> shapes;
  for (const HostTensor &arg : args)
    shapes.push_back({arg.getDType(), arg.getShape()});
  return bind(shapes);
}

SmallVector<int64_t>
Signature::evaluateShape(const TensorSpec &spec,
                         const llvm::StringMap<int64_t> &symbols) {
  SmallVector<int64_t> shape;
  for (sym::Expr dim : spec.dims) {
    std::optional<int64_t> size = dim ? dim.evaluate(symbols) : std::nullopt;
    shape.push_back(size ? *size : -1);
  }
  return shape;
}
