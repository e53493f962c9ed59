//===- copy_bandwidth.c - Memory copy bandwidth of this machine -----------===//
//
// The roof that Kiln's bandwidth-bound workloads (ew_chain, softmax,
// layernorm) are measured against: y[i] = s * x[i] with s == 1, over arrays
// much larger than the caches, on every core through OpenMP. Bytes counted
// per pass are read x + write y, as design.md §6 counts them for Kiln's
// kernels (the write-allocate read of y is not counted, in either figure).
//
// The multiply by a runtime 1.0 keeps the compiler from turning the loop
// into a memcpy call, whose non-temporal stores no Kiln kernel uses; the
// figure is that of a plain vectorized copy loop with ordinary stores.
//
// Usage: copy_bandwidth [MiB per array (default 256)] [repetitions (default 10)]
// Prints one JSON line:
//   {"name": "copy", "gb_s": BEST, "gb_s_median": MEDIAN, "mib": N,
//    "threads": T, "repetitions": R}
// where GB is 1e9 bytes.
//
//===----------------------------------------------------------------------===//

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  long mib = argc > 1 ? atol(argv[1]) : 256;
  int repetitions = argc > 2 ? atoi(argv[2]) : 10;
  if (mib <= 0 || repetitions <= 0) {
    fprintf(stderr, "usage: %s [MiB per array > 0] [repetitions > 0]\n",
            argv[0]);
    return 2;
  }
  long n = mib * 1024 * 1024 / (long)sizeof(float);
  float *x = aligned_alloc(64, n * sizeof(float));
  float *y = aligned_alloc(64, n * sizeof(float));
  if (!x || !y) {
    fprintf(stderr, "copy_bandwidth: cannot allocate 2 x %ld MiB\n", mib);
    return 2;
  }
  // First touch on the threads that later copy, so pages land near them.
#pragma omp parallel for schedule(static)
  for (long i = 0; i < n; ++i) {
    x[i] = (float)(i & 1023);
    y[i] = 0.0f;
  }

  volatile float runtimeOne = 1.0f;
  float s = runtimeOne;
  double *seconds = malloc(repetitions * sizeof(double));
  // One untimed pass warms the TLBs and the OpenMP thread pool.
  for (int r = -1; r < repetitions; ++r) {
    double start = omp_get_wtime();
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; ++i)
      y[i] = s * x[i];
    double elapsed = omp_get_wtime() - start;
    if (r >= 0)
      seconds[r] = elapsed;
  }

  // Read back one element per page so the copies cannot be dropped.
  double checksum = 0.0;
  for (long i = 0; i < n; i += 1024)
    checksum += y[i];
  if (checksum < 0.0)
    fprintf(stderr, "impossible checksum\n");

  qsort(seconds, repetitions, sizeof(double), compareDoubles);
  double bytes = 2.0 * (double)n * sizeof(float);
  printf("{\"name\": \"copy\", \"gb_s\": %.2f, \"gb_s_median\": %.2f, "
         "\"mib\": %ld, \"threads\": %d, \"repetitions\": %d}\n",
         bytes / seconds[0] / 1e9, bytes / seconds[repetitions / 2] / 1e9,
         mib, omp_get_max_threads(), repetitions);
  free(seconds);
  free(x);
  free(y);
  return 0;
}
