// RUN: kiln-opt %s -split-input-file -verify-diagnostics
//
// The diagnostics of the rounding, logical and remainder ops and of the
// prod/any/all reductions.

func.func @log1p_int(%x: !kiln.tensor<[4], i32>) -> !kiln.tensor<[4], i32> {
  // expected-error @+1 {{requires a floating-point element type; got 'i32'}}
  %0 = kiln.log1p %x : !kiln.tensor<[4], i32>
  return %0 : !kiln.tensor<[4], i32>
}

// -----

func.func @floor_i1(%x: !kiln.tensor<[4], i1>) -> !kiln.tensor<[4], i1> {
  // expected-error @+1 {{is not defined on i1 tensors}}
  %0 = kiln.floor %x : !kiln.tensor<[4], i1>
  return %0 : !kiln.tensor<[4], i1>
}

// -----

func.func @not_float(%x: !kiln.tensor<[4], f32>) -> !kiln.tensor<[4], f32> {
  // expected-error @+1 {{requires an i1 or integer element type; got 'f32'}}
  %0 = kiln.not %x : !kiln.tensor<[4], f32>
  return %0 : !kiln.tensor<[4], f32>
}

// -----

func.func @and_float(%a: !kiln.tensor<[4], f32>) -> !kiln.tensor<[4], f32> {
  // expected-error @+1 {{requires an i1 or integer element type; got 'f32'}}
  %0 = kiln.and %a, %a : !kiln.tensor<[4], f32>, !kiln.tensor<[4], f32> -> !kiln.tensor<[4], f32>
  return %0 : !kiln.tensor<[4], f32>
}

// -----

func.func @or_mixed(%a: !kiln.tensor<[4], i1>, %b: !kiln.tensor<[4], i32>) -> !kiln.tensor<[4], i1> {
  // expected-error @+1 {{operands have different element types ('i1' and 'i32')}}
  %0 = kiln.or %a, %b : !kiln.tensor<[4], i1>, !kiln.tensor<[4], i32> -> !kiln.tensor<[4], i1>
  return %0 : !kiln.tensor<[4], i1>
}

// -----

func.func @xor_shape(%a: !kiln.tensor<[S], i1>, %b: !kiln.tensor<[T], i1>) -> !kiln.tensor<[S], i1> {
  // expected-error @+1 {{cannot broadcast}}
  %0 = kiln.xor %a, %b : !kiln.tensor<[S], i1>, !kiln.tensor<[T], i1> -> !kiln.tensor<[S], i1>
  return %0 : !kiln.tensor<[S], i1>
}

// -----

func.func @rem_i1(%a: !kiln.tensor<[4], i1>) -> !kiln.tensor<[4], i1> {
  // expected-error @+1 {{is not defined on i1 tensors}}
  %0 = kiln.rem %a, %a : !kiln.tensor<[4], i1>, !kiln.tensor<[4], i1> -> !kiln.tensor<[4], i1>
  return %0 : !kiln.tensor<[4], i1>
}

// -----

func.func @any_float(%x: !kiln.tensor<[4], f32>) -> !kiln.tensor<[], f32> {
  // expected-error @+1 {{requires an i1 element type; got 'f32' (compare with zero first)}}
  %0 = kiln.reduce_any %x {dims = array<i64: 0>} : !kiln.tensor<[4], f32> -> !kiln.tensor<[], f32>
  return %0 : !kiln.tensor<[], f32>
}

// -----

func.func @all_shape(%x: !kiln.tensor<[B, 4], i1>) -> !kiln.tensor<[4], i1> {
  // expected-error @+1 {{result dim 0 is 4 but the op computes B, which is not provably equal}}
  %0 = kiln.reduce_all %x {dims = array<i64: 1>} : !kiln.tensor<[B, 4], i1> -> !kiln.tensor<[4], i1>
  return %0 : !kiln.tensor<[4], i1>
}

// -----

func.func @prod_dims(%x: !kiln.tensor<[B, 4], f32>) -> !kiln.tensor<[B], f32> {
  // expected-error @+1 {{out of range}}
  %0 = kiln.reduce_prod %x {dims = array<i64: 2>} : !kiln.tensor<[B, 4], f32> -> !kiln.tensor<[B], f32>
  return %0 : !kiln.tensor<[B], f32>
}
