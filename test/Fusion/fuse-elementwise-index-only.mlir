// RUN: kiln-opt %s --kiln-frontend-pipeline --kiln-fuse-elementwise \
// RUN:   -split-input-file | FileCheck %s
//
// kiln-fuse-elementwise on producers computed from loop indices alone (an
// iota, a causal mask j <= i): they read no tensor, so they fuse into
// consumers that broadcast them (each element recomputed from the indices:
// a compare, no load), where any other producer is refused through a
// broadcast. Left alone: such a producer read by a matmul (which must stay
// a linalg contraction for BLAS), and a producer that reads a tensor,
// broadcast.

// The mask [S, S] broadcast over [B, S, S] is recomputed in the select;
// no i1 tensor is left.
// CHECK-LABEL: func.func @causal_mask
// CHECK-NOT: tensor<?x?xi1>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]} ins(%{{.*}} : tensor<?x?x?xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: %[[I:.*]] = linalg.index 1
// CHECK-NEXT: %[[J:.*]] = linalg.index 2
// CHECK-NEXT: %[[I64:.*]] = arith.index_cast %[[I]]
// CHECK-NEXT: %[[J64:.*]] = arith.index_cast %[[J]]
// CHECK-NEXT: arith.cmpi sle, %[[J64]], %[[I64]]
// CHECK: arith.select
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @causal_mask(%x: !kiln.tensor<[B, S, S], f32>) -> !kiln.tensor<[B, S, S], f32> {
  %i = kiln.iota {dim = 0 : i64} : !kiln.tensor<[S, S], i64>
  %j = kiln.iota {dim = 1 : i64} : !kiln.tensor<[S, S], i64>
  %vis = kiln.cmp %j, %i {predicate = "le"} : !kiln.tensor<[S, S], i64>, !kiln.tensor<[S, S], i64> -> !kiln.tensor<[S, S], i1>
  %ninf = kiln.constant {value = dense<0xFF800000> : tensor<f32>} : !kiln.tensor<[], f32>
  %y = kiln.select %vis, %x, %ninf : !kiln.tensor<[S, S], i1>, !kiln.tensor<[B, S, S], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[B, S, S], f32>
  return %y : !kiln.tensor<[B, S, S], f32>
}

// -----

// An iota read by a matmul stays an op of its own.
// CHECK-LABEL: func.func @iota_into_matmul
// CHECK: %[[IOTA:.*]] = linalg.generic
// CHECK: linalg.index
// CHECK: linalg.matmul ins(%[[IOTA]], %{{.*}} :
func.func @iota_into_matmul(%w: !kiln.tensor<[K, N], f32>) -> !kiln.tensor<[8, N], f32> {
  %i = kiln.iota {dim = 1 : i64} : !kiln.tensor<[8, K], i64>
  %f = kiln.cast %i : !kiln.tensor<[8, K], i64> -> !kiln.tensor<[8, K], f32>
  %y = kiln.matmul %f, %w : !kiln.tensor<[8, K], f32>, !kiln.tensor<[K, N], f32> -> !kiln.tensor<[8, N], f32>
  return %y : !kiln.tensor<[8, N], f32>
}

// -----

// A producer that reads a tensor is not fused through a broadcast.
// CHECK-LABEL: func.func @broadcast_of_exp
// CHECK: %[[E:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]}
// CHECK-NEXT: ^bb0
// CHECK-NEXT: math.exp
// CHECK: linalg.generic {{.*}} ins(%[[E]], %{{.*}} : tensor<?x?xf32>, tensor<?x?x?xf32>)
func.func @broadcast_of_exp(%m: !kiln.tensor<[S, S], f32>, %x: !kiln.tensor<[B, S, S], f32>) -> !kiln.tensor<[B, S, S], f32> {
  %e = kiln.exp %m : !kiln.tensor<[S, S], f32>
  %y = kiln.add %e, %x : !kiln.tensor<[S, S], f32>, !kiln.tensor<[B, S, S], f32> -> !kiln.tensor<[B, S, S], f32>
  return %y : !kiln.tensor<[B, S, S], f32>
}
