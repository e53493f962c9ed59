//===- IndexingOps.cpp - Verifiers of the Kiln indexing ops ---------------===//
//
// kiln.gather and kiln.gather_elements (design.md §2.1). Their indices are
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
