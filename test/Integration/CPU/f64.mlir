// f64, the widest element type: elementwise ops (unary, a composite, a
// broadcasting div by exp(v)), a reduction, softmax, layer_norm and a
// matmul, computed in f64 and checked at f64 tolerance; static (@static) and
// symbolic (@symbolic, two sizes) shapes.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=1 --sym D=2 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=9 --sym D=40 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

!sx = !kiln.tensor<[4, 6], f64>
!sv = !kiln.tensor<[6], f64>
func.func @static(%x: !sx, %v: !sv, %w: !kiln.tensor<[6, 3], f64>)
    -> (!sx, !sx, !sx, !kiln.tensor<[4, 1], f64>, !sx, !sx, !kiln.tensor<[4, 3], f64>) {
  %e = kiln.exp %x : !sx
  %0 = kiln.log %e : !sx
  %1 = kiln.gelu %x {approximate = "tanh"} : !sx
  %ev = kiln.exp %v : !sv
  %2 = kiln.div %x, %ev : !sx, !sv -> !sx
  %3 = kiln.reduce_mean %x {dims = array<i64: -1>, keepdim = true} : !sx -> !kiln.tensor<[4, 1], f64>
  %4 = kiln.softmax %x {dim = 1 : i64} : !sx
  %5 = kiln.layer_norm %x, %v, %v {epsilon = 1.0e-5 : f64} : !sx, !sv, !sv
  %6 = kiln.matmul %x, %w : !sx, !kiln.tensor<[6, 3], f64> -> !kiln.tensor<[4, 3], f64>
  return %0, %1, %2, %3, %4, %5, %6 : !sx, !sx, !sx, !kiln.tensor<[4, 1], f64>, !sx, !sx, !kiln.tensor<[4, 3], f64>
}

!tx = !kiln.tensor<[B, D], f64>
!tv = !kiln.tensor<[D], f64>
func.func @symbolic(%x: !tx, %v: !tv, %w: !kiln.tensor<[D, 3], f64>)
    -> (!tx, !tx, !tx, !kiln.tensor<[B, 1], f64>, !tx, !tx, !kiln.tensor<[B, 3], f64>) {
  %e = kiln.exp %x : !tx
  %0 = kiln.log %e : !tx
  %1 = kiln.gelu %x {approximate = "tanh"} : !tx
  %ev = kiln.exp %v : !tv
  %2 = kiln.div %x, %ev : !tx, !tv -> !tx
  %3 = kiln.reduce_mean %x {dims = array<i64: -1>, keepdim = true} : !tx -> !kiln.tensor<[B, 1], f64>
  %4 = kiln.softmax %x {dim = 1 : i64} : !tx
  %5 = kiln.layer_norm %x, %v, %v {epsilon = 1.0e-5 : f64} : !tx, !tv, !tv
  %6 = kiln.matmul %x, %w : !tx, !kiln.tensor<[D, 3], f64> -> !kiln.tensor<[B, 3], f64>
  return %0, %1, %2, %3, %4, %5, %6 : !tx, !tx, !tx, !kiln.tensor<[B, 1], f64>, !tx, !tx, !kiln.tensor<[B, 3], f64>
}
