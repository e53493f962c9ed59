// Scaled dot-product attention in bf16: softmax(q @ k^T * 1/sqrt(16)) @ v
// over [B, 2 heads, S, 16]; static (@static) and symbolic batch and
// sequence (@symbolic, two sizes).

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=1 --sym S=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=3 --sym S=24 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

!sq = !kiln.tensor<[2, 2, 8, 16], bf16>
!ss = !kiln.tensor<[2, 2, 8, 8], bf16>
func.func @static(%q: !sq, %k: !sq, %v: !sq) -> !sq {
  %kt = kiln.transpose %k {perm = array<i64: 0, 1, 3, 2>} : !sq -> !kiln.tensor<[2, 2, 16, 8], bf16>
  %s = kiln.matmul %q, %kt : !sq, !kiln.tensor<[2, 2, 16, 8], bf16> -> !ss
  %scale = kiln.constant {value = dense<0.25> : tensor<bf16>} : !kiln.tensor<[], bf16>
  %ss = kiln.mul %s, %scale : !ss, !kiln.tensor<[], bf16> -> !ss
  %p = kiln.softmax %ss {dim = -1 : i64} : !ss
  %o = kiln.matmul %p, %v : !ss, !sq -> !sq
  return %o : !sq
}

!tq = !kiln.tensor<[B, 2, S, 16], bf16>
!ts = !kiln.tensor<[B, 2, S, S], bf16>
func.func @symbolic(%q: !tq, %k: !tq, %v: !tq) -> !tq {
  %kt = kiln.transpose %k {perm = array<i64: 0, 1, 3, 2>} : !tq -> !kiln.tensor<[B, 2, 16, S], bf16>
  %s = kiln.matmul %q, %kt : !tq, !kiln.tensor<[B, 2, 16, S], bf16> -> !ts
  %scale = kiln.constant {value = dense<0.25> : tensor<bf16>} : !kiln.tensor<[], bf16>
  %ss = kiln.mul %s, %scale : !ts, !kiln.tensor<[], bf16> -> !ts
  %p = kiln.softmax %ss {dim = -1 : i64} : !ts
  %o = kiln.matmul %p, %v : !ts, !tq -> !tq
  return %o : !tq
}
