//===- Compare.h - Compare results against the reference --------*- C++ -*-===//

#ifndef KILN_RUNNER_COMPARE_H
#define KILN_RUNNER_COMPARE_H

#include "kiln/Runtime/HostTensor.h"

#include <string>

namespace kiln {

/// Tolerances of `--check`: |got - want| <= atol + rtol * (|want| + rms),
/// where rms is the root mean square of the reference tensor (the scale of
/// the accumulation errors).
struct Tolerance {
  double atol;
  double rtol;
};

/// Dtype-aware defaults: about 2^-11 relative for f32 results of long
/// reductions, one bf16/f16 ulp-scale band for half types, exact for
/// integers.
Tolerance getDefaultTolerance(DType dtype);

/// The outcome of comparing one result.
struct Comparison {
  bool ok = true;
  double maxAbsError = 0.0;
  double maxRelError = 0.0;
  /// The first mismatch, e.g. "element 17: got 1.5, want 1.25".
  std::string firstMismatch;
};

/// Compares `got` against `want` (same dtype and shape required; NaN
/// matches NaN, infinities must match exactly).
Comparison compareTensors(const HostTensor &got, const HostTensor &want,
                          Tolerance tolerance);

} // namespace kiln

#endif // KILN_RUNNER_COMPARE_H
