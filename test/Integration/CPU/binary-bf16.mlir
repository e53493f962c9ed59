// The elementwise binary ops (add sub mul div max min pow) in bf16, computed
// in f32 and rounded once per op, broadcasting [B, D] with [D] and [B, 1]
// with [1, D] (binary-f32.mlir covers every broadcasting case); static
// (@static) and symbolic (@symbolic, two sizes) shapes.

// RUN: kiln-run %s --entry=static --random-inputs --seed=4 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=5 --sym B=4 --sym D=3 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=6 --sym B=1 --sym D=40 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

!sx = !kiln.tensor<[6, 10], bf16>
!sy = !kiln.tensor<[10], bf16>
!sc = !kiln.tensor<[6, 1], bf16>
!sr = !kiln.tensor<[1, 10], bf16>
!ssc = !kiln.tensor<[], bf16>
func.func @static(%x: !sx, %y: !sy, %c: !sc, %r: !sr, %s: !ssc)
    -> (!sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx) {
  %ey = kiln.exp %y : !sy
  %ex = kiln.exp %x : !sx
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
  %r12 = kiln.pow %ex, %y : !sx, !sy -> !sx
  %r13 = kiln.pow %ex, %s : !sx, !ssc -> !sx
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11, %r12,
         %r13
      : !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !sx
}

!tx = !kiln.tensor<[B, D], bf16>
!ty = !kiln.tensor<[D], bf16>
!tc = !kiln.tensor<[B, 1], bf16>
!tr = !kiln.tensor<[1, D], bf16>
!tsc = !kiln.tensor<[], bf16>
func.func @symbolic(%x: !tx, %y: !ty, %c: !tc, %r: !tr, %s: !tsc)
    -> (!tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx) {
  %ey = kiln.exp %y : !ty
  %ex = kiln.exp %x : !tx
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
  %r12 = kiln.pow %ex, %y : !tx, !ty -> !tx
  %r13 = kiln.pow %ex, %s : !tx, !tsc -> !tx
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11, %r12,
         %r13
      : !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !tx
}
