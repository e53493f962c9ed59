// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file -verify-diagnostics
//
// Programs convert-kiln-to-linalg cannot lower are rejected before it runs,
// by the Kiln verifier, with a diagnostic on the op (the pass's own checks
// for these cases are never reached): a reshape to a `?` dim (its size
// would be unknown; the user must name it with a symbol), a symbol that no
// argument binds (it would have no value at entry), and dims that must agree
// but are not provably equal.

func.func @reshape_to_unknown(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[?], f32> {
  // expected-error @+1 {{'kiln.reshape' op element counts B*S (operand) and ? (result) are not provably equal}}
  %0 = kiln.reshape %x : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[?], f32>
  return %0 : !kiln.tensor<[?], f32>
}

// -----

func.func @reshape_unknown_to_unknown(%x: !kiln.tensor<[?, 4], f32>) -> !kiln.tensor<[2, ?], f32> {
  // expected-error @+1 {{'kiln.reshape' op element counts ? (operand) and ? (result) are not provably equal}}
  %0 = kiln.reshape %x : !kiln.tensor<[?, 4], f32> -> !kiln.tensor<[2, ?], f32>
  return %0 : !kiln.tensor<[2, ?], f32>
}

// -----

func.func @unbound_symbol(%x: !kiln.tensor<[1, D], f32>) -> !kiln.tensor<[B, D], f32> {
  // expected-error @+1 {{symbol B in the type of result 0 ('!kiln.tensor<[B, D], f32>') is not bound by the function's arguments}}
  %0 = kiln.broadcast_to %x : !kiln.tensor<[1, D], f32> -> !kiln.tensor<[B, D], f32>
  return %0 : !kiln.tensor<[B, D], f32>
}

// -----

func.func @contraction_mismatch(%x: !kiln.tensor<[M, K], f32>, %w: !kiln.tensor<[16, N], f32>) -> !kiln.tensor<[M, N], f32> {
  // expected-error @+1 {{contraction dims K and 16 are not provably equal}}
  %0 = kiln.matmul %x, %w : !kiln.tensor<[M, K], f32>, !kiln.tensor<[16, N], f32> -> !kiln.tensor<[M, N], f32>
  return %0 : !kiln.tensor<[M, N], f32>
}

// -----

func.func @broadcast_mismatch(%x: !kiln.tensor<[S, D], f32>, %y: !kiln.tensor<[R, D], f32>) -> !kiln.tensor<[S, D], f32> {
  // expected-error @+1 {{not provably equal}}
  %0 = kiln.add %x, %y : !kiln.tensor<[S, D], f32>, !kiln.tensor<[R, D], f32> -> !kiln.tensor<[S, D], f32>
  return %0 : !kiln.tensor<[S, D], f32>
}
