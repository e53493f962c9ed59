//===- peak_flops.c - Peak arithmetic throughput of this machine ----------===//
//
// The roof that Kiln's matmul workloads (mm_epilogue, mlp, attention) are
// measured against: independent AVX-512 multiply-add chains, all in
// registers, on every core through OpenMP.
//
//   f32:  vfmadd231ps zmm (16 lanes x 2 flops per instruction)
//   bf16: vdpbf16ps zmm (AVX512_BF16: 16 f32 lanes, each adds the products
//         of 2 bf16 pairs: 64 flops per instruction), the instruction a
//         bf16 matmul with f32 accumulation runs on
//
// 16 accumulators per thread cover the FMA latency (4 cycles) times the
// FMA ports (2) with room to spare.
//
// Usage: peak_flops [iterations per thread (default 20000000)]
//                   [repetitions (default 5)]
// Prints one JSON line per dtype, the best repetition (GFLOP is 1e9 flops):
//   {"name": "peak", "dtype": "f32", "gflop_s": ..., "threads": T}
//   {"name": "peak", "dtype": "bf16", "gflop_s": ... or null, "threads": T}
// bf16 is null when the compiler targets no AVX512_BF16.
//
//===----------------------------------------------------------------------===//

#include <immintrin.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef __AVX512F__
#error "peak_flops.c needs AVX-512 (compile with -march=native on an AVX-512 CPU)"
#endif

#define ACCUMULATORS 16

/// Runs `iterations` rounds of ACCUMULATORS independent f32 FMAs; returns a
/// value that depends on every result so nothing is optimized away.
static float runF32(long iterations, float seed) {
  __m512 acc[ACCUMULATORS];
  for (int a = 0; a < ACCUMULATORS; ++a)
    acc[a] = _mm512_set1_ps(seed + (float)a);
  // x * 1 + 0 keeps the values finite and unchanged without the compiler
  // knowing it (the constants come from the caller's runtime seed).
  __m512 mul = _mm512_set1_ps(seed * 0.0f + 1.0f);
  __m512 add = _mm512_set1_ps(seed * 0.0f);
  for (long i = 0; i < iterations; ++i) {
#pragma clang loop unroll(full)
    for (int a = 0; a < ACCUMULATORS; ++a)
      acc[a] = _mm512_fmadd_ps(acc[a], mul, add);
    __asm__ volatile("" : "+v"(acc[0]), "+v"(acc[1]), "+v"(acc[2]),
                     "+v"(acc[3]), "+v"(acc[4]), "+v"(acc[5]), "+v"(acc[6]),
                     "+v"(acc[7]));
  }
  __m512 sum = acc[0];
  for (int a = 1; a < ACCUMULATORS; ++a)
    sum = _mm512_add_ps(sum, acc[a]);
  return _mm512_reduce_add_ps(sum);
}

#ifdef __AVX512BF16__
/// As runF32 with vdpbf16ps: acc += a[2j] * b[2j] + a[2j+1] * b[2j+1].
static float runBF16(long iterations, float seed) {
  __m512 acc[ACCUMULATORS];
  for (int a = 0; a < ACCUMULATORS; ++a)
    acc[a] = _mm512_set1_ps(seed + (float)a);
  // Zero products: the accumulators stay finite however long it runs.
  __m512bh lhs = _mm512_cvtne2ps_pbh(_mm512_set1_ps(seed * 0.0f),
                                     _mm512_set1_ps(seed * 0.0f));
  __m512bh rhs = _mm512_cvtne2ps_pbh(_mm512_set1_ps(seed),
                                     _mm512_set1_ps(seed));
  for (long i = 0; i < iterations; ++i) {
#pragma clang loop unroll(full)
    for (int a = 0; a < ACCUMULATORS; ++a)
      acc[a] = _mm512_dpbf16_ps(acc[a], lhs, rhs);
    __asm__ volatile("" : "+v"(acc[0]), "+v"(acc[1]), "+v"(acc[2]),
                     "+v"(acc[3]), "+v"(acc[4]), "+v"(acc[5]), "+v"(acc[6]),
                     "+v"(acc[7]));
  }
  __m512 sum = acc[0];
  for (int a = 1; a < ACCUMULATORS; ++a)
    sum = _mm512_add_ps(sum, acc[a]);
  return _mm512_reduce_add_ps(sum);
}
#endif

/// Best GFLOP/s over `repetitions` parallel runs of `kernel`.
static double measure(float (*kernel)(long, float), long iterations,
                      int repetitions, double flopsPerIteration) {
  double best = 0.0;
  volatile float sink = 0.0f;
  for (int r = -1; r < repetitions; ++r) {
    double start = omp_get_wtime();
    float total = 0.0f;
#pragma omp parallel reduction(+ : total)
    total += kernel(iterations, (float)(omp_get_thread_num() + 1));
    double elapsed = omp_get_wtime() - start;
    sink = total;
    double gflops = flopsPerIteration * (double)iterations *
                    omp_get_max_threads() / elapsed / 1e9;
    if (r >= 0 && gflops > best) // r == -1 warms up the cores.
      best = gflops;
  }
  (void)sink;
  return best;
}

int main(int argc, char **argv) {
  long iterations = argc > 1 ? atol(argv[1]) : 20000000;
  int repetitions = argc > 2 ? atoi(argv[2]) : 5;
  if (iterations <= 0 || repetitions <= 0) {
    fprintf(stderr, "usage: %s [iterations > 0] [repetitions > 0]\n",
            argv[0]);
    return 2;
  }
  int threads = omp_get_max_threads();
  printf("{\"name\": \"peak\", \"dtype\": \"f32\", \"gflop_s\": %.1f, "
         "\"threads\": %d}\n",
         measure(runF32, iterations, repetitions, ACCUMULATORS * 16 * 2.0),
         threads);
#ifdef __AVX512BF16__
  printf("{\"name\": \"peak\", \"dtype\": \"bf16\", \"gflop_s\": %.1f, "
         "\"threads\": %d}\n",
         measure(runBF16, iterations, repetitions, ACCUMULATORS * 16 * 4.0),
         threads);
#else
  printf("{\"name\": \"peak\", \"dtype\": \"bf16\", \"gflop_s\": null, "
         "\"threads\": %d}\n",
         threads);
#endif
  return 0;
}
