// A kiln.reshape that merges dims ([B, S] -> [B*S], [B, S, D] -> [B*S, D])
// feeding an elementwise op whose other operand is an argument of the merged
// shape, as in a residual add after flattening. Fusion propagates the
// reshape through the elementwise op, which then reads the argument through
// an expand_shape of one dynamic dim into two; static (@static) and symbolic
// (@symbolic, two sizes) shapes.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=2 --sym S=3 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=4 --sym S=16 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

func.func @static(%x: !kiln.tensor<[2, 3], f32>, %y: !kiln.tensor<[6], f32>,
                  %u: !kiln.tensor<[2, 3, 8], f32>, %v: !kiln.tensor<[6, 8], f32>)
    -> (!kiln.tensor<[6], f32>, !kiln.tensor<[6, 8], f32>) {
  %r = kiln.reshape %x : !kiln.tensor<[2, 3], f32> -> !kiln.tensor<[6], f32>
  %0 = kiln.add %r, %y : !kiln.tensor<[6], f32>, !kiln.tensor<[6], f32> -> !kiln.tensor<[6], f32>
  %ru = kiln.reshape %u : !kiln.tensor<[2, 3, 8], f32> -> !kiln.tensor<[6, 8], f32>
  %1 = kiln.mul %ru, %v : !kiln.tensor<[6, 8], f32>, !kiln.tensor<[6, 8], f32> -> !kiln.tensor<[6, 8], f32>
  return %0, %1 : !kiln.tensor<[6], f32>, !kiln.tensor<[6, 8], f32>
}

func.func @symbolic(%x: !kiln.tensor<[B, S], f32>, %y: !kiln.tensor<[B*S], f32>,
                    %u: !kiln.tensor<[B, S, 8], f32>, %v: !kiln.tensor<[B*S, 8], f32>)
    -> (!kiln.tensor<[B*S], f32>, !kiln.tensor<[B*S, 8], f32>) {
  %r = kiln.reshape %x : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B*S], f32>
  %0 = kiln.add %r, %y : !kiln.tensor<[B*S], f32>, !kiln.tensor<[B*S], f32> -> !kiln.tensor<[B*S], f32>
  %ru = kiln.reshape %u : !kiln.tensor<[B, S, 8], f32> -> !kiln.tensor<[B*S, 8], f32>
  %1 = kiln.mul %ru, %v : !kiln.tensor<[B*S, 8], f32>, !kiln.tensor<[B*S, 8], f32> -> !kiln.tensor<[B*S, 8], f32>
  return %0, %1 : !kiln.tensor<[B*S], f32>, !kiln.tensor<[B*S, 8], f32>
}
