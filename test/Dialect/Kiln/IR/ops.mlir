// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s
//
// Round trip of every Kiln op in its custom form: the printed form parses
// back (second RUN), and so does the generic form (third RUN).

!xf = !kiln.tensor<[B, S, D], f32>

// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[X:.*]]: !kiln.tensor<[B, S, D], f32>)
func.func @unary(%x: !xf) -> !xf {
  // CHECK: %[[A:.*]] = kiln.neg %[[X]] : !kiln.tensor<[B, S, D], f32>
  %0 = kiln.neg %x : !xf
  // CHECK: kiln.abs %[[A]] : !kiln.tensor<[B, S, D], f32>
  %1 = kiln.abs %0 : !xf
  // CHECK: kiln.exp
  %2 = kiln.exp %1 : !xf
  // CHECK: kiln.log
  %3 = kiln.log %2 : !xf
  // CHECK: kiln.sqrt
  %4 = kiln.sqrt %3 : !xf
  // CHECK: kiln.rsqrt
  %5 = kiln.rsqrt %4 : !xf
  // CHECK: kiln.tanh
  %6 = kiln.tanh %5 : !xf
  // CHECK: kiln.sigmoid
  %7 = kiln.sigmoid %6 : !xf
  // CHECK: kiln.relu
  %8 = kiln.relu %7 : !xf
  // CHECK: kiln.silu
  %9 = kiln.silu %8 : !xf
  // CHECK: kiln.erf
  %10 = kiln.erf %9 : !xf
  // CHECK: kiln.sin
  %11 = kiln.sin %10 : !xf
  // CHECK: kiln.cos
  %12 = kiln.cos %11 : !xf
  // CHECK: kiln.reciprocal
  %13 = kiln.reciprocal %12 : !xf
  // CHECK: kiln.gelu %{{.*}} : !kiln.tensor<[B, S, D], f32>
  %14 = kiln.gelu %13 : !xf
  // CHECK: kiln.gelu %{{.*}} {approximate = "tanh"} : !kiln.tensor<[B, S, D], f32>
  %15 = kiln.gelu %14 {approximate = "tanh"} : !xf
  return %15 : !xf
}

// CHECK-LABEL: func.func @binary
func.func @binary(%a: !kiln.tensor<[B, 1, D], f32>, %b: !kiln.tensor<[S, D], f32>)
    -> !kiln.tensor<[B, S, D], f32> {
  // CHECK: kiln.add %{{.*}}, %{{.*}} : !kiln.tensor<[B, 1, D], f32>, !kiln.tensor<[S, D], f32> -> !kiln.tensor<[B, S, D], f32>
  %0 = kiln.add %a, %b : !kiln.tensor<[B, 1, D], f32>, !kiln.tensor<[S, D], f32> -> !xf
  // CHECK: kiln.sub
  %1 = kiln.sub %0, %b : !xf, !kiln.tensor<[S, D], f32> -> !xf
  // CHECK: kiln.mul
  %2 = kiln.mul %1, %a : !xf, !kiln.tensor<[B, 1, D], f32> -> !xf
  // CHECK: kiln.div
  %3 = kiln.div %2, %1 : !xf, !xf -> !xf
  // CHECK: kiln.max
  %4 = kiln.max %3, %2 : !xf, !xf -> !xf
  // CHECK: kiln.min
  %5 = kiln.min %4, %3 : !xf, !xf -> !xf
  // CHECK: kiln.pow
  %6 = kiln.pow %5, %4 : !xf, !xf -> !xf
  return %6 : !xf
}

// CHECK-LABEL: func.func @compare_select_cast
func.func @compare_select_cast(%a: !kiln.tensor<[S, S], f32>, %b: !kiln.tensor<[], f32>)
    -> !kiln.tensor<[S, S], bf16> {
  // CHECK: %[[C:.*]] = kiln.cmp %{{.*}}, %{{.*}} {predicate = "lt"} : !kiln.tensor<[S, S], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[S, S], i1>
  %c = kiln.cmp %a, %b {predicate = "lt"} : !kiln.tensor<[S, S], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[S, S], i1>
  // CHECK: kiln.select %[[C]], %{{.*}}, %{{.*}} : !kiln.tensor<[S, S], i1>, !kiln.tensor<[S, S], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[S, S], f32>
  %s = kiln.select %c, %a, %b : !kiln.tensor<[S, S], i1>, !kiln.tensor<[S, S], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[S, S], f32>
  // CHECK: kiln.cast %{{.*}} : !kiln.tensor<[S, S], f32> -> !kiln.tensor<[S, S], bf16>
  %h = kiln.cast %s : !kiln.tensor<[S, S], f32> -> !kiln.tensor<[S, S], bf16>
  return %h : !kiln.tensor<[S, S], bf16>
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: !xf) -> (!kiln.tensor<[B, S, 1], f32>, !kiln.tensor<[S], f32>,
                                   !kiln.tensor<[B, S], f32>, !kiln.tensor<[], f32>) {
  // CHECK: kiln.reduce_sum %{{.*}} {dims = array<i64: -1>, keepdim = true} : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[B, S, 1], f32>
  %0 = kiln.reduce_sum %x {dims = array<i64: -1>, keepdim = true} : !xf -> !kiln.tensor<[B, S, 1], f32>
  // CHECK: kiln.reduce_mean %{{.*}} {dims = array<i64: 0, 2>} : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[S], f32>
  %1 = kiln.reduce_mean %x {dims = array<i64: 0, 2>} : !xf -> !kiln.tensor<[S], f32>
  // CHECK: kiln.reduce_max %{{.*}} {dims = array<i64: -1>} : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[B, S], f32>
  %2 = kiln.reduce_max %x {dims = array<i64: -1>, keepdim = false} : !xf -> !kiln.tensor<[B, S], f32>
  // CHECK: kiln.reduce_min %{{.*}} {dims = array<i64: 0, 1, 2>} : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[], f32>
  %3 = kiln.reduce_min %x {dims = array<i64: 0, 1, 2>} : !xf -> !kiln.tensor<[], f32>
  return %0, %1, %2, %3 : !kiln.tensor<[B, S, 1], f32>, !kiln.tensor<[S], f32>, !kiln.tensor<[B, S], f32>, !kiln.tensor<[], f32>
}

// CHECK-LABEL: func.func @composites
func.func @composites(%x: !xf, %w: !kiln.tensor<[D], f32>, %b: !kiln.tensor<[D], f32>) -> !xf {
  // CHECK: kiln.softmax %{{.*}} {dim = -1 : i64} : !kiln.tensor<[B, S, D], f32>
  %0 = kiln.softmax %x {dim = -1 : i64} : !xf
  // CHECK: kiln.log_softmax %{{.*}} {dim = 1 : i64} : !kiln.tensor<[B, S, D], f32>
  %1 = kiln.log_softmax %0 {dim = 1 : i64} : !xf
  // CHECK: kiln.layer_norm %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f64} : !kiln.tensor<[B, S, D], f32>, !kiln.tensor<[D], f32>, !kiln.tensor<[D], f32>
  %2 = kiln.layer_norm %1, %w, %b {epsilon = 1.0e-3 : f64} : !xf, !kiln.tensor<[D], f32>, !kiln.tensor<[D], f32>
  // CHECK: kiln.layer_norm %{{.*}}, %{{.*}}, %{{.*}} : !kiln.tensor<[B, S, D], f32>
  %3 = kiln.layer_norm %2, %w, %b : !xf, !kiln.tensor<[D], f32>, !kiln.tensor<[D], f32>
  // CHECK: kiln.rms_norm %{{.*}}, %{{.*}} : !kiln.tensor<[B, S, D], f32>, !kiln.tensor<[D], f32>
  %4 = kiln.rms_norm %3, %w : !xf, !kiln.tensor<[D], f32>
  return %4 : !xf
}

// CHECK-LABEL: func.func @matmul
func.func @matmul(%x: !kiln.tensor<[B, S, K], bf16>, %w: !kiln.tensor<[K, N], bf16>,
                  %q: !kiln.tensor<[B, 1, S, K], f32>, %k: !kiln.tensor<[H, K, S], f32>)
    -> (!kiln.tensor<[B, S, N], bf16>, !kiln.tensor<[B, H, S, S], f32>) {
  // CHECK: kiln.matmul %{{.*}}, %{{.*}} : !kiln.tensor<[B, S, K], bf16>, !kiln.tensor<[K, N], bf16> -> !kiln.tensor<[B, S, N], bf16>
  %0 = kiln.matmul %x, %w : !kiln.tensor<[B, S, K], bf16>, !kiln.tensor<[K, N], bf16> -> !kiln.tensor<[B, S, N], bf16>
  // CHECK: kiln.matmul %{{.*}}, %{{.*}} : !kiln.tensor<[B, 1, S, K], f32>, !kiln.tensor<[H, K, S], f32> -> !kiln.tensor<[B, H, S, S], f32>
  %1 = kiln.matmul %q, %k : !kiln.tensor<[B, 1, S, K], f32>, !kiln.tensor<[H, K, S], f32> -> !kiln.tensor<[B, H, S, S], f32>
  // Half operands may give the f32 accumulator as the result.
  // CHECK: kiln.matmul %{{.*}}, %{{.*}} : !kiln.tensor<[B, S, K], bf16>, !kiln.tensor<[K, N], bf16> -> !kiln.tensor<[B, S, N], f32>
  %2 = kiln.matmul %x, %w : !kiln.tensor<[B, S, K], bf16>, !kiln.tensor<[K, N], bf16> -> !kiln.tensor<[B, S, N], f32>
  return %0, %1 : !kiln.tensor<[B, S, N], bf16>, !kiln.tensor<[B, H, S, S], f32>
}

// CHECK-LABEL: func.func @data_movement
func.func @data_movement(%x: !xf, %y: !kiln.tensor<[2, D], f32>, %z: !kiln.tensor<[1, D], f32>)
    -> (!kiln.tensor<[D, B, S], f32>, !kiln.tensor<[B*S, D], f32>, !kiln.tensor<[B*S + 2, D], f32>,
        !kiln.tensor<[B, 7, D], f32>) {
  // CHECK: kiln.transpose %{{.*}} {perm = array<i64: 2, 0, 1>} : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[D, B, S], f32>
  %0 = kiln.transpose %x {perm = array<i64: 2, 0, 1>} : !xf -> !kiln.tensor<[D, B, S], f32>
  // CHECK: kiln.reshape %{{.*}} : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[B*S, D], f32>
  %1 = kiln.reshape %x : !xf -> !kiln.tensor<[S*B, D], f32>
  // CHECK: kiln.concat %{{.*}}, %{{.*}} {dim = 0 : i64} : !kiln.tensor<[B*S, D], f32>, !kiln.tensor<[2, D], f32> -> !kiln.tensor<[B*S + 2, D], f32>
  %2 = kiln.concat %1, %y {dim = 0 : i64} : !kiln.tensor<[B*S, D], f32>, !kiln.tensor<[2, D], f32> -> !kiln.tensor<[B*S + 2, D], f32>
  // CHECK: kiln.broadcast_to %{{.*}} : !kiln.tensor<[1, D], f32> -> !kiln.tensor<[B, 7, D], f32>
  %3 = kiln.broadcast_to %z : !kiln.tensor<[1, D], f32> -> !kiln.tensor<[B, 7, D], f32>
  return %0, %1, %2, %3 : !kiln.tensor<[D, B, S], f32>, !kiln.tensor<[B*S, D], f32>, !kiln.tensor<[B*S + 2, D], f32>, !kiln.tensor<[B, 7, D], f32>
}

// CHECK-LABEL: func.func @constant
func.func @constant() -> (!kiln.tensor<[2, 2], f32>, !kiln.tensor<[], i64>) {
  // CHECK: kiln.constant {value = dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>} : !kiln.tensor<[2, 2], f32>
  %0 = kiln.constant {value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : !kiln.tensor<[2, 2], f32>
  // CHECK: kiln.constant {value = dense<7> : tensor<i64>} : !kiln.tensor<[], i64>
  %1 = kiln.constant {value = dense<7> : tensor<i64>} : !kiln.tensor<[], i64>
  return %0, %1 : !kiln.tensor<[2, 2], f32>, !kiln.tensor<[], i64>
}
