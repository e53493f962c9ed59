// Every elementwise binary op of design.md §2 (add sub mul div max min pow)
// in f32 with NumPy broadcasting: equal shapes, [B, D] with [D] on either
// side, [B, 1] with [1, D], a rank-0 scalar, and [B, 1, D] with [S, D];
// static (@static) and symbolic (@symbolic, two sizes) shapes. div divides
// by exp(y) and pow raises exp(x), to stay in their domain.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=2 --sym D=5 --sym S=3 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=9 --sym D=64 --sym S=1 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

!sx = !kiln.tensor<[6, 10], f32>
!sy = !kiln.tensor<[10], f32>
!sc = !kiln.tensor<[6, 1], f32>
!sr = !kiln.tensor<[1, 10], f32>
!ssc = !kiln.tensor<[], f32>
!sz = !kiln.tensor<[6, 1, 10], f32>
!sw = !kiln.tensor<[3, 10], f32>
!so = !kiln.tensor<[6, 3, 10], f32>
func.func @static(%x: !sx, %x2: !sx, %y: !sy, %c: !sc, %r: !sr, %s: !ssc, %z: !sz, %w: !sw)
    -> (!sx, !sx, !sx, !sx, !sx, !so, !sx, !sx, !sx, !sx, !sx, !so, !sx, !sx,
        !sx, !sx, !sx, !so, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !so, !sx, !sx,
        !sx, !sx, !sx, !so, !sx, !sx) {
  %ey = kiln.exp %y : !sy
  %ex = kiln.exp %x : !sx
  %r0 = kiln.add %x, %x2 : !sx, !sx -> !sx
  %r1 = kiln.add %x, %y : !sx, !sy -> !sx
  %r2 = kiln.add %y, %x : !sy, !sx -> !sx
  %r3 = kiln.add %c, %r : !sc, !sr -> !sx
  %r4 = kiln.add %x, %s : !sx, !ssc -> !sx
  %r5 = kiln.add %z, %w : !sz, !sw -> !so
  %r6 = kiln.sub %x, %x2 : !sx, !sx -> !sx
  %r7 = kiln.sub %x, %y : !sx, !sy -> !sx
  %r8 = kiln.sub %y, %x : !sy, !sx -> !sx
  %r9 = kiln.sub %c, %r : !sc, !sr -> !sx
  %r10 = kiln.sub %x, %s : !sx, !ssc -> !sx
  %r11 = kiln.sub %z, %w : !sz, !sw -> !so
  %r12 = kiln.mul %x, %x2 : !sx, !sx -> !sx
  %r13 = kiln.mul %x, %y : !sx, !sy -> !sx
  %r14 = kiln.mul %y, %x : !sy, !sx -> !sx
  %r15 = kiln.mul %c, %r : !sc, !sr -> !sx
  %r16 = kiln.mul %x, %s : !sx, !ssc -> !sx
  %r17 = kiln.mul %z, %w : !sz, !sw -> !so
  %r18 = kiln.div %x, %ey : !sx, !sy -> !sx
  %r19 = kiln.div %c, %ey : !sc, !sy -> !sx
  %r20 = kiln.max %x, %x2 : !sx, !sx -> !sx
  %r21 = kiln.max %x, %y : !sx, !sy -> !sx
  %r22 = kiln.max %y, %x : !sy, !sx -> !sx
  %r23 = kiln.max %c, %r : !sc, !sr -> !sx
  %r24 = kiln.max %x, %s : !sx, !ssc -> !sx
  %r25 = kiln.max %z, %w : !sz, !sw -> !so
  %r26 = kiln.min %x, %x2 : !sx, !sx -> !sx
  %r27 = kiln.min %x, %y : !sx, !sy -> !sx
  %r28 = kiln.min %y, %x : !sy, !sx -> !sx
  %r29 = kiln.min %c, %r : !sc, !sr -> !sx
  %r30 = kiln.min %x, %s : !sx, !ssc -> !sx
  %r31 = kiln.min %z, %w : !sz, !sw -> !so
  %r32 = kiln.pow %ex, %y : !sx, !sy -> !sx
  %r33 = kiln.pow %ex, %s : !sx, !ssc -> !sx
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11, %r12,
         %r13, %r14, %r15, %r16, %r17, %r18, %r19, %r20, %r21, %r22, %r23,
         %r24, %r25, %r26, %r27, %r28, %r29, %r30, %r31, %r32, %r33
      : !sx, !sx, !sx, !sx, !sx, !so, !sx, !sx, !sx, !sx, !sx, !so, !sx, !sx,
        !sx, !sx, !sx, !so, !sx, !sx, !sx, !sx, !sx, !sx, !sx, !so, !sx, !sx,
        !sx, !sx, !sx, !so, !sx, !sx
}

!tx = !kiln.tensor<[B, D], f32>
!ty = !kiln.tensor<[D], f32>
!tc = !kiln.tensor<[B, 1], f32>
!tr = !kiln.tensor<[1, D], f32>
!tsc = !kiln.tensor<[], f32>
!tz = !kiln.tensor<[B, 1, D], f32>
!tw = !kiln.tensor<[S, D], f32>
!to = !kiln.tensor<[B, S, D], f32>
func.func @symbolic(%x: !tx, %x2: !tx, %y: !ty, %c: !tc, %r: !tr, %s: !tsc, %z: !tz, %w: !tw)
    -> (!tx, !tx, !tx, !tx, !tx, !to, !tx, !tx, !tx, !tx, !tx, !to, !tx, !tx,
        !tx, !tx, !tx, !to, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !to, !tx, !tx,
        !tx, !tx, !tx, !to, !tx, !tx) {
  %ey = kiln.exp %y : !ty
  %ex = kiln.exp %x : !tx
  %r0 = kiln.add %x, %x2 : !tx, !tx -> !tx
  %r1 = kiln.add %x, %y : !tx, !ty -> !tx
  %r2 = kiln.add %y, %x : !ty, !tx -> !tx
  %r3 = kiln.add %c, %r : !tc, !tr -> !tx
  %r4 = kiln.add %x, %s : !tx, !tsc -> !tx
  %r5 = kiln.add %z, %w : !tz, !tw -> !to
  %r6 = kiln.sub %x, %x2 : !tx, !tx -> !tx
  %r7 = kiln.sub %x, %y : !tx, !ty -> !tx
  %r8 = kiln.sub %y, %x : !ty, !tx -> !tx
  %r9 = kiln.sub %c, %r : !tc, !tr -> !tx
  %r10 = kiln.sub %x, %s : !tx, !tsc -> !tx
  %r11 = kiln.sub %z, %w : !tz, !tw -> !to
  %r12 = kiln.mul %x, %x2 : !tx, !tx -> !tx
  %r13 = kiln.mul %x, %y : !tx, !ty -> !tx
  %r14 = kiln.mul %y, %x : !ty, !tx -> !tx
  %r15 = kiln.mul %c, %r : !tc, !tr -> !tx
  %r16 = kiln.mul %x, %s : !tx, !tsc -> !tx
  %r17 = kiln.mul %z, %w : !tz, !tw -> !to
  %r18 = kiln.div %x, %ey : !tx, !ty -> !tx
  %r19 = kiln.div %c, %ey : !tc, !ty -> !tx
  %r20 = kiln.max %x, %x2 : !tx, !tx -> !tx
  %r21 = kiln.max %x, %y : !tx, !ty -> !tx
  %r22 = kiln.max %y, %x : !ty, !tx -> !tx
  %r23 = kiln.max %c, %r : !tc, !tr -> !tx
  %r24 = kiln.max %x, %s : !tx, !tsc -> !tx
  %r25 = kiln.max %z, %w : !tz, !tw -> !to
  %r26 = kiln.min %x, %x2 : !tx, !tx -> !tx
  %r27 = kiln.min %x, %y : !tx, !ty -> !tx
  %r28 = kiln.min %y, %x : !ty, !tx -> !tx
  %r29 = kiln.min %c, %r : !tc, !tr -> !tx
  %r30 = kiln.min %x, %s : !tx, !tsc -> !tx
  %r31 = kiln.min %z, %w : !tz, !tw -> !to
  %r32 = kiln.pow %ex, %y : !tx, !ty -> !tx
  %r33 = kiln.pow %ex, %s : !tx, !tsc -> !tx
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11, %r12,
         %r13, %r14, %r15, %r16, %r17, %r18, %r19, %r20, %r21, %r22, %r23,
         %r24, %r25, %r26, %r27, %r28, %r29, %r30, %r31, %r32, %r33
      : !tx, !tx, !tx, !tx, !tx, !to, !tx, !tx, !tx, !tx, !tx, !to, !tx, !tx,
        !tx, !tx, !tx, !to, !tx, !tx, !tx, !tx, !tx, !tx, !tx, !to, !tx, !tx,
        !tx, !tx, !tx, !to, !tx, !tx
}
