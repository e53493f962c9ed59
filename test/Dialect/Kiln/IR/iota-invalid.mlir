// RUN: kiln-opt %s -split-input-file -verify-diagnostics
//
// The diagnostics of kiln.iota.

func.func @rank0() -> !kiln.tensor<[], i32> {
  // expected-error @+1 {{needs a result of rank >= 1}}
  %0 = kiln.iota {dim = 0 : i64} : !kiln.tensor<[], i32>
  return %0 : !kiln.tensor<[], i32>
}

// -----

func.func @dim() -> !kiln.tensor<[4], i32> {
  // expected-error @+1 {{dim 1 is out of range}}
  %0 = kiln.iota {dim = 1 : i64} : !kiln.tensor<[4], i32>
  return %0 : !kiln.tensor<[4], i32>
}

// -----

func.func @bool() -> !kiln.tensor<[4], i1> {
  // expected-error @+1 {{is not defined on i1 tensors}}
  %0 = kiln.iota {dim = 0 : i64} : !kiln.tensor<[4], i1>
  return %0 : !kiln.tensor<[4], i1>
}

// -----

func.func @unknown(%x: !kiln.tensor<[?], f32>) -> !kiln.tensor<[?], i32> {
  // expected-error @+1 {{needs a result without `?` dims}}
  %0 = kiln.iota {dim = 0 : i64} : !kiln.tensor<[?], i32>
  return %0 : !kiln.tensor<[?], i32>
}

// -----

func.func @unbound() -> !kiln.tensor<[T], i32> {
  // expected-error @+1 {{symbol T}}
  %0 = kiln.iota {dim = 0 : i64} : !kiln.tensor<[T], i32>
  return %0 : !kiln.tensor<[T], i32>
}
