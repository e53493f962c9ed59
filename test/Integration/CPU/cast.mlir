// kiln.cast between every pair of f32, f16, bf16, i32, i64 and i1 (f16 <->
// bf16 is in cast-f16-bf16.mlir): float to int truncates toward zero
// (inputs scaled by 10 first), float to i1 is `!= 0` (on relu(x), so both
// values occur), i1 to anything is 0/1; static (@static) and symbolic
// (@symbolic, two sizes) shapes.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=2 --sym D=3 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=13 --sym D=40 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

!sf = !kiln.tensor<[3, 11], f32>
!sf0 = !kiln.tensor<[], f32>
!sh = !kiln.tensor<[3, 11], f16>
!sh0 = !kiln.tensor<[], f16>
!sb = !kiln.tensor<[3, 11], bf16>
!sb0 = !kiln.tensor<[], bf16>
!si = !kiln.tensor<[3, 11], i32>
!sl = !kiln.tensor<[3, 11], i64>
!sc = !kiln.tensor<[3, 11], i1>
func.func @static(%f: !sf, %h: !sh, %b: !sb, %i: !si, %l: !sl, %c: !sc)
    -> (!sh, !sb, !si, !sl, !sc, !sf, !si, !sl, !sc, !sf, !si, !sl, !sc, !sf,
        !sh, !sb, !sl, !sc, !sf, !sh, !sb, !si, !sc, !sf, !sh, !sb, !si, !sl) {
  %ten_f = kiln.constant {value = dense<10.0> : tensor<f32>} : !sf0
  %big_f = kiln.mul %f, %ten_f : !sf, !sf0 -> !sf
  %pos_f = kiln.relu %f : !sf
  %ten_h = kiln.constant {value = dense<10.0> : tensor<f16>} : !sh0
  %big_h = kiln.mul %h, %ten_h : !sh, !sh0 -> !sh
  %pos_h = kiln.relu %h : !sh
  %ten_b = kiln.constant {value = dense<10.0> : tensor<bf16>} : !sb0
  %big_b = kiln.mul %b, %ten_b : !sb, !sb0 -> !sb
  %pos_b = kiln.relu %b : !sb
  %r0 = kiln.cast %f : !sf -> !sh
  %r1 = kiln.cast %f : !sf -> !sb
  %r2 = kiln.cast %big_f : !sf -> !si
  %r3 = kiln.cast %big_f : !sf -> !sl
  %r4 = kiln.cast %pos_f : !sf -> !sc
  %r5 = kiln.cast %h : !sh -> !sf
  %r6 = kiln.cast %big_h : !sh -> !si
  %r7 = kiln.cast %big_h : !sh -> !sl
  %r8 = kiln.cast %pos_h : !sh -> !sc
  %r9 = kiln.cast %b : !sb -> !sf
  %r10 = kiln.cast %big_b : !sb -> !si
  %r11 = kiln.cast %big_b : !sb -> !sl
  %r12 = kiln.cast %pos_b : !sb -> !sc
  %r13 = kiln.cast %i : !si -> !sf
  %r14 = kiln.cast %i : !si -> !sh
  %r15 = kiln.cast %i : !si -> !sb
  %r16 = kiln.cast %i : !si -> !sl
  %r17 = kiln.cast %i : !si -> !sc
  %r18 = kiln.cast %l : !sl -> !sf
  %r19 = kiln.cast %l : !sl -> !sh
  %r20 = kiln.cast %l : !sl -> !sb
  %r21 = kiln.cast %l : !sl -> !si
  %r22 = kiln.cast %l : !sl -> !sc
  %r23 = kiln.cast %c : !sc -> !sf
  %r24 = kiln.cast %c : !sc -> !sh
  %r25 = kiln.cast %c : !sc -> !sb
  %r26 = kiln.cast %c : !sc -> !si
  %r27 = kiln.cast %c : !sc -> !sl
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11, %r12,
         %r13, %r14, %r15, %r16, %r17, %r18, %r19, %r20, %r21, %r22, %r23,
         %r24, %r25, %r26, %r27
      : !sh, !sb, !si, !sl, !sc, !sf, !si, !sl, !sc, !sf, !si, !sl, !sc, !sf,
        !sh, !sb, !sl, !sc, !sf, !sh, !sb, !si, !sc, !sf, !sh, !sb, !si, !sl
}

!tf = !kiln.tensor<[B, D], f32>
!tf0 = !kiln.tensor<[], f32>
!th = !kiln.tensor<[B, D], f16>
!th0 = !kiln.tensor<[], f16>
!tb = !kiln.tensor<[B, D], bf16>
!tb0 = !kiln.tensor<[], bf16>
!ti = !kiln.tensor<[B, D], i32>
!tl = !kiln.tensor<[B, D], i64>
!tc = !kiln.tensor<[B, D], i1>
func.func @symbolic(%f: !tf, %h: !th, %b: !tb, %i: !ti, %l: !tl, %c: !tc)
    -> (!th, !tb, !ti, !tl, !tc, !tf, !ti, !tl, !tc, !tf, !ti, !tl, !tc, !tf,
        !th, !tb, !tl, !tc, !tf, !th, !tb, !ti, !tc, !tf, !th, !tb, !ti, !tl) {
  %ten_f = kiln.constant {value = dense<10.0> : tensor<f32>} : !tf0
  %big_f = kiln.mul %f, %ten_f : !tf, !tf0 -> !tf
  %pos_f = kiln.relu %f : !tf
  %ten_h = kiln.constant {value = dense<10.0> : tensor<f16>} : !th0
  %big_h = kiln.mul %h, %ten_h : !th, !th0 -> !th
  %pos_h = kiln.relu %h : !th
  %ten_b = kiln.constant {value = dense<10.0> : tensor<bf16>} : !tb0
  %big_b = kiln.mul %b, %ten_b : !tb, !tb0 -> !tb
  %pos_b = kiln.relu %b : !tb
  %r0 = kiln.cast %f : !tf -> !th
  %r1 = kiln.cast %f : !tf -> !tb
  %r2 = kiln.cast %big_f : !tf -> !ti
  %r3 = kiln.cast %big_f : !tf -> !tl
  %r4 = kiln.cast %pos_f : !tf -> !tc
  %r5 = kiln.cast %h : !th -> !tf
  %r6 = kiln.cast %big_h : !th -> !ti
  %r7 = kiln.cast %big_h : !th -> !tl
  %r8 = kiln.cast %pos_h : !th -> !tc
  %r9 = kiln.cast %b : !tb -> !tf
  %r10 = kiln.cast %big_b : !tb -> !ti
  %r11 = kiln.cast %big_b : !tb -> !tl
  %r12 = kiln.cast %pos_b : !tb -> !tc
  %r13 = kiln.cast %i : !ti -> !tf
  %r14 = kiln.cast %i : !ti -> !th
  %r15 = kiln.cast %i : !ti -> !tb
  %r16 = kiln.cast %i : !ti -> !tl
  %r17 = kiln.cast %i : !ti -> !tc
  %r18 = kiln.cast %l : !tl -> !tf
  %r19 = kiln.cast %l : !tl -> !th
  %r20 = kiln.cast %l : !tl -> !tb
  %r21 = kiln.cast %l : !tl -> !ti
  %r22 = kiln.cast %l : !tl -> !tc
  %r23 = kiln.cast %c : !tc -> !tf
  %r24 = kiln.cast %c : !tc -> !th
  %r25 = kiln.cast %c : !tc -> !tb
  %r26 = kiln.cast %c : !tc -> !ti
  %r27 = kiln.cast %c : !tc -> !tl
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11, %r12,
         %r13, %r14, %r15, %r16, %r17, %r18, %r19, %r20, %r21, %r22, %r23,
         %r24, %r25, %r26, %r27
      : !th, !tb, !ti, !tl, !tc, !tf, !ti, !tl, !tc, !tf, !ti, !tl, !tc, !tf,
        !th, !tb, !tl, !tc, !tf, !th, !tb, !ti, !tc, !tf, !th, !tb, !ti, !tl
}
