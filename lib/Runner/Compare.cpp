//===- Compare.cpp - Compare results against the reference ----------------===//

#include "kiln/Runner/Compare.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstdio>

using namespace kiln;

Tolerance kiln::getDefaultTolerance(DType dtype) {
  switch (dtype) {
  case DType::F64:
    return {1e-7, 1e-7};
  case DType::F32:
    return {1e-5, 1.3e-6};
  case DType::F16:
    return {1e-5, 1e-3};
  case DType::BF16:
    return {1e-5, 1.6e-2};
  case DType::I1:
  case DType::I32:
  case DType::I64:
    return {0.0, 0.0};
  }
  return {0.0, 0.0};
}

/// "[i, j, k]" of row-major element `index` of `shape`.
static std::string formatIndex(int64_t index, llvm::ArrayRef<int64_t> shape) {
  llvm::SmallVector<int64_t> coords(shape.size());
  for (int64_t d = shape.size() - 1; d >= 0; --d) {
    coords[d] = shape[d] ? index % shape[d] : 0;
    index = shape[d] ? index / shape[d] : 0;
  }
  std::string text = "[";
  for (auto [i, c] : llvm::enumerate(coords))
    text += (i ? ", " : "") + std::to_string(c);
  return text + "]";
}

/// Enough digits to tell an f32 value from its neighbours.
static std::string formatValue(double v) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.9g", v);
  return text;
}

/// How far element (g, w) is outside its tolerance: <= 1 within it,
/// infinity for NaN or infinities out of place.
static double getExcess(double g, double w, Tolerance tolerance) {
  if (std::isnan(g) || std::isnan(w))
    return std::isnan(g) && std::isnan(w) ? 0.0 : INFINITY;
  if (std::isinf(g) || std::isinf(w))
    return g == w ? 0.0 : INFINITY;
  double abs = std::fabs(g - w);
  double allowed = tolerance.atol + tolerance.rtol * std::fabs(w);
  if (allowed == 0.0)
    return abs == 0.0 ? 0.0 : INFINITY;
  return abs / allowed;
}

/// Whether `got` can be compared with the reference `want`.
static bool isComparable(const HostTensor &got, const HostTensor &want) {
  bool dtypesMatch =
      got.getDType() == want.getDType() ||
      (isFloatDType(got.getDType()) && want.getDType() == DType::F64);
  return dtypesMatch && got.getShape() == want.getShape();
}

/// The reference value of the band [w, o] (o: the other reference) closest
/// to g: g itself when it lies inside.
static double getNearest(double g, double w, std::optional<double> o) {
  if (!o || std::isnan(g) || !std::isfinite(w) || !std::isfinite(*o))
    return w;
  double lo = std::min(w, *o), hi = std::max(w, *o);
  return g < lo ? lo : g > hi ? hi : g;
}

Comparison kiln::compareTensors(const HostTensor &got, const HostTensor &want,
                                Tolerance tolerance, const HostTensor *other) {
  Comparison result;
  if (!isComparable(got, want) || (other && !isComparable(got, *other))) {
    result.ok = false;
    result.numMismatches = got.getNumElements();
    result.worst = "dtype or shape differs";
    return result;
  }
  double worstExcess = 1.0;
  int64_t worstIndex = -1;
  auto getWant = [&](int64_t i, double g) {
    std::optional<double> o;
    if (other)
      o = other->getAsDouble(i);
    return getNearest(g, want.getAsDouble(i), o);
  };
  for (int64_t i = 0, e = got.getNumElements(); i < e; ++i) {
    double g = got.getAsDouble(i), w = getWant(i, g);
    double excess = getExcess(g, w, tolerance);
    if (std::isfinite(g) && std::isfinite(w)) {
      double abs = std::fabs(g - w);
      result.maxAbsError = std::max(result.maxAbsError, abs);
      if (w != 0.0)
        result.maxRelError = std::max(result.maxRelError, abs / std::fabs(w));
    } else if (excess > 1.0) {
      result.maxAbsError = INFINITY;
    }
    if (excess <= 1.0)
      continue;
    ++result.numMismatches;
    if (excess > worstExcess || worstIndex < 0) {
      worstExcess = excess;
      worstIndex = i;
    }
  }
  if (worstIndex < 0)
    return result;
  result.ok = false;
  double g = got.getAsDouble(worstIndex), w = getWant(worstIndex, g);
  result.worst = llvm::formatv(
      "worst at {0}: got {1}, want {2} (abs {3:e}, allowed {4:e})",
      formatIndex(worstIndex, got.getShape()), formatValue(g), formatValue(w),
      std::fabs(g - w), tolerance.atol + tolerance.rtol * std::fabs(w));
  return result;
}
