// RUN: kiln-opt %s --kiln-frontend-pipeline --kiln-fuse-elementwise \
// RUN:   | %PYTHON %S/Inputs/max-generic-operands.py 48 | FileCheck %s
// RUN: kiln-opt %s --kiln-frontend-pipeline --kiln-fuse-elementwise --kiln-fuse-rows \
// RUN:   | %PYTHON %S/Inputs/max-generic-operands.py 48 | FileCheck %s
//
// A chain of 59 adds, each reading a new argument: elementwise fusion (and
// row fusion after it) stops before an op would read more than
// kMaxFusedOperands (48) operands, each of which is a kernel parameter on
// the GPU (4 KiB of parameter space); BERT-base's residual stream once made
// an op of 127.
// CHECK: generics: 2
// CHECK: most operands: {{[0-9]+}}
// CHECK-NEXT: within 48 yes

!t = !kiln.tensor<[B, 64], f32>
func.func @chain(%a0: !t, %a1: !t, %a2: !t, %a3: !t, %a4: !t, %a5: !t, %a6: !t, %a7: !t, %a8: !t, %a9: !t, %a10: !t, %a11: !t, %a12: !t, %a13: !t, %a14: !t, %a15: !t, %a16: !t, %a17: !t, %a18: !t, %a19: !t, %a20: !t, %a21: !t, %a22: !t, %a23: !t, %a24: !t, %a25: !t, %a26: !t, %a27: !t, %a28: !t, %a29: !t, %a30: !t, %a31: !t, %a32: !t, %a33: !t, %a34: !t, %a35: !t, %a36: !t, %a37: !t, %a38: !t, %a39: !t, %a40: !t, %a41: !t, %a42: !t, %a43: !t, %a44: !t, %a45: !t, %a46: !t, %a47: !t, %a48: !t, %a49: !t, %a50: !t, %a51: !t, %a52: !t, %a53: !t, %a54: !t, %a55: !t, %a56: !t, %a57: !t, %a58: !t, %a59: !t) -> !t {
  %s1 = kiln.add %a0, %a1 : !t, !t -> !t
  %s2 = kiln.add %s1, %a2 : !t, !t -> !t
  %s3 = kiln.add %s2, %a3 : !t, !t -> !t
  %s4 = kiln.add %s3, %a4 : !t, !t -> !t
  %s5 = kiln.add %s4, %a5 : !t, !t -> !t
  %s6 = kiln.add %s5, %a6 : !t, !t -> !t
  %s7 = kiln.add %s6, %a7 : !t, !t -> !t
  %s8 = kiln.add %s7, %a8 : !t, !t -> !t
  %s9 = kiln.add %s8, %a9 : !t, !t -> !t
  %s10 = kiln.add %s9, %a10 : !t, !t -> !t
  %s11 = kiln.add %s10, %a11 : !t, !t -> !t
  %s12 = kiln.add %s11, %a12 : !t, !t -> !t
  %s13 = kiln.add %s12, %a13 : !t, !t -> !t
  %s14 = kiln.add %s13, %a14 : !t, !t -> !t
  %s15 = kiln.add %s14, %a15 : !t, !t -> !t
  %s16 = kiln.add %s15, %a16 : !t, !t -> !t
  %s17 = kiln.add %s16, %a17 : !t, !t -> !t
  %s18 = kiln.add %s17, %a18 : !t, !t -> !t
  %s19 = kiln.add %s18, %a19 : !t, !t -> !t
  %s20 = kiln.add %s19, %a20 : !t, !t -> !t
  %s21 = kiln.add %s20, %a21 : !t, !t -> !t
  %s22 = kiln.add %s21, %a22 : !t, !t -> !t
  %s23 = kiln.add %s22, %a23 : !t, !t -> !t
  %s24 = kiln.add %s23, %a24 : !t, !t -> !t
  %s25 = kiln.add %s24, %a25 : !t, !t -> !t
  %s26 = kiln.add %s25, %a26 : !t, !t -> !t
  %s27 = kiln.add %s26, %a27 : !t, !t -> !t
  %s28 = kiln.add %s27, %a28 : !t, !t -> !t
  %s29 = kiln.add %s28, %a29 : !t, !t -> !t
  %s30 = kiln.add %s29, %a30 : !t, !t -> !t
  %s31 = kiln.add %s30, %a31 : !t, !t -> !t
  %s32 = kiln.add %s31, %a32 : !t, !t -> !t
  %s33 = kiln.add %s32, %a33 : !t, !t -> !t
  %s34 = kiln.add %s33, %a34 : !t, !t -> !t
  %s35 = kiln.add %s34, %a35 : !t, !t -> !t
  %s36 = kiln.add %s35, %a36 : !t, !t -> !t
  %s37 = kiln.add %s36, %a37 : !t, !t -> !t
  %s38 = kiln.add %s37, %a38 : !t, !t -> !t
  %s39 = kiln.add %s38, %a39 : !t, !t -> !t
  %s40 = kiln.add %s39, %a40 : !t, !t -> !t
  %s41 = kiln.add %s40, %a41 : !t, !t -> !t
  %s42 = kiln.add %s41, %a42 : !t, !t -> !t
  %s43 = kiln.add %s42, %a43 : !t, !t -> !t
  %s44 = kiln.add %s43, %a44 : !t, !t -> !t
  %s45 = kiln.add %s44, %a45 : !t, !t -> !t
  %s46 = kiln.add %s45, %a46 : !t, !t -> !t
  %s47 = kiln.add %s46, %a47 : !t, !t -> !t
  %s48 = kiln.add %s47, %a48 : !t, !t -> !t
  %s49 = kiln.add %s48, %a49 : !t, !t -> !t
  %s50 = kiln.add %s49, %a50 : !t, !t -> !t
  %s51 = kiln.add %s50, %a51 : !t, !t -> !t
  %s52 = kiln.add %s51, %a52 : !t, !t -> !t
  %s53 = kiln.add %s52, %a53 : !t, !t -> !t
  %s54 = kiln.add %s53, %a54 : !t, !t -> !t
  %s55 = kiln.add %s54, %a55 : !t, !t -> !t
  %s56 = kiln.add %s55, %a56 : !t, !t -> !t
  %s57 = kiln.add %s56, %a57 : !t, !t -> !t
  %s58 = kiln.add %s57, %a58 : !t, !t -> !t
  %s59 = kiln.add %s58, %a59 : !t, !t -> !t
  return %s59 : !t
}
