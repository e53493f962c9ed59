// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file | FileCheck %s
//
// convert-kiln-to-linalg on kiln.matmul (torch.matmul): rank 2 is a
// linalg.matmul into a zero-filled accumulator; a batched lhs against a
// rank-2 rhs folds its batch dims into M (tensor.collapse_shape, matmul,
// then back to the batch shape); equal batch dims give linalg.batch_matmul;
// broadcast batch dims give a contraction linalg.generic whose maps read
// index 0 on size-1 batch dims, with the k loop as the only reduction.
// f16/bf16 operands accumulate in f32 and the result is rounded once.
// (Whether the sizes are the entry's symbol values is in
// symbols-matmul.mlir.)

// CHECK-LABEL: func.func @rank2
// CHECK-SAME: (%[[A:[^:]*]]: tensor<?x?xf32>, %[[B:[^:]*]]: tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[E]] : tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK: %[[R:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<?x?xf32>, tensor<?x?xf32>) outs(%[[INIT]] : tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK: return %[[R]]
func.func @rank2(%a: !kiln.tensor<[M, K], f32>, %b: !kiln.tensor<[K, N], f32>) -> !kiln.tensor<[M, N], f32> {
  %0 = kiln.matmul %a, %b : !kiln.tensor<[M, K], f32>, !kiln.tensor<[K, N], f32> -> !kiln.tensor<[M, N], f32>
  return %0 : !kiln.tensor<[M, N], f32>
}

// -----

// bf16: the matmul reads bf16 and accumulates into an f32 tensor; one
// generic rounds the result to bf16.
// CHECK-LABEL: func.func @rank2_bf16
// CHECK-SAME: (%[[A:[^:]*]]: tensor<8x16xbf16>, %[[B:[^:]*]]: tensor<16x4xbf16>) -> tensor<8x4xbf16>
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[E:.*]] = tensor.empty() : tensor<8x4xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[E]] : tensor<8x4xf32>)
// CHECK: %[[ACC:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<8x16xbf16>, tensor<16x4xbf16>) outs(%[[INIT]] : tensor<8x4xf32>) -> tensor<8x4xf32>
// CHECK: %[[E2:.*]] = tensor.empty() : tensor<8x4xbf16>
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[ACC]] : tensor<8x4xf32>) outs(%[[E2]] : tensor<8x4xbf16>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: bf16):
// CHECK-NEXT:   %[[T:.*]] = arith.truncf %[[IN]] : f32 to bf16
// CHECK-NEXT:   linalg.yield %[[T]] : bf16
// CHECK: return %[[R]]
func.func @rank2_bf16(%a: !kiln.tensor<[8, 16], bf16>, %b: !kiln.tensor<[16, 4], bf16>) -> !kiln.tensor<[8, 4], bf16> {
  %0 = kiln.matmul %a, %b : !kiln.tensor<[8, 16], bf16>, !kiln.tensor<[16, 4], bf16> -> !kiln.tensor<[8, 4], bf16>
  return %0 : !kiln.tensor<[8, 4], bf16>
}

// -----

// [B, 5, 16] @ [16, 32]: the batch dim folds into M, one dynamic dim per
// group, so the result comes back with a tensor.expand_shape.
// CHECK-LABEL: func.func @batch_folded
// CHECK-SAME: (%[[A:[^:]*]]: tensor<?x5x16xf32>, %[[B:[^:]*]]: tensor<16x32xf32>) -> tensor<?x5x32xf32>
// CHECK: %[[BD:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x5x16xf32>
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[A]] {{\[\[}}0, 1], [2]] : tensor<?x5x16xf32> into tensor<?x16xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x32xf32>)
// CHECK: %[[R:.*]] = linalg.matmul ins(%[[FLAT]], %[[B]] : tensor<?x16xf32>, tensor<16x32xf32>) outs(%[[INIT]] : tensor<?x32xf32>)
// CHECK: %[[X:.*]] = tensor.expand_shape %[[R]] {{\[\[}}0, 1], [2]] output_shape [%[[BD]], 5, 32] : tensor<?x32xf32> into tensor<?x5x32xf32>
// CHECK: return %[[X]]
func.func @batch_folded(%a: !kiln.tensor<[B, 5, 16], f32>, %b: !kiln.tensor<[16, 32], f32>) -> !kiln.tensor<[B, 5, 32], f32> {
  %0 = kiln.matmul %a, %b : !kiln.tensor<[B, 5, 16], f32>, !kiln.tensor<[16, 32], f32> -> !kiln.tensor<[B, 5, 32], f32>
  return %0 : !kiln.tensor<[B, 5, 32], f32>
}

// -----

// [B, S, 16] @ [16, 32] in bf16: B and S fold into one dynamic M; the
// result is rounded to bf16, then expanded back to [B, S, 32] (a view) with
// the entry's B and S.
// CHECK-LABEL: func.func @batch_folded_bf16
// CHECK-SAME: (%[[A:[^:]*]]: tensor<?x?x16xbf16>, %[[B:[^:]*]]: tensor<16x32xbf16>) -> tensor<?x?x32xbf16>
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[BD:.*]] = tensor.dim %[[A]], %[[C0]]
// CHECK-DAG: %[[SD:.*]] = tensor.dim %[[A]], %[[C1]]
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[A]] {{\[\[}}0, 1], [2]] : tensor<?x?x16xbf16> into tensor<?x16xbf16>
// CHECK: %[[ACC:.*]] = linalg.matmul ins(%[[FLAT]], %[[B]] : tensor<?x16xbf16>, tensor<16x32xbf16>) outs(%{{.*}} : tensor<?x32xf32>)
// CHECK: %[[RND:.*]] = linalg.generic {{.*}} ins(%[[ACC]] : tensor<?x32xf32>) outs(%{{.*}} : tensor<?x32xbf16>)
// CHECK: arith.truncf
// CHECK: %[[R:.*]] = tensor.expand_shape %[[RND]] {{\[\[}}0, 1], [2]] output_shape [%[[BD]], %[[SD]], 32] : tensor<?x32xbf16> into tensor<?x?x32xbf16>
// CHECK: return %[[R]]
func.func @batch_folded_bf16(%a: !kiln.tensor<[B, S, 16], bf16>, %b: !kiln.tensor<[16, 32], bf16>) -> !kiln.tensor<[B, S, 32], bf16> {
  %0 = kiln.matmul %a, %b : !kiln.tensor<[B, S, 16], bf16>, !kiln.tensor<[16, 32], bf16> -> !kiln.tensor<[B, S, 32], bf16>
  return %0 : !kiln.tensor<[B, S, 32], bf16>
}

// -----

// Equal batch dims: linalg.batch_matmul.
// CHECK-LABEL: func.func @batched
// CHECK-SAME: (%[[A:[^:]*]]: tensor<?x?x?xf32>, %[[B:[^:]*]]: tensor<?x?x?xf32>)
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x?x?xf32>)
// CHECK: %[[R:.*]] = linalg.batch_matmul ins(%[[A]], %[[B]] : tensor<?x?x?xf32>, tensor<?x?x?xf32>) outs(%[[INIT]] : tensor<?x?x?xf32>)
// CHECK: return %[[R]]
func.func @batched(%a: !kiln.tensor<[B, M, K], f32>, %b: !kiln.tensor<[B, K, N], f32>) -> !kiln.tensor<[B, M, N], f32> {
  %0 = kiln.matmul %a, %b : !kiln.tensor<[B, M, K], f32>, !kiln.tensor<[B, K, N], f32> -> !kiln.tensor<[B, M, N], f32>
  return %0 : !kiln.tensor<[B, M, N], f32>
}

// -----

// Broadcast batch dims, [B, 1, S, K] @ [H, K, S] -> [B, H, S, S]: a
// contraction over loops (b, h, m, n, k); the lhs's unit batch dim reads
// index 0, the rhs has no b dim; k is the only reduction.
// CHECK-DAG: #[[$LHS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG: #[[$RHS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @broadcast_batch
// CHECK-SAME: (%[[A:[^:]*]]: tensor<?x1x?x?xf32>, %[[B:[^:]*]]: tensor<?x?x?xf32>) -> tensor<?x?x?x?xf32>
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[BD:.*]] = tensor.dim %[[A]], %[[C0]]
// CHECK-DAG: %[[SD:.*]] = tensor.dim %[[A]], %[[C2]]
// CHECK-DAG: %[[HD:.*]] = tensor.dim %[[B]], %[[C0]]
// CHECK: %[[E:.*]] = tensor.empty(%[[BD]], %[[HD]], %[[SD]], %[[SD]]) : tensor<?x?x?x?xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?x?x?x?xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[A]], %[[B]] : tensor<?x1x?x?xf32>, tensor<?x?x?xf32>) outs(%[[INIT]] : tensor<?x?x?x?xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[P:.*]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK-NEXT:   %[[S:.*]] = arith.addf %[[P]], %[[ACC]] : f32
// CHECK-NEXT:   linalg.yield %[[S]] : f32
// CHECK: return %[[R]]
func.func @broadcast_batch(%a: !kiln.tensor<[B, 1, S, K], f32>, %b: !kiln.tensor<[H, K, S], f32>) -> !kiln.tensor<[B, H, S, S], f32> {
  %0 = kiln.matmul %a, %b : !kiln.tensor<[B, 1, S, K], f32>, !kiln.tensor<[H, K, S], f32> -> !kiln.tensor<[B, H, S, S], f32>
  return %0 : !kiln.tensor<[B, H, S, S], f32>
}

// -----

// A rank-2 lhs against a batched rhs: the lhs has no batch dim in its map.
// CHECK-DAG: #[[$LHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
// CHECK-DAG: #[[$RHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @lhs_broadcast
// CHECK: linalg.generic {indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
func.func @lhs_broadcast(%a: !kiln.tensor<[M, K], f32>, %b: !kiln.tensor<[B, K, N], f32>) -> !kiln.tensor<[B, M, N], f32> {
  %0 = kiln.matmul %a, %b : !kiln.tensor<[M, K], f32>, !kiln.tensor<[B, K, N], f32> -> !kiln.tensor<[B, M, N], f32>
  return %0 : !kiln.tensor<[B, M, N], f32>
}

// -----

// Broadcast batch dims in bf16: the contraction extends both operands in
// its body and accumulates in f32; one generic rounds.
// CHECK-DAG: #[[$LHS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG: #[[$RHS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (0, d1, d4, d3)>
// CHECK-LABEL: func.func @broadcast_batch_bf16
// CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[$LHS]], #[[$RHS]], #{{.*}}], {{.*}} outs(%{{.*}} : tensor<2x3x4x5xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: bf16, %[[Y:.*]]: bf16, %[[A:.*]]: f32):
// CHECK-NEXT:   %[[WX:.*]] = arith.extf %[[X]] : bf16 to f32
// CHECK-NEXT:   %[[WY:.*]] = arith.extf %[[Y]] : bf16 to f32
// CHECK-NEXT:   %[[P:.*]] = arith.mulf %[[WX]], %[[WY]] : f32
// CHECK-NEXT:   %[[S:.*]] = arith.addf %[[P]], %[[A]] : f32
// CHECK: linalg.generic {{.*}} ins(%[[ACC]] : tensor<2x3x4x5xf32>) outs(%{{.*}} : tensor<2x3x4x5xbf16>)
// CHECK: arith.truncf %{{.*}} : f32 to bf16
func.func @broadcast_batch_bf16(%a: !kiln.tensor<[2, 1, 4, 8], bf16>, %b: !kiln.tensor<[1, 3, 8, 5], bf16>) -> !kiln.tensor<[2, 3, 4, 5], bf16> {
  %0 = kiln.matmul %a, %b : !kiln.tensor<[2, 1, 4, 8], bf16>, !kiln.tensor<[1, 3, 8, 5], bf16> -> !kiln.tensor<[2, 3, 4, 5], bf16>
  return %0 : !kiln.tensor<[2, 3, 4, 5], bf16>
}
