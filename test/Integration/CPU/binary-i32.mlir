// The integer elementwise binary ops (add sub mul div max min) on i32,
// broadcasting [B, D] with [D] and [B, 1] with [1, D]; div truncates toward
// zero and divides by |y| + 1 (random integers are uniform over [-8, 8]).
// Exact check; static (@static) and symbolic (@symbolic, two sizes).

// RUN: kiln-run %s --entry=static --random-inputs --seed=7 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=8 --sym B=3 --sym D=4 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=9 --sym B=11 --sym D=32 --check | FileCheck %s

// CHECK: check: ok max_abs_err=0.000000e+00 max_rel_err=0.000000e+00

!sx = !kiln.tensor<[6, 10], i32>
!sy = !kiln.tensor<[10], i32>
!sc = !kiln.tensor<[6, 1], i32>
!sr = !kiln.tensor<[1, 10], i32>
!ssc = !kiln.tensor<[], i32>
func.func @static(%x: !sx, %y: !sy, %c: !sc, %r: !sr)
    -> (!sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx) {
  %one = kiln.constant {value = dense<1> : tensor<i32>} : !ssc
  %ay = kiln.abs %y : !sy
  %ey = kiln.add %ay, %one : !sy, !ssc -> !sy
  %r0 = kiln.add %x, %y : !sx, !sy -> !sx
  %r1 = kiln.add %c, %r : !sc, !sr -> !sx
  %r2 = kiln.sub %x, %y : !sx, !sy -> !sx
  %r3 = kiln.sub %c, %r : !sc, !sr -> !sx
  %r4 = kiln.mul %x, %y : !sx, !sy -> !sx
  %r5 = kiln.mul %c, %r : !sc, !sr -> !sx
  %r6 = kiln.div %x, %ey : !sx, !sy -> !sx
  %r7 = kiln.div %c, %ey : !sc, !sy -> !sx
  %r8 = kiln.max %x, %y : !sx, !sy -> !sx
  %r9 = kiln.max %c, %r : !sc, !sr -> !sx
  %r10 = kiln.min %x, %y : !sx, !sy -> !sx
  %r11 = kiln.min %c, %r : !sc, !sr -> !sx
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11
      : !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx
}

!tx = !kiln.tensor<[B, D], i32>
!ty = !kiln.tensor<[D], i32>
!tc = !kiln.tensor<[B, 1], i32>
!tr = !kiln.tensor<[1, D], i32>
!tsc = !kiln.tensor<[], i32>
func.func @symbolic(%x: !tx, %y: !ty, %c: !tc, %r: !tr)
    -> (!tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx) {
  %one = kiln.constant {value = dense<1> : tensor<i32>} : !tsc
  %ay = kiln.abs %y : !ty
  %ey = kiln.add %ay, %one : !ty, !tsc -> !ty
  %r0 = kiln.add %x, %y : !tx, !ty -> !tx
  %r1 = kiln.add %c, %r : !tc, !tr -> !tx
  %r2 = kiln.sub %x, %y : !tx, !ty -> !tx
  %r3 = kiln.sub %c, %r : !tc, !tr -> !tx
  %r4 = kiln.mul %x, %y : !tx, !ty -> !tx
  %r5 = kiln.mul %c, %r : !tc, !tr -> !tx
  %r6 = kiln.div %x, %ey : !tx, !ty -> !tx
  %r7 = kiln.div %c, %ey : !tc, !ty -> !tx
  %r8 = kiln.max %x, %y : !tx, !ty -> !tx
  %r9 = kiln.max %c, %r : !tc, !tr -> !tx
  %r10 = kiln.min %x, %y : !tx, !ty -> !tx
  %r11 = kiln.min %c, %r : !tc, !tr -> !tx
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11
      : !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx
}
