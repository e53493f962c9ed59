//===- Registration.h - Register Kiln with a tool ---------------*- C++ -*-===//
//
// The one place that says what a Kiln tool knows: every tool (kiln-opt,
// kiln-run, the Python module) registers through these functions.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_REGISTRATION_H
#define KILN_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace kiln {

/// Adds the Kiln dialect, the upstream dialects the pipelines lower through,
/// and their interface extensions.
void registerKilnDialects(mlir::DialectRegistry &registry);

/// Registers Kiln's passes and pipelines and the upstream passes, so that
/// they can be named on the command line and in `--pass-pipeline`.
void registerKilnPasses();

} // namespace kiln

#endif // KILN_REGISTRATION_H
