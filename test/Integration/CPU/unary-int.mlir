// The unary ops that also apply to integers (neg, abs, relu) on i32 and
// i64, static (@static) and symbolic (@symbolic at two sizes) shapes.
// Random integers are uniform over [-8, 8]; the check is exact.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym N=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym N=50 --check | FileCheck %s

// CHECK: check: ok max_abs_err=0.000000e+00 max_rel_err=0.000000e+00

!i = !kiln.tensor<[4, 6], i32>
!l = !kiln.tensor<[9], i64>
func.func @static(%x: !i, %y: !l) -> (!i, !i, !i, !l, !l, !l) {
  %0 = kiln.neg %x : !i
  %1 = kiln.abs %x : !i
  %2 = kiln.relu %x : !i
  %3 = kiln.neg %y : !l
  %4 = kiln.abs %y : !l
  %5 = kiln.relu %y : !l
  return %0, %1, %2, %3, %4, %5 : !i, !i, !i, !l, !l, !l
}

!si = !kiln.tensor<[N, 3], i32>
!sl = !kiln.tensor<[N], i64>
func.func @symbolic(%x: !si, %y: !sl) -> (!si, !si, !si, !sl, !sl, !sl) {
  %0 = kiln.neg %x : !si
  %1 = kiln.abs %x : !si
  %2 = kiln.relu %x : !si
  %3 = kiln.neg %y : !sl
  %4 = kiln.abs %y : !sl
  %5 = kiln.relu %y : !sl
  return %0, %1, %2, %3, %4, %5 : !si, !si, !si, !sl, !sl, !sl
}
