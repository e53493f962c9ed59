// Reductions and row ops over static unit dims that a reshape or a keepdim
// reduction inserted, through the fusion groups: a sum over the unit dim of
// a [1, K] reshape, a row sum of a keepdim max, a softmax over a unit dim,
// and layer_norm / rms_norm over a last dim of 1. Rank-0 reshapes too.

// RUN: kiln-run %s --entry=sum_outer --random-inputs --seed=1 --sym K=7 --check | FileCheck %s
// RUN: kiln-run %s --entry=sum_of_max --random-inputs --seed=2 --sym K=5 --check | FileCheck %s
// RUN: kiln-run %s --entry=softmax_unit --random-inputs --seed=3 --sym K=9 --check | FileCheck %s
// RUN: kiln-run %s --entry=norms_unit --random-inputs --seed=4 --sym K=6 --check | FileCheck %s
// RUN: kiln-run %s --entry=rank0 --random-inputs --seed=5 --check | FileCheck %s

// CHECK: check: ok

func.func @sum_outer(%x: !kiln.tensor<[K], f32>) -> !kiln.tensor<[1, K], f32> {
  %0 = kiln.reshape %x : !kiln.tensor<[K], f32> -> !kiln.tensor<[1, K], f32>
  %1 = kiln.reduce_sum %0 {dims = array<i64: 0>, keepdim = true} : !kiln.tensor<[1, K], f32> -> !kiln.tensor<[1, K], f32>
  return %1 : !kiln.tensor<[1, K], f32>
}

func.func @sum_of_max(%x: !kiln.tensor<[K, 4], f32>) -> !kiln.tensor<[K], f32> {
  %0 = kiln.reduce_max %x {dims = array<i64: 1>, keepdim = true} : !kiln.tensor<[K, 4], f32> -> !kiln.tensor<[K, 1], f32>
  %1 = kiln.reduce_sum %0 {dims = array<i64: 1>} : !kiln.tensor<[K, 1], f32> -> !kiln.tensor<[K], f32>
  return %1 : !kiln.tensor<[K], f32>
}

func.func @softmax_unit(%x: !kiln.tensor<[K, 4], f32>) -> !kiln.tensor<[K, 1], f32> {
  %0 = kiln.reduce_max %x {dims = array<i64: 1>, keepdim = true} : !kiln.tensor<[K, 4], f32> -> !kiln.tensor<[K, 1], f32>
  %1 = kiln.softmax %0 {dim = 1 : i64} : !kiln.tensor<[K, 1], f32>
  return %1 : !kiln.tensor<[K, 1], f32>
}

func.func @norms_unit(%x: !kiln.tensor<[K, 1], f32>, %w: !kiln.tensor<[1], f32>) -> (!kiln.tensor<[K, 1], f32>, !kiln.tensor<[K, 1], f32>) {
  %0 = kiln.layer_norm %x, %w, %w : !kiln.tensor<[K, 1], f32>, !kiln.tensor<[1], f32>, !kiln.tensor<[1], f32>
  %1 = kiln.rms_norm %x, %w : !kiln.tensor<[K, 1], f32>, !kiln.tensor<[1], f32>
  return %0, %1 : !kiln.tensor<[K, 1], f32>, !kiln.tensor<[K, 1], f32>
}

func.func @rank0(%x: !kiln.tensor<[], f32>, %y: !kiln.tensor<[2, 3], f32>) -> (!kiln.tensor<[1, 1], f32>, !kiln.tensor<[3, 2], f32>, !kiln.tensor<[], f32>) {
  %0 = kiln.reshape %x : !kiln.tensor<[], f32> -> !kiln.tensor<[1, 1], f32>
  %1 = kiln.reshape %y : !kiln.tensor<[2, 3], f32> -> !kiln.tensor<[3, 2], f32>
  %2 = kiln.reshape %0 : !kiln.tensor<[1, 1], f32> -> !kiln.tensor<[], f32>
  return %0, %1, %2 : !kiln.tensor<[1, 1], f32>, !kiln.tensor<[3, 2], f32>, !kiln.tensor<[], f32>
}
