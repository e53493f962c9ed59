//===- KilnAttributes.cpp - Kiln attributes -------------------------------===//
//
// `#kiln.facts<B in [1, 4096], S mod 8 == 0>`: parsing, printing, and the
// conversion to the symbolic engine's Facts.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace kiln;

#define GET_ATTRDEF_CLASSES
#include "kiln/Dialect/Kiln/IR/KilnAttributes.cpp.inc"

void KilnDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "kiln/Dialect/Kiln/IR/KilnAttributes.cpp.inc"
      >();
}

/// Parses `SYM in [LO, HI]` or `SYM mod D == 0`.
static ParseResult parseFact(AsmParser &parser, SymbolFact &fact) {
  StringRef name;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseKeyword(&name))
    return failure();
  fact.symbol = StringAttr::get(parser.getContext(), name);
  if (succeeded(parser.parseOptionalKeyword("in"))) {
    fact.kind = SymbolFact::Kind::Range;
    if (parser.parseLSquare() || parser.parseInteger(fact.lo) ||
        parser.parseComma() || parser.parseInteger(fact.hi) ||
        parser.parseRSquare())
      return failure();
    if (fact.lo < 0 || fact.lo > fact.hi)
      return parser.emitError(loc)
             << "empty or negative range [" << fact.lo << ", " << fact.hi
             << "] for symbol " << name;
    return success();
  }
  if (succeeded(parser.parseOptionalKeyword("mod"))) {
    fact.kind = SymbolFact::Kind::Divisible;
    int64_t zero;
    if (parser.parseInteger(fact.lo) || parser.parseEqual() ||
        parser.parseEqual() || parser.parseInteger(zero))
      return failure();
    if (fact.lo <= 0)
      return parser.emitError(loc)
             << "divisor of " << name << " must be positive";
    if (zero != 0)
      return parser.emitError(loc)
             << "only divisibility facts (`" << name << " mod " << fact.lo
             << " == 0`) are supported";
    return success();
  }
  return parser.emitError(parser.getCurrentLocation())
         << "expected `in [lo, hi]` or `mod D == 0` after symbol " << name;
}

Attribute FactsAttr::parse(AsmParser &parser, Type) {
  SmallVector<SymbolFact> facts;
  if (parser.parseLess())
    return {};
  if (failed(parser.parseOptionalGreater())) {
    if (parser.parseCommaSeparatedList(
            [&] { return parseFact(parser, facts.emplace_back()); }) ||
        parser.parseGreater())
      return {};
  }
  return get(parser.getContext(), facts);
}

void FactsAttr::print(AsmPrinter &printer) const {
  printer << "<";
  llvm::interleaveComma(getFacts(), printer, [&](const SymbolFact &fact) {
    printer << fact.symbol.getValue();
    if (fact.kind == SymbolFact::Kind::Range)
      printer << " in [" << fact.lo << ", " << fact.hi << "]";
    else
      printer << " mod " << fact.lo << " == 0";
  });
  printer << ">";
}

sym::Facts FactsAttr::getSymFacts() const {
  sym::Facts facts;
  for (const SymbolFact &fact : getFacts()) {
    if (fact.kind == SymbolFact::Kind::Range)
      facts.addRange(fact.symbol.getValue(), fact.lo, fact.hi);
    else
      facts.addDivisibility(fact.symbol.getValue(), fact.lo);
  }
  return facts;
}
