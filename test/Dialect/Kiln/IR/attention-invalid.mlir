// RUN: kiln-opt %s -split-input-file -verify-diagnostics
//
// The diagnostics of kiln.attention.

func.func @rank(%q: !kiln.tensor<[8], f32>, %k: !kiln.tensor<[S, 8], f32>, %v: !kiln.tensor<[S, 8], f32>) -> !kiln.tensor<[8], f32> {
  // expected-error @+1 {{needs q, k and v of rank >= 2}}
  %0 = kiln.attention %q, %k, %v : !kiln.tensor<[8], f32>, !kiln.tensor<[S, 8], f32>, !kiln.tensor<[S, 8], f32> -> !kiln.tensor<[8], f32>
  return %0 : !kiln.tensor<[8], f32>
}

// -----

func.func @embed_dim(%q: !kiln.tensor<[L, 8], f32>, %k: !kiln.tensor<[S, 4], f32>, %v: !kiln.tensor<[S, 8], f32>) -> !kiln.tensor<[L, 8], f32> {
  // expected-error @+1 {{q's and k's last dims (8 and 4) must be provably equal}}
  %0 = kiln.attention %q, %k, %v : !kiln.tensor<[L, 8], f32>, !kiln.tensor<[S, 4], f32>, !kiln.tensor<[S, 8], f32> -> !kiln.tensor<[L, 8], f32>
  return %0 : !kiln.tensor<[L, 8], f32>
}

// -----

func.func @seq(%q: !kiln.tensor<[L, 8], f32>, %k: !kiln.tensor<[S, 8], f32>, %v: !kiln.tensor<[T, 8], f32>) -> !kiln.tensor<[L, 8], f32> {
  // expected-error @+1 {{k's and v's sequence dims (S and T) must be provably equal}}
  %0 = kiln.attention %q, %k, %v : !kiln.tensor<[L, 8], f32>, !kiln.tensor<[S, 8], f32>, !kiln.tensor<[T, 8], f32> -> !kiln.tensor<[L, 8], f32>
  return %0 : !kiln.tensor<[L, 8], f32>
}

// -----

func.func @types(%q: !kiln.tensor<[L, 8], f32>, %k: !kiln.tensor<[S, 8], bf16>, %v: !kiln.tensor<[S, 8], f32>) -> !kiln.tensor<[L, 8], f32> {
  // expected-error @+1 {{q, k and v must have one element type}}
  %0 = kiln.attention %q, %k, %v : !kiln.tensor<[L, 8], f32>, !kiln.tensor<[S, 8], bf16>, !kiln.tensor<[S, 8], f32> -> !kiln.tensor<[L, 8], f32>
  return %0 : !kiln.tensor<[L, 8], f32>
}

// -----

func.func @mask_type(%q: !kiln.tensor<[L, 8], f32>, %k: !kiln.tensor<[S, 8], f32>, %v: !kiln.tensor<[S, 8], f32>, %m: !kiln.tensor<[L, S], i32>) -> !kiln.tensor<[L, 8], f32> {
  // expected-error @+1 {{mask must be i1 or 'f32'; got 'i32'}}
  %0 = kiln.attention %q, %k, %v, %m : !kiln.tensor<[L, 8], f32>, !kiln.tensor<[S, 8], f32>, !kiln.tensor<[S, 8], f32>, !kiln.tensor<[L, S], i32> -> !kiln.tensor<[L, 8], f32>
  return %0 : !kiln.tensor<[L, 8], f32>
}

// -----

func.func @mask_shape(%q: !kiln.tensor<[L, 8], f32>, %k: !kiln.tensor<[S, 8], f32>, %v: !kiln.tensor<[S, 8], f32>, %m: !kiln.tensor<[2, L, S], i1>) -> !kiln.tensor<[L, 8], f32> {
  // expected-error @+1 {{mask must broadcast to the scores' shape}}
  %0 = kiln.attention %q, %k, %v, %m : !kiln.tensor<[L, 8], f32>, !kiln.tensor<[S, 8], f32>, !kiln.tensor<[S, 8], f32>, !kiln.tensor<[2, L, S], i1> -> !kiln.tensor<[L, 8], f32>
  return %0 : !kiln.tensor<[L, 8], f32>
}

// -----

func.func @result(%q: !kiln.tensor<[L, 8], f32>, %k: !kiln.tensor<[S, 8], f32>, %v: !kiln.tensor<[S, 4], f32>) -> !kiln.tensor<[L, 8], f32> {
  // expected-error @+1 {{result dim 1 is 8 but the op computes 4}}
  %0 = kiln.attention %q, %k, %v : !kiln.tensor<[L, 8], f32>, !kiln.tensor<[S, 8], f32>, !kiln.tensor<[S, 4], f32> -> !kiln.tensor<[L, 8], f32>
  return %0 : !kiln.tensor<[L, 8], f32>
}
