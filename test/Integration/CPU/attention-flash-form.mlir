// kiln.attention in the flash form (half inputs, static head dims that are
// multiples of 16, one set of batch dims, no mask): on the GPU it is one
// fused tensor-core kernel (kiln.flash_attention), here it is decomposed.
// Sequence lengths around the kernel's tiles of 64 (1, 63, 64, 65, 200),
// L != S, causal (top-left aligned, also with L > S), rank 3 and 4, f16 and
// bf16, E != Ev, E = 128.
// The probabilities are rounded to the half type before the product with V
// (as torch's math path does), so an output near zero carries an absolute
// error of the order of a half ulp of |V| (about 1e-3 for bf16 here), which
// the relative tolerance of a half result does not cover: --atol=2e-3.

// RUN: kiln-run %s --entry=causal_bf16 --atol=2e-3 --random-inputs --seed=1 --sym B=2 --sym S=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=causal_bf16 --atol=2e-3 --random-inputs --seed=2 --sym B=1 --sym S=63 --check | FileCheck %s
// RUN: kiln-run %s --entry=causal_bf16 --atol=2e-3 --random-inputs --seed=3 --sym B=2 --sym S=64 --check | FileCheck %s
// RUN: kiln-run %s --entry=causal_bf16 --atol=2e-3 --random-inputs --seed=4 --sym B=1 --sym S=65 --check | FileCheck %s
// RUN: kiln-run %s --entry=causal_bf16 --atol=2e-3 --random-inputs --seed=5 --sym B=1 --sym S=200 --check | FileCheck %s
// RUN: kiln-run %s --entry=cross_f16 --random-inputs --seed=6 --sym L=7 --sym S=100 --check | FileCheck %s
// RUN: kiln-run %s --entry=cross_f16 --random-inputs --seed=7 --sym L=130 --sym S=3 --check | FileCheck %s
// RUN: kiln-run %s --entry=causal_tall --random-inputs --seed=8 --sym L=150 --sym S=70 --check | FileCheck %s
// RUN: kiln-run %s --entry=wide_head --random-inputs --seed=9 --sym S=129 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

!bhs64 = !kiln.tensor<[B, 3, S, 64], bf16>
func.func @causal_bf16(%q: !bhs64, %k: !bhs64, %v: !bhs64) -> !bhs64 {
  %0 = kiln.attention %q, %k, %v {causal = true} : !bhs64, !bhs64, !bhs64 -> !bhs64
  return %0 : !bhs64
}

// Cross attention, rank 3, E = 32, Ev = 16, an explicit scale.
func.func @cross_f16(%q: !kiln.tensor<[4, L, 32], f16>, %k: !kiln.tensor<[4, S, 32], f16>, %v: !kiln.tensor<[4, S, 16], f16>) -> !kiln.tensor<[4, L, 16], f16> {
  %0 = kiln.attention %q, %k, %v {scale = 0.3 : f64} : !kiln.tensor<[4, L, 32], f16>, !kiln.tensor<[4, S, 32], f16>, !kiln.tensor<[4, S, 16], f16> -> !kiln.tensor<[4, L, 16], f16>
  return %0 : !kiln.tensor<[4, L, 16], f16>
}

// Causal with more queries than keys: every query sees key 0 at least.
func.func @causal_tall(%q: !kiln.tensor<[2, L, 16], bf16>, %k: !kiln.tensor<[2, S, 16], bf16>, %v: !kiln.tensor<[2, S, 16], bf16>) -> !kiln.tensor<[2, L, 16], bf16> {
  %0 = kiln.attention %q, %k, %v {causal = true} : !kiln.tensor<[2, L, 16], bf16>, !kiln.tensor<[2, S, 16], bf16>, !kiln.tensor<[2, S, 16], bf16> -> !kiln.tensor<[2, L, 16], bf16>
  return %0 : !kiln.tensor<[2, L, 16], bf16>
}

// E = 128 (the largest head dim the kernel takes), Ev = 64.
func.func @wide_head(%q: !kiln.tensor<[1, 2, S, 128], bf16>, %k: !kiln.tensor<[1, 2, S, 128], bf16>, %v: !kiln.tensor<[1, 2, S, 64], bf16>) -> !kiln.tensor<[1, 2, S, 64], bf16> {
  %0 = kiln.attention %q, %k, %v : !kiln.tensor<[1, 2, S, 128], bf16>, !kiln.tensor<[1, 2, S, 128], bf16>, !kiln.tensor<[1, 2, S, 64], bf16> -> !kiln.tensor<[1, 2, S, 64], bf16>
  return %0 : !kiln.tensor<[1, 2, S, 64], bf16>
}
