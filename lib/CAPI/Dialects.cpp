//===- Dialects.cpp - Kiln's dialect and passes in C ----------------------===//

#include "kiln-c/Dialects.h"

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "kiln/Registration.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(Kiln, kiln, kiln::KilnDialect)

void kilnRegisterDialects(MlirDialectRegistry registry) {
  kiln::registerKilnDialects(*unwrap(registry));
}

void kilnRegisterPasses(void) { kiln::registerKilnPasses(); }
