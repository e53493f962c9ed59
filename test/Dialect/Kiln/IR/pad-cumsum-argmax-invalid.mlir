// RUN: kiln-opt %s -split-input-file -verify-diagnostics
//
// The diagnostics of kiln.pad, kiln.cumsum, kiln.argmax and kiln.argmin.

func.func @pad_entries(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S + 1], f32> {
  // expected-error @+1 {{needs one low and one high entry per dim (2); got 1 and 2}}
  %0 = kiln.pad %x {low = array<i64: 1>, high = array<i64: 0, 0>} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, S + 1], f32>
  return %0 : !kiln.tensor<[B, S + 1], f32>
}

// -----

func.func @pad_negative(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S - 1], f32> {
  // expected-error @+1 {{padding of dim 1 must be non-negative; got low -1, high 0}}
  %0 = kiln.pad %x {low = array<i64: 0, -1>, high = array<i64: 0, 0>} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, S - 1], f32>
  return %0 : !kiln.tensor<[B, S - 1], f32>
}

// -----

func.func @pad_shape(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S + 2], f32> {
  // expected-error @+1 {{result dim 1 is S + 2 but the op computes S + 3}}
  %0 = kiln.pad %x {low = array<i64: 0, 1>, high = array<i64: 0, 2>} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, S + 2], f32>
  return %0 : !kiln.tensor<[B, S + 2], f32>
}

// -----

func.func @cumsum_i1(%x: !kiln.tensor<[S], i1>) -> !kiln.tensor<[S], i1> {
  // expected-error @+1 {{is not defined on i1 tensors}}
  %0 = kiln.cumsum %x {dim = 0 : i64} : !kiln.tensor<[S], i1>
  return %0 : !kiln.tensor<[S], i1>
}

// -----

func.func @cumsum_dim(%x: !kiln.tensor<[S], f32>) -> !kiln.tensor<[S], f32> {
  // expected-error @+1 {{dim 1 is out of range}}
  %0 = kiln.cumsum %x {dim = 1 : i64} : !kiln.tensor<[S], f32>
  return %0 : !kiln.tensor<[S], f32>
}

// -----

func.func @argmax_empty(%x: !kiln.tensor<[B, 0], f32>) -> !kiln.tensor<[B], i64> {
  // expected-error @+1 {{cannot take the argmax over dim 1, which is empty}}
  %0 = kiln.argmax %x {dim = 1 : i64} : !kiln.tensor<[B, 0], f32> -> !kiln.tensor<[B], i64>
  return %0 : !kiln.tensor<[B], i64>
}

// -----

func.func @argmin_float_result(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B], f32> {
  // expected-error @+1 {{result must be i64 or i32; got 'f32'}}
  %0 = kiln.argmin %x {dim = 1 : i64} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B], f32>
  return %0 : !kiln.tensor<[B], f32>
}

// -----

func.func @argmax_shape(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[S], i64> {
  // expected-error @+1 {{result dim 0 is S but the op computes B}}
  %0 = kiln.argmax %x {dim = 1 : i64} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[S], i64>
  return %0 : !kiln.tensor<[S], i64>
}
