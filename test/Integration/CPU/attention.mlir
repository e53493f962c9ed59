// kiln.attention against the reference interpreter: symbolic sequence
// lengths, causal, i1 and float masks, broadcast batch dims (one k/v head
// shared by all query heads), an explicit scale, bf16.

// RUN: kiln-run %s --entry=plain --random-inputs --seed=1 --sym B=2 --sym L=7 --sym S=13 --check | FileCheck %s
// RUN: kiln-run %s --entry=causal --random-inputs --seed=2 --sym B=2 --sym S=33 --check | FileCheck %s
// RUN: kiln-run %s --entry=causal --random-inputs --seed=3 --sym B=1 --sym S=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=masked --random-inputs --seed=4 --sym S=20 --check | FileCheck %s
// RUN: kiln-run %s --entry=shared_kv --random-inputs --seed=5 --sym S=9 --check | FileCheck %s
// RUN: kiln-run %s --entry=causal_bf16 --random-inputs --seed=6 --sym S=40 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic_head --random-inputs --seed=7 --sym S=11 --sym E=24 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

func.func @plain(%q: !kiln.tensor<[B, 4, L, 16], f32>, %k: !kiln.tensor<[B, 4, S, 16], f32>, %v: !kiln.tensor<[B, 4, S, 8], f32>) -> !kiln.tensor<[B, 4, L, 8], f32> {
  %0 = kiln.attention %q, %k, %v : !kiln.tensor<[B, 4, L, 16], f32>, !kiln.tensor<[B, 4, S, 16], f32>, !kiln.tensor<[B, 4, S, 8], f32> -> !kiln.tensor<[B, 4, L, 8], f32>
  return %0 : !kiln.tensor<[B, 4, L, 8], f32>
}

func.func @causal(%q: !kiln.tensor<[B, 2, S, 32], f32>, %k: !kiln.tensor<[B, 2, S, 32], f32>, %v: !kiln.tensor<[B, 2, S, 32], f32>) -> !kiln.tensor<[B, 2, S, 32], f32> {
  %0 = kiln.attention %q, %k, %v {causal = true} : !kiln.tensor<[B, 2, S, 32], f32>, !kiln.tensor<[B, 2, S, 32], f32>, !kiln.tensor<[B, 2, S, 32], f32> -> !kiln.tensor<[B, 2, S, 32], f32>
  return %0 : !kiln.tensor<[B, 2, S, 32], f32>
}

// A padding mask over keys (i1, broadcast over heads and queries) and an
// additive float bias, with an explicit scale.
func.func @masked(%q: !kiln.tensor<[2, 3, S, 8], f32>, %k: !kiln.tensor<[2, 3, S, 8], f32>, %v: !kiln.tensor<[2, 3, S, 8], f32>, %keep: !kiln.tensor<[2, 1, 1, S], i1>, %bias: !kiln.tensor<[S, S], f32>) -> (!kiln.tensor<[2, 3, S, 8], f32>, !kiln.tensor<[2, 3, S, 8], f32>) {
  %t = kiln.constant {value = dense<true> : tensor<2x1x1x1xi1>} : !kiln.tensor<[2, 1, 1, 1], i1>
  %m = kiln.concat %t, %keep {dim = 3 : i64} : !kiln.tensor<[2, 1, 1, 1], i1>, !kiln.tensor<[2, 1, 1, S], i1> -> !kiln.tensor<[2, 1, 1, S + 1], i1>
  %mk = kiln.slice %m {dim = 3 : i64, start = "0", end = "S"} : !kiln.tensor<[2, 1, 1, S + 1], i1> -> !kiln.tensor<[2, 1, 1, S], i1>
  %0 = kiln.attention %q, %k, %v, %mk : !kiln.tensor<[2, 3, S, 8], f32>, !kiln.tensor<[2, 3, S, 8], f32>, !kiln.tensor<[2, 3, S, 8], f32>, !kiln.tensor<[2, 1, 1, S], i1> -> !kiln.tensor<[2, 3, S, 8], f32>
  %1 = kiln.attention %q, %k, %v, %bias {scale = 0.5 : f64} : !kiln.tensor<[2, 3, S, 8], f32>, !kiln.tensor<[2, 3, S, 8], f32>, !kiln.tensor<[2, 3, S, 8], f32>, !kiln.tensor<[S, S], f32> -> !kiln.tensor<[2, 3, S, 8], f32>
  return %0, %1 : !kiln.tensor<[2, 3, S, 8], f32>, !kiln.tensor<[2, 3, S, 8], f32>
}

// Multi-query attention: one k/v head broadcast to 4 query heads.
func.func @shared_kv(%q: !kiln.tensor<[2, 4, S, 16], f32>, %k: !kiln.tensor<[2, 1, S, 16], f32>, %v: !kiln.tensor<[2, 1, S, 16], f32>) -> !kiln.tensor<[2, 4, S, 16], f32> {
  %0 = kiln.attention %q, %k, %v {causal = true} : !kiln.tensor<[2, 4, S, 16], f32>, !kiln.tensor<[2, 1, S, 16], f32>, !kiln.tensor<[2, 1, S, 16], f32> -> !kiln.tensor<[2, 4, S, 16], f32>
  return %0 : !kiln.tensor<[2, 4, S, 16], f32>
}

func.func @causal_bf16(%q: !kiln.tensor<[2, 2, S, 64], bf16>, %k: !kiln.tensor<[2, 2, S, 64], bf16>, %v: !kiln.tensor<[2, 2, S, 64], bf16>) -> !kiln.tensor<[2, 2, S, 64], bf16> {
  %0 = kiln.attention %q, %k, %v {causal = true} : !kiln.tensor<[2, 2, S, 64], bf16>, !kiln.tensor<[2, 2, S, 64], bf16>, !kiln.tensor<[2, 2, S, 64], bf16> -> !kiln.tensor<[2, 2, S, 64], bf16>
  return %0 : !kiln.tensor<[2, 2, S, 64], bf16>
}

// A symbolic head dim: the default scale 1/sqrt(E) is computed at run time.
func.func @symbolic_head(%q: !kiln.tensor<[3, S, E], f32>, %k: !kiln.tensor<[3, S, E], f32>, %v: !kiln.tensor<[3, S, E], f32>) -> !kiln.tensor<[3, S, E], f32> {
  %0 = kiln.attention %q, %k, %v {causal = true} : !kiln.tensor<[3, S, E], f32>, !kiln.tensor<[3, S, E], f32>, !kiln.tensor<[3, S, E], f32> -> !kiln.tensor<[3, S, E], f32>
  return %0 : !kiln.tensor<[3, S, E], f32>
}
