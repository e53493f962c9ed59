//===- kiln-parse-fuzzer.cpp - libFuzzer target: parse and verify ---------===//
//
// Each input is MLIR source: it is parsed with Kiln's dialects registered
// (types, dim expressions, facts, ops), verified, and printed again when it
// verifies. Diagnostics are dropped; a crash, an assertion, a sanitizer
// report or a hang is a finding. Built in the sanitizer build only
// (scripts/test-sanitizers.sh); scripts/fuzz-parser.sh runs it seeded with
// the lit tests' .mlir files.
//
//===----------------------------------------------------------------------===//

#include "kiln/Registration.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

/// One context for the whole run (threading off: libFuzzer runs one input
/// at a time, and a thread pool per input would dominate).
static mlir::MLIRContext &getContext() {
  static mlir::MLIRContext *context = [] {
    mlir::DialectRegistry registry;
    kiln::registerKilnDialects(registry);
    auto *ctx = new mlir::MLIRContext(registry,
                                      mlir::MLIRContext::Threading::DISABLED);
    ctx->loadAllAvailableDialects();
    ctx->getDiagEngine().registerHandler(
        [](mlir::Diagnostic &) { return mlir::success(); });
    return ctx;
  }();
  return *context;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A NUL-terminated copy, as a file read by kiln-opt is (MLIR's lexer
  // stops at the terminator, not at the buffer's size).
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size)),
      llvm::SMLoc());
  mlir::ParserConfig config(&getContext(), /*verifyAfterParse=*/false);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, config);
  if (!module || mlir::failed(mlir::verify(*module)))
    return 0;
  std::string printed;
  llvm::raw_string_ostream os(printed);
  module->print(os);
  return 0;
}
