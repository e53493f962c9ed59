// RUN: kiln-opt %s -split-input-file -verify-diagnostics
//
// The diagnostics of kiln.gather and kiln.gather_elements.

func.func @float_indices(%t: !kiln.tensor<[V, D], f32>, %i: !kiln.tensor<[S], f32>) -> !kiln.tensor<[S, D], f32> {
  // expected-error @+1 {{indices must be i32 or i64; got 'f32'}}
  %0 = kiln.gather %t, %i {dim = 0 : i64} : !kiln.tensor<[V, D], f32>, !kiln.tensor<[S], f32> -> !kiln.tensor<[S, D], f32>
  return %0 : !kiln.tensor<[S, D], f32>
}

// -----

func.func @dim(%t: !kiln.tensor<[V, D], f32>, %i: !kiln.tensor<[S], i64>) -> !kiln.tensor<[S, D], f32> {
  // expected-error @+1 {{dim 2 is out of range}}
  %0 = kiln.gather %t, %i {dim = 2 : i64} : !kiln.tensor<[V, D], f32>, !kiln.tensor<[S], i64> -> !kiln.tensor<[S, D], f32>
  return %0 : !kiln.tensor<[S, D], f32>
}

// -----

func.func @rank0(%t: !kiln.tensor<[], f32>, %i: !kiln.tensor<[S], i64>) -> !kiln.tensor<[S], f32> {
  // expected-error @+1 {{needs x of rank >= 1}}
  %0 = kiln.gather %t, %i {dim = 0 : i64} : !kiln.tensor<[], f32>, !kiln.tensor<[S], i64> -> !kiln.tensor<[S], f32>
  return %0 : !kiln.tensor<[S], f32>
}

// -----

func.func @shape(%t: !kiln.tensor<[V, D], f32>, %i: !kiln.tensor<[S], i64>) -> !kiln.tensor<[D, S], f32> {
  // expected-error @+1 {{result dim 0 is D but the op computes S}}
  %0 = kiln.gather %t, %i {dim = 0 : i64} : !kiln.tensor<[V, D], f32>, !kiln.tensor<[S], i64> -> !kiln.tensor<[D, S], f32>
  return %0 : !kiln.tensor<[D, S], f32>
}

// -----

func.func @element_type(%t: !kiln.tensor<[V, D], f32>, %i: !kiln.tensor<[S], i64>) -> !kiln.tensor<[S, D], bf16> {
  // expected-error @+1 {{result element type 'bf16' does not match the computed 'f32'}}
  %0 = kiln.gather %t, %i {dim = 0 : i64} : !kiln.tensor<[V, D], f32>, !kiln.tensor<[S], i64> -> !kiln.tensor<[S, D], bf16>
  return %0 : !kiln.tensor<[S, D], bf16>
}

// -----

func.func @elements_rank(%x: !kiln.tensor<[B, V], f32>, %i: !kiln.tensor<[K], i64>) -> !kiln.tensor<[K], f32> {
  // expected-error @+1 {{indices must have x's rank 2; got rank 1}}
  %0 = kiln.gather_elements %x, %i {dim = 1 : i64} : !kiln.tensor<[B, V], f32>, !kiln.tensor<[K], i64> -> !kiln.tensor<[K], f32>
  return %0 : !kiln.tensor<[K], f32>
}

// -----

func.func @elements_exceeds(%x: !kiln.tensor<[4, V], f32>, %i: !kiln.tensor<[5, 2], i64>) -> !kiln.tensor<[5, 2], f32> {
  // expected-error @+1 {{indices dim 0 (5) exceeds x's (4)}}
  %0 = kiln.gather_elements %x, %i {dim = 1 : i64} : !kiln.tensor<[4, V], f32>, !kiln.tensor<[5, 2], i64> -> !kiln.tensor<[5, 2], f32>
  return %0 : !kiln.tensor<[5, 2], f32>
}

// -----

func.func @elements_exceeds_symbolic(%x: !kiln.tensor<[B, V], f32>, %i: !kiln.tensor<[B + 1, 2], i64>) -> !kiln.tensor<[B + 1, 2], f32> {
  // expected-error @+1 {{indices dim 0 (B + 1) exceeds x's (B)}}
  %0 = kiln.gather_elements %x, %i {dim = 1 : i64} : !kiln.tensor<[B, V], f32>, !kiln.tensor<[B + 1, 2], i64> -> !kiln.tensor<[B + 1, 2], f32>
  return %0 : !kiln.tensor<[B + 1, 2], f32>
}
