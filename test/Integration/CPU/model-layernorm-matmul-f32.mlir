// layer_norm followed by a projection in f32: layer_norm(x) @ w + b, width
// 48 to 24; static (@static) and symbolic batch and sequence (@symbolic,
// two sizes).

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=2 --sym S=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=2 --sym S=33 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

func.func @static(%x: !kiln.tensor<[3, 5, 48], f32>, %g: !kiln.tensor<[48], f32>, %beta: !kiln.tensor<[48], f32>,
    %w: !kiln.tensor<[48, 24], f32>, %b: !kiln.tensor<[24], f32>) -> !kiln.tensor<[3, 5, 24], f32> {
  %n = kiln.layer_norm %x, %g, %beta {epsilon = 1.0e-5 : f64} : !kiln.tensor<[3, 5, 48], f32>, !kiln.tensor<[48], f32>, !kiln.tensor<[48], f32>
  %m = kiln.matmul %n, %w : !kiln.tensor<[3, 5, 48], f32>, !kiln.tensor<[48, 24], f32> -> !kiln.tensor<[3, 5, 24], f32>
  %o = kiln.add %m, %b : !kiln.tensor<[3, 5, 24], f32>, !kiln.tensor<[24], f32> -> !kiln.tensor<[3, 5, 24], f32>
  return %o : !kiln.tensor<[3, 5, 24], f32>
}

func.func @symbolic(%x: !kiln.tensor<[B, S, 48], f32>, %g: !kiln.tensor<[48], f32>, %beta: !kiln.tensor<[48], f32>,
    %w: !kiln.tensor<[48, 24], f32>, %b: !kiln.tensor<[24], f32>) -> !kiln.tensor<[B, S, 24], f32> {
  %n = kiln.layer_norm %x, %g, %beta {epsilon = 1.0e-5 : f64} : !kiln.tensor<[B, S, 48], f32>, !kiln.tensor<[48], f32>, !kiln.tensor<[48], f32>
  %m = kiln.matmul %n, %w : !kiln.tensor<[B, S, 48], f32>, !kiln.tensor<[48, 24], f32> -> !kiln.tensor<[B, S, 24], f32>
  %o = kiln.add %m, %b : !kiln.tensor<[B, S, 24], f32>, !kiln.tensor<[24], f32> -> !kiln.tensor<[B, S, 24], f32>
  return %o : !kiln.tensor<[B, S, 24], f32>
}
