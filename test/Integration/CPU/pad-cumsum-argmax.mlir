// kiln.pad, kiln.cumsum, kiln.argmax and kiln.argmin against the reference
// interpreter: static and symbolic, f32/bf16/i32/i64, empty dims.

// RUN: kiln-run %s --entry=pad --random-inputs --seed=1 --sym B=3 --sym S=17 --check | FileCheck %s
// RUN: kiln-run %s --entry=pad --random-inputs --seed=2 --sym B=2 --sym S=0 --check | FileCheck %s
// RUN: kiln-run %s --entry=pad_bf16 --random-inputs --seed=3 --check | FileCheck %s
// RUN: kiln-run %s --entry=cumsum --random-inputs --seed=4 --sym B=5 --sym S=33 --check | FileCheck %s
// RUN: kiln-run %s --entry=cumsum --random-inputs --seed=5 --sym B=0 --sym S=4 --check | FileCheck %s
// RUN: kiln-run %s --entry=cumsum --random-inputs --seed=6 --sym B=2 --sym S=0 --check | FileCheck %s
// RUN: kiln-run %s --entry=cumsum_ints --random-inputs --seed=7 --sym S=50 --check | FileCheck %s
// RUN: kiln-run %s --entry=arg --random-inputs --seed=8 --sym B=6 --sym V=37 --check | FileCheck %s
// RUN: kiln-run %s --entry=arg --random-inputs --seed=9 --sym B=1 --sym V=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=arg_ties --random-inputs --seed=10 --sym B=4 --check | FileCheck %s
// RUN: kiln-run %s --entry=arg_nan --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

func.func @pad(%x: !kiln.tensor<[B, S], f32>) -> (!kiln.tensor<[B + 1, S + 5], f32>, !kiln.tensor<[B, S + 2], f32>) {
  %0 = kiln.pad %x {low = array<i64: 1, 2>, high = array<i64: 0, 3>, value = -1.5 : f64} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B + 1, S + 5], f32>
  %e = kiln.exp %x : !kiln.tensor<[B, S], f32>
  %1 = kiln.pad %e {low = array<i64: 0, 2>, high = array<i64: 0, 0>} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, S + 2], f32>
  return %0, %1 : !kiln.tensor<[B + 1, S + 5], f32>, !kiln.tensor<[B, S + 2], f32>
}

func.func @pad_bf16(%x: !kiln.tensor<[2, 3, 4], bf16>, %i: !kiln.tensor<[5], i32>) -> (!kiln.tensor<[2, 5, 4], bf16>, !kiln.tensor<[8], i32>) {
  %0 = kiln.pad %x {low = array<i64: 0, 1, 0>, high = array<i64: 0, 1, 0>, value = 0.25 : f64} : !kiln.tensor<[2, 3, 4], bf16> -> !kiln.tensor<[2, 5, 4], bf16>
  %1 = kiln.pad %i {low = array<i64: 3>, high = array<i64: 0>, value = 7.0 : f64} : !kiln.tensor<[5], i32> -> !kiln.tensor<[8], i32>
  return %0, %1 : !kiln.tensor<[2, 5, 4], bf16>, !kiln.tensor<[8], i32>
}

func.func @cumsum(%x: !kiln.tensor<[B, S], f32>, %h: !kiln.tensor<[B, S], bf16>) -> (!kiln.tensor<[B, S], f32>, !kiln.tensor<[B, S], f32>, !kiln.tensor<[B, S], bf16>) {
  %0 = kiln.cumsum %x {dim = 1 : i64} : !kiln.tensor<[B, S], f32>
  %1 = kiln.cumsum %x {dim = 0 : i64} : !kiln.tensor<[B, S], f32>
  %2 = kiln.cumsum %h {dim = -1 : i64} : !kiln.tensor<[B, S], bf16>
  return %0, %1, %2 : !kiln.tensor<[B, S], f32>, !kiln.tensor<[B, S], f32>, !kiln.tensor<[B, S], bf16>
}

// Position ids from a padding mask, as Hugging Face models build them.
func.func @cumsum_ints(%m: !kiln.tensor<[2, S], i1>, %n: !kiln.tensor<[S], i32>) -> (!kiln.tensor<[2, S], i64>, !kiln.tensor<[S], i32>) {
  %i = kiln.cast %m : !kiln.tensor<[2, S], i1> -> !kiln.tensor<[2, S], i64>
  %0 = kiln.cumsum %i {dim = 1 : i64} : !kiln.tensor<[2, S], i64>
  %1 = kiln.cumsum %n {dim = 0 : i64} : !kiln.tensor<[S], i32>
  return %0, %1 : !kiln.tensor<[2, S], i64>, !kiln.tensor<[S], i32>
}

func.func @arg(%x: !kiln.tensor<[B, V], f32>, %h: !kiln.tensor<[B, V], bf16>, %n: !kiln.tensor<[B, V], i64>) -> (!kiln.tensor<[B], i64>, !kiln.tensor<[B, 1], i32>, !kiln.tensor<[V], i64>, !kiln.tensor<[B], i64>) {
  %0 = kiln.argmax %x {dim = -1 : i64} : !kiln.tensor<[B, V], f32> -> !kiln.tensor<[B], i64>
  %1 = kiln.argmin %h {dim = 1 : i64, keepdim = true} : !kiln.tensor<[B, V], bf16> -> !kiln.tensor<[B, 1], i32>
  %2 = kiln.argmax %n {dim = 0 : i64} : !kiln.tensor<[B, V], i64> -> !kiln.tensor<[V], i64>
  %3 = kiln.argmin %n {dim = 1 : i64} : !kiln.tensor<[B, V], i64> -> !kiln.tensor<[B], i64>
  return %0, %1, %2, %3 : !kiln.tensor<[B], i64>, !kiln.tensor<[B, 1], i32>, !kiln.tensor<[V], i64>, !kiln.tensor<[B], i64>
}

// Integers in [-8, 8] over 40 entries tie often: the first index wins.
func.func @arg_ties(%n: !kiln.tensor<[B, 40], i32>) -> (!kiln.tensor<[B], i64>, !kiln.tensor<[B], i64>) {
  %0 = kiln.argmax %n {dim = 1 : i64} : !kiln.tensor<[B, 40], i32> -> !kiln.tensor<[B], i64>
  %1 = kiln.argmin %n {dim = 1 : i64} : !kiln.tensor<[B, 40], i32> -> !kiln.tensor<[B], i64>
  return %0, %1 : !kiln.tensor<[B], i64>, !kiln.tensor<[B], i64>
}

// A NaN wins (index 2 in row 0, 1 in row 1), -inf everywhere gives 0.
func.func @arg_nan() -> (!kiln.tensor<[3], i64>, !kiln.tensor<[3], i64>) {
  %x = kiln.constant {value = dense<[[1.0, 5.0, 0x7FC00000, 9.0], [0.0, 0x7FC00000, 0x7FC00000, -1.0], [0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000]]> : tensor<3x4xf32>} : !kiln.tensor<[3, 4], f32>
  %0 = kiln.argmax %x {dim = 1 : i64} : !kiln.tensor<[3, 4], f32> -> !kiln.tensor<[3], i64>
  %1 = kiln.argmin %x {dim = 1 : i64} : !kiln.tensor<[3, 4], f32> -> !kiln.tensor<[3], i64>
  return %0, %1 : !kiln.tensor<[3], i64>, !kiln.tensor<[3], i64>
}
