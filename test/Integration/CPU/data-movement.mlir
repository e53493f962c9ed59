// The data-movement ops on computed values: kiln.transpose (rank 2, 3, 4
// permutations), kiln.reshape (merging dims, splitting a symbolic dim into
// two symbols, splitting off static factors, the general path through 1-D,
// to and from rank 0), kiln.broadcast_to, kiln.concat (two and three
// inputs, positive and negative dims, symbolic sizes) and kiln.constant
// (used by an add); static (@static) and symbolic (@symbolic, two sizes).
// Every op reads a kiln.neg of the input: results that alias the arguments
// are in returns-views.mlir.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=2 --sym S=3 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=5 --sym S=16 --check | FileCheck %s

// CHECK: check: ok max_abs_err=0.000000e+00 max_rel_err=0.000000e+00

func.func @static(%x: !kiln.tensor<[2, 3, 64], f32>, %y: !kiln.tensor<[2, 5, 64], f32>,
                  %v: !kiln.tensor<[1, 64], f32>, %u: !kiln.tensor<[6, 4], i32>)
    -> (!kiln.tensor<[64, 2, 3], f32>, !kiln.tensor<[3, 2], i32>,
        !kiln.tensor<[3, 4, 2, 16], f32>, !kiln.tensor<[6, 64], f32>,
        !kiln.tensor<[2, 3, 4, 16], f32>, !kiln.tensor<[4, 6], i32>,
        !kiln.tensor<[], f32>, !kiln.tensor<[1, 1], f32>,
        !kiln.tensor<[2, 7, 64], f32>, !kiln.tensor<[6, 3, 64], f32>,
        !kiln.tensor<[2, 3, 128], f32>, !kiln.tensor<[2, 3, 64], f32>,
        !kiln.tensor<[6, 4], i32>) {
  %nx = kiln.neg %x : !kiln.tensor<[2, 3, 64], f32>
  %ny = kiln.neg %y : !kiln.tensor<[2, 5, 64], f32>
  %nv = kiln.neg %v : !kiln.tensor<[1, 64], f32>
  %nu = kiln.neg %u : !kiln.tensor<[6, 4], i32>
  %t0 = kiln.transpose %nx {perm = array<i64: 2, 0, 1>} : !kiln.tensor<[2, 3, 64], f32> -> !kiln.tensor<[64, 2, 3], f32>
  %s = kiln.reshape %nu : !kiln.tensor<[6, 4], i32> -> !kiln.tensor<[2, 3, 4], i32>
  %su = kiln.reduce_sum %s {dims = array<i64: -1>} : !kiln.tensor<[2, 3, 4], i32> -> !kiln.tensor<[2, 3], i32>
  %t1 = kiln.transpose %su {perm = array<i64: 1, 0>} : !kiln.tensor<[2, 3], i32> -> !kiln.tensor<[3, 2], i32>
  %h = kiln.reshape %nx : !kiln.tensor<[2, 3, 64], f32> -> !kiln.tensor<[2, 3, 4, 16], f32>
  %t2 = kiln.transpose %h {perm = array<i64: 1, 2, 0, 3>} : !kiln.tensor<[2, 3, 4, 16], f32> -> !kiln.tensor<[3, 4, 2, 16], f32>
  %r0 = kiln.reshape %nx : !kiln.tensor<[2, 3, 64], f32> -> !kiln.tensor<[6, 64], f32>
  %r1 = kiln.reshape %r0 : !kiln.tensor<[6, 64], f32> -> !kiln.tensor<[2, 3, 4, 16], f32>
  %r2 = kiln.reshape %nu : !kiln.tensor<[6, 4], i32> -> !kiln.tensor<[4, 6], i32>
  %one = kiln.reduce_max %nv {dims = array<i64: 0, 1>, keepdim = true} : !kiln.tensor<[1, 64], f32> -> !kiln.tensor<[1, 1], f32>
  %r3 = kiln.reshape %one : !kiln.tensor<[1, 1], f32> -> !kiln.tensor<[], f32>
  %r4 = kiln.reshape %r3 : !kiln.tensor<[], f32> -> !kiln.tensor<[1, 1], f32>
  %c0 = kiln.concat %nx, %ny {dim = 1 : i64} : !kiln.tensor<[2, 3, 64], f32>, !kiln.tensor<[2, 5, 64], f32> -> !kiln.tensor<[2, 8, 64], f32>
  %c0s = kiln.reduce_max %c0 {dims = array<i64: 1>, keepdim = true} : !kiln.tensor<[2, 8, 64], f32> -> !kiln.tensor<[2, 1, 64], f32>
  %c1 = kiln.concat %ny, %c0s {dim = -2 : i64} : !kiln.tensor<[2, 5, 64], f32>, !kiln.tensor<[2, 1, 64], f32> -> !kiln.tensor<[2, 6, 64], f32>
  %c1n = kiln.neg %c1 : !kiln.tensor<[2, 6, 64], f32>
  %bv = kiln.broadcast_to %nv : !kiln.tensor<[1, 64], f32> -> !kiln.tensor<[2, 1, 64], f32>
  %c2 = kiln.concat %c1n, %bv {dim = 1 : i64} : !kiln.tensor<[2, 6, 64], f32>, !kiln.tensor<[2, 1, 64], f32> -> !kiln.tensor<[2, 7, 64], f32>
  %c3 = kiln.concat %nx, %nx, %nx {dim = 0 : i64} : !kiln.tensor<[2, 3, 64], f32>, !kiln.tensor<[2, 3, 64], f32>, !kiln.tensor<[2, 3, 64], f32> -> !kiln.tensor<[6, 3, 64], f32>
  %c4 = kiln.concat %nx, %nx {dim = -1 : i64} : !kiln.tensor<[2, 3, 64], f32>, !kiln.tensor<[2, 3, 64], f32> -> !kiln.tensor<[2, 3, 128], f32>
  %b0 = kiln.broadcast_to %nv : !kiln.tensor<[1, 64], f32> -> !kiln.tensor<[2, 3, 64], f32>
  %k = kiln.constant {value = dense<[[1, -2, 3, -4], [5, 6, 7, 8], [0, 0, 1, 1], [9, 9, 9, 9], [-1, -1, -1, -1], [2, 4, 6, 8]]> : tensor<6x4xi32>} : !kiln.tensor<[6, 4], i32>
  %k1 = kiln.add %nu, %k : !kiln.tensor<[6, 4], i32>, !kiln.tensor<[6, 4], i32> -> !kiln.tensor<[6, 4], i32>
  return %t0, %t1, %t2, %r0, %r1, %r2, %r3, %r4, %c2, %c3, %c4, %b0, %k1
      : !kiln.tensor<[64, 2, 3], f32>, !kiln.tensor<[3, 2], i32>,
        !kiln.tensor<[3, 4, 2, 16], f32>, !kiln.tensor<[6, 64], f32>,
        !kiln.tensor<[2, 3, 4, 16], f32>, !kiln.tensor<[4, 6], i32>,
        !kiln.tensor<[], f32>, !kiln.tensor<[1, 1], f32>,
        !kiln.tensor<[2, 7, 64], f32>, !kiln.tensor<[6, 3, 64], f32>,
        !kiln.tensor<[2, 3, 128], f32>, !kiln.tensor<[2, 3, 64], f32>,
        !kiln.tensor<[6, 4], i32>
}

!x = !kiln.tensor<[B, S, 64], f32>
func.func @symbolic(%x: !x, %y: !kiln.tensor<[B, 5, 64], f32>,
                    %v: !kiln.tensor<[1, 64], f32>, %u: !kiln.tensor<[B*S, 4], i32>,
                    %bias: !kiln.tensor<[64], f32>)
    -> (!kiln.tensor<[64, B, S], f32>, !kiln.tensor<[4, B*S], i32>,
        !kiln.tensor<[S, 4, B, 16], f32>, !kiln.tensor<[B*S, 64], f32>,
        !kiln.tensor<[B, S, 4, 16], f32>, !kiln.tensor<[B*S*4], i32>,
        !kiln.tensor<[B, S + 6, 64], f32>, !kiln.tensor<[3*B, S, 64], f32>,
        !kiln.tensor<[B, S, 128], f32>, !kiln.tensor<[B, S, 64], f32>,
        !kiln.tensor<[B, S, 64], f32>) {
  %nx = kiln.neg %x : !x
  %ny = kiln.neg %y : !kiln.tensor<[B, 5, 64], f32>
  %nv = kiln.neg %v : !kiln.tensor<[1, 64], f32>
  %nu = kiln.neg %u : !kiln.tensor<[B*S, 4], i32>
  %t0 = kiln.transpose %nx {perm = array<i64: 2, 0, 1>} : !x -> !kiln.tensor<[64, B, S], f32>
  %t1 = kiln.transpose %nu {perm = array<i64: 1, 0>} : !kiln.tensor<[B*S, 4], i32> -> !kiln.tensor<[4, B*S], i32>
  %h = kiln.reshape %nx : !x -> !kiln.tensor<[B, S, 4, 16], f32>
  %t2 = kiln.transpose %h {perm = array<i64: 1, 2, 0, 3>} : !kiln.tensor<[B, S, 4, 16], f32> -> !kiln.tensor<[S, 4, B, 16], f32>
  %r0 = kiln.reshape %nx : !x -> !kiln.tensor<[B*S, 64], f32>
  %r0n = kiln.neg %r0 : !kiln.tensor<[B*S, 64], f32>
  // One dynamic dim split into two symbols (no expand_shape can do that).
  %r1 = kiln.reshape %r0n : !kiln.tensor<[B*S, 64], f32> -> !kiln.tensor<[B, S, 4, 16], f32>
  %r2 = kiln.reshape %nu : !kiln.tensor<[B*S, 4], i32> -> !kiln.tensor<[B*S*4], i32>
  %c0 = kiln.concat %nx, %ny {dim = 1 : i64} : !x, !kiln.tensor<[B, 5, 64], f32> -> !kiln.tensor<[B, S + 5, 64], f32>
  %c0s = kiln.reduce_max %c0 {dims = array<i64: 1>, keepdim = true} : !kiln.tensor<[B, S + 5, 64], f32> -> !kiln.tensor<[B, 1, 64], f32>
  %c1 = kiln.concat %c0, %c0s {dim = -2 : i64} : !kiln.tensor<[B, S + 5, 64], f32>, !kiln.tensor<[B, 1, 64], f32> -> !kiln.tensor<[B, S + 6, 64], f32>
  %c3 = kiln.concat %nx, %nx, %nx {dim = 0 : i64} : !x, !x, !x -> !kiln.tensor<[3*B, S, 64], f32>
  %c4 = kiln.concat %nx, %nx {dim = -1 : i64} : !x, !x -> !kiln.tensor<[B, S, 128], f32>
  %b0 = kiln.broadcast_to %nv : !kiln.tensor<[1, 64], f32> -> !x
  %nb = kiln.neg %bias : !kiln.tensor<[64], f32>
  %b1 = kiln.broadcast_to %nb : !kiln.tensor<[64], f32> -> !x
  return %t0, %t1, %t2, %r0, %r1, %r2, %c1, %c3, %c4, %b0, %b1
      : !kiln.tensor<[64, B, S], f32>, !kiln.tensor<[4, B*S], i32>,
        !kiln.tensor<[S, 4, B, 16], f32>, !kiln.tensor<[B*S, 64], f32>,
        !kiln.tensor<[B, S, 4, 16], f32>, !kiln.tensor<[B*S*4], i32>,
        !kiln.tensor<[B, S + 6, 64], f32>, !kiln.tensor<[3*B, S, 64], f32>,
        !kiln.tensor<[B, S, 128], f32>, !kiln.tensor<[B, S, 64], f32>,
        !kiln.tensor<[B, S, 64], f32>
}
