// kiln.cast between the two 16-bit float types, f16 -> bf16 and bf16 -> f16
// (neither is wider than the other: the conversion must go through f32),
// static (@static) and symbolic (@symbolic, two sizes) shapes.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym N=3 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym N=64 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

func.func @static(%h: !kiln.tensor<[4, 5], f16>, %b: !kiln.tensor<[4, 5], bf16>)
    -> (!kiln.tensor<[4, 5], bf16>, !kiln.tensor<[4, 5], f16>) {
  %0 = kiln.cast %h : !kiln.tensor<[4, 5], f16> -> !kiln.tensor<[4, 5], bf16>
  %1 = kiln.cast %b : !kiln.tensor<[4, 5], bf16> -> !kiln.tensor<[4, 5], f16>
  return %0, %1 : !kiln.tensor<[4, 5], bf16>, !kiln.tensor<[4, 5], f16>
}

func.func @symbolic(%h: !kiln.tensor<[N], f16>, %b: !kiln.tensor<[N, 2], bf16>)
    -> (!kiln.tensor<[N], bf16>, !kiln.tensor<[N, 2], f16>) {
  %0 = kiln.cast %h : !kiln.tensor<[N], f16> -> !kiln.tensor<[N], bf16>
  %1 = kiln.cast %b : !kiln.tensor<[N, 2], bf16> -> !kiln.tensor<[N, 2], f16>
  return %0, %1 : !kiln.tensor<[N], bf16>, !kiln.tensor<[N, 2], f16>
}
