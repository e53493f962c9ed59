//===- RuntimeCalls.cpp - Declaring Kiln runtime functions ----------------===//

#include "kiln/Codegen/Common/RuntimeCalls.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;

MemRefType kiln::getDynamicStridedType(Type element, int64_t rank) {
  MLIRContext *ctx = element.getContext();
  SmallVector<int64_t> dynamic(rank, ShapedType::kDynamic);
  return MemRefType::get(
      dynamic, element,
      StridedLayoutAttr::get(ctx, ShapedType::kDynamic, dynamic));
}

func::FuncOp kiln::getOrDeclareRuntimeFunction(ModuleOp module, StringRef name,
                                               TypeRange params) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(name))
    return fn;
  MLIRContext *ctx = module.getContext();
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  auto fn = func::FuncOp::create(b, module.getLoc(), name,
                                 FunctionType::get(ctx, params, {}));
  fn.setPrivate();
  fn->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(), UnitAttr::get(ctx));
  return fn;
}
