// kiln.cmp with each predicate (eq ne lt le gt ge) on f32 (broadcast [D]
// against [B, D]; x against max(x, y) so that eq/le/ge hold somewhere), i32,
// bf16 and i1 (unsigned: false < true), and kiln.select with broadcasting
// condition and branches (f32, i32, bf16); static (@static) and symbolic
// (@symbolic, two sizes) shapes. The i1 results are compared exactly.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=3 --sym D=5 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=17 --sym D=32 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

!sx = !kiln.tensor<[4, 9], f32>
!sy = !kiln.tensor<[9], f32>
!sb = !kiln.tensor<[4, 9], i1>
!sc = !kiln.tensor<[4, 1], i1>
!sr = !kiln.tensor<[1, 9], f32>
!ssc = !kiln.tensor<[], f32>
!si = !kiln.tensor<[4, 9], i32>
!sj = !kiln.tensor<[9], i32>
!sh = !kiln.tensor<[4, 9], bf16>
!sk = !kiln.tensor<[9], i1>
func.func @static(%x: !sx, %y: !sy, %b: !sb, %c: !sc, %r: !sr, %s: !ssc, %i: !si, %j: !sj,
    %h: !sh, %k: !sk)
    -> (!sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb,
        !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb,
        !sb, !sb, !sx, !sx, !si, !sh) {
  %m = kiln.max %x, %y : !sx, !sy -> !sx
  %hm = kiln.relu %h : !sh
  %r0 = kiln.cmp %x, %m {predicate = "eq"} : !sx, !sx -> !sb
  %r1 = kiln.cmp %y, %x {predicate = "eq"} : !sy, !sx -> !sb
  %r2 = kiln.cmp %i, %j {predicate = "eq"} : !si, !sj -> !sb
  %r3 = kiln.cmp %h, %hm {predicate = "eq"} : !sh, !sh -> !sb
  %r4 = kiln.cmp %b, %k {predicate = "eq"} : !sb, !sk -> !sb
  %r5 = kiln.cmp %x, %m {predicate = "ne"} : !sx, !sx -> !sb
  %r6 = kiln.cmp %y, %x {predicate = "ne"} : !sy, !sx -> !sb
  %r7 = kiln.cmp %i, %j {predicate = "ne"} : !si, !sj -> !sb
  %r8 = kiln.cmp %h, %hm {predicate = "ne"} : !sh, !sh -> !sb
  %r9 = kiln.cmp %b, %k {predicate = "ne"} : !sb, !sk -> !sb
  %r10 = kiln.cmp %x, %m {predicate = "lt"} : !sx, !sx -> !sb
  %r11 = kiln.cmp %y, %x {predicate = "lt"} : !sy, !sx -> !sb
  %r12 = kiln.cmp %i, %j {predicate = "lt"} : !si, !sj -> !sb
  %r13 = kiln.cmp %h, %hm {predicate = "lt"} : !sh, !sh -> !sb
  %r14 = kiln.cmp %b, %k {predicate = "lt"} : !sb, !sk -> !sb
  %r15 = kiln.cmp %x, %m {predicate = "le"} : !sx, !sx -> !sb
  %r16 = kiln.cmp %y, %x {predicate = "le"} : !sy, !sx -> !sb
  %r17 = kiln.cmp %i, %j {predicate = "le"} : !si, !sj -> !sb
  %r18 = kiln.cmp %h, %hm {predicate = "le"} : !sh, !sh -> !sb
  %r19 = kiln.cmp %b, %k {predicate = "le"} : !sb, !sk -> !sb
  %r20 = kiln.cmp %x, %m {predicate = "gt"} : !sx, !sx -> !sb
  %r21 = kiln.cmp %y, %x {predicate = "gt"} : !sy, !sx -> !sb
  %r22 = kiln.cmp %i, %j {predicate = "gt"} : !si, !sj -> !sb
  %r23 = kiln.cmp %h, %hm {predicate = "gt"} : !sh, !sh -> !sb
  %r24 = kiln.cmp %b, %k {predicate = "gt"} : !sb, !sk -> !sb
  %r25 = kiln.cmp %x, %m {predicate = "ge"} : !sx, !sx -> !sb
  %r26 = kiln.cmp %y, %x {predicate = "ge"} : !sy, !sx -> !sb
  %r27 = kiln.cmp %i, %j {predicate = "ge"} : !si, !sj -> !sb
  %r28 = kiln.cmp %h, %hm {predicate = "ge"} : !sh, !sh -> !sb
  %r29 = kiln.cmp %b, %k {predicate = "ge"} : !sb, !sk -> !sb
  %r30 = kiln.select %b, %x, %y : !sb, !sx, !sy -> !sx
  %r31 = kiln.select %c, %r, %s : !sc, !sr, !ssc -> !sx
  %r32 = kiln.select %b, %i, %j : !sb, !si, !sj -> !si
  %r33 = kiln.select %c, %h, %hm : !sc, !sh, !sh -> !sh
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11, %r12,
         %r13, %r14, %r15, %r16, %r17, %r18, %r19, %r20, %r21, %r22, %r23,
         %r24, %r25, %r26, %r27, %r28, %r29, %r30, %r31, %r32, %r33
      : !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb,
        !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb, !sb,
        !sb, !sb, !sx, !sx, !si, !sh
}

!tx = !kiln.tensor<[B, D], f32>
!ty = !kiln.tensor<[D], f32>
!tb = !kiln.tensor<[B, D], i1>
!tc = !kiln.tensor<[B, 1], i1>
!tr = !kiln.tensor<[1, D], f32>
!tsc = !kiln.tensor<[], f32>
!ti = !kiln.tensor<[B, D], i32>
!tj = !kiln.tensor<[D], i32>
!th = !kiln.tensor<[B, D], bf16>
!tk = !kiln.tensor<[D], i1>
func.func @symbolic(%x: !tx, %y: !ty, %b: !tb, %c: !tc, %r: !tr, %s: !tsc, %i: !ti, %j: !tj,
    %h: !th, %k: !tk)
    -> (!tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb,
        !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb,
        !tb, !tb, !tx, !tx, !ti, !th) {
  %m = kiln.max %x, %y : !tx, !ty -> !tx
  %hm = kiln.relu %h : !th
  %r0 = kiln.cmp %x, %m {predicate = "eq"} : !tx, !tx -> !tb
  %r1 = kiln.cmp %y, %x {predicate = "eq"} : !ty, !tx -> !tb
  %r2 = kiln.cmp %i, %j {predicate = "eq"} : !ti, !tj -> !tb
  %r3 = kiln.cmp %h, %hm {predicate = "eq"} : !th, !th -> !tb
  %r4 = kiln.cmp %b, %k {predicate = "eq"} : !tb, !tk -> !tb
  %r5 = kiln.cmp %x, %m {predicate = "ne"} : !tx, !tx -> !tb
  %r6 = kiln.cmp %y, %x {predicate = "ne"} : !ty, !tx -> !tb
  %r7 = kiln.cmp %i, %j {predicate = "ne"} : !ti, !tj -> !tb
  %r8 = kiln.cmp %h, %hm {predicate = "ne"} : !th, !th -> !tb
  %r9 = kiln.cmp %b, %k {predicate = "ne"} : !tb, !tk -> !tb
  %r10 = kiln.cmp %x, %m {predicate = "lt"} : !tx, !tx -> !tb
  %r11 = kiln.cmp %y, %x {predicate = "lt"} : !ty, !tx -> !tb
  %r12 = kiln.cmp %i, %j {predicate = "lt"} : !ti, !tj -> !tb
  %r13 = kiln.cmp %h, %hm {predicate = "lt"} : !th, !th -> !tb
  %r14 = kiln.cmp %b, %k {predicate = "lt"} : !tb, !tk -> !tb
  %r15 = kiln.cmp %x, %m {predicate = "le"} : !tx, !tx -> !tb
  %r16 = kiln.cmp %y, %x {predicate = "le"} : !ty, !tx -> !tb
  %r17 = kiln.cmp %i, %j {predicate = "le"} : !ti, !tj -> !tb
  %r18 = kiln.cmp %h, %hm {predicate = "le"} : !th, !th -> !tb
  %r19 = kiln.cmp %b, %k {predicate = "le"} : !tb, !tk -> !tb
  %r20 = kiln.cmp %x, %m {predicate = "gt"} : !tx, !tx -> !tb
  %r21 = kiln.cmp %y, %x {predicate = "gt"} : !ty, !tx -> !tb
  %r22 = kiln.cmp %i, %j {predicate = "gt"} : !ti, !tj -> !tb
  %r23 = kiln.cmp %h, %hm {predicate = "gt"} : !th, !th -> !tb
  %r24 = kiln.cmp %b, %k {predicate = "gt"} : !tb, !tk -> !tb
  %r25 = kiln.cmp %x, %m {predicate = "ge"} : !tx, !tx -> !tb
  %r26 = kiln.cmp %y, %x {predicate = "ge"} : !ty, !tx -> !tb
  %r27 = kiln.cmp %i, %j {predicate = "ge"} : !ti, !tj -> !tb
  %r28 = kiln.cmp %h, %hm {predicate = "ge"} : !th, !th -> !tb
  %r29 = kiln.cmp %b, %k {predicate = "ge"} : !tb, !tk -> !tb
  %r30 = kiln.select %b, %x, %y : !tb, !tx, !ty -> !tx
  %r31 = kiln.select %c, %r, %s : !tc, !tr, !tsc -> !tx
  %r32 = kiln.select %b, %i, %j : !tb, !ti, !tj -> !ti
  %r33 = kiln.select %c, %h, %hm : !tc, !th, !th -> !th
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11, %r12,
         %r13, %r14, %r15, %r16, %r17, %r18, %r19, %r20, %r21, %r22, %r23,
         %r24, %r25, %r26, %r27, %r28, %r29, %r30, %r31, %r32, %r33
      : !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb,
        !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb, !tb,
        !tb, !tb, !tx, !tx, !ti, !th
}
