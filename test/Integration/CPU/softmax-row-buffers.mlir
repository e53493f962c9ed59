// Softmax over a symbolic row length: the CPU pipeline computes exp once
// per element into a row buffer (kiln-fuse-elementwise's
// share-transcendentals) of the row's size, on the stack up to 64 KiB
// (kiln-stack-dynamic-buffers) and on the heap beyond. Rows that take the
// stack (C = 1000), the heap (C = 20000: 80 KB), a row of one, the
// serial loop (--no-parallel) over more rows than one stack holds if the
// stack were not restored per row (3000 rows of 4 KiB), and bf16 (an f32
// row buffer between bf16 input and output).

// RUN: kiln-run %s --entry=softmax --random-inputs --seed=1 --sym R=7 --sym C=1000 --check | FileCheck %s
// RUN: kiln-run %s --entry=softmax --random-inputs --seed=2 --sym R=3 --sym C=20000 --check | FileCheck %s
// RUN: kiln-run %s --entry=softmax --random-inputs --seed=3 --sym R=5 --sym C=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=softmax --random-inputs --seed=4 --sym R=3000 --sym C=1024 --no-parallel --check | FileCheck %s
// RUN: kiln-run %s --entry=softmax_bf16 --random-inputs --seed=5 --sym R=9 --sym C=333 --check | FileCheck %s
// RUN: kiln-run %s --entry=softmax_bf16 --random-inputs --seed=6 --sym R=2 --sym C=40000 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

func.func @softmax(%x: !kiln.tensor<[R, C], f32>) -> !kiln.tensor<[R, C], f32> {
  %y = kiln.softmax %x {dim = -1 : i64} : !kiln.tensor<[R, C], f32>
  return %y : !kiln.tensor<[R, C], f32>
}

func.func @softmax_bf16(%x: !kiln.tensor<[R, C], bf16>) -> !kiln.tensor<[R, C], bf16> {
  %y = kiln.softmax %x {dim = -1 : i64} : !kiln.tensor<[R, C], bf16>
  return %y : !kiln.tensor<[R, C], bf16>
}
