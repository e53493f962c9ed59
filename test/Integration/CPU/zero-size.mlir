// Zero-size dims: a sum over a static empty dim (no fusion group is formed
// over an empty iteration space, which upstream tiling cannot take), a
// mean over one with a symbolic batch (NaN, as NumPy's), a reshape of an
// empty tensor, and S = 0 for the symbolic batch itself.

// RUN: kiln-run %s --entry=sum --random-inputs --check | FileCheck %s
// RUN: kiln-run %s --entry=mean --random-inputs --seed=1 --sym S=3 --check | FileCheck %s
// RUN: kiln-run %s --entry=mean --random-inputs --seed=2 --sym S=0 --check | FileCheck %s
// RUN: kiln-run %s --entry=reshape --random-inputs --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

func.func @sum(%x: !kiln.tensor<[3, 0], f32>) -> !kiln.tensor<[3], f32> {
  %0 = kiln.reduce_sum %x {dims = array<i64: 1>} : !kiln.tensor<[3, 0], f32> -> !kiln.tensor<[3], f32>
  return %0 : !kiln.tensor<[3], f32>
}

func.func @mean(%x: !kiln.tensor<[S, 0], f32>) -> !kiln.tensor<[S], f32> {
  %0 = kiln.reduce_mean %x {dims = array<i64: 1>} : !kiln.tensor<[S, 0], f32> -> !kiln.tensor<[S], f32>
  return %0 : !kiln.tensor<[S], f32>
}

func.func @reshape(%x: !kiln.tensor<[0, 3, 4], f32>) -> !kiln.tensor<[3, 4, 0], f32> {
  %0 = kiln.reshape %x : !kiln.tensor<[0, 3, 4], f32> -> !kiln.tensor<[3, 4, 0], f32>
  return %0 : !kiln.tensor<[3, 4, 0], f32>
}

// A softmax over an empty dim is empty (its maximum is never taken); a
// maximum over a symbolic dim that is empty in a call is an error naming
// the op (exit 2); over a static empty dim, a verification error.
// RUN: kiln-run %s --entry=softmax --random-inputs --check | FileCheck %s
// RUN: kiln-run %s --entry=max --random-inputs --seed=3 --sym S=5 --check | FileCheck %s
// RUN: not kiln-run %s --entry=max --random-inputs --sym S=0 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: kiln-run: error: kiln.reduce_max at {{.*}}zero-size.mlir:{{[0-9]+}}:{{[0-9]+}}: dim 1 (S = 0) is empty: no maximum or minimum

func.func @softmax(%x: !kiln.tensor<[3, 0], f32>) -> !kiln.tensor<[3, 0], f32> {
  %0 = kiln.softmax %x {dim = 1 : i64} : !kiln.tensor<[3, 0], f32>
  return %0 : !kiln.tensor<[3, 0], f32>
}

func.func @max(%x: !kiln.tensor<[2, S], f32>) -> !kiln.tensor<[2], f32> {
  %0 = kiln.reduce_max %x {dims = array<i64: 1>} : !kiln.tensor<[2, S], f32> -> !kiln.tensor<[2], f32>
  return %0 : !kiln.tensor<[2], f32>
}

// Static empty results of any op (found by tools/kiln-fuzz): an empty
// slice at its dim's end, a concat of empty tensors, a batched matmul over
// an empty batch dim.
// RUN: kiln-run %s --entry=empty_results --random-inputs --seed=4 --sym B=2 --sym H=3 --check | FileCheck %s
func.func @empty_results(%x: !kiln.tensor<[1], f16>, %y: !kiln.tensor<[B, B, 0], f32>,
                         %a: !kiln.tensor<[H, 0, 3, H], i32>, %b: !kiln.tensor<[H, 0, H, 3], i32>)
    -> (!kiln.tensor<[0], f16>, !kiln.tensor<[B, B, 0], f32>, !kiln.tensor<[H, 0, 3, 3], i32>) {
  %0 = kiln.slice %x {dim = 0 : i64, start = "1", end = "1", step = 1 : i64} : !kiln.tensor<[1], f16> -> !kiln.tensor<[0], f16>
  %1 = kiln.concat %y, %y, %y {dim = -1 : i64} : !kiln.tensor<[B, B, 0], f32>, !kiln.tensor<[B, B, 0], f32>, !kiln.tensor<[B, B, 0], f32> -> !kiln.tensor<[B, B, 0], f32>
  %2 = kiln.matmul %a, %b : !kiln.tensor<[H, 0, 3, H], i32>, !kiln.tensor<[H, 0, H, 3], i32> -> !kiln.tensor<[H, 0, 3, 3], i32>
  return %0, %1, %2 : !kiln.tensor<[0], f16>, !kiln.tensor<[B, B, 0], f32>, !kiln.tensor<[H, 0, 3, 3], i32>
}
