//===- LowerAsserts.cpp - Host-side asserts as reported errors ------------===//
//
// A cf.assert lowered by upstream aborts the process. Kiln's run-time checks
// (a gather's index check) must instead fail the call with a message, so on
// the host each assert stores its number into the module's error slot and
// execution goes on; the runner reports the message after the call.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Common/Passes.h"
#include "kiln/Codegen/Common/Transforms.h"
#include "kiln/Runtime/RuntimeABI.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/Builders.h"

namespace kiln {
#define GEN_PASS_DEF_KILNLOWERASSERTS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace kiln

using namespace mlir;

/// The error slot of `module`, declared once.
static memref::GlobalOp getOrCreateErrorSlot(ModuleOp module) {
  if (auto slot = module.lookupSymbol<memref::GlobalOp>(kiln::abi::kErrorSlot))
    return slot;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  auto type = MemRefType::get({}, b.getI64Type());
  return memref::GlobalOp::create(
      b, module.getLoc(), kiln::abi::kErrorSlot, b.getStringAttr("public"),
      type, DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()),
                                   b.getI64IntegerAttr(0).getValue()),
      /*constant=*/false, /*alignment=*/nullptr);
}

int64_t kiln::lowerAssertsToErrorSlot(ModuleOp module) {
  SmallVector<cf::AssertOp> asserts;
  module.walk([&](cf::AssertOp op) {
    if (!op->getParentOfType<gpu::GPUModuleOp>())
      asserts.push_back(op);
  });
  if (asserts.empty())
    return 0;
  memref::GlobalOp slot = getOrCreateErrorSlot(module);
  SmallVector<Attribute> messages;
  if (auto existing = module->getAttrOfType<ArrayAttr>(abi::kErrorMessagesAttr))
    llvm::append_range(messages, existing.getValue());
  for (cf::AssertOp op : asserts) {
    // Equal messages share a number.
    StringAttr message = op.getMsgAttr();
    auto it = llvm::find(messages, message);
    int64_t number = std::distance(messages.begin(), it) + 1;
    if (it == messages.end())
      messages.push_back(message);

    OpBuilder b(op);
    Location loc = op.getLoc();
    Value failed = arith::XOrIOp::create(
        b, loc, op.getArg(), arith::ConstantIntOp::create(b, loc, 1, 1));
    scf::IfOp::create(b, loc, failed, [&](OpBuilder &then, Location l) {
      Value global = memref::GetGlobalOp::create(then, l, slot.getType(),
                                                 slot.getSymName());
      Value code = arith::ConstantIntOp::create(then, l, number, 64);
      memref::AtomicRMWOp::create(then, l, arith::AtomicRMWKind::assign, code,
                                  global, ValueRange{});
      scf::YieldOp::create(then, l);
    });
    op.erase();
  }
  module->setAttr(abi::kErrorMessagesAttr,
                  ArrayAttr::get(module.getContext(), messages));
  return asserts.size();
}

namespace {
struct KilnLowerAssertsPass
    : kiln::impl::KilnLowerAssertsBase<KilnLowerAssertsPass> {
  void runOnOperation() override {
    numAsserts += kiln::lowerAssertsToErrorSlot(getOperation());
  }
};
} // namespace
