//===- CpuRuntime.h - Functions compiled CPU code calls ---------*- C++ -*-===//
//
// Kiln's CPU runtime: the library functions that code from the CPU pipeline
// calls (through MLIR's C interface: pointers to memref descriptors). The
// JIT binds them with getCpuRuntimeSymbols().
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_CPURUNTIME_H
#define KILN_RUNTIME_CPURUNTIME_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace kiln {

/// A ranked memref descriptor as MLIR's LLVM lowering lays it out.
template <typename T, int Rank> struct MemRefDescriptor {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t sizes[Rank];
  int64_t strides[Rank];
};

/// (symbol name, address) of every runtime function.
std::vector<std::pair<llvm::StringRef, void *>> getCpuRuntimeSymbols();

} // namespace kiln

extern "C" {
/// C += A * B for row-major f32 matrices (unit inner stride; other layouts
/// take a plain loop), through BLAS.
void _mlir_ciface_kiln_rt_sgemm(kiln::MemRefDescriptor<float, 2> *a,
                                kiln::MemRefDescriptor<float, 2> *b,
                                kiln::MemRefDescriptor<float, 2> *c);
/// The batched form: C[i] += A[i] * B[i].
void _mlir_ciface_kiln_rt_sgemm_batched(kiln::MemRefDescriptor<float, 3> *a,
                                        kiln::MemRefDescriptor<float, 3> *b,
                                        kiln::MemRefDescriptor<float, 3> *c);
}

#endif // KILN_RUNTIME_CPURUNTIME_H
