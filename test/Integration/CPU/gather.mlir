// kiln.gather and kiln.gather_elements against the reference interpreter.
// Random indices are in [-8, 8], so every dim they index has at least 9
// elements: negative indices count from the end.

// RUN: kiln-run %s --entry=embed --random-inputs --seed=1 --sym V=9 --sym D=64 --sym B=2 --sym S=7 --check | FileCheck %s
// RUN: kiln-run %s --entry=embed --random-inputs --seed=2 --sym V=1000 --sym D=5 --sym B=3 --sym S=0 --check | FileCheck %s
// RUN: kiln-run %s --entry=embed_bf16 --random-inputs --seed=3 --sym S=33 --check | FileCheck %s
// RUN: kiln-run %s --entry=inner --random-inputs --seed=4 --sym B=4 --check | FileCheck %s
// RUN: kiln-run %s --entry=scalar_index --random-inputs --seed=5 --sym B=6 --check | FileCheck %s
// RUN: kiln-run %s --entry=elements --random-inputs --seed=6 --sym B=5 --sym V=11 --sym K=3 --check | FileCheck %s
// RUN: kiln-run %s --entry=elements_fused --random-inputs --seed=7 --sym B=8 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

// An embedding: a gather on dim 0 over symbolic ids.
func.func @embed(%table: !kiln.tensor<[V, D], f32>, %ids: !kiln.tensor<[B, S], i64>) -> !kiln.tensor<[B, S, D], f32> {
  %0 = kiln.gather %table, %ids {dim = 0 : i64} : !kiln.tensor<[V, D], f32>, !kiln.tensor<[B, S], i64> -> !kiln.tensor<[B, S, D], f32>
  return %0 : !kiln.tensor<[B, S, D], f32>
}

// bf16 table, i32 ids, plus a position embedding from iota, then layer norm.
func.func @embed_bf16(%table: !kiln.tensor<[50, 16], bf16>, %pos: !kiln.tensor<[S, 16], bf16>, %ids: !kiln.tensor<[S], i32>) -> !kiln.tensor<[S, 16], bf16> {
  %0 = kiln.gather %table, %ids {dim = 0 : i64} : !kiln.tensor<[50, 16], bf16>, !kiln.tensor<[S], i32> -> !kiln.tensor<[S, 16], bf16>
  %1 = kiln.add %0, %pos : !kiln.tensor<[S, 16], bf16>, !kiln.tensor<[S, 16], bf16> -> !kiln.tensor<[S, 16], bf16>
  %2 = kiln.relu %1 : !kiln.tensor<[S, 16], bf16>
  return %2 : !kiln.tensor<[S, 16], bf16>
}

// A gather on an inner dim with 2-d indices, after a computed input.
func.func @inner(%x: !kiln.tensor<[B, 12, 3], f32>, %i: !kiln.tensor<[2, 5], i64>) -> !kiln.tensor<[B, 2, 5, 3], f32> {
  %e = kiln.exp %x : !kiln.tensor<[B, 12, 3], f32>
  %0 = kiln.gather %e, %i {dim = -2 : i64} : !kiln.tensor<[B, 12, 3], f32>, !kiln.tensor<[2, 5], i64> -> !kiln.tensor<[B, 2, 5, 3], f32>
  return %0 : !kiln.tensor<[B, 2, 5, 3], f32>
}

// A rank-0 index drops the dim: x[:, i].
func.func @scalar_index(%x: !kiln.tensor<[B, 9], f32>, %i: !kiln.tensor<[], i64>) -> !kiln.tensor<[B], f32> {
  %0 = kiln.gather %x, %i {dim = 1 : i64} : !kiln.tensor<[B, 9], f32>, !kiln.tensor<[], i64> -> !kiln.tensor<[B], f32>
  return %0 : !kiln.tensor<[B], f32>
}

// torch.gather along dim 1 (e.g. picking target log-probabilities).
func.func @elements(%x: !kiln.tensor<[B, V], f32>, %i: !kiln.tensor<[B, K], i32>) -> !kiln.tensor<[B, K], f32> {
  %0 = kiln.gather_elements %x, %i {dim = 1 : i64} : !kiln.tensor<[B, V], f32>, !kiln.tensor<[B, K], i32> -> !kiln.tensor<[B, K], f32>
  return %0 : !kiln.tensor<[B, K], f32>
}

// log_softmax, pick one entry per row, average: a cross-entropy.
func.func @elements_fused(%x: !kiln.tensor<[B, 10], f32>, %t: !kiln.tensor<[B, 1], i64>) -> !kiln.tensor<[], f32> {
  %l = kiln.log_softmax %x {dim = 1 : i64} : !kiln.tensor<[B, 10], f32>
  %p = kiln.gather_elements %l, %t {dim = 1 : i64} : !kiln.tensor<[B, 10], f32>, !kiln.tensor<[B, 1], i64> -> !kiln.tensor<[B, 1], f32>
  %n = kiln.neg %p : !kiln.tensor<[B, 1], f32>
  %m = kiln.reduce_mean %n {dims = array<i64: 0, 1>} : !kiln.tensor<[B, 1], f32> -> !kiln.tensor<[], f32>
  return %m : !kiln.tensor<[], f32>
}
