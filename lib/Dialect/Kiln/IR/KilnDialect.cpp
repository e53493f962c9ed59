//===- KilnDialect.cpp - The Kiln dialect ---------------------------------===//
//
// Dialect registration, the function-level symbol checks and the
// `kiln.facts` attribute verifier.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Runtime/RuntimeABI.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace kiln;

#include "kiln/Dialect/Kiln/IR/KilnDialect.cpp.inc"

void KilnDialect::initialize() {
  exprContext = std::make_unique<sym::ExprContext>();
  registerTypes();
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "kiln/Dialect/Kiln/IR/KilnOps.cpp.inc"
      >();
}

sym::ExprContext &kiln::getExprContext(MLIRContext *ctx) {
  return ctx->getOrLoadDialect<KilnDialect>()->getExprContext();
}

Operation *KilnDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || !isa<KilnTensorType>(type))
    return nullptr;
  return ConstantOp::create(builder, loc, type, elements);
}

/// The function that scopes the symbols used at `op`.
static FunctionOpInterface getScopeFunction(Operation *op) {
  if (auto fn = dyn_cast<FunctionOpInterface>(op))
    return fn;
  return op->getParentOfType<FunctionOpInterface>();
}

sym::Facts kiln::getFactsAt(Operation *op) {
  FunctionOpInterface fn = getScopeFunction(op);
  if (!fn)
    return {};
  if (auto facts =
          fn->getAttrOfType<FactsAttr>(KilnDialect::getFactsAttrName()))
    return facts.getSymFacts();
  return {};
}

SmallVector<StringRef> kiln::getBoundSymbolsAt(Operation *op) {
  SmallVector<StringRef> bound;
  FunctionOpInterface fn = getScopeFunction(op);
  if (!fn)
    return bound;
  for (Type argType : fn.getArgumentTypes()) {
    auto tensorType = dyn_cast<KilnTensorType>(argType);
    if (!tensorType)
      continue;
    for (sym::Expr dim : tensorType.getDims())
      if (dim)
        if (std::optional<StringRef> name = dim.getSymbolName())
          bound.push_back(*name);
  }
  llvm::sort(bound);
  bound.erase(llvm::unique(bound), bound.end());
  return bound;
}

LogicalResult KilnDialect::verifyOperationAttribute(Operation *op,
                                                    NamedAttribute attr) {
  // The memory plan's figures, recorded by kiln-plan-memory.
  if (llvm::is_contained({getArenaBytesAttrName(), getNaiveBytesAttrName(),
                          getLowerBoundBytesAttrName()},
                         attr.getName().getValue())) {
    if (!isa<IntegerAttr>(attr.getValue()))
      return op->emitError()
             << "'" << attr.getName().getValue() << "' must be an integer";
    return success();
  }
  // The messages of the run-time checks, recorded by kiln-lower-asserts.
  if (attr.getName() == abi::kErrorMessagesAttr) {
    auto messages = dyn_cast<ArrayAttr>(attr.getValue());
    if (!messages || !llvm::all_of(messages, llvm::IsaPred<StringAttr>))
      return op->emitError()
             << "'" << abi::kErrorMessagesAttr << "' must be an array of strings";
    return success();
  }
  if (attr.getName() != getFactsAttrName())
    return op->emitError() << "unknown Kiln attribute '"
                           << attr.getName().getValue() << "'";
  auto facts = dyn_cast<FactsAttr>(attr.getValue());
  if (!facts)
    return op->emitError() << "'" << getFactsAttrName()
                           << "' must be a #kiln.facts attribute";
  if (!isa<FunctionOpInterface>(op))
    return op->emitError() << "'" << getFactsAttrName()
                           << "' may only be declared on a function";
  SmallVector<StringRef> bound = getBoundSymbolsAt(op);
  for (const SymbolFact &fact : facts.getFacts())
    if (!llvm::is_contained(bound, fact.symbol.getValue()))
      return op->emitError() << "fact about symbol " << fact.symbol.getValue()
                             << ", which no argument of the function binds";
  return success();
}

std::string kiln::describeOp(Operation *op) {
  std::string where;
  llvm::raw_string_ostream os(where);
  os << op->getName().getStringRef();
  if (auto loc = op->getLoc()->findInstanceOf<FileLineColLoc>())
    os << " at " << loc.getFilename().getValue() << ":" << loc.getLine()
       << ":" << loc.getColumn();
  return where;
}
