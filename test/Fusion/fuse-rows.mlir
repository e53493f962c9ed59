// RUN: kiln-opt %s --kiln-frontend-pipeline --kiln-fuse-elementwise --kiln-fuse-rows -split-input-file \
// RUN:   | FileCheck %s
// RUN: kiln-opt %s --kiln-frontend-pipeline --kiln-fuse-elementwise \
// RUN:   --kiln-fuse-rows=fuse-contractions=true -split-input-file \
// RUN:   | FileCheck %s --check-prefix=FC
//
// kiln-fuse-rows on Kiln programs decomposed and lowered to linalg on
// tensors, after elementwise fusion (as in the CPU pipeline). Each fusion
// group becomes ONE scf.forall over the rows of its root, whose body
// computes one row of every op of the group:
//   - softmax and layer_norm: the reductions (max and sum; mean and
//     variance) and their elementwise consumers in one loop over rows, with
//     row-sized temporaries (tensor<1xf32>) inside the loop;
//   - a matmul reading a layer_norm is not fused into the layer_norm's group
//     (nor the group into the matmul): linalg.matmul stays outside any
//     scf.forall;
//   - by default a matmul stays a kernel of its own (it goes to BLAS) and
//     only its epilogue (bias + relu) is a group; with fuse-contractions=true
//     (FC prefix) the matmul joins its epilogue's group: one scf.forall
//     computing a row of the product and its epilogue;
//   - a mean over the last dim of [B, S, D] takes one (b, s) per iteration;
//   - an op whose first loop is a reduction (a sum over rows) is left alone.

// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NOT: linalg.
// CHECK: %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xf32>
// CHECK-NOT: linalg.
// CHECK: %[[R:.*]] = scf.forall (%[[I:.*]]) in (%{{.*}}) shared_outs(%[[OUT:.*]] = %[[EMPTY]]) -> (tensor<?x?xf32>) {
// CHECK: tensor.extract_slice %[[X]][%[[I]], 0] [1, %{{.*}}] [1, 1] : tensor<?x?xf32> to tensor<1x?xf32>
// CHECK: tensor.empty() : tensor<1xf32>
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{.*}} : tensor<1xf32>)
// CHECK: arith.maximumf
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<1x?xf32>, tensor<1xf32>) outs(%{{.*}} : tensor<1xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.subf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: %[[INV:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<1xf32>) outs(%{{.*}} : tensor<1x1xf32>)
// CHECK: arith.divf
// CHECK: %[[ROW:.*]] = tensor.extract_slice %[[OUT]][%[[I]], 0] [1, %{{.*}}] [1, 1] : tensor<?x?xf32> to tensor<1x?xf32>
// CHECK: %[[Y:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]} ins(%{{.*}}, %{{.*}}, %[[INV]] : tensor<1x?xf32>, tensor<1xf32>, tensor<1x1xf32>) outs(%[[ROW]] : tensor<1x?xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.mulf
// CHECK: scf.forall.in_parallel {
// CHECK-NEXT: tensor.parallel_insert_slice %[[Y]] into %[[OUT]][%[[I]], 0] [1, %{{.*}}] [1, 1] : tensor<1x?xf32> into tensor<?x?xf32>
// CHECK-NOT: linalg.
// CHECK-NOT: scf.forall
// CHECK: return %[[R]] : tensor<?x?xf32>
func.func @softmax(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32> {
  %0 = kiln.softmax %x {dim = -1 : i64} : !kiln.tensor<[B, S], f32>
  return %0 : !kiln.tensor<[B, S], f32>
}

// -----

// layer_norm: mean (sum, divide), variance (sum of squared differences,
// divide), rsqrt, and the normalization with weight and bias, one loop.
// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?xf32>, %[[W:[^:]*]]: tensor<?xf32>, %[[B:[^:]*]]: tensor<?xf32>) -> tensor<?x?xf32>
// CHECK-NOT: linalg.
// CHECK: %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xf32>
// CHECK-NOT: linalg.
// CHECK: %[[R:.*]] = scf.forall (%[[I:.*]]) in (%{{.*}}) shared_outs(%[[OUT:.*]] = %[[EMPTY]]) -> (tensor<?x?xf32>) {
// CHECK: tensor.extract_slice %[[X]][%[[I]], 0] [1, %{{.*}}] [1, 1] : tensor<?x?xf32> to tensor<1x?xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{.*}} : tensor<1xf32>)
// CHECK: arith.addf
// CHECK: arith.divf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<1x?xf32>, tensor<1xf32>) outs(%{{.*}} : tensor<1xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.subf
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: math.rsqrt
// CHECK-DAG: %[[WS:.*]] = tensor.extract_slice %[[W]][0] [%{{.*}}] [1] : tensor<?xf32> to tensor<?xf32>
// CHECK-DAG: %[[BS:.*]] = tensor.extract_slice %[[B]][0] [%{{.*}}] [1] : tensor<?xf32> to tensor<?xf32>
// CHECK-DAG: %[[ROW:.*]] = tensor.extract_slice %[[OUT]][%[[I]], 0] [1, %{{.*}}] [1, 1] : tensor<?x?xf32> to tensor<1x?xf32>
// CHECK: %[[Y:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]} ins(%{{.*}}, %{{.*}}, %{{.*}}, %[[WS]], %[[BS]] : {{.*}}) outs(%[[ROW]] : tensor<1x?xf32>)
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: scf.forall.in_parallel {
// CHECK-NEXT: tensor.parallel_insert_slice %[[Y]] into %[[OUT]][%[[I]], 0] [1, %{{.*}}] [1, 1] : tensor<1x?xf32> into tensor<?x?xf32>
// CHECK-NOT: linalg.
// CHECK-NOT: scf.forall
// CHECK: return %[[R]] : tensor<?x?xf32>
func.func @layer_norm(%x: !kiln.tensor<[B, D], f32>, %w: !kiln.tensor<[D], f32>, %b: !kiln.tensor<[D], f32>) -> !kiln.tensor<[B, D], f32> {
  %0 = kiln.layer_norm %x, %w, %b {epsilon = 1.0e-05 : f64} : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D], f32>, !kiln.tensor<[D], f32>
  return %0 : !kiln.tensor<[B, D], f32>
}

// -----

// The layer_norm is one group; the matmul reading it stays outside any
// loop (it goes to BLAS), its lhs the group's result.
// CHECK-LABEL: func.func @layer_norm_matmul
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?xf32>, %{{[^:]*}}: tensor<?xf32>, %{{[^:]*}}: tensor<?xf32>, %[[M:[^:]*]]: tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NOT: linalg.matmul
// CHECK: %[[LN:.*]] = scf.forall (%[[I:.*]]) in (%{{.*}}) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<?x?xf32>) {
// CHECK-NOT: linalg.matmul
// CHECK: math.rsqrt
// CHECK-NOT: linalg.matmul
// CHECK: scf.forall.in_parallel
// CHECK-NOT: scf.forall
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT: %[[MM:.*]] = linalg.matmul ins(%[[LN]], %[[M]] : tensor<?x?xf32>, tensor<?x?xf32>) outs(%[[INIT]] : tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT: return %[[MM]]
func.func @layer_norm_matmul(%x: !kiln.tensor<[B, D], f32>, %w: !kiln.tensor<[D], f32>, %b: !kiln.tensor<[D], f32>, %m: !kiln.tensor<[D, N], f32>) -> !kiln.tensor<[B, N], f32> {
  %0 = kiln.layer_norm %x, %w, %b {epsilon = 1.0e-05 : f64} : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D], f32>, !kiln.tensor<[D], f32>
  %1 = kiln.matmul %0, %m : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D, N], f32> -> !kiln.tensor<[B, N], f32>
  return %1 : !kiln.tensor<[B, N], f32>
}

// -----

// Default: the matmul (and its fill) stay outside; the bias + relu epilogue
// is one group reading rows of the product.
// CHECK-LABEL: func.func @matmul_bias_relu
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?xf32>, %[[W:[^:]*]]: tensor<?x?xf32>, %[[B:[^:]*]]: tensor<?xf32>) -> tensor<?x?xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[EMPTY]] : tensor<?x?xf32>)
// CHECK: %[[MM:.*]] = linalg.matmul ins(%[[X]], %[[W]] : tensor<?x?xf32>, tensor<?x?xf32>) outs(%[[INIT]] : tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK: %[[R:.*]] = scf.forall (%[[I:.*]]) in (%{{.*}}) shared_outs(%[[OUT:.*]] = %[[EMPTY]]) -> (tensor<?x?xf32>) {
// CHECK: %[[MROW:.*]] = tensor.extract_slice %[[MM]][%[[I]], 0] [1, %{{.*}}] [1, 1] : tensor<?x?xf32> to tensor<1x?xf32>
// CHECK-NOT: linalg.matmul
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[MROW]], %{{.*}} : tensor<1x?xf32>, tensor<?xf32>)
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK: tensor.parallel_insert_slice %[[Y]] into %[[OUT]][%[[I]], 0]
// CHECK-NOT: scf.forall
// CHECK: return %[[R]]

// With fuse-contractions=true: ONE group. Each iteration computes one row of
// the product (fill + matmul on a 1xN slice) and its epilogue.
// FC-LABEL: func.func @matmul_bias_relu
// FC-SAME: (%[[X:[^:]*]]: tensor<?x?xf32>, %[[W:[^:]*]]: tensor<?x?xf32>, %[[B:[^:]*]]: tensor<?xf32>) -> tensor<?x?xf32>
// FC-NOT: linalg.
// FC: %[[R:.*]] = scf.forall (%[[I:.*]]) in (%{{.*}}) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<?x?xf32>) {
// FC: %[[XROW:.*]] = tensor.extract_slice %[[X]][%[[I]], 0] [1, %{{.*}}] [1, 1] : tensor<?x?xf32> to tensor<1x?xf32>
// FC: %[[FILL:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x?xf32>) -> tensor<1x?xf32>
// FC: %[[MM:.*]] = linalg.matmul ins(%[[XROW]], %{{.*}} : tensor<1x?xf32>, tensor<?x?xf32>) outs(%[[FILL]] : tensor<1x?xf32>) -> tensor<1x?xf32>
// FC: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[MM]], %{{.*}} : tensor<1x?xf32>, tensor<?xf32>)
// FC: arith.addf
// FC: arith.maximumf
// FC: scf.forall.in_parallel {
// FC-NEXT: tensor.parallel_insert_slice %[[Y]] into %[[OUT]][%[[I]], 0]
// FC-NOT: linalg.
// FC-NOT: scf.forall
// FC: return %[[R]] : tensor<?x?xf32>
func.func @matmul_bias_relu(%x: !kiln.tensor<[M, K], f32>, %w: !kiln.tensor<[K, N], f32>, %b: !kiln.tensor<[N], f32>) -> !kiln.tensor<[M, N], f32> {
  %0 = kiln.matmul %x, %w : !kiln.tensor<[M, K], f32>, !kiln.tensor<[K, N], f32> -> !kiln.tensor<[M, N], f32>
  %1 = kiln.add %0, %b : !kiln.tensor<[M, N], f32>, !kiln.tensor<[N], f32> -> !kiln.tensor<[M, N], f32>
  %2 = kiln.relu %1 : !kiln.tensor<[M, N], f32>
  return %2 : !kiln.tensor<[M, N], f32>
}

// -----

// A mean over the last dim: the group's root (the division) runs over the
// sums' results, so each iteration is ONE (b, s) position and reduces its
// row of D (tiling only b would give each iteration S rows to reduce).
// CHECK-LABEL: func.func @mean_rows
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?x?xf32>) -> tensor<?x?xf32>
// CHECK-NOT: linalg.
// CHECK: scf.forall (%[[I:.*]], %[[J:.*]]) in (%{{.*}}, %{{.*}}) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<?x?xf32>) {
// CHECK: tensor.extract_slice %[[X]][%[[I]], %[[J]], 0] [1, 1, %{{.*}}] [1, 1, 1] : tensor<?x?x?xf32> to tensor<1x1x?xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]} {{.*}} outs(%{{.*}} : tensor<1x1xf32>)
// CHECK: arith.divf
// CHECK: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%[[I]], %[[J]]] [1, 1] [1, 1]
// CHECK-NOT: scf.forall
func.func @mean_rows(%x: !kiln.tensor<[B, S, D], f32>) -> !kiln.tensor<[B, S], f32> {
  %0 = kiln.reduce_mean %x {dims = array<i64: -1>, keepdim = false} : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[B, S], f32>
  return %0 : !kiln.tensor<[B, S], f32>
}

// -----

// A sum over rows: its first loop is a reduction, there are no rows to
// distribute; left alone.
// CHECK-LABEL: func.func @column_sum
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?xf32>) -> tensor<?xf32>
// CHECK-NOT: scf.forall
// CHECK: %[[INIT:.*]] = linalg.fill
// CHECK: %[[R:.*]] = linalg.generic {{.*}}iterator_types = ["reduction", "parallel"]} ins(%[[X]] : tensor<?x?xf32>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK: arith.addf
// CHECK-NOT: scf.forall
// CHECK: return %[[R]] : tensor<?xf32>
// FC-LABEL: func.func @column_sum
// FC-NOT: scf.forall
// FC: return
func.func @column_sum(%x: !kiln.tensor<[M, N], f32>) -> !kiln.tensor<[N], f32> {
  %0 = kiln.reduce_sum %x {dims = array<i64: 0>} : !kiln.tensor<[M, N], f32> -> !kiln.tensor<[N], f32>
  return %0 : !kiln.tensor<[N], f32>
}

// -----

// An empty iteration space (a static zero-size dim) has no rows: the sum
// over the empty dim forms no group and is not fused into its consumer's.
// CHECK-LABEL: func.func @empty_rows
// CHECK-NOT: scf.forall
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} ins(%{{.*}} : tensor<3x0xf32>)
// CHECK: scf.forall
// CHECK-NOT: "reduction"
// CHECK: arith.mulf
// CHECK: return
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d0)>
#map2 = affine_map<(d0) -> (d0)>
func.func @empty_rows(%x: tensor<3x0xf32>) -> tensor<3xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<3xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<3xf32>) -> tensor<3xf32>
  %sum = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<3x0xf32>) outs(%f : tensor<3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %a = arith.addf %in, %out : f32
    linalg.yield %a : f32
  } -> tensor<3xf32>
  %r = linalg.generic {indexing_maps = [#map2, #map2], iterator_types = ["parallel"]}
      ins(%sum : tensor<3xf32>) outs(%e : tensor<3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %in : f32
    linalg.yield %m : f32
  } -> tensor<3xf32>
  return %r : tensor<3xf32>
}
