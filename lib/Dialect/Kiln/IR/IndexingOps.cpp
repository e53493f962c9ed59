//===- IndexingOps.cpp - Verifiers of the Kiln indexing ops ---------------===//
//
// kiln.gather, kiln.gather_elements, kiln.pad, kiln.cumsum and
// kiln.argmax/argmin (design.md §2.1). Gather indices are
// data: range checks happen at run time (the lowering), while the shape
// conditions are proved here or checked when a call binds its arguments
// (kiln::Signature).
//
//===----------------------------------------------------------------------===//

#include "VerifyUtils.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"

using namespace mlir;
using namespace kiln;
using namespace kiln::detail;

/// Indices are i32 or i64 tensors.
static LogicalResult verifyIndexType(Operation *op, Value indices) {
  Type type = getTensorType(indices).getElementType();
  if (!type.isInteger(32) && !type.isInteger(64))
    return op->emitOpError() << "indices must be i32 or i64; got " << type;
  return success();
}

static int64_t normalize(int64_t dim, int64_t rank) {
  return dim < 0 ? dim + rank : dim;
}

int64_t GatherOp::getNormalizedDim() {
  return normalize(getDim(), getTensorType(getX()).getRank());
}

LogicalResult GatherOp::verify() {
  if (failed(verifySymbolsBound(*this)) ||
      failed(verifyIndexType(*this, getIndices())))
    return failure();
  KilnTensorType x = getTensorType(getX());
  if (x.getRank() == 0)
    return emitOpError() << "needs x of rank >= 1";
  FailureOr<int64_t> dim =
      normalizeDim(getDim(), x.getRank(), [&] { return emitOpError(); });
  if (failed(dim))
    return failure();
  Shape shape(x.getDims().begin(), x.getDims().begin() + *dim);
  llvm::append_range(shape, getTensorType(getIndices()).getDims());
  shape.append(x.getDims().begin() + *dim + 1, x.getDims().end());
  return verifyResult(*this, shape, x.getElementType(), getFactsAt(*this));
}

int64_t GatherElementsOp::getNormalizedDim() {
  return normalize(getDim(), getTensorType(getX()).getRank());
}

LogicalResult GatherElementsOp::verify() {
  if (failed(verifySymbolsBound(*this)) ||
      failed(verifyIndexType(*this, getIndices())))
    return failure();
  KilnTensorType x = getTensorType(getX());
  KilnTensorType indices = getTensorType(getIndices());
  if (x.getRank() == 0)
    return emitOpError() << "needs x of rank >= 1";
  if (indices.getRank() != x.getRank())
    return emitOpError() << "indices must have x's rank " << x.getRank()
                         << "; got rank " << indices.getRank();
  FailureOr<int64_t> dim =
      normalizeDim(getDim(), x.getRank(), [&] { return emitOpError(); });
  if (failed(dim))
    return failure();
  // Along the other dims, indices' sizes are at most x's: a size that
  // provably exceeds x's is an error here, one that may is checked when a
  // call binds its arguments.
  sym::Facts facts = getFactsAt(*this);
  for (int64_t d = 0; d < x.getRank(); ++d) {
    if (d == *dim)
      continue;
    sym::Expr have = x.getDims()[d], want = indices.getDims()[d];
    if (!have || !want)
      return emitOpError() << "dim " << d << " of x and indices must not be "
                           << "`?`";
    if (sym::getBounds(have - want, facts).hi < 0)
      return emitOpError() << "indices dim " << d << " ("
                           << dimToString(want) << ") exceeds x's ("
                           << dimToString(have) << ")";
  }
  return verifyResult(*this, indices.getDims(), x.getElementType(), facts);
}

//===----------------------------------------------------------------------===//
// pad, cumsum, argmax/argmin
//===----------------------------------------------------------------------===//

LogicalResult PadOp::verify() {
  if (failed(verifySymbolsBound(*this)))
    return failure();
  KilnTensorType x = getTensorType(getX());
  int64_t rank = x.getRank();
  if (int64_t(getLow().size()) != rank || int64_t(getHigh().size()) != rank)
    return emitOpError() << "needs one low and one high entry per dim ("
                         << rank << "); got " << getLow().size() << " and "
                         << getHigh().size();
  Shape shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (getLow()[d] < 0 || getHigh()[d] < 0)
      return emitOpError() << "padding of dim " << d
                           << " must be non-negative; got low " << getLow()[d]
                           << ", high " << getHigh()[d];
    sym::Expr size = x.getDims()[d];
    if (!size && (getLow()[d] || getHigh()[d]))
      return emitOpError() << "cannot pad dim " << d << ", whose size is `?`";
    shape.push_back(size ? size + (getLow()[d] + getHigh()[d]) : size);
  }
  return verifyResult(*this, shape, x.getElementType(), getFactsAt(*this));
}

int64_t CumsumOp::getNormalizedDim() {
  return normalize(getDim(), getTensorType(getX()).getRank());
}

LogicalResult CumsumOp::verify() {
  if (failed(verifySymbolsBound(*this)))
    return failure();
  KilnTensorType x = getTensorType(getX());
  if (x.getElementType().isInteger(1))
    return emitOpError() << "is not defined on i1 tensors";
  if (x.getRank() == 0)
    return emitOpError() << "needs x of rank >= 1";
  return normalizeDim(getDim(), x.getRank(), [&] { return emitOpError(); });
}

/// argmax and argmin: an integer result of the reduced shape, over a dim
/// that is not statically empty.
static LogicalResult verifyArgReduce(Operation *op, int64_t dim,
                                     bool keepdim, StringRef what) {
  if (failed(verifySymbolsBound(op)))
    return failure();
  KilnTensorType x = getTensorType(op->getOperand(0));
  if (x.getElementType().isInteger(1))
    return op->emitOpError() << "is not defined on i1 tensors";
  FailureOr<int64_t> d =
      normalizeDim(dim, x.getRank(), [&] { return op->emitOpError(); });
  if (failed(d))
    return failure();
  if (sym::Expr size = x.getDims()[*d]; size && size.getConstant() == 0)
    return op->emitOpError() << "cannot take the " << what << " over dim "
                             << *d << ", which is empty";
  Type resultElement = getTensorType(op->getResult(0)).getElementType();
  if (!resultElement.isInteger(64) && !resultElement.isInteger(32))
    return op->emitOpError() << "result must be i64 or i32; got "
                             << resultElement;
  int64_t dims[] = {*d};
  FailureOr<Shape> shape =
      inferReduceShape(getExprCtx(op), x.getDims(), dims, keepdim,
                       [&] { return op->emitOpError(); });
  if (failed(shape))
    return failure();
  return verifyResult(op, *shape, resultElement, getFactsAt(op));
}

int64_t ArgmaxOp::getNormalizedDim() {
  return normalize(getDim(), getTensorType(getX()).getRank());
}
int64_t ArgminOp::getNormalizedDim() {
  return normalize(getDim(), getTensorType(getX()).getRank());
}
LogicalResult ArgmaxOp::verify() {
  return verifyArgReduce(*this, getDim(), getKeepdim(), "argmax");
}
LogicalResult ArgminOp::verify() {
  return verifyArgReduce(*this, getDim(), getKeepdim(), "argmin");
}
