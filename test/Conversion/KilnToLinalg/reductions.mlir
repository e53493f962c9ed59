// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file | FileCheck %s
//
// convert-kiln-to-linalg on the reductions: a linalg.fill of the identity
// (0 for sum and mean, -inf for max, +inf for min, the integer extremes for
// integers) and one linalg.generic whose iterators are "reduction" on the
// reduced dims (negative dims count from the end) and whose output map drops
// them. f16/bf16 accumulate in f32 and round once at the end; mean divides
// by the element count (from the entry's symbol sizes); keepdim re-inserts
// the unit dims with a tensor.expand_shape.

// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @sum_last
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x?xf32>) -> tensor<?x?xf32>
// CHECK-DAG: %[[B:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?x?xf32>
// CHECK-DAG: %[[S:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?x?xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[B]], %[[S]]) : tensor<?x?xf32>
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[E]] : tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<?x?x?xf32>) outs(%[[INIT]] : tensor<?x?xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[SUM:.*]] = arith.addf %[[A]], %[[ACC]]{{.*}} : f32
// CHECK-NEXT:   linalg.yield %[[SUM]] : f32
// CHECK: return %[[R]] : tensor<?x?xf32>
func.func @sum_last(%x: !kiln.tensor<[B, S, D], f32>) -> !kiln.tensor<[B, S], f32> {
  %0 = kiln.reduce_sum %x {dims = array<i64: -1>} : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[B, S], f32>
  return %0 : !kiln.tensor<[B, S], f32>
}

// -----

// Mean over dims 0 and 2: the count is B * D from the entry's sizes, as f32.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-DAG: #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @mean_outer
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x?xf32>) -> tensor<?xf32>
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[B:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK-DAG: %[[S:.*]] = tensor.dim %[[X]], %[[C1]]
// CHECK-DAG: %[[D:.*]] = tensor.dim %[[X]], %[[C2]]
// CHECK: %[[E:.*]] = tensor.empty(%[[S]]) : tensor<?xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["reduction", "parallel", "reduction"]} ins(%[[X]] : tensor<?x?x?xf32>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK: arith.addf
// CHECK: %[[N0:.*]] = arith.muli %{{.*}}, %[[B]] : index
// CHECK: %[[N:.*]] = arith.muli %[[N0]], %[[D]] : index
// CHECK: %[[NI:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[NF:.*]] = arith.sitofp %[[NI]] : i64 to f32
// CHECK: %[[E2:.*]] = tensor.empty(%[[S]]) : tensor<?xf32>
// CHECK: %[[MEAN:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%[[SUM]] : tensor<?xf32>) outs(%[[E2]] : tensor<?xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[Q:.*]] = arith.divf %[[A]], %[[NF]] : f32
// CHECK-NEXT:   linalg.yield %[[Q]] : f32
// CHECK: return %[[MEAN]]
func.func @mean_outer(%x: !kiln.tensor<[B, S, D], f32>) -> !kiln.tensor<[S], f32> {
  %0 = kiln.reduce_mean %x {dims = array<i64: 0, 2>} : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[S], f32>
  return %0 : !kiln.tensor<[S], f32>
}

// -----

// Static mean with keepdim: divides by 8, then expands [4] to [4, 1].
// CHECK-LABEL: func.func @mean_keepdim_static
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{.*}} : tensor<4xf32>)
// CHECK: %[[C8:.*]] = arith.constant 8 : index
// CHECK: arith.muli %{{.*}}, %[[C8]] : index
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<4xf32>)
// CHECK: arith.divf
// CHECK: %[[K:.*]] = tensor.expand_shape %[[MEAN]] {{\[\[}}0, 1]] output_shape [4, 1] : tensor<4xf32> into tensor<4x1xf32>
// CHECK: return %[[K]] : tensor<4x1xf32>
func.func @mean_keepdim_static(%x: !kiln.tensor<[4, 8], f32>) -> !kiln.tensor<[4, 1], f32> {
  %0 = kiln.reduce_mean %x {dims = array<i64: 1>, keepdim = true} : !kiln.tensor<[4, 8], f32> -> !kiln.tensor<[4, 1], f32>
  return %0 : !kiln.tensor<[4, 1], f32>
}

// -----

// bf16 max: -inf identity in f32, the input extended in the body, one
// rounding generic, then keepdim (the symbolic kept dim from the entry).
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @max_bf16_keepdim
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xbf16>) -> tensor<?x1xbf16>
// CHECK: %[[B:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?xbf16>
// CHECK: %[[E:.*]] = tensor.empty(%[[B]]) : tensor<?xf32>
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[NINF]] : f32) outs(%[[E]] : tensor<?xf32>)
// CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<?x?xbf16>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: bf16, %[[M:.*]]: f32):
// CHECK-NEXT:   %[[W:.*]] = arith.extf %[[A]] : bf16 to f32
// CHECK-NEXT:   %[[R:.*]] = arith.maximumf %[[W]], %[[M]]{{.*}} : f32
// CHECK-NEXT:   linalg.yield %[[R]] : f32
// CHECK: %[[E2:.*]] = tensor.empty(%[[B]]) : tensor<?xbf16>
// CHECK: %[[RND:.*]] = linalg.generic {{.*}} ins(%[[ACC]] : tensor<?xf32>) outs(%[[E2]] : tensor<?xbf16>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %{{.*}}: bf16):
// CHECK-NEXT:   %[[T:.*]] = arith.truncf %[[A]] : f32 to bf16
// CHECK-NEXT:   linalg.yield %[[T]] : bf16
// CHECK: %[[K:.*]] = tensor.expand_shape %[[RND]] {{\[\[}}0, 1]] output_shape [%[[B]], 1] : tensor<?xbf16> into tensor<?x1xbf16>
// CHECK: return %[[K]]
func.func @max_bf16_keepdim(%x: !kiln.tensor<[B, D], bf16>) -> !kiln.tensor<[B, 1], bf16> {
  %0 = kiln.reduce_max %x {dims = array<i64: -1>, keepdim = true} : !kiln.tensor<[B, D], bf16> -> !kiln.tensor<[B, 1], bf16>
  return %0 : !kiln.tensor<[B, 1], bf16>
}

// -----

// min over the leading dim, keepdim: +inf identity; the unit dim joins the
// first kept dim's group.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @min_first_keepdim
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf32>) -> tensor<1x?xf32>
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[D:.*]] = tensor.dim %[[X]], %[[C1]] : tensor<?x?xf32>
// CHECK: %[[PINF:.*]] = arith.constant 0x7F800000 : f32
// CHECK: linalg.fill ins(%[[PINF]] : f32)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["reduction", "parallel"]}
// CHECK: arith.minimumf
// CHECK: tensor.expand_shape %[[R]] {{\[\[}}0, 1]] output_shape [1, %[[D]]] : tensor<?xf32> into tensor<1x?xf32>
func.func @min_first_keepdim(%x: !kiln.tensor<[B, D], f32>) -> !kiln.tensor<[1, D], f32> {
  %0 = kiln.reduce_min %x {dims = array<i64: 0>, keepdim = true} : !kiln.tensor<[B, D], f32> -> !kiln.tensor<[1, D], f32>
  return %0 : !kiln.tensor<[1, D], f32>
}

// -----

// Integer reductions over all dims to rank 0: the identity of max is the
// smallest i32, of min the largest, of sum 0; no rounding step.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @int_all
// CHECK: %[[E0:.*]] = tensor.empty() : tensor<i32>
// CHECK: %[[LO:.*]] = arith.constant -2147483648 : i32
// CHECK: linalg.fill ins(%[[LO]] : i32) outs(%[[E0]] : tensor<i32>)
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["reduction", "reduction"]}
// CHECK: arith.maxsi
// CHECK: %[[HI:.*]] = arith.constant 2147483647 : i32
// CHECK: linalg.fill ins(%[[HI]] : i32)
// CHECK: arith.minsi
// CHECK: %[[Z:.*]] = arith.constant 0 : i32
// CHECK: linalg.fill ins(%[[Z]] : i32)
// CHECK: arith.addi
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @int_all(%x: !kiln.tensor<[B, D], i32>)
    -> (!kiln.tensor<[], i32>, !kiln.tensor<[], i32>, !kiln.tensor<[], i32>) {
  %0 = kiln.reduce_max %x {dims = array<i64: 0, 1>} : !kiln.tensor<[B, D], i32> -> !kiln.tensor<[], i32>
  %1 = kiln.reduce_min %x {dims = array<i64: -1, -2>} : !kiln.tensor<[B, D], i32> -> !kiln.tensor<[], i32>
  %2 = kiln.reduce_sum %x {dims = array<i64: 1, 0>} : !kiln.tensor<[B, D], i32> -> !kiln.tensor<[], i32>
  return %0, %1, %2 : !kiln.tensor<[], i32>, !kiln.tensor<[], i32>, !kiln.tensor<[], i32>
}

// -----

// keepdim over the middle and last dims of a rank-3 tensor.
// CHECK-LABEL: func.func @sum_keepdim_inner
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x?xf32>) -> tensor<?x1x1xf32>
// CHECK: %[[B:.*]] = tensor.dim %[[X]], %{{.*}}
// CHECK: iterator_types = ["parallel", "reduction", "reduction"]
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1, 2]] output_shape [%[[B]], 1, 1] : tensor<?xf32> into tensor<?x1x1xf32>
func.func @sum_keepdim_inner(%x: !kiln.tensor<[B, S, D], f32>) -> !kiln.tensor<[B, 1, 1], f32> {
  %0 = kiln.reduce_sum %x {dims = array<i64: -2, -1>, keepdim = true} : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[B, 1, 1], f32>
  return %0 : !kiln.tensor<[B, 1, 1], f32>
}

// -----

// The composites decompose into reductions (with keepdim) and elementwise
// ops before lowering: softmax is max, sub, exp, sum, div.
// CHECK-LABEL: func.func @softmax
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: iterator_types = ["parallel", "reduction"]
// CHECK: arith.maximumf
// CHECK: tensor.expand_shape
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: iterator_types = ["parallel", "reduction"]
// CHECK: arith.addf
// CHECK: tensor.expand_shape
// CHECK: arith.divf
// CHECK-NOT: kiln.
func.func @softmax(%x: !kiln.tensor<[B, D], f32>) -> !kiln.tensor<[B, D], f32> {
  %0 = kiln.softmax %x {dim = -1 : i64} : !kiln.tensor<[B, D], f32>
  return %0 : !kiln.tensor<[B, D], f32>
}

// -----

// layer_norm: mean, centered, variance (a mean of squares), rsqrt(var + eps)
// with eps as a rank-0 constant, scale and shift.
// CHECK-LABEL: func.func @layer_norm
// CHECK: arith.constant dense<9.99999974E-6> : tensor<f32>
// CHECK: arith.divf
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: arith.divf
// CHECK: arith.addf
// CHECK: math.rsqrt
// CHECK-NOT: kiln.
func.func @layer_norm(%x: !kiln.tensor<[B, D], f32>, %w: !kiln.tensor<[D], f32>, %b: !kiln.tensor<[D], f32>) -> !kiln.tensor<[B, D], f32> {
  %0 = kiln.layer_norm %x, %w, %b {epsilon = 1.0e-5 : f64} : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D], f32>, !kiln.tensor<[D], f32>
  return %0 : !kiln.tensor<[B, D], f32>
}
