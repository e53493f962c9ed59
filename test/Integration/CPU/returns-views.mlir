// Results that alias an argument or a constant: the argument itself, a
// kiln.reshape of an argument (a view after bufferization), a one-input
// kiln.concat, and a kiln.constant returned as is. The compiled function
// must hand back buffers the caller owns, with the right contents; static
// (@static) and symbolic (@symbolic, two sizes) shapes.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=1 --sym S=2 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=3 --sym S=8 --check | FileCheck %s

// CHECK: check: ok max_abs_err=0.000000e+00 max_rel_err=0.000000e+00

func.func @static(%x: !kiln.tensor<[2, 3, 4], f32>)
    -> (!kiln.tensor<[2, 3, 4], f32>, !kiln.tensor<[6, 4], f32>,
        !kiln.tensor<[2, 3, 4], f32>, !kiln.tensor<[2], i64>) {
  %0 = kiln.reshape %x : !kiln.tensor<[2, 3, 4], f32> -> !kiln.tensor<[6, 4], f32>
  %1 = kiln.concat %x {dim = 0 : i64} : !kiln.tensor<[2, 3, 4], f32> -> !kiln.tensor<[2, 3, 4], f32>
  %2 = kiln.constant {value = dense<[3, -5]> : tensor<2xi64>} : !kiln.tensor<[2], i64>
  return %x, %0, %1, %2 : !kiln.tensor<[2, 3, 4], f32>, !kiln.tensor<[6, 4], f32>,
                          !kiln.tensor<[2, 3, 4], f32>, !kiln.tensor<[2], i64>
}

func.func @symbolic(%x: !kiln.tensor<[B, S, 4], bf16>)
    -> (!kiln.tensor<[B, S, 4], bf16>, !kiln.tensor<[B*S, 4], bf16>,
        !kiln.tensor<[B, S, 2, 2], bf16>, !kiln.tensor<[B, S, 4], bf16>) {
  %0 = kiln.reshape %x : !kiln.tensor<[B, S, 4], bf16> -> !kiln.tensor<[B*S, 4], bf16>
  %1 = kiln.reshape %x : !kiln.tensor<[B, S, 4], bf16> -> !kiln.tensor<[B, S, 2, 2], bf16>
  %2 = kiln.concat %x {dim = -1 : i64} : !kiln.tensor<[B, S, 4], bf16> -> !kiln.tensor<[B, S, 4], bf16>
  return %x, %0, %1, %2 : !kiln.tensor<[B, S, 4], bf16>, !kiln.tensor<[B*S, 4], bf16>,
                          !kiln.tensor<[B, S, 2, 2], bf16>, !kiln.tensor<[B, S, 4], bf16>
}
