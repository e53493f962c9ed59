// kiln.iota against the reference interpreter: static, symbolic (arange(S)
// added to an input), along an inner dim in f32, and in bf16.

// RUN: kiln-run %s --entry=static --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=1 --sym S=37 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym S=0 --check | FileCheck %s
// RUN: kiln-run %s --entry=inner --random-inputs --seed=3 --sym B=3 --sym S=300 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

func.func @static() -> !kiln.tensor<[3, 5], i32> {
  %0 = kiln.iota {dim = 1 : i64} : !kiln.tensor<[3, 5], i32>
  return %0 : !kiln.tensor<[3, 5], i32>
}

func.func @symbolic(%x: !kiln.tensor<[S], i64>) -> !kiln.tensor<[S], i64> {
  %0 = kiln.iota {dim = 0 : i64} : !kiln.tensor<[S], i64>
  %1 = kiln.add %x, %0 : !kiln.tensor<[S], i64>, !kiln.tensor<[S], i64> -> !kiln.tensor<[S], i64>
  return %1 : !kiln.tensor<[S], i64>
}

func.func @inner(%x: !kiln.tensor<[B, S], f32>) -> (!kiln.tensor<[B, S], f32>, !kiln.tensor<[B, S], bf16>) {
  %0 = kiln.iota {dim = -1 : i64} : !kiln.tensor<[B, S], f32>
  %1 = kiln.mul %x, %0 : !kiln.tensor<[B, S], f32>, !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, S], f32>
  %2 = kiln.iota {dim = 0 : i64} : !kiln.tensor<[B, S], bf16>
  return %1, %2 : !kiln.tensor<[B, S], f32>, !kiln.tensor<[B, S], bf16>
}
