//===- Paths.h - Where Kiln finds LLVM's and CUDA's files -------*- C++ -*-===//
//
// The directories Kiln reads at compile and run time, each one place: the
// value CMake found (kiln/Support/Config.h), overridable by an environment
// variable so that a build runs on a machine laid out differently (the GPU
// machine has no /usr/lib/llvm-22).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SUPPORT_PATHS_H
#define KILN_SUPPORT_PATHS_H

#include <string>

namespace kiln {

/// The directory holding LLVM's runtime libraries that compiled CPU code
/// may call (libomp.so, libmlir_c_runner_utils.so,
/// libmlir_async_runtime.so): $KILN_LLVM_LIBRARY_DIR, else LLVM's library
/// directory at configure time.
std::string getLlvmLibraryDir();

/// The CUDA toolkit (ptxas, fatbinary, nvvm/libdevice/libdevice.10.bc):
/// $KILN_CUDA_PATH, else $CUDA_HOME, else the toolkit at configure time.
std::string getCudaToolkitDir();

} // namespace kiln

#endif // KILN_SUPPORT_PATHS_H
