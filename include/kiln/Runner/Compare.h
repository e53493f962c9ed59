//===- Compare.h - Compare results against the reference --------*- C++ -*-===//
//
// What `kiln-run --check` means: every element of a result is close to the
// reference interpreter's, |got - want| <= atol + rtol * |want|, with the
// tolerances torch.testing.assert_close uses for the result's dtype; NaN
// and infinities must sit at the same positions (infinities of the same
// sign); integers and booleans must be equal.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNNER_COMPARE_H
#define KILN_RUNNER_COMPARE_H

#include "kiln/Runtime/HostTensor.h"

#include <optional>
#include <string>

namespace kiln {

/// Per-element tolerances: |got - want| <= atol + rtol * |want|.
struct Tolerance {
  double atol;
  double rtol;
};

/// torch.testing.assert_close's defaults for a result of `dtype`: f64
/// 1e-7/1e-7, f32 1e-5/1.3e-6, f16 1e-5/1e-3, bf16 1e-5/1.6e-2 (atol/rtol);
/// exact for integers and booleans.
Tolerance getDefaultTolerance(DType dtype);

/// The outcome of comparing one result.
struct Comparison {
  bool ok = true;
  /// Elements outside the tolerance.
  int64_t numMismatches = 0;
  double maxAbsError = 0.0;
  /// The largest |got - want| / |want| over elements with want != 0.
  double maxRelError = 0.0;
  /// The worst element (the largest error relative to what its tolerance
  /// allows), e.g. "worst at [2, 5]: got 1.5, want 1.25 (abs 0.25, allowed
  /// 1.6e-05)"; empty when every element is within the tolerance.
  std::string worst;
};

/// Compares `got` against `want` of the same shape: the same dtype, or a
/// float `got` against an f64 `want` (the float64 reference). With `other`
/// (a second reference of that shape), an element may lie anywhere between
/// its two references, within the tolerance of the band: the program's
/// per-op roundings that a fused kernel may skip (as Inductor does) make
/// both answers right.
Comparison compareTensors(const HostTensor &got, const HostTensor &want,
                          Tolerance tolerance,
                          const HostTensor *other = nullptr);

} // namespace kiln

#endif // KILN_RUNNER_COMPARE_H
