//===- CpuRuntime.h - Functions compiled CPU code calls ---------*- C++ -*-===//
//
// Kiln's CPU runtime (libKilnCpuRuntime.so): the library functions that
// code from the CPU pipeline calls, declared in RuntimeABI.h. The JIT
// binds them with getCpuRuntimeSymbols(); ahead-of-time code links the
// library.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_CPURUNTIME_H
#define KILN_RUNTIME_CPURUNTIME_H

#include "kiln/Runtime/RuntimeABI.h"

#include "llvm/ADT/StringRef.h"

#include <utility>
#include <vector>

namespace kiln {

/// (symbol name, address) of every function of the CPU runtime.
std::vector<std::pair<llvm::StringRef, void *>> getCpuRuntimeSymbols();

} // namespace kiln

#endif // KILN_RUNTIME_CPURUNTIME_H
