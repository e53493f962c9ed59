//===- Paths.cpp - Where Kiln finds LLVM's and CUDA's files ---------------===//

#include "kiln/Support/Paths.h"
#include "kiln/Support/Config.h"

#include <cstdlib>

/// The first of the environment variables `names` that is set and not
/// empty, else `fallback`.
static std::string fromEnvironment(std::initializer_list<const char *> names,
                                   const char *fallback) {
  for (const char *name : names)
    if (const char *value = std::getenv(name); value && *value)
      return value;
  return fallback;
}

std::string kiln::getLlvmLibraryDir() {
  return fromEnvironment({"KILN_LLVM_LIBRARY_DIR"}, KILN_LLVM_LIBRARY_DIR);
}

std::string kiln::getCudaToolkitDir() {
  return fromEnvironment({"KILN_CUDA_PATH", "CUDA_HOME"},
                         KILN_CUDA_TOOLKIT_DIR);
}
