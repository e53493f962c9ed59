// The C API from C++: the same program as main.c, with RAII around the
// handles (the headers are extern "C").
#include "kiln-c/Runtime.h"

#include <cstdio>
#include <memory>

namespace {
struct FunctionDeleter {
  void operator()(KilnFunctionImpl *f) const { kilnFunctionDestroy(f); }
};
struct BufferDeleter {
  void operator()(KilnBufferImpl *b) const { kilnBufferDestroy(b); }
};
} // namespace

int main() {
  const char *source =
      "func.func @axpy(%x: !kiln.tensor<[N], f32>, %y: !kiln.tensor<[N], f32>)"
      " -> !kiln.tensor<[N], f32> {\n"
      "  %0 = kiln.add %x, %y : !kiln.tensor<[N], f32>, !kiln.tensor<[N], f32>"
      " -> !kiln.tensor<[N], f32>\n"
      "  return %0 : !kiln.tensor<[N], f32>\n}\n";
  KilnFunction raw = nullptr;
  if (KilnStatus status = kilnFunctionCompileSource(
          mlirStringRefCreateFromCString(source),
          mlirStringRefCreateFromCString(""), KILN_TARGET_CPU,
          mlirStringRefCreateFromCString(""), &raw)) {
    std::printf("error: %s\n", kilnStatusGetMessage(status));
    kilnStatusDestroy(status);
    return 1;
  }
  std::unique_ptr<KilnFunctionImpl, FunctionDeleter> f(raw);
  float x[4] = {1, 2, 3, 4}, y[4] = {10, 20, 30, 40};
  for (int64_t n = 2; n <= 4; n += 2) {
    KilnBufferView args[2] = {{x, KILN_DTYPE_F32, 1, &n, nullptr},
                              {y, KILN_DTYPE_F32, 1, &n, nullptr}};
    KilnBuffer out = nullptr;
    if (KilnStatus status = kilnFunctionCall(f.get(), args, 2, false, nullptr, &out)) {
      std::printf("error: %s\n", kilnStatusGetMessage(status));
      kilnStatusDestroy(status);
      return 1;
    }
    std::unique_ptr<KilnBufferImpl, BufferDeleter> result(out);
    const float *r = static_cast<const float *>(kilnBufferGetData(result.get()));
    std::printf("N=%lld:", static_cast<long long>(n));
    for (int64_t i = 0; i < n; ++i)
      std::printf(" %g", r[i]);
    std::printf("\n");
  }
  return 0;
}
