// RUN: kiln-opt %s | FileCheck %s
//
// Programs from outside the project use MLIR's generic form with exactly the
// op names, operand order and attributes of design.md §2. Each op below is
// parsed in that form and printed in Kiln's custom form.

// CHECK-LABEL: func.func @generic_elementwise
func.func @generic_elementwise(%x: !kiln.tensor<[B, S], f32>, %y: !kiln.tensor<[S], f32>)
    -> !kiln.tensor<[B, S], f32> {
  // CHECK: kiln.neg
  %0 = "kiln.neg"(%x) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.abs
  %1 = "kiln.abs"(%0) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.exp
  %2 = "kiln.exp"(%1) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.log
  %3 = "kiln.log"(%2) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.sqrt
  %4 = "kiln.sqrt"(%3) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.rsqrt
  %5 = "kiln.rsqrt"(%4) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.tanh
  %6 = "kiln.tanh"(%5) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.sigmoid
  %7 = "kiln.sigmoid"(%6) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.relu
  %8 = "kiln.relu"(%7) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.silu
  %9 = "kiln.silu"(%8) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.erf
  %10 = "kiln.erf"(%9) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.sin
  %11 = "kiln.sin"(%10) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.cos
  %12 = "kiln.cos"(%11) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.reciprocal
  %13 = "kiln.reciprocal"(%12) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.gelu %{{.*}} {approximate = "tanh"}
  %14 = "kiln.gelu"(%13) {approximate = "tanh"} : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.add
  %15 = "kiln.add"(%14, %y) : (!kiln.tensor<[B, S], f32>, !kiln.tensor<[S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.sub
  %16 = "kiln.sub"(%15, %y) : (!kiln.tensor<[B, S], f32>, !kiln.tensor<[S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.mul
  %17 = "kiln.mul"(%y, %16) : (!kiln.tensor<[S], f32>, !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.div
  %18 = "kiln.div"(%17, %y) : (!kiln.tensor<[B, S], f32>, !kiln.tensor<[S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.max
  %19 = "kiln.max"(%18, %y) : (!kiln.tensor<[B, S], f32>, !kiln.tensor<[S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.min
  %20 = "kiln.min"(%19, %y) : (!kiln.tensor<[B, S], f32>, !kiln.tensor<[S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.pow
  %21 = "kiln.pow"(%20, %y) : (!kiln.tensor<[B, S], f32>, !kiln.tensor<[S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.cmp %{{.*}}, %{{.*}} {predicate = "ge"}
  %22 = "kiln.cmp"(%21, %y) {predicate = "ge"} : (!kiln.tensor<[B, S], f32>, !kiln.tensor<[S], f32>) -> !kiln.tensor<[B, S], i1>
  // CHECK: kiln.select
  %23 = "kiln.select"(%22, %21, %y) : (!kiln.tensor<[B, S], i1>, !kiln.tensor<[B, S], f32>, !kiln.tensor<[S], f32>) -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.cast
  %24 = "kiln.cast"(%23) : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f16>
  %25 = "kiln.cast"(%24) : (!kiln.tensor<[B, S], f16>) -> !kiln.tensor<[B, S], f32>
  return %25 : !kiln.tensor<[B, S], f32>
}

// CHECK-LABEL: func.func @generic_reductions_composites
func.func @generic_reductions_composites(%x: !kiln.tensor<[B, S, D], f32>, %w: !kiln.tensor<[D], f32>)
    -> !kiln.tensor<[B, S, D], f32> {
  // CHECK: kiln.reduce_sum %{{.*}} {dims = array<i64: -1>, keepdim = true}
  %0 = "kiln.reduce_sum"(%x) {dims = array<i64: -1>, keepdim = true} : (!kiln.tensor<[B, S, D], f32>) -> !kiln.tensor<[B, S, 1], f32>
  // CHECK: kiln.reduce_mean %{{.*}} {dims = array<i64: -1>, keepdim = true}
  %1 = "kiln.reduce_mean"(%x) {dims = array<i64: -1>, keepdim = true} : (!kiln.tensor<[B, S, D], f32>) -> !kiln.tensor<[B, S, 1], f32>
  // CHECK: kiln.reduce_max %{{.*}} {dims = array<i64: 1>}
  %2 = "kiln.reduce_max"(%x) {dims = array<i64: 1>} : (!kiln.tensor<[B, S, D], f32>) -> !kiln.tensor<[B, D], f32>
  // CHECK: kiln.reduce_min %{{.*}} {dims = array<i64: -2>, keepdim = true}
  %3 = "kiln.reduce_min"(%x) {dims = array<i64: -2>, keepdim = true} : (!kiln.tensor<[B, S, D], f32>) -> !kiln.tensor<[B, 1, D], f32>
  // CHECK: kiln.softmax %{{.*}} {dim = -1 : i64}
  %4 = "kiln.softmax"(%x) {dim = -1 : i64} : (!kiln.tensor<[B, S, D], f32>) -> !kiln.tensor<[B, S, D], f32>
  // CHECK: kiln.log_softmax %{{.*}} {dim = 0 : i64}
  %5 = "kiln.log_softmax"(%4) {dim = 0 : i64} : (!kiln.tensor<[B, S, D], f32>) -> !kiln.tensor<[B, S, D], f32>
  // CHECK: kiln.layer_norm %{{.*}}, %{{.*}}, %{{.*}} : !kiln.tensor<[B, S, D], f32>
  %6 = "kiln.layer_norm"(%5, %w, %w) {epsilon = 1.0e-5 : f64} : (!kiln.tensor<[B, S, D], f32>, !kiln.tensor<[D], f32>, !kiln.tensor<[D], f32>) -> !kiln.tensor<[B, S, D], f32>
  // CHECK: kiln.rms_norm %{{.*}}, %{{.*}} {epsilon = 1.000000e-05 : f64}
  %7 = "kiln.rms_norm"(%6, %w) {epsilon = 1.0e-5 : f64} : (!kiln.tensor<[B, S, D], f32>, !kiln.tensor<[D], f32>) -> !kiln.tensor<[B, S, D], f32>
  return %7 : !kiln.tensor<[B, S, D], f32>
}

// CHECK-LABEL: func.func @generic_linalg_movement
func.func @generic_linalg_movement(%x: !kiln.tensor<[B, S, K], f32>, %w: !kiln.tensor<[K, N], f32>)
    -> (!kiln.tensor<[B*S + 2, N], f32>, !kiln.tensor<[3, B, S, N], f32>) {
  // CHECK: kiln.matmul
  %0 = "kiln.matmul"(%x, %w) : (!kiln.tensor<[B, S, K], f32>, !kiln.tensor<[K, N], f32>) -> !kiln.tensor<[B, S, N], f32>
  // CHECK: kiln.transpose %{{.*}} {perm = array<i64: 1, 0, 2>}
  %1 = "kiln.transpose"(%0) {perm = array<i64: 1, 0, 2>} : (!kiln.tensor<[B, S, N], f32>) -> !kiln.tensor<[S, B, N], f32>
  // CHECK: kiln.reshape
  %2 = "kiln.reshape"(%1) : (!kiln.tensor<[S, B, N], f32>) -> !kiln.tensor<[B*S, N], f32>
  // CHECK: kiln.constant
  %c = "kiln.constant"() {value = dense<0.0> : tensor<2x1xf32>} : () -> !kiln.tensor<[2, 1], f32>
  // CHECK: kiln.broadcast_to
  %b = "kiln.broadcast_to"(%c) : (!kiln.tensor<[2, 1], f32>) -> !kiln.tensor<[2, N], f32>
  // CHECK: kiln.concat %{{.*}}, %{{.*}} {dim = -2 : i64}
  %3 = "kiln.concat"(%2, %b) {dim = -2 : i64} : (!kiln.tensor<[B*S, N], f32>, !kiln.tensor<[2, N], f32>) -> !kiln.tensor<[B*S + 2, N], f32>
  %4 = "kiln.broadcast_to"(%0) : (!kiln.tensor<[B, S, N], f32>) -> !kiln.tensor<[3, B, S, N], f32>
  return %3, %4 : !kiln.tensor<[B*S + 2, N], f32>, !kiln.tensor<[3, B, S, N], f32>
}
