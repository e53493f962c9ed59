// The rounding, logical and remainder ops and reduce_prod/any/all against
// the reference interpreter, static and symbolic, f32/bf16/i32/i64/i1,
// including empty reductions (prod 1, any false, all true).

// RUN: kiln-run %s --entry=rounding --random-inputs --seed=1 --sym B=5 --check | FileCheck %s
// RUN: kiln-run %s --entry=rounding --random-inputs --seed=2 --sym B=0 --check | FileCheck %s
// RUN: kiln-run %s --entry=rounding_bf16 --random-inputs --seed=3 --sym B=33 --check | FileCheck %s
// RUN: kiln-run %s --entry=integers --random-inputs --seed=4 --sym S=129 --check | FileCheck %s
// RUN: kiln-run %s --entry=logical --random-inputs --seed=5 --sym S=17 --check | FileCheck %s
// RUN: kiln-run %s --entry=remainder --random-inputs --seed=6 --sym S=300 --check | FileCheck %s
// RUN: kiln-run %s --entry=reductions --random-inputs --seed=7 --sym B=6 --sym S=77 --check | FileCheck %s
// RUN: kiln-run %s --entry=reductions --random-inputs --seed=8 --sym B=3 --sym S=0 --check | FileCheck %s
// RUN: kiln-run %s --entry=mask --random-inputs --seed=9 --sym S=40 --check | FileCheck %s

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}

func.func @rounding(%x: !kiln.tensor<[B, 64], f32>) -> (!kiln.tensor<[B, 64], f32>, !kiln.tensor<[B, 64], f32>, !kiln.tensor<[B, 64], f32>, !kiln.tensor<[B, 64], f32>, !kiln.tensor<[B, 64], f32>) {
  %c = kiln.constant {value = dense<4.0> : tensor<f32>} : !kiln.tensor<[], f32>
  %y = kiln.mul %x, %c : !kiln.tensor<[B, 64], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[B, 64], f32>
  %0 = kiln.floor %y : !kiln.tensor<[B, 64], f32>
  %1 = kiln.ceil %y : !kiln.tensor<[B, 64], f32>
  %2 = kiln.round %y : !kiln.tensor<[B, 64], f32>
  %3 = kiln.sign %x : !kiln.tensor<[B, 64], f32>
  %a = kiln.abs %x : !kiln.tensor<[B, 64], f32>
  %4 = kiln.log1p %a : !kiln.tensor<[B, 64], f32>
  return %0, %1, %2, %3, %4 : !kiln.tensor<[B, 64], f32>, !kiln.tensor<[B, 64], f32>, !kiln.tensor<[B, 64], f32>, !kiln.tensor<[B, 64], f32>, !kiln.tensor<[B, 64], f32>
}

// Half to even: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -0.5 -> -0, -2.5 -> -2.
func.func @rounding_bf16(%x: !kiln.tensor<[B, 8], bf16>) -> (!kiln.tensor<[B, 8], bf16>, !kiln.tensor<[8], f32>, !kiln.tensor<[B, 8], bf16>) {
  %0 = kiln.round %x : !kiln.tensor<[B, 8], bf16>
  %h = kiln.constant {value = dense<[0.5, 1.5, 2.5, -0.5, -2.5, 3.5, 1.0e-8, -1.0e-8]> : tensor<8xf32>} : !kiln.tensor<[8], f32>
  %1 = kiln.round %h : !kiln.tensor<[8], f32>
  %2 = kiln.sign %x : !kiln.tensor<[B, 8], bf16>
  return %0, %1, %2 : !kiln.tensor<[B, 8], bf16>, !kiln.tensor<[8], f32>, !kiln.tensor<[B, 8], bf16>
}

func.func @integers(%n: !kiln.tensor<[S], i32>, %m: !kiln.tensor<[S], i64>) -> (!kiln.tensor<[S], i32>, !kiln.tensor<[S], i32>, !kiln.tensor<[S], i64>, !kiln.tensor<[S], i64>) {
  %0 = kiln.sign %n : !kiln.tensor<[S], i32>
  %1 = kiln.not %n : !kiln.tensor<[S], i32>
  %2 = kiln.round %m : !kiln.tensor<[S], i64>
  %3 = kiln.xor %m, %2 : !kiln.tensor<[S], i64>, !kiln.tensor<[S], i64> -> !kiln.tensor<[S], i64>
  return %0, %1, %2, %3 : !kiln.tensor<[S], i32>, !kiln.tensor<[S], i32>, !kiln.tensor<[S], i64>, !kiln.tensor<[S], i64>
}

func.func @logical(%a: !kiln.tensor<[S, S], i1>, %b: !kiln.tensor<[S], i1>, %n: !kiln.tensor<[S], i32>) -> (!kiln.tensor<[S, S], i1>, !kiln.tensor<[S, S], i1>, !kiln.tensor<[S, S], i1>, !kiln.tensor<[S], i32>) {
  %0 = kiln.not %a : !kiln.tensor<[S, S], i1>
  %1 = kiln.and %0, %b : !kiln.tensor<[S, S], i1>, !kiln.tensor<[S], i1> -> !kiln.tensor<[S, S], i1>
  %2 = kiln.or %a, %b : !kiln.tensor<[S, S], i1>, !kiln.tensor<[S], i1> -> !kiln.tensor<[S, S], i1>
  %3 = kiln.xor %1, %2 : !kiln.tensor<[S, S], i1>, !kiln.tensor<[S, S], i1> -> !kiln.tensor<[S, S], i1>
  %c = kiln.constant {value = dense<12> : tensor<i32>} : !kiln.tensor<[], i32>
  %4 = kiln.and %n, %c : !kiln.tensor<[S], i32>, !kiln.tensor<[], i32> -> !kiln.tensor<[S], i32>
  %5 = kiln.or %4, %n : !kiln.tensor<[S], i32>, !kiln.tensor<[S], i32> -> !kiln.tensor<[S], i32>
  return %1, %2, %3, %5 : !kiln.tensor<[S, S], i1>, !kiln.tensor<[S, S], i1>, !kiln.tensor<[S, S], i1>, !kiln.tensor<[S], i32>
}

// torch.remainder: the divisor's sign; integer divisors 0 and -1 included.
func.func @remainder(%x: !kiln.tensor<[S], f32>, %n: !kiln.tensor<[S], i32>) -> (!kiln.tensor<[S], f32>, !kiln.tensor<[S, 6], i32>, !kiln.tensor<[S], f32>) {
  %c = kiln.constant {value = dense<0.75> : tensor<f32>} : !kiln.tensor<[], f32>
  %0 = kiln.rem %x, %c : !kiln.tensor<[S], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[S], f32>
  %d = kiln.constant {value = dense<[[3, -3, 0, -1, 1, 7]]> : tensor<1x6xi32>} : !kiln.tensor<[1, 6], i32>
  %nn = kiln.reshape %n : !kiln.tensor<[S], i32> -> !kiln.tensor<[S, 1], i32>
  %1 = kiln.rem %nn, %d : !kiln.tensor<[S, 1], i32>, !kiln.tensor<[1, 6], i32> -> !kiln.tensor<[S, 6], i32>
  %m = kiln.constant {value = dense<-0.75> : tensor<f32>} : !kiln.tensor<[], f32>
  %2 = kiln.rem %x, %m : !kiln.tensor<[S], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[S], f32>
  return %0, %1, %2 : !kiln.tensor<[S], f32>, !kiln.tensor<[S, 6], i32>, !kiln.tensor<[S], f32>
}

func.func @reductions(%x: !kiln.tensor<[B, S], f32>, %m: !kiln.tensor<[B, S], i1>, %n: !kiln.tensor<[B, S], i64>) -> (!kiln.tensor<[B], f32>, !kiln.tensor<[B, 1], i1>, !kiln.tensor<[S], i1>, !kiln.tensor<[], i1>, !kiln.tensor<[B], i64>) {
  %c = kiln.constant {value = dense<0.02> : tensor<f32>} : !kiln.tensor<[], f32>
  %s = kiln.mul %x, %c : !kiln.tensor<[B, S], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[B, S], f32>
  %one = kiln.constant {value = dense<1.0> : tensor<f32>} : !kiln.tensor<[], f32>
  %y = kiln.add %s, %one : !kiln.tensor<[B, S], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[B, S], f32>
  %0 = kiln.reduce_prod %y {dims = array<i64: 1>} : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B], f32>
  %1 = kiln.reduce_any %m {dims = array<i64: 1>, keepdim = true} : !kiln.tensor<[B, S], i1> -> !kiln.tensor<[B, 1], i1>
  %2 = kiln.reduce_all %m {dims = array<i64: 0>} : !kiln.tensor<[B, S], i1> -> !kiln.tensor<[S], i1>
  %3 = kiln.reduce_all %m {dims = array<i64: 0, 1>} : !kiln.tensor<[B, S], i1> -> !kiln.tensor<[], i1>
  %4 = kiln.reduce_prod %n {dims = array<i64: 1>} : !kiln.tensor<[B, S], i64> -> !kiln.tensor<[B], i64>
  return %0, %1, %2, %3, %4 : !kiln.tensor<[B], f32>, !kiln.tensor<[B, 1], i1>, !kiln.tensor<[S], i1>, !kiln.tensor<[], i1>, !kiln.tensor<[B], i64>
}

// A causal mask built from iota and logical ops, applied with select.
func.func @mask(%x: !kiln.tensor<[S, S], f32>, %pad: !kiln.tensor<[S], i1>) -> !kiln.tensor<[S, S], f32> {
  %i = kiln.iota {dim = 0 : i64} : !kiln.tensor<[S, S], i64>
  %j = kiln.iota {dim = 1 : i64} : !kiln.tensor<[S, S], i64>
  %future = kiln.cmp %j, %i {predicate = "gt"} : !kiln.tensor<[S, S], i64>, !kiln.tensor<[S, S], i64> -> !kiln.tensor<[S, S], i1>
  %keep = kiln.not %future : !kiln.tensor<[S, S], i1>
  %k = kiln.and %keep, %pad : !kiln.tensor<[S, S], i1>, !kiln.tensor<[S], i1> -> !kiln.tensor<[S, S], i1>
  %ninf = kiln.constant {value = dense<-1.0e+30> : tensor<f32>} : !kiln.tensor<[], f32>
  %m = kiln.select %k, %x, %ninf : !kiln.tensor<[S, S], i1>, !kiln.tensor<[S, S], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[S, S], f32>
  %p = kiln.softmax %m {dim = -1 : i64} : !kiln.tensor<[S, S], f32>
  return %p : !kiln.tensor<[S, S], f32>
}
