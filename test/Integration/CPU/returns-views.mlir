// Results that alias an argument or a constant: the argument itself, a
// kiln.reshape of an argument (a view after bufferization), a one-input
// kiln.concat, a kiln.constant returned as is, and one value returned
// several times (@duplicates). The compiled function must hand back buffers
// the caller can own and free, with the right contents (--repeat runs it
// again on the same inputs); static (@static) and symbolic (@symbolic, two
// sizes) shapes.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=1 --sym S=2 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=3 --sym S=8 --check | FileCheck %s
// RUN: kiln-run %s --entry=duplicates --random-inputs --seed=4 --sym B=3 --check --repeat=3 | FileCheck %s

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

func.func @duplicates(%x: !kiln.tensor<[B, 4], f32>)
    -> (!kiln.tensor<[B, 4], f32>, !kiln.tensor<[B, 4], f32>, !kiln.tensor<[B, 4], f32>,
        !kiln.tensor<[B, 4], f32>, !kiln.tensor<[B*4], f32>, !kiln.tensor<[2], f32>,
        !kiln.tensor<[2], f32>) {
  %0 = kiln.neg %x : !kiln.tensor<[B, 4], f32>
  %1 = kiln.reshape %x : !kiln.tensor<[B, 4], f32> -> !kiln.tensor<[B*4], f32>
  %c = kiln.constant {value = dense<[1.0, 2.0]> : tensor<2xf32>} : !kiln.tensor<[2], f32>
  return %0, %0, %x, %x, %1, %c, %c
      : !kiln.tensor<[B, 4], f32>, !kiln.tensor<[B, 4], f32>, !kiln.tensor<[B, 4], f32>,
        !kiln.tensor<[B, 4], f32>, !kiln.tensor<[B*4], f32>, !kiln.tensor<[2], f32>,
        !kiln.tensor<[2], f32>
}
