// RUN: kiln-opt %s -split-input-file -verify-diagnostics
//
// The diagnostics of kiln.slice.

func.func @step(%x: !kiln.tensor<[4], f32>) -> !kiln.tensor<[4], f32> {
  // expected-error @+1 {{step must be at least 1; got 0}}
  %0 = kiln.slice %x {dim = 0 : i64, start = "0", end = "4", step = 0 : i64} : !kiln.tensor<[4], f32> -> !kiln.tensor<[4], f32>
  return %0 : !kiln.tensor<[4], f32>
}

// -----

func.func @syntax(%x: !kiln.tensor<[S], f32>) -> !kiln.tensor<[S], f32> {
  // expected-error @+1 {{end "S +" is not a dim expression}}
  %0 = kiln.slice %x {dim = 0 : i64, start = "0", end = "S +"} : !kiln.tensor<[S], f32> -> !kiln.tensor<[S], f32>
  return %0 : !kiln.tensor<[S], f32>
}

// -----

func.func @unbound(%x: !kiln.tensor<[S], f32>) -> !kiln.tensor<[S], f32> {
  // expected-error @+1 {{start uses symbol T, which no argument of the function binds}}
  %0 = kiln.slice %x {dim = 0 : i64, start = "T", end = "S"} : !kiln.tensor<[S], f32> -> !kiln.tensor<[S], f32>
  return %0 : !kiln.tensor<[S], f32>
}

// -----

func.func @dim(%x: !kiln.tensor<[S], f32>) -> !kiln.tensor<[S], f32> {
  // expected-error @+1 {{dim 1 is out of range}}
  %0 = kiln.slice %x {dim = 1 : i64, start = "0", end = "S"} : !kiln.tensor<[S], f32> -> !kiln.tensor<[S], f32>
  return %0 : !kiln.tensor<[S], f32>
}

// -----

func.func @result(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32> {
  // expected-error @+1 {{S - 1}}
  %0 = kiln.slice %x {dim = 1 : i64, start = "1", end = "S"} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, S], f32>
  return %0 : !kiln.tensor<[B, S], f32>
}

// -----

func.func @beyond(%x: !kiln.tensor<[4], f32>) -> !kiln.tensor<[2], f32> {
  // expected-error @+1 {{end <= size (6 <= 4) never holds}}
  %0 = kiln.slice %x {dim = 0 : i64, start = "4", end = "6"} : !kiln.tensor<[4], f32> -> !kiln.tensor<[2], f32>
  return %0 : !kiln.tensor<[2], f32>
}

// -----

func.func @reversed(%x: !kiln.tensor<[S], f32>) -> !kiln.tensor<[0], f32> {
  // expected-error @+1 {{start <= end (S + 1 <= S) never holds}}
  %0 = kiln.slice %x {dim = 0 : i64, start = "S + 1", end = "S"} : !kiln.tensor<[S], f32> -> !kiln.tensor<[0], f32>
  return %0 : !kiln.tensor<[0], f32>
}

// -----

func.func @unknown(%x: !kiln.tensor<[?], f32>) -> !kiln.tensor<[1], f32> {
  // expected-error @+1 {{cannot slice dim 0, whose size is `?`}}
  %0 = kiln.slice %x {dim = 0 : i64, start = "0", end = "1"} : !kiln.tensor<[?], f32> -> !kiln.tensor<[1], f32>
  return %0 : !kiln.tensor<[1], f32>
}
