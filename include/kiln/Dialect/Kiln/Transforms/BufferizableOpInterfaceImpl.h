//===- BufferizableOpInterfaceImpl.h - Bufferizing Kiln's DPS ops -*- C++ -*-===//
//
// One-shot bufferization of Kiln's destination-style ops on builtin tensors
// (kiln.flash_attention), as an external model.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
#define KILN_DIALECT_KILN_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace kiln {
/// Attaches BufferizableOpInterface to kiln.flash_attention.
void registerBufferizableOpInterfaceExternalModels(
    mlir::DialectRegistry &registry);
} // namespace kiln

#endif // KILN_DIALECT_KILN_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
