//===- BufferizableOpInterfaceImpl.cpp - Bufferizing Kiln's DPS ops -------===//

#include "kiln/Dialect/Kiln/Transforms/BufferizableOpInterfaceImpl.h"
#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace kiln;

namespace {
/// q, k and v are read; init is overwritten whole (never read) and its
/// buffer is the result's.
struct FlashAttentionOpInterface
    : bufferization::DstBufferizableOpInterfaceExternalModel<
          FlashAttentionOpInterface, FlashAttentionOp> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const bufferization::AnalysisState &) const {
    return !cast<FlashAttentionOp>(op).isDpsInit(&operand);
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const bufferization::BufferizationOptions &options,
                          bufferization::BufferizationState &state) const {
    auto attention = cast<FlashAttentionOp>(op);
    SmallVector<Value> buffers;
    for (Value operand : op->getOperands()) {
      FailureOr<Value> buffer =
          bufferization::getBuffer(rewriter, operand, options, state);
      if (failed(buffer))
        return failure();
      buffers.push_back(*buffer);
    }
    rewriter.setInsertionPoint(op);
    FlashAttentionOp::create(rewriter, op->getLoc(), TypeRange{}, buffers[0],
                             buffers[1], buffers[2], buffers[3],
                             attention.getScaleAttr(),
                             attention.getCausalAttr());
    bufferization::replaceOpWithBufferizedValues(rewriter, op, buffers[3]);
    return success();
  }
};
} // namespace

void kiln::registerBufferizableOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, KilnDialect *) {
    FlashAttentionOp::attachInterface<FlashAttentionOpInterface>(*ctx);
  });
}
