// An MLP block in f32, written in the generic op form that programs from
// outside the project use: y = x + (gelu(x @ w1 + b1) @ w2 + b2), width 32,
// hidden 64; static (@static) and symbolic batch and sequence (@symbolic,
// two sizes, the second also on one thread with --no-parallel). The weights
// are drawn with standard deviation 1/sqrt(fan-in), as models initialize
// them, so that the values stay in range and --check's f32 tolerances hold.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --random-std=1,0.17678,1,0.125,1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=1 --sym S=3 --random-std=1,0.17678,1,0.125,1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=4 --sym S=16 --random-std=1,0.17678,1,0.125,1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=4 --sym S=16 --random-std=1,0.17678,1,0.125,1 --check --no-parallel | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

func.func @static(%x: !kiln.tensor<[2, 8, 32], f32>, %w1: !kiln.tensor<[32, 64], f32>, %b1: !kiln.tensor<[64], f32>,
    %w2: !kiln.tensor<[64, 32], f32>, %b2: !kiln.tensor<[32], f32>) -> !kiln.tensor<[2, 8, 32], f32> {
  %0 = "kiln.matmul"(%x, %w1) : (!kiln.tensor<[2, 8, 32], f32>, !kiln.tensor<[32, 64], f32>) -> !kiln.tensor<[2, 8, 64], f32>
  %1 = "kiln.add"(%0, %b1) : (!kiln.tensor<[2, 8, 64], f32>, !kiln.tensor<[64], f32>) -> !kiln.tensor<[2, 8, 64], f32>
  %2 = "kiln.gelu"(%1) {approximate = "none"} : (!kiln.tensor<[2, 8, 64], f32>) -> !kiln.tensor<[2, 8, 64], f32>
  %3 = "kiln.matmul"(%2, %w2) : (!kiln.tensor<[2, 8, 64], f32>, !kiln.tensor<[64, 32], f32>) -> !kiln.tensor<[2, 8, 32], f32>
  %4 = "kiln.add"(%3, %b2) : (!kiln.tensor<[2, 8, 32], f32>, !kiln.tensor<[32], f32>) -> !kiln.tensor<[2, 8, 32], f32>
  %5 = "kiln.add"(%x, %4) : (!kiln.tensor<[2, 8, 32], f32>, !kiln.tensor<[2, 8, 32], f32>) -> !kiln.tensor<[2, 8, 32], f32>
  "func.return"(%5) : (!kiln.tensor<[2, 8, 32], f32>) -> ()
}

func.func @symbolic(%x: !kiln.tensor<[B, S, 32], f32>, %w1: !kiln.tensor<[32, 64], f32>, %b1: !kiln.tensor<[64], f32>,
    %w2: !kiln.tensor<[64, 32], f32>, %b2: !kiln.tensor<[32], f32>) -> !kiln.tensor<[B, S, 32], f32> {
  %0 = "kiln.matmul"(%x, %w1) : (!kiln.tensor<[B, S, 32], f32>, !kiln.tensor<[32, 64], f32>) -> !kiln.tensor<[B, S, 64], f32>
  %1 = "kiln.add"(%0, %b1) : (!kiln.tensor<[B, S, 64], f32>, !kiln.tensor<[64], f32>) -> !kiln.tensor<[B, S, 64], f32>
  %2 = "kiln.gelu"(%1) {approximate = "none"} : (!kiln.tensor<[B, S, 64], f32>) -> !kiln.tensor<[B, S, 64], f32>
  %3 = "kiln.matmul"(%2, %w2) : (!kiln.tensor<[B, S, 64], f32>, !kiln.tensor<[64, 32], f32>) -> !kiln.tensor<[B, S, 32], f32>
  %4 = "kiln.add"(%3, %b2) : (!kiln.tensor<[B, S, 32], f32>, !kiln.tensor<[32], f32>) -> !kiln.tensor<[B, S, 32], f32>
  %5 = "kiln.add"(%x, %4) : (!kiln.tensor<[B, S, 32], f32>, !kiln.tensor<[B, S, 32], f32>) -> !kiln.tensor<[B, S, 32], f32>
  "func.return"(%5) : (!kiln.tensor<[B, S, 32], f32>) -> ()
}
