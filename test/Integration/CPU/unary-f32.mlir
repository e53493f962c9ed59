// Every elementwise unary op of design.md §2 in f32 (neg abs exp log sqrt
// rsqrt tanh sigmoid relu silu erf sin cos reciprocal, gelu "none" and
// "tanh"), compiled for the CPU and checked against the reference
// interpreter, with static shapes (@static) and symbolic shapes (@symbolic,
// one source run at two sizes). Random inputs are normal(0, 1): log, sqrt,
// rsqrt and reciprocal read exp(x) to stay in their domain.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=3 --sym D=17 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=16 --sym D=64 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

!s = !kiln.tensor<[5, 7], f32>
func.func @static(%x: !s) -> (!s, !s, !s, !s, !s, !s, !s, !s, !s, !s, !s, !s, !s, !s, !s, !s) {
  %e = kiln.exp %x : !s
  %0 = kiln.neg %x : !s
  %1 = kiln.abs %x : !s
  %2 = kiln.exp %x : !s
  %3 = kiln.log %e : !s
  %4 = kiln.sqrt %e : !s
  %5 = kiln.rsqrt %e : !s
  %6 = kiln.tanh %x : !s
  %7 = kiln.sigmoid %x : !s
  %8 = kiln.relu %x : !s
  %9 = kiln.silu %x : !s
  %10 = kiln.erf %x : !s
  %11 = kiln.sin %x : !s
  %12 = kiln.cos %x : !s
  %13 = kiln.reciprocal %e : !s
  %14 = kiln.gelu %x : !s
  %15 = kiln.gelu %x {approximate = "tanh"} : !s
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15
      : !s, !s, !s, !s, !s, !s, !s, !s, !s, !s, !s, !s, !s, !s, !s, !s
}

!t = !kiln.tensor<[B, D], f32>
func.func @symbolic(%x: !t) -> (!t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t) {
  %e = kiln.exp %x : !t
  %0 = kiln.neg %x : !t
  %1 = kiln.abs %x : !t
  %2 = kiln.exp %x : !t
  %3 = kiln.log %e : !t
  %4 = kiln.sqrt %e : !t
  %5 = kiln.rsqrt %e : !t
  %6 = kiln.tanh %x : !t
  %7 = kiln.sigmoid %x : !t
  %8 = kiln.relu %x : !t
  %9 = kiln.silu %x : !t
  %10 = kiln.erf %x : !t
  %11 = kiln.sin %x : !t
  %12 = kiln.cos %x : !t
  %13 = kiln.reciprocal %e : !t
  %14 = kiln.gelu %x : !t
  %15 = kiln.gelu %x {approximate = "tanh"} : !t
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15
      : !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t
}
