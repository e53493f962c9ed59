// kiln.reduce_sum, reduce_max, reduce_min and reduce_mean on f32 over one,
// two and all dims, negative dims counting from the end, with and without
// keepdim; static (@static) and symbolic (@symbolic, two sizes) shapes.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=1 --sym S=5 --sym D=3 --check | FileCheck %s
// Sums of 1024 f32 terms with cancellation (results near 7 from partial sums
// near 30) carry a few 1e-6 of relative rounding error in any summation
// order, above torch's f32 default of 1.3e-6 (measured on the H200: 2.7e-6).
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=3 --sym S=16 --sym D=64 --check --rtol=1e-5 | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

!sx = !kiln.tensor<[4, 6, 8], f32>
func.func @static(%x: !sx) -> (
    !kiln.tensor<[4, 6], f32>,
    !kiln.tensor<[4, 6, 1], f32>,
    !kiln.tensor<[6, 8], f32>,
    !kiln.tensor<[1, 6, 8], f32>,
    !kiln.tensor<[6], f32>,
    !kiln.tensor<[1, 6, 1], f32>,
    !kiln.tensor<[4], f32>,
    !kiln.tensor<[4, 1, 8], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>,
    !kiln.tensor<[4, 6], f32>,
    !kiln.tensor<[4, 6, 1], f32>,
    !kiln.tensor<[6, 8], f32>,
    !kiln.tensor<[1, 6, 8], f32>,
    !kiln.tensor<[6], f32>,
    !kiln.tensor<[1, 6, 1], f32>,
    !kiln.tensor<[4], f32>,
    !kiln.tensor<[4, 1, 8], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>,
    !kiln.tensor<[4, 6], f32>,
    !kiln.tensor<[4, 6, 1], f32>,
    !kiln.tensor<[6, 8], f32>,
    !kiln.tensor<[1, 6, 8], f32>,
    !kiln.tensor<[6], f32>,
    !kiln.tensor<[1, 6, 1], f32>,
    !kiln.tensor<[4], f32>,
    !kiln.tensor<[4, 1, 8], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>,
    !kiln.tensor<[4, 6], f32>,
    !kiln.tensor<[4, 6, 1], f32>,
    !kiln.tensor<[6, 8], f32>,
    !kiln.tensor<[1, 6, 8], f32>,
    !kiln.tensor<[6], f32>,
    !kiln.tensor<[1, 6, 1], f32>,
    !kiln.tensor<[4], f32>,
    !kiln.tensor<[4, 1, 8], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>) {
  %r0 = kiln.reduce_sum %x {dims = array<i64: -1>} : !sx -> !kiln.tensor<[4, 6], f32>
  %r1 = kiln.reduce_sum %x {dims = array<i64: -1>, keepdim = true} : !sx -> !kiln.tensor<[4, 6, 1], f32>
  %r2 = kiln.reduce_sum %x {dims = array<i64: 0>} : !sx -> !kiln.tensor<[6, 8], f32>
  %r3 = kiln.reduce_sum %x {dims = array<i64: 0>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 8], f32>
  %r4 = kiln.reduce_sum %x {dims = array<i64: 0, 2>} : !sx -> !kiln.tensor<[6], f32>
  %r5 = kiln.reduce_sum %x {dims = array<i64: -3, -1>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 1], f32>
  %r6 = kiln.reduce_sum %x {dims = array<i64: -2, -1>} : !sx -> !kiln.tensor<[4], f32>
  %r7 = kiln.reduce_sum %x {dims = array<i64: 1>, keepdim = true} : !sx -> !kiln.tensor<[4, 1, 8], f32>
  %r8 = kiln.reduce_sum %x {dims = array<i64: 0, 1, 2>} : !sx -> !kiln.tensor<[], f32>
  %r9 = kiln.reduce_sum %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !sx -> !kiln.tensor<[1, 1, 1], f32>
  %r10 = kiln.reduce_max %x {dims = array<i64: -1>} : !sx -> !kiln.tensor<[4, 6], f32>
  %r11 = kiln.reduce_max %x {dims = array<i64: -1>, keepdim = true} : !sx -> !kiln.tensor<[4, 6, 1], f32>
  %r12 = kiln.reduce_max %x {dims = array<i64: 0>} : !sx -> !kiln.tensor<[6, 8], f32>
  %r13 = kiln.reduce_max %x {dims = array<i64: 0>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 8], f32>
  %r14 = kiln.reduce_max %x {dims = array<i64: 0, 2>} : !sx -> !kiln.tensor<[6], f32>
  %r15 = kiln.reduce_max %x {dims = array<i64: -3, -1>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 1], f32>
  %r16 = kiln.reduce_max %x {dims = array<i64: -2, -1>} : !sx -> !kiln.tensor<[4], f32>
  %r17 = kiln.reduce_max %x {dims = array<i64: 1>, keepdim = true} : !sx -> !kiln.tensor<[4, 1, 8], f32>
  %r18 = kiln.reduce_max %x {dims = array<i64: 0, 1, 2>} : !sx -> !kiln.tensor<[], f32>
  %r19 = kiln.reduce_max %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !sx -> !kiln.tensor<[1, 1, 1], f32>
  %r20 = kiln.reduce_min %x {dims = array<i64: -1>} : !sx -> !kiln.tensor<[4, 6], f32>
  %r21 = kiln.reduce_min %x {dims = array<i64: -1>, keepdim = true} : !sx -> !kiln.tensor<[4, 6, 1], f32>
  %r22 = kiln.reduce_min %x {dims = array<i64: 0>} : !sx -> !kiln.tensor<[6, 8], f32>
  %r23 = kiln.reduce_min %x {dims = array<i64: 0>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 8], f32>
  %r24 = kiln.reduce_min %x {dims = array<i64: 0, 2>} : !sx -> !kiln.tensor<[6], f32>
  %r25 = kiln.reduce_min %x {dims = array<i64: -3, -1>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 1], f32>
  %r26 = kiln.reduce_min %x {dims = array<i64: -2, -1>} : !sx -> !kiln.tensor<[4], f32>
  %r27 = kiln.reduce_min %x {dims = array<i64: 1>, keepdim = true} : !sx -> !kiln.tensor<[4, 1, 8], f32>
  %r28 = kiln.reduce_min %x {dims = array<i64: 0, 1, 2>} : !sx -> !kiln.tensor<[], f32>
  %r29 = kiln.reduce_min %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !sx -> !kiln.tensor<[1, 1, 1], f32>
  %r30 = kiln.reduce_mean %x {dims = array<i64: -1>} : !sx -> !kiln.tensor<[4, 6], f32>
  %r31 = kiln.reduce_mean %x {dims = array<i64: -1>, keepdim = true} : !sx -> !kiln.tensor<[4, 6, 1], f32>
  %r32 = kiln.reduce_mean %x {dims = array<i64: 0>} : !sx -> !kiln.tensor<[6, 8], f32>
  %r33 = kiln.reduce_mean %x {dims = array<i64: 0>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 8], f32>
  %r34 = kiln.reduce_mean %x {dims = array<i64: 0, 2>} : !sx -> !kiln.tensor<[6], f32>
  %r35 = kiln.reduce_mean %x {dims = array<i64: -3, -1>, keepdim = true} : !sx -> !kiln.tensor<[1, 6, 1], f32>
  %r36 = kiln.reduce_mean %x {dims = array<i64: -2, -1>} : !sx -> !kiln.tensor<[4], f32>
  %r37 = kiln.reduce_mean %x {dims = array<i64: 1>, keepdim = true} : !sx -> !kiln.tensor<[4, 1, 8], f32>
  %r38 = kiln.reduce_mean %x {dims = array<i64: 0, 1, 2>} : !sx -> !kiln.tensor<[], f32>
  %r39 = kiln.reduce_mean %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !sx -> !kiln.tensor<[1, 1, 1], f32>
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9,
         %r10, %r11, %r12, %r13, %r14, %r15, %r16, %r17, %r18, %r19,
         %r20, %r21, %r22, %r23, %r24, %r25, %r26, %r27, %r28, %r29,
         %r30, %r31, %r32, %r33, %r34, %r35, %r36, %r37, %r38, %r39
:
    !kiln.tensor<[4, 6], f32>,
    !kiln.tensor<[4, 6, 1], f32>,
    !kiln.tensor<[6, 8], f32>,
    !kiln.tensor<[1, 6, 8], f32>,
    !kiln.tensor<[6], f32>,
    !kiln.tensor<[1, 6, 1], f32>,
    !kiln.tensor<[4], f32>,
    !kiln.tensor<[4, 1, 8], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>,
    !kiln.tensor<[4, 6], f32>,
    !kiln.tensor<[4, 6, 1], f32>,
    !kiln.tensor<[6, 8], f32>,
    !kiln.tensor<[1, 6, 8], f32>,
    !kiln.tensor<[6], f32>,
    !kiln.tensor<[1, 6, 1], f32>,
    !kiln.tensor<[4], f32>,
    !kiln.tensor<[4, 1, 8], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>,
    !kiln.tensor<[4, 6], f32>,
    !kiln.tensor<[4, 6, 1], f32>,
    !kiln.tensor<[6, 8], f32>,
    !kiln.tensor<[1, 6, 8], f32>,
    !kiln.tensor<[6], f32>,
    !kiln.tensor<[1, 6, 1], f32>,
    !kiln.tensor<[4], f32>,
    !kiln.tensor<[4, 1, 8], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>,
    !kiln.tensor<[4, 6], f32>,
    !kiln.tensor<[4, 6, 1], f32>,
    !kiln.tensor<[6, 8], f32>,
    !kiln.tensor<[1, 6, 8], f32>,
    !kiln.tensor<[6], f32>,
    !kiln.tensor<[1, 6, 1], f32>,
    !kiln.tensor<[4], f32>,
    !kiln.tensor<[4, 1, 8], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>
}

!tx = !kiln.tensor<[B, S, D], f32>
func.func @symbolic(%x: !tx) -> (
    !kiln.tensor<[B, S], f32>,
    !kiln.tensor<[B, S, 1], f32>,
    !kiln.tensor<[S, D], f32>,
    !kiln.tensor<[1, S, D], f32>,
    !kiln.tensor<[S], f32>,
    !kiln.tensor<[1, S, 1], f32>,
    !kiln.tensor<[B], f32>,
    !kiln.tensor<[B, 1, D], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>,
    !kiln.tensor<[B, S], f32>,
    !kiln.tensor<[B, S, 1], f32>,
    !kiln.tensor<[S, D], f32>,
    !kiln.tensor<[1, S, D], f32>,
    !kiln.tensor<[S], f32>,
    !kiln.tensor<[1, S, 1], f32>,
    !kiln.tensor<[B], f32>,
    !kiln.tensor<[B, 1, D], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>,
    !kiln.tensor<[B, S], f32>,
    !kiln.tensor<[B, S, 1], f32>,
    !kiln.tensor<[S, D], f32>,
    !kiln.tensor<[1, S, D], f32>,
    !kiln.tensor<[S], f32>,
    !kiln.tensor<[1, S, 1], f32>,
    !kiln.tensor<[B], f32>,
    !kiln.tensor<[B, 1, D], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>,
    !kiln.tensor<[B, S], f32>,
    !kiln.tensor<[B, S, 1], f32>,
    !kiln.tensor<[S, D], f32>,
    !kiln.tensor<[1, S, D], f32>,
    !kiln.tensor<[S], f32>,
    !kiln.tensor<[1, S, 1], f32>,
    !kiln.tensor<[B], f32>,
    !kiln.tensor<[B, 1, D], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>) {
  %r0 = kiln.reduce_sum %x {dims = array<i64: -1>} : !tx -> !kiln.tensor<[B, S], f32>
  %r1 = kiln.reduce_sum %x {dims = array<i64: -1>, keepdim = true} : !tx -> !kiln.tensor<[B, S, 1], f32>
  %r2 = kiln.reduce_sum %x {dims = array<i64: 0>} : !tx -> !kiln.tensor<[S, D], f32>
  %r3 = kiln.reduce_sum %x {dims = array<i64: 0>, keepdim = true} : !tx -> !kiln.tensor<[1, S, D], f32>
  %r4 = kiln.reduce_sum %x {dims = array<i64: 0, 2>} : !tx -> !kiln.tensor<[S], f32>
  %r5 = kiln.reduce_sum %x {dims = array<i64: -3, -1>, keepdim = true} : !tx -> !kiln.tensor<[1, S, 1], f32>
  %r6 = kiln.reduce_sum %x {dims = array<i64: -2, -1>} : !tx -> !kiln.tensor<[B], f32>
  %r7 = kiln.reduce_sum %x {dims = array<i64: 1>, keepdim = true} : !tx -> !kiln.tensor<[B, 1, D], f32>
  %r8 = kiln.reduce_sum %x {dims = array<i64: 0, 1, 2>} : !tx -> !kiln.tensor<[], f32>
  %r9 = kiln.reduce_sum %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !tx -> !kiln.tensor<[1, 1, 1], f32>
  %r10 = kiln.reduce_max %x {dims = array<i64: -1>} : !tx -> !kiln.tensor<[B, S], f32>
  %r11 = kiln.reduce_max %x {dims = array<i64: -1>, keepdim = true} : !tx -> !kiln.tensor<[B, S, 1], f32>
  %r12 = kiln.reduce_max %x {dims = array<i64: 0>} : !tx -> !kiln.tensor<[S, D], f32>
  %r13 = kiln.reduce_max %x {dims = array<i64: 0>, keepdim = true} : !tx -> !kiln.tensor<[1, S, D], f32>
  %r14 = kiln.reduce_max %x {dims = array<i64: 0, 2>} : !tx -> !kiln.tensor<[S], f32>
  %r15 = kiln.reduce_max %x {dims = array<i64: -3, -1>, keepdim = true} : !tx -> !kiln.tensor<[1, S, 1], f32>
  %r16 = kiln.reduce_max %x {dims = array<i64: -2, -1>} : !tx -> !kiln.tensor<[B], f32>
  %r17 = kiln.reduce_max %x {dims = array<i64: 1>, keepdim = true} : !tx -> !kiln.tensor<[B, 1, D], f32>
  %r18 = kiln.reduce_max %x {dims = array<i64: 0, 1, 2>} : !tx -> !kiln.tensor<[], f32>
  %r19 = kiln.reduce_max %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !tx -> !kiln.tensor<[1, 1, 1], f32>
  %r20 = kiln.reduce_min %x {dims = array<i64: -1>} : !tx -> !kiln.tensor<[B, S], f32>
  %r21 = kiln.reduce_min %x {dims = array<i64: -1>, keepdim = true} : !tx -> !kiln.tensor<[B, S, 1], f32>
  %r22 = kiln.reduce_min %x {dims = array<i64: 0>} : !tx -> !kiln.tensor<[S, D], f32>
  %r23 = kiln.reduce_min %x {dims = array<i64: 0>, keepdim = true} : !tx -> !kiln.tensor<[1, S, D], f32>
  %r24 = kiln.reduce_min %x {dims = array<i64: 0, 2>} : !tx -> !kiln.tensor<[S], f32>
  %r25 = kiln.reduce_min %x {dims = array<i64: -3, -1>, keepdim = true} : !tx -> !kiln.tensor<[1, S, 1], f32>
  %r26 = kiln.reduce_min %x {dims = array<i64: -2, -1>} : !tx -> !kiln.tensor<[B], f32>
  %r27 = kiln.reduce_min %x {dims = array<i64: 1>, keepdim = true} : !tx -> !kiln.tensor<[B, 1, D], f32>
  %r28 = kiln.reduce_min %x {dims = array<i64: 0, 1, 2>} : !tx -> !kiln.tensor<[], f32>
  %r29 = kiln.reduce_min %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !tx -> !kiln.tensor<[1, 1, 1], f32>
  %r30 = kiln.reduce_mean %x {dims = array<i64: -1>} : !tx -> !kiln.tensor<[B, S], f32>
  %r31 = kiln.reduce_mean %x {dims = array<i64: -1>, keepdim = true} : !tx -> !kiln.tensor<[B, S, 1], f32>
  %r32 = kiln.reduce_mean %x {dims = array<i64: 0>} : !tx -> !kiln.tensor<[S, D], f32>
  %r33 = kiln.reduce_mean %x {dims = array<i64: 0>, keepdim = true} : !tx -> !kiln.tensor<[1, S, D], f32>
  %r34 = kiln.reduce_mean %x {dims = array<i64: 0, 2>} : !tx -> !kiln.tensor<[S], f32>
  %r35 = kiln.reduce_mean %x {dims = array<i64: -3, -1>, keepdim = true} : !tx -> !kiln.tensor<[1, S, 1], f32>
  %r36 = kiln.reduce_mean %x {dims = array<i64: -2, -1>} : !tx -> !kiln.tensor<[B], f32>
  %r37 = kiln.reduce_mean %x {dims = array<i64: 1>, keepdim = true} : !tx -> !kiln.tensor<[B, 1, D], f32>
  %r38 = kiln.reduce_mean %x {dims = array<i64: 0, 1, 2>} : !tx -> !kiln.tensor<[], f32>
  %r39 = kiln.reduce_mean %x {dims = array<i64: -1, 0, 1>, keepdim = true} : !tx -> !kiln.tensor<[1, 1, 1], f32>
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9,
         %r10, %r11, %r12, %r13, %r14, %r15, %r16, %r17, %r18, %r19,
         %r20, %r21, %r22, %r23, %r24, %r25, %r26, %r27, %r28, %r29,
         %r30, %r31, %r32, %r33, %r34, %r35, %r36, %r37, %r38, %r39
:
    !kiln.tensor<[B, S], f32>,
    !kiln.tensor<[B, S, 1], f32>,
    !kiln.tensor<[S, D], f32>,
    !kiln.tensor<[1, S, D], f32>,
    !kiln.tensor<[S], f32>,
    !kiln.tensor<[1, S, 1], f32>,
    !kiln.tensor<[B], f32>,
    !kiln.tensor<[B, 1, D], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>,
    !kiln.tensor<[B, S], f32>,
    !kiln.tensor<[B, S, 1], f32>,
    !kiln.tensor<[S, D], f32>,
    !kiln.tensor<[1, S, D], f32>,
    !kiln.tensor<[S], f32>,
    !kiln.tensor<[1, S, 1], f32>,
    !kiln.tensor<[B], f32>,
    !kiln.tensor<[B, 1, D], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>,
    !kiln.tensor<[B, S], f32>,
    !kiln.tensor<[B, S, 1], f32>,
    !kiln.tensor<[S, D], f32>,
    !kiln.tensor<[1, S, D], f32>,
    !kiln.tensor<[S], f32>,
    !kiln.tensor<[1, S, 1], f32>,
    !kiln.tensor<[B], f32>,
    !kiln.tensor<[B, 1, D], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>,
    !kiln.tensor<[B, S], f32>,
    !kiln.tensor<[B, S, 1], f32>,
    !kiln.tensor<[S, D], f32>,
    !kiln.tensor<[1, S, D], f32>,
    !kiln.tensor<[S], f32>,
    !kiln.tensor<[1, S, 1], f32>,
    !kiln.tensor<[B], f32>,
    !kiln.tensor<[B, 1, D], f32>,
    !kiln.tensor<[], f32>,
    !kiln.tensor<[1, 1, 1], f32>
}
