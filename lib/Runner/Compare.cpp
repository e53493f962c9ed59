//===- Compare.cpp - Compare results against the reference ----------------===//

#include "kiln/Runner/Compare.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace kiln;

Tolerance kiln::getDefaultTolerance(DType dtype) {
  switch (dtype) {
  case DType::F64:
    return {1e-10, 1e-9};
  case DType::F32:
    return {1e-5, 5e-4};
  case DType::F16:
    return {1e-3, 4e-3};
  case DType::BF16:
    return {1e-2, 3e-2};
  case DType::I1:
  case DType::I32:
  case DType::I64:
    return {0.0, 0.0};
  }
  return {0.0, 0.0};
}

Comparison kiln::compareTensors(const HostTensor &got, const HostTensor &want,
                                Tolerance tolerance) {
  Comparison result;
  if (got.getDType() != want.getDType() || got.getShape() != want.getShape()) {
    result.ok = false;
    result.firstMismatch = "dtype or shape differs";
    return result;
  }
  // Rounding errors of long accumulations scale with the magnitude of the
  // values involved, not with each element's own size (an element near 0
  // can be the difference of large terms); the reference's RMS stands for
  // that magnitude.
  double sumSquares = 0.0;
  int64_t finite = 0;
  for (int64_t i = 0, e = want.getNumElements(); i < e; ++i) {
    double w = want.getAsDouble(i);
    if (std::isfinite(w)) {
      sumSquares += w * w;
      ++finite;
    }
  }
  double rms = finite ? std::sqrt(sumSquares / finite) : 0.0;
  for (int64_t i = 0, e = got.getNumElements(); i < e; ++i) {
    double g = got.getAsDouble(i), w = want.getAsDouble(i);
    if (std::isnan(g) && std::isnan(w))
      continue;
    bool bad;
    double abs = std::fabs(g - w);
    if (std::isinf(w) || std::isinf(g)) {
      bad = g != w;
      abs = bad ? INFINITY : 0.0;
    } else {
      bad = std::isnan(g) || std::isnan(w) ||
            abs > tolerance.atol + tolerance.rtol * (std::fabs(w) + rms);
    }
    double rel = w != 0.0 ? abs / std::fabs(w) : (abs == 0.0 ? 0.0 : abs);
    result.maxAbsError = std::max(result.maxAbsError, abs);
    result.maxRelError = std::max(result.maxRelError, rel);
    if (bad && result.ok) {
      result.ok = false;
      llvm::raw_string_ostream os(result.firstMismatch);
      os << "element " << i << ": got " << g << ", want " << w;
    }
  }
  return result;
}
