//===- CublasCall.cpp - A call of a cuBLASLt entry point ------------------===//

#include "CublasCall.h"

#include "kiln/Codegen/Common/RuntimeCalls.h"
#include "kiln/Runtime/RuntimeABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace kiln;

StringRef kiln::getCublasTypeName(Type type) {
  if (type.isF32())
    return "f32";
  if (type.isF16())
    return "f16";
  if (type.isBF16())
    return "bf16";
  return "";
}

/// `value` without the memref.cast that passes it at the ABI's type.
static Value stripAbiCast(Value value) {
  if (auto cast = value.getDefiningOp<memref::CastOp>())
    return cast.getSource();
  return value;
}

std::optional<CublasCall> CublasCall::match(func::CallOp op) {
  StringRef name = op.getCallee();
  if (!name.starts_with(abi::kCudaMatmulPrefix))
    return std::nullopt;
  StringRef rest = name.drop_front(StringRef(abi::kCudaMatmulPrefix).size());
  bool bias = rest.consume_front("bias_");
  bool residual = rest.consume_front("residual_");
  unsigned expected = 4 + bias + residual;
  APInt flags;
  if (op.getNumOperands() != expected ||
      !matchPattern(op.getOperands().back(), m_ConstantInt(&flags)))
    return std::nullopt;
  CublasCall call;
  call.op = op;
  call.a = stripAbiCast(op.getOperand(0));
  call.b = stripAbiCast(op.getOperand(1));
  call.d = stripAbiCast(op.getOperand(2));
  unsigned next = 3;
  if (bias)
    call.bias = stripAbiCast(op.getOperand(next++));
  if (residual)
    call.residual = stripAbiCast(op.getOperand(next++));
  call.flags = static_cast<int32_t>(flags.getSExtValue());
  return call;
}

bool CublasCall::isOperandOf(Operation *user) const {
  return op && isa<memref::CastOp, arith::ConstantOp>(user) &&
         user->hasOneUse() &&
         *user->getUsers().begin() == static_cast<Operation *>(op);
}

void CublasCall::emit(RewriterBase &rewriter, Location loc) {
  SmallVector<Value> operands = {a, b, d};
  if (bias)
    operands.push_back(bias);
  if (residual)
    operands.push_back(residual);
  auto typeOf = [](Value v) { return cast<MemRefType>(v.getType()); };
  std::string name = abi::getCudaMatmulName(
      getCublasTypeName(typeOf(a).getElementType()).str(),
      getCublasTypeName(typeOf(d).getElementType()).str(), typeOf(d).getRank(),
      bool(bias), bool(residual));
  SmallVector<Type> params;
  for (Value operand : operands)
    params.push_back(getDynamicStridedType(typeOf(operand).getElementType(),
                                           typeOf(operand).getRank()));
  params.push_back(rewriter.getI32Type());
  auto module =
      rewriter.getInsertionBlock()->getParentOp()->getParentOfType<ModuleOp>();
  func::FuncOp callee = getOrDeclareRuntimeFunction(module, name, params);
  SmallVector<Value> args;
  for (auto [operand, param] : llvm::zip(operands, params))
    args.push_back(memref::CastOp::create(rewriter, loc, param, operand));
  args.push_back(arith::ConstantIntOp::create(rewriter, loc, flags, 32));
  auto call = func::CallOp::create(rewriter, loc, callee, args);
  if (op) {
    SmallVector<Operation *> passed;
    for (Value operand : op.getOperands())
      if (Operation *def = operand.getDefiningOp(); def && isOperandOf(def))
        passed.push_back(def);
    rewriter.eraseOp(op);
    for (Operation *def : passed)
      if (def->use_empty())
        rewriter.eraseOp(def);
  }
  op = call;
}
