//===- ShapeInference.cpp - Symbolic shape rules of Kiln ops --------------===//

#include "kiln/Dialect/Kiln/IR/ShapeInference.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace kiln;

std::string kiln::dimToString(sym::Expr dim) {
  return dim ? dim.str() : std::string("?");
}

static bool isOne(sym::Expr dim) { return dim && dim.getConstant() == 1; }

FailureOr<Shape> kiln::inferBroadcastShape(ArrayRef<ArrayRef<sym::Expr>> shapes,
                                           ArrayRef<StringRef> names,
                                           const sym::Facts &facts,
                                           EmitErrorFn emitError) {
  size_t rank = 0;
  for (ArrayRef<sym::Expr> shape : shapes)
    rank = std::max(rank, shape.size());
  Shape result;
  for (size_t i = 0; i < rank; ++i) {
    // The result dim so far, and which operand it came from.
    sym::Expr dim;
    size_t from = 0;
    bool haveDim = false;
    for (auto [k, shape] : llvm::enumerate(shapes)) {
      if (rank - i > shape.size())
        continue;
      sym::Expr d = shape[shape.size() - (rank - i)];
      if (!haveDim || isOne(dim)) {
        dim = d;
        from = k;
        haveDim = true;
        continue;
      }
      if (isOne(d) || sym::provablyEqual(dim, d, facts))
        continue;
      if (emitError) {
        int64_t di = int64_t(shapes[from].size()) - int64_t(rank - i);
        int64_t dk = int64_t(shape.size()) - int64_t(rank - i);
        emitError() << "cannot broadcast dim " << di << " of " << names[from]
                    << " (" << dimToString(dim) << ") against dim " << dk
                    << " of " << names[k] << " (" << dimToString(d)
                    << "): they are not provably equal and neither is 1";
      }
      return failure();
    }
    result.push_back(dim);
  }
  return result;
}

FailureOr<Shape> kiln::inferMatmulShape(ArrayRef<sym::Expr> lhs,
                                        ArrayRef<sym::Expr> rhs,
                                        const sym::Facts &facts,
                                        EmitErrorFn emitError) {
  if (lhs.size() < 2 || rhs.size() < 2) {
    if (emitError)
      emitError() << "operands must have rank >= 2; got ranks " << lhs.size()
                  << " and " << rhs.size();
    return failure();
  }
  sym::Expr k1 = lhs[lhs.size() - 1], k2 = rhs[rhs.size() - 2];
  if (!sym::provablyEqual(k1, k2, facts)) {
    if (emitError)
      emitError() << "contraction dims " << dimToString(k1) << " and "
                  << dimToString(k2) << " are not provably equal";
    return failure();
  }
  StringRef names[] = {"lhs batch dims", "rhs batch dims"};
  FailureOr<Shape> batch = inferBroadcastShape(
      {lhs.drop_back(2), rhs.drop_back(2)}, names, facts, emitError);
  if (failed(batch))
    return failure();
  batch->push_back(lhs[lhs.size() - 2]);
  batch->push_back(rhs[rhs.size() - 1]);
  return batch;
}

FailureOr<int64_t> kiln::normalizeDim(int64_t dim, int64_t rank,
                                      EmitErrorFn emitError) {
  if (dim < -rank || dim >= rank) {
    if (emitError)
      emitError() << "dim " << dim << " is out of range for rank " << rank;
    return failure();
  }
  return dim < 0 ? dim + rank : dim;
}

FailureOr<SmallVector<int64_t>>
kiln::normalizeReduceDims(ArrayRef<int64_t> dims, int64_t rank,
                          EmitErrorFn emitError) {
  SmallVector<int64_t> result;
  for (int64_t dim : dims) {
    FailureOr<int64_t> d = normalizeDim(dim, rank, emitError);
    if (failed(d))
      return failure();
    if (llvm::is_contained(result, *d)) {
      if (emitError)
        emitError() << "dim " << dim << " is reduced twice";
      return failure();
    }
    result.push_back(*d);
  }
  llvm::sort(result);
  return result;
}

FailureOr<Shape> kiln::inferReduceShape(sym::ExprContext &ctx,
                                        ArrayRef<sym::Expr> shape,
                                        ArrayRef<int64_t> dims, bool keepdim,
                                        EmitErrorFn emitError) {
  FailureOr<SmallVector<int64_t>> reduced =
      normalizeReduceDims(dims, shape.size(), emitError);
  if (failed(reduced))
    return failure();
  Shape result;
  for (auto [i, dim] : llvm::enumerate(shape)) {
    if (!llvm::is_contained(*reduced, int64_t(i)))
      result.push_back(dim);
    else if (keepdim)
      result.push_back(sym::Expr::constant(ctx, 1));
  }
  return result;
}

FailureOr<Shape> kiln::inferTransposeShape(ArrayRef<sym::Expr> shape,
                                           ArrayRef<int64_t> perm,
                                           EmitErrorFn emitError) {
  if (perm.size() != shape.size()) {
    if (emitError)
      emitError() << "perm has " << perm.size() << " entries for rank "
                  << shape.size();
    return failure();
  }
  SmallVector<bool> seen(shape.size(), false);
  Shape result;
  for (int64_t p : perm) {
    if (p < 0 || p >= int64_t(shape.size()) || seen[p]) {
      if (emitError)
        emitError() << "perm must be a permutation of [0, " << shape.size()
                    << "); got entry " << p;
      return failure();
    }
    seen[p] = true;
    result.push_back(shape[p]);
  }
  return result;
}

FailureOr<Shape> kiln::inferConcatShape(ArrayRef<ArrayRef<sym::Expr>> shapes,
                                        int64_t dim, const sym::Facts &facts,
                                        EmitErrorFn emitError) {
  if (shapes.empty()) {
    if (emitError)
      emitError() << "needs at least one input";
    return failure();
  }
  size_t rank = shapes.front().size();
  FailureOr<int64_t> axis = normalizeDim(dim, rank, emitError);
  if (failed(axis))
    return failure();
  Shape result(shapes.front());
  for (auto [k, shape] : llvm::enumerate(shapes.drop_front())) {
    if (shape.size() != rank) {
      if (emitError)
        emitError() << "input " << k + 1 << " has rank " << shape.size()
                    << " but input 0 has rank " << rank;
      return failure();
    }
    for (size_t i = 0; i < rank; ++i) {
      if (int64_t(i) == *axis) {
        result[i] =
            (result[i] && shape[i]) ? result[i] + shape[i] : sym::Expr();
        continue;
      }
      if (!sym::provablyEqual(result[i], shape[i], facts)) {
        if (emitError)
          emitError() << "dim " << i << " of input " << k + 1 << " ("
                      << dimToString(shape[i]) << ") and of input 0 ("
                      << dimToString(result[i]) << ") are not provably equal";
        return failure();
      }
    }
  }
  return result;
}

sym::Expr kiln::getNumElements(ArrayRef<sym::Expr> shape,
                               sym::ExprContext &ctx) {
  sym::Expr count = sym::Expr::constant(ctx, 1);
  for (sym::Expr dim : shape) {
    if (!dim)
      return sym::Expr();
    count = count * dim;
  }
  return count;
}

LogicalResult kiln::verifyDeclaredShape(ArrayRef<sym::Expr> declared,
                                        ArrayRef<sym::Expr> inferred,
                                        const sym::Facts &facts,
                                        EmitErrorFn emitError) {
  if (declared.size() != inferred.size())
    return emitError() << "result has rank " << declared.size()
                       << " but the op computes rank " << inferred.size();
  for (size_t i = 0; i < declared.size(); ++i) {
    if (!declared[i] && !inferred[i])
      continue;
    if (!sym::provablyEqual(declared[i], inferred[i], facts))
      return emitError() << "result dim " << i << " is "
                         << dimToString(declared[i]) << " but the op computes "
                         << dimToString(inferred[i])
                         << ", which is not provably equal";
  }
  return success();
}

sym::Expr kiln::inferWindowedDim(sym::Expr in, int64_t kernel, int64_t stride,
                                 int64_t dilation, int64_t padLow,
                                 int64_t padHigh) {
  if (!in)
    return in;
  return (in + (padLow + padHigh - dilation * (kernel - 1) - 1))
             .floorDiv(stride) +
         1;
}
