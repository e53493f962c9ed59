// kiln.reduce_sum, reduce_max, reduce_min and reduce_mean on bf16 over one,
// two and all dims, negative dims counting from the end, with and without
// keepdim; bf16 accumulates in f32 and rounds once. Static (@static) and
// symbolic (@symbolic, two sizes) shapes.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=1 --sym S=5 --sym D=3 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=3 --sym S=16 --sym D=64 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

!sx = !kiln.tensor<[4, 6, 8], bf16>
func.func @static(%x: !sx) -> (
    !kiln.tensor<[4, 6], bf16>,
    !kiln.tensor<[4, 6, 1], bf16>,
    !kiln.tensor<[6, 8], bf16>,
    !kiln.tensor<[1, 6, 8], bf16>,
    !kiln.tensor<[6], bf16>,
    !kiln.tensor<[1, 6, 1], bf16>,
    !kiln.tensor<[4], bf16>,
    !kiln.tensor<[4, 1, 8], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>,
    !kiln.tensor<[4, 6], bf16>,
    !kiln.tensor<[4, 6, 1], bf16>,
    !kiln.tensor<[6, 8], bf16>,
    !kiln.tensor<[1, 6, 8], bf16>,
    !kiln.tensor<[6], bf16>,
    !kiln.tensor<[1, 6, 1], bf16>,
    !kiln.tensor<[4], bf16>,
    !kiln.tensor<[4, 1, 8], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>,
    !kiln.tensor<[4, 6], bf16>,
    !kiln.tensor<[4, 6, 1], bf16>,
    !kiln.tensor<[6, 8], bf16>,
    !kiln.tensor<[1, 6, 8], bf16>,
    !kiln.tensor<[6], bf16>,
    !kiln.tensor<[1, 6, 1], bf16>,
    !kiln.tensor<[4], bf16>,
    !kiln.tensor<[4, 1, 8], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>,
    !kiln.tensor<[4, 6], bf16>,
    !kiln.tensor<[4, 6, 1], bf16>,
    !kiln.tensor<[6, 8], bf16>,
    !kiln.tensor<[1, 6, 8], bf16>,
    !kiln.tensor<[6], bf16>,
    !kiln.tensor<[1, 6, 1], bf16>,
    !kiln.tensor<[4], bf16>,
    !kiln.tensor<[4, 1, 8], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>) {
  %r0 = kiln.reduce_sum %x {dims = array<i64: -1>} : !sx -> !kiln.tensor<[4, 6], bf16>
  %r1 = kiln.reduce_sum %x {dims = array<i64: -1>, keepdim = true} : !sx -> !kiln.tensor<[4, 6, 1], bf16>
  %r2 = kiln.reduce_sum %x {dims = array<i64: 0>} : !sx -> !kiln.tensor<[6, 8], bf16>
  %r3 = kiln.reduce_sum %x {dims = array<i64: 0>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 8], bf16>
  %r4 = kiln.reduce_sum %x {dims = array<i64: 0, 2>} : !sx -> !kiln.tensor<[6], bf16>
  %r5 = kiln.reduce_sum %x {dims = array<i64: -3, -1>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 1], bf16>
  %r6 = kiln.reduce_sum %x {dims = array<i64: -2, -1>} : !sx -> !kiln.tensor<[4], bf16>
  %r7 = kiln.reduce_sum %x {dims = array<i64: 1>, keepdim = true} : !sx -> !kiln.tensor<[4, 1, 8], bf16>
  %r8 = kiln.reduce_sum %x {dims = array<i64: 0, 1, 2>} : !sx -> !kiln.tensor<[], bf16>
  %r9 = kiln.reduce_sum %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !sx -> !kiln.tensor<[1, 1, 1], bf16>
  %r10 = kiln.reduce_max %x {dims = array<i64: -1>} : !sx -> !kiln.tensor<[4, 6], bf16>
  %r11 = kiln.reduce_max %x {dims = array<i64: -1>, keepdim = true} : !sx -> !kiln.tensor<[4, 6, 1], bf16>
  %r12 = kiln.reduce_max %x {dims = array<i64: 0>} : !sx -> !kiln.tensor<[6, 8], bf16>
  %r13 = kiln.reduce_max %x {dims = array<i64: 0>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 8], bf16>
  %r14 = kiln.reduce_max %x {dims = array<i64: 0, 2>} : !sx -> !kiln.tensor<[6], bf16>
  %r15 = kiln.reduce_max %x {dims = array<i64: -3, -1>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 1], bf16>
  %r16 = kiln.reduce_max %x {dims = array<i64: -2, -1>} : !sx -> !kiln.tensor<[4], bf16>
  %r17 = kiln.reduce_max %x {dims = array<i64: 1>, keepdim = true} : !sx -> !kiln.tensor<[4, 1, 8], bf16>
  %r18 = kiln.reduce_max %x {dims = array<i64: 0, 1, 2>} : !sx -> !kiln.tensor<[], bf16>
  %r19 = kiln.reduce_max %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !sx -> !kiln.tensor<[1, 1, 1], bf16>
  %r20 = kiln.reduce_min %x {dims = array<i64: -1>} : !sx -> !kiln.tensor<[4, 6], bf16>
  %r21 = kiln.reduce_min %x {dims = array<i64: -1>, keepdim = true} : !sx -> !kiln.tensor<[4, 6, 1], bf16>
  %r22 = kiln.reduce_min %x {dims = array<i64: 0>} : !sx -> !kiln.tensor<[6, 8], bf16>
  %r23 = kiln.reduce_min %x {dims = array<i64: 0>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 8], bf16>
  %r24 = kiln.reduce_min %x {dims = array<i64: 0, 2>} : !sx -> !kiln.tensor<[6], bf16>
  %r25 = kiln.reduce_min %x {dims = array<i64: -3, -1>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 1], bf16>
  %r26 = kiln.reduce_min %x {dims = array<i64: -2, -1>} : !sx -> !kiln.tensor<[4], bf16>
  %r27 = kiln.reduce_min %x {dims = array<i64: 1>, keepdim = true} : !sx -> !kiln.tensor<[4, 1, 8], bf16>
  %r28 = kiln.reduce_min %x {dims = array<i64: 0, 1, 2>} : !sx -> !kiln.tensor<[], bf16>
  %r29 = kiln.reduce_min %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !sx -> !kiln.tensor<[1, 1, 1], bf16>
  %r30 = kiln.reduce_mean %x {dims = array<i64: -1>} : !sx -> !kiln.tensor<[4, 6], bf16>
  %r31 = kiln.reduce_mean %x {dims = array<i64: -1>, keepdim = true} : !sx -> !kiln.tensor<[4, 6, 1], bf16>
  %r32 = kiln.reduce_mean %x {dims = array<i64: 0>} : !sx -> !kiln.tensor<[6, 8], bf16>
  %r33 = kiln.reduce_mean %x {dims = array<i64: 0>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 8], bf16>
  %r34 = kiln.reduce_mean %x {dims = array<i64: 0, 2>} : !sx -> !kiln.tensor<[6], bf16>
  %r35 = kiln.reduce_mean %x {dims = array<i64: -3, -1>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 1], bf16>
  %r36 = kiln.reduce_mean %x {dims = array<i64: -2, -1>} : !sx -> !kiln.tensor<[4], bf16>
  %r37 = kiln.reduce_mean %x {dims = array<i64: 1>, keepdim = true} : !sx -> !kiln.tensor<[4, 1, 8], bf16>
  %r38 = kiln.reduce_mean %x {dims = array<i64: 0, 1, 2>} : !sx -> !kiln.tensor<[], bf16>
  %r39 = kiln.reduce_mean %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !sx -> !kiln.tensor<[1, 1, 1], bf16>
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9,
         %r10, %r11, %r12, %r13, %r14, %r15, %r16, %r17, %r18, %r19,
         %r20, %r21, %r22, %r23, %r24, %r25, %r26, %r27, %r28, %r29,
         %r30, %r31, %r32, %r33, %r34, %r35, %r36, %r37, %r38, %r39
:
    !kiln.tensor<[4, 6], bf16>,
    !kiln.tensor<[4, 6, 1], bf16>,
    !kiln.tensor<[6, 8], bf16>,
    !kiln.tensor<[1, 6, 8], bf16>,
    !kiln.tensor<[6], bf16>,
    !kiln.tensor<[1, 6, 1], bf16>,
    !kiln.tensor<[4], bf16>,
    !kiln.tensor<[4, 1, 8], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>,
    !kiln.tensor<[4, 6], bf16>,
    !kiln.tensor<[4, 6, 1], bf16>,
    !kiln.tensor<[6, 8], bf16>,
    !kiln.tensor<[1, 6, 8], bf16>,
    !kiln.tensor<[6], bf16>,
    !kiln.tensor<[1, 6, 1], bf16>,
    !kiln.tensor<[4], bf16>,
    !kiln.tensor<[4, 1, 8], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>,
    !kiln.tensor<[4, 6], bf16>,
    !kiln.tensor<[4, 6, 1], bf16>,
    !kiln.tensor<[6, 8], bf16>,
    !kiln.tensor<[1, 6, 8], bf16>,
    !kiln.tensor<[6], bf16>,
    !kiln.tensor<[1, 6, 1], bf16>,
    !kiln.tensor<[4], bf16>,
    !kiln.tensor<[4, 1, 8], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>,
    !kiln.tensor<[4, 6], bf16>,
    !kiln.tensor<[4, 6, 1], bf16>,
    !kiln.tensor<[6, 8], bf16>,
    !kiln.tensor<[1, 6, 8], bf16>,
    !kiln.tensor<[6], bf16>,
    !kiln.tensor<[1, 6, 1], bf16>,
    !kiln.tensor<[4], bf16>,
    !kiln.tensor<[4, 1, 8], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>
}

!tx = !kiln.tensor<[B, S, D], bf16>
func.func @symbolic(%x: !tx) -> (
    !kiln.tensor<[B, S], bf16>,
    !kiln.tensor<[B, S, 1], bf16>,
    !kiln.tensor<[S, D], bf16>,
    !kiln.tensor<[1, S, D], bf16>,
    !kiln.tensor<[S], bf16>,
    !kiln.tensor<[1, S, 1], bf16>,
    !kiln.tensor<[B], bf16>,
    !kiln.tensor<[B, 1, D], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>,
    !kiln.tensor<[B, S], bf16>,
    !kiln.tensor<[B, S, 1], bf16>,
    !kiln.tensor<[S, D], bf16>,
    !kiln.tensor<[1, S, D], bf16>,
    !kiln.tensor<[S], bf16>,
    !kiln.tensor<[1, S, 1], bf16>,
    !kiln.tensor<[B], bf16>,
    !kiln.tensor<[B, 1, D], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>,
    !kiln.tensor<[B, S], bf16>,
    !kiln.tensor<[B, S, 1], bf16>,
    !kiln.tensor<[S, D], bf16>,
    !kiln.tensor<[1, S, D], bf16>,
    !kiln.tensor<[S], bf16>,
    !kiln.tensor<[1, S, 1], bf16>,
    !kiln.tensor<[B], bf16>,
    !kiln.tensor<[B, 1, D], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>,
    !kiln.tensor<[B, S], bf16>,
    !kiln.tensor<[B, S, 1], bf16>,
    !kiln.tensor<[S, D], bf16>,
    !kiln.tensor<[1, S, D], bf16>,
    !kiln.tensor<[S], bf16>,
    !kiln.tensor<[1, S, 1], bf16>,
    !kiln.tensor<[B], bf16>,
    !kiln.tensor<[B, 1, D], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>) {
  %r0 = kiln.reduce_sum %x {dims = array<i64: -1>} : !tx -> !kiln.tensor<[B, S], bf16>
  %r1 = kiln.reduce_sum %x {dims = array<i64: -1>, keepdim = true} : !tx -> !kiln.tensor<[B, S, 1], bf16>
  %r2 = kiln.reduce_sum %x {dims = array<i64: 0>} : !tx -> !kiln.tensor<[S, D], bf16>
  %r3 = kiln.reduce_sum %x {dims = array<i64: 0>, keepdim = true} : !tx -> !kiln.tensor<[1, S, D], bf16>
  %r4 = kiln.reduce_sum %x {dims = array<i64: 0, 2>} : !tx -> !kiln.tensor<[S], bf16>
  %r5 = kiln.reduce_sum %x {dims = array<i64: -3, -1>, keepdim = true} : !tx -> !kiln.tensor<[1, S, 1], bf16>
  %r6 = kiln.reduce_sum %x {dims = array<i64: -2, -1>} : !tx -> !kiln.tensor<[B], bf16>
  %r7 = kiln.reduce_sum %x {dims = array<i64: 1>, keepdim = true} : !tx -> !kiln.tensor<[B, 1, D], bf16>
  %r8 = kiln.reduce_sum %x {dims = array<i64: 0, 1, 2>} : !tx -> !kiln.tensor<[], bf16>
  %r9 = kiln.reduce_sum %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !tx -> !kiln.tensor<[1, 1, 1], bf16>
  %r10 = kiln.reduce_max %x {dims = array<i64: -1>} : !tx -> !kiln.tensor<[B, S], bf16>
  %r11 = kiln.reduce_max %x {dims = array<i64: -1>, keepdim = true} : !tx -> !kiln.tensor<[B, S, 1], bf16>
  %r12 = kiln.reduce_max %x {dims = array<i64: 0>} : !tx -> !kiln.tensor<[S, D], bf16>
  %r13 = kiln.reduce_max %x {dims = array<i64: 0>, keepdim = true} : !tx -> !kiln.tensor<[1, S, D], bf16>
  %r14 = kiln.reduce_max %x {dims = array<i64: 0, 2>} : !tx -> !kiln.tensor<[S], bf16>
  %r15 = kiln.reduce_max %x {dims = array<i64: -3, -1>, keepdim = true} : !tx -> !kiln.tensor<[1, S, 1], bf16>
  %r16 = kiln.reduce_max %x {dims = array<i64: -2, -1>} : !tx -> !kiln.tensor<[B], bf16>
  %r17 = kiln.reduce_max %x {dims = array<i64: 1>, keepdim = true} : !tx -> !kiln.tensor<[B, 1, D], bf16>
  %r18 = kiln.reduce_max %x {dims = array<i64: 0, 1, 2>} : !tx -> !kiln.tensor<[], bf16>
  %r19 = kiln.reduce_max %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !tx -> !kiln.tensor<[1, 1, 1], bf16>
  %r20 = kiln.reduce_min %x {dims = array<i64: -1>} : !tx -> !kiln.tensor<[B, S], bf16>
  %r21 = kiln.reduce_min %x {dims = array<i64: -1>, keepdim = true} : !tx -> !kiln.tensor<[B, S, 1], bf16>
  %r22 = kiln.reduce_min %x {dims = array<i64: 0>} : !tx -> !kiln.tensor<[S, D], bf16>
  %r23 = kiln.reduce_min %x {dims = array<i64: 0>, keepdim = true} : !tx -> !kiln.tensor<[1, S, D], bf16>
  %r24 = kiln.reduce_min %x {dims = array<i64: 0, 2>} : !tx -> !kiln.tensor<[S], bf16>
  %r25 = kiln.reduce_min %x {dims = array<i64: -3, -1>, keepdim = true} : !tx -> !kiln.tensor<[1, S, 1], bf16>
  %r26 = kiln.reduce_min %x {dims = array<i64: -2, -1>} : !tx -> !kiln.tensor<[B], bf16>
  %r27 = kiln.reduce_min %x {dims = array<i64: 1>, keepdim = true} : !tx -> !kiln.tensor<[B, 1, D], bf16>
  %r28 = kiln.reduce_min %x {dims = array<i64: 0, 1, 2>} : !tx -> !kiln.tensor<[], bf16>
  %r29 = kiln.reduce_min %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !tx -> !kiln.tensor<[1, 1, 1], bf16>
  %r30 = kiln.reduce_mean %x {dims = array<i64: -1>} : !tx -> !kiln.tensor<[B, S], bf16>
  %r31 = kiln.reduce_mean %x {dims = array<i64: -1>, keepdim = true} : !tx -> !kiln.tensor<[B, S, 1], bf16>
  %r32 = kiln.reduce_mean %x {dims = array<i64: 0>} : !tx -> !kiln.tensor<[S, D], bf16>
  %r33 = kiln.reduce_mean %x {dims = array<i64: 0>, keepdim = true} : !tx -> !kiln.tensor<[1, S, D], bf16>
  %r34 = kiln.reduce_mean %x {dims = array<i64: 0, 2>} : !tx -> !kiln.tensor<[S], bf16>
  %r35 = kiln.reduce_mean %x {dims = array<i64: -3, -1>, keepdim = true} : !tx -> !kiln.tensor<[1, S, 1], bf16>
  %r36 = kiln.reduce_mean %x {dims = array<i64: -2, -1>} : !tx -> !kiln.tensor<[B], bf16>
  %r37 = kiln.reduce_mean %x {dims = array<i64: 1>, keepdim = true} : !tx -> !kiln.tensor<[B, 1, D], bf16>
  %r38 = kiln.reduce_mean %x {dims = array<i64: 0, 1, 2>} : !tx -> !kiln.tensor<[], bf16>
  %r39 = kiln.reduce_mean %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !tx -> !kiln.tensor<[1, 1, 1], bf16>
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9,
         %r10, %r11, %r12, %r13, %r14, %r15, %r16, %r17, %r18, %r19,
         %r20, %r21, %r22, %r23, %r24, %r25, %r26, %r27, %r28, %r29,
         %r30, %r31, %r32, %r33, %r34, %r35, %r36, %r37, %r38, %r39
:
    !kiln.tensor<[B, S], bf16>,
    !kiln.tensor<[B, S, 1], bf16>,
    !kiln.tensor<[S, D], bf16>,
    !kiln.tensor<[1, S, D], bf16>,
    !kiln.tensor<[S], bf16>,
    !kiln.tensor<[1, S, 1], bf16>,
    !kiln.tensor<[B], bf16>,
    !kiln.tensor<[B, 1, D], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>,
    !kiln.tensor<[B, S], bf16>,
    !kiln.tensor<[B, S, 1], bf16>,
    !kiln.tensor<[S, D], bf16>,
    !kiln.tensor<[1, S, D], bf16>,
    !kiln.tensor<[S], bf16>,
    !kiln.tensor<[1, S, 1], bf16>,
    !kiln.tensor<[B], bf16>,
    !kiln.tensor<[B, 1, D], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>,
    !kiln.tensor<[B, S], bf16>,
    !kiln.tensor<[B, S, 1], bf16>,
    !kiln.tensor<[S, D], bf16>,
    !kiln.tensor<[1, S, D], bf16>,
    !kiln.tensor<[S], bf16>,
    !kiln.tensor<[1, S, 1], bf16>,
    !kiln.tensor<[B], bf16>,
    !kiln.tensor<[B, 1, D], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>,
    !kiln.tensor<[B, S], bf16>,
    !kiln.tensor<[B, S, 1], bf16>,
    !kiln.tensor<[S, D], bf16>,
    !kiln.tensor<[1, S, D], bf16>,
    !kiln.tensor<[S], bf16>,
    !kiln.tensor<[1, S, 1], bf16>,
    !kiln.tensor<[B], bf16>,
    !kiln.tensor<[B, 1, D], bf16>,
    !kiln.tensor<[], bf16>,
    !kiln.tensor<[1, 1, 1], bf16>
}
