// Minimal programs from random differential testing (issue 10) that the GPU
// once got wrong or refused, checked on the CPU here and on the GPU by
// test/Integration/CUDA/run_on_cuda.py:
//   @select_log_softmax: a wrong answer (-5.86 for -1.79 at N = 6);
//   @mean_of_log_softmax_norm: an illegal address at b = 3, B = 5;
//   @concat_norms, @norms_4d: "cannot run on the GPU: its results are used
//   by host code" (memref.view, expand_shape, dim, muli, sitofp).

// RUN: kiln-run %s --entry=select_log_softmax --random-inputs --seed=1 --sym N=6 --check | FileCheck %s
// RUN: kiln-run %s --entry=select_log_softmax --random-inputs --seed=2 --sym N=33 --check | FileCheck %s
// RUN: kiln-run %s --entry=mean_of_log_softmax_norm --random-inputs --seed=3 --sym b=3 --sym B=5 --check | FileCheck %s
// RUN: kiln-run %s --entry=concat_norms --random-inputs --seed=4 --sym B=4 --check | FileCheck %s
// RUN: kiln-run %s --entry=norms_4d --random-inputs --seed=5 --sym A=2 --sym B=3 --sym C=4 --sym D=5 --check | FileCheck %s

// CHECK: check: ok

func.func @select_log_softmax(%x: !kiln.tensor<[N, 1, N], f32>) -> (!kiln.tensor<[N, 1, N], f32>, !kiln.tensor<[N, 1, N], f32>) {
  %c = kiln.cos %x : !kiln.tensor<[N, 1, N], f32>
  %k = kiln.constant {value = dense<1.75> : tensor<1xf32>} : !kiln.tensor<[1], f32>
  %m = kiln.cmp %c, %k {predicate = "ne"} : !kiln.tensor<[N, 1, N], f32>, !kiln.tensor<[1], f32> -> !kiln.tensor<[N, 1, N], i1>
  %s = kiln.select %m, %k, %c : !kiln.tensor<[N, 1, N], i1>, !kiln.tensor<[1], f32>, !kiln.tensor<[N, 1, N], f32> -> !kiln.tensor<[N, 1, N], f32>
  %l = kiln.log_softmax %s {dim = 0 : i64} : !kiln.tensor<[N, 1, N], f32>
  %e = kiln.erf %l : !kiln.tensor<[N, 1, N], f32>
  return %e, %l : !kiln.tensor<[N, 1, N], f32>, !kiln.tensor<[N, 1, N], f32>
}

func.func @mean_of_log_softmax_norm(%x: !kiln.tensor<[32, b, B, b], f32>) -> !kiln.tensor<[32, b, B, b], f32> {
  %l = kiln.log_softmax %x {dim = -1 : i64} : !kiln.tensor<[32, b, B, b], f32>
  %w = kiln.reduce_mean %l {dims = array<i64: 0, 2, -1>} : !kiln.tensor<[32, b, B, b], f32> -> !kiln.tensor<[b], f32>
  %n = kiln.layer_norm %l, %w, %w : !kiln.tensor<[32, b, B, b], f32>, !kiln.tensor<[b], f32>, !kiln.tensor<[b], f32>
  return %n : !kiln.tensor<[32, b, B, b], f32>
}
func.func @concat_norms(%x: !kiln.tensor<[B, B, B], f32>, %w: !kiln.tensor<[B], f32>) -> (!kiln.tensor<[], f32>, !kiln.tensor<[B, B], f32>) {
  %c = kiln.concat %x, %x {dim = 0 : i64} : !kiln.tensor<[B, B, B], f32>, !kiln.tensor<[B, B, B], f32> -> !kiln.tensor<[2*B, B, B], f32>
  %n = kiln.layer_norm %c, %w, %w : !kiln.tensor<[2*B, B, B], f32>, !kiln.tensor<[B], f32>, !kiln.tensor<[B], f32>
  %a = kiln.abs %n : !kiln.tensor<[2*B, B, B], f32>
  %m = kiln.reduce_mean %a {dims = array<i64: 0, 1, 2>} : !kiln.tensor<[2*B, B, B], f32> -> !kiln.tensor<[], f32>
  %bw = kiln.broadcast_to %w : !kiln.tensor<[B], f32> -> !kiln.tensor<[B, B], f32>
  %r = kiln.rms_norm %bw, %w : !kiln.tensor<[B, B], f32>, !kiln.tensor<[B], f32>
  return %m, %r : !kiln.tensor<[], f32>, !kiln.tensor<[B, B], f32>
}

func.func @norms_4d(%x: !kiln.tensor<[A, B, C, D], f32>, %w: !kiln.tensor<[D], f32>) -> (!kiln.tensor<[A, B, C, D], f32>, !kiln.tensor<[A, B, C, D], f32>, !kiln.tensor<[A, B, C], f32>) {
  %r = kiln.rms_norm %x, %w : !kiln.tensor<[A, B, C, D], f32>, !kiln.tensor<[D], f32>
  %l = kiln.log_softmax %x {dim = 1 : i64} : !kiln.tensor<[A, B, C, D], f32>
  %mx = kiln.reduce_max %x {dims = array<i64: 3>, keepdim = true} : !kiln.tensor<[A, B, C, D], f32> -> !kiln.tensor<[A, B, C, 1], f32>
  %d = kiln.sub %x, %mx : !kiln.tensor<[A, B, C, D], f32>, !kiln.tensor<[A, B, C, 1], f32> -> !kiln.tensor<[A, B, C, D], f32>
  %e = kiln.exp %d : !kiln.tensor<[A, B, C, D], f32>
  %s = kiln.reduce_sum %e {dims = array<i64: 3>} : !kiln.tensor<[A, B, C, D], f32> -> !kiln.tensor<[A, B, C], f32>
  %lg = kiln.log %s : !kiln.tensor<[A, B, C], f32>
  return %r, %l, %lg : !kiln.tensor<[A, B, C, D], f32>, !kiln.tensor<[A, B, C, D], f32>, !kiln.tensor<[A, B, C], f32>
}

// From the in-tree random tester (tools/kiln-fuzz): a softmax of NaN is
// NaN (the CPU's polynomial exp clamped its argument and made numbers of
// NaN).
// RUN: kiln-run %s --entry=softmax_of_nan --random-inputs --seed=6 --check | FileCheck %s
func.func @softmax_of_nan(%x: !kiln.tensor<[2, 4], f32>) -> !kiln.tensor<[2, 4], f32> {
  %n = kiln.constant {value = dense<0x7FC00000> : tensor<f32>} : !kiln.tensor<[], f32>
  %m = kiln.mul %x, %n : !kiln.tensor<[2, 4], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[2, 4], f32>
  %s = kiln.softmax %m {dim = 1 : i64} : !kiln.tensor<[2, 4], f32>
  return %s : !kiln.tensor<[2, 4], f32>
}
