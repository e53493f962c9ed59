// The composite ops in bf16: kiln.softmax and kiln.log_softmax over each dim
// (negative and positive), kiln.layer_norm and kiln.rms_norm (last dim, a
// small and a large epsilon); bf16 inputs are normalized in f32 and rounded
// once. Static (@static) and symbolic (@symbolic, two sizes) shapes.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=2 --sym S=1 --sym D=7 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=4 --sym S=9 --sym D=64 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

!sx = !kiln.tensor<[3, 5, 16], bf16>
!sv = !kiln.tensor<[16], bf16>
func.func @static(%x: !sx, %w: !sv, %b: !sv)
    -> (!sx, !sx, !sx, !sx, !sx, !sx,
        !sx, !sx, !sx, !sx) {
  %0 = kiln.softmax %x {dim = -1 : i64} : !sx
  %1 = kiln.softmax %x {dim = 0 : i64} : !sx
  %2 = kiln.softmax %x {dim = -2 : i64} : !sx
  %3 = kiln.log_softmax %x {dim = 2 : i64} : !sx
  %4 = kiln.log_softmax %x {dim = -3 : i64} : !sx
  %5 = kiln.log_softmax %x {dim = 1 : i64} : !sx
  %6 = kiln.layer_norm %x, %w, %b {epsilon = 1.0e-5 : f64} : !sx, !sv, !sv
  %7 = kiln.layer_norm %x, %w, %b {epsilon = 0.5 : f64} : !sx, !sv, !sv
  %8 = kiln.rms_norm %x, %w {epsilon = 1.0e-6 : f64} : !sx, !sv
  %9 = kiln.rms_norm %x, %w {epsilon = 2.0 : f64} : !sx, !sv
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9
      : !sx, !sx, !sx, !sx, !sx, !sx,
        !sx, !sx, !sx, !sx
}

!tx = !kiln.tensor<[B, S, D], bf16>
!tv = !kiln.tensor<[D], bf16>
func.func @symbolic(%x: !tx, %w: !tv, %b: !tv)
    -> (!tx, !tx, !tx, !tx, !tx, !tx,
        !tx, !tx, !tx, !tx) {
  %0 = kiln.softmax %x {dim = -1 : i64} : !tx
  %1 = kiln.softmax %x {dim = 0 : i64} : !tx
  %2 = kiln.softmax %x {dim = -2 : i64} : !tx
  %3 = kiln.log_softmax %x {dim = 2 : i64} : !tx
  %4 = kiln.log_softmax %x {dim = -3 : i64} : !tx
  %5 = kiln.log_softmax %x {dim = 1 : i64} : !tx
  %6 = kiln.layer_norm %x, %w, %b {epsilon = 1.0e-5 : f64} : !tx, !tv, !tv
  %7 = kiln.layer_norm %x, %w, %b {epsilon = 0.5 : f64} : !tx, !tv, !tv
  %8 = kiln.rms_norm %x, %w {epsilon = 1.0e-6 : f64} : !tx, !tv
  %9 = kiln.rms_norm %x, %w {epsilon = 2.0 : f64} : !tx, !tv
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9
      : !tx, !tx, !tx, !tx, !tx, !tx,
        !tx, !tx, !tx, !tx
}
