// RUN: kiln-opt %s --kiln-distribute-loops -split-input-file | FileCheck %s
//
// kiln-distribute-loops on linalg ops on buffers: each op becomes an
// scf.parallel over its first parallel loop, around the same op on one row
// (a subview of size 1 on that dim). Contractions are first generalized and
// interchanged so that the reduction loops run outside the innermost
// parallel loop: a matmul runs as (m | k, n), its body
// C[m, n] += A[m, k] * B[k, n] with n innermost.
//   - a 2-D elementwise generic: scf.parallel over rows of a 1x1024 subview;
//   - linalg.matmul and linalg.batch_matmul: generic, (m, k, n) and
//     (b, m, k, n) order, distributed over m and b;
//   - an op whose first loop is a reduction is distributed over its first
//     parallel loop (columns);
//   - left alone: an op already inside an scf.parallel, ops on tensors.

// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[X:[^:]*]]: memref<?x1024xf32>, %[[Y:[^:]*]]: memref<?x1024xf32>)
// CHECK: %[[ROWS:.*]] = memref.dim %[[X]], %c0{{(_[0-9]+)?}} : memref<?x1024xf32>
// CHECK: scf.parallel (%[[I:.*]]) = (%{{.*}}) to (%[[ROWS]]) step (%{{.*}}) {
// CHECK-NEXT: %[[XS:.*]] = memref.subview %[[X]][%[[I]], 0] [1, 1024] [1, 1] : memref<?x1024xf32> to memref<1x1024xf32, strided<[1024, 1], offset: ?>>
// CHECK-NEXT: %[[YS:.*]] = memref.subview %[[Y]][%[[I]], 0] [1, 1024] [1, 1] : memref<?x1024xf32> to memref<1x1024xf32, strided<[1024, 1], offset: ?>>
// CHECK-NEXT: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[XS]] : memref<1x1024xf32, strided<[1024, 1], offset: ?>>) outs(%[[YS]] : memref<1x1024xf32, strided<[1024, 1], offset: ?>>)
// CHECK: math.exp
// CHECK: scf.reduce
// CHECK-NOT: linalg.
// CHECK: return
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @elementwise(%x: memref<?x1024xf32>, %y: memref<?x1024xf32>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<?x1024xf32>) outs(%y : memref<?x1024xf32>) {
  ^bb0(%in: f32, %out: f32):
    %t = math.exp %in : f32
    linalg.yield %t : f32
  }
  return
}

// -----

// The matmul as a generic in (m, k, n) order: A[m, k] is (d0, d1), B[k, n]
// is (d1, d2), C[m, n] is (d0, d2); distributed over m with a 1xK row of A
// and a 1xN row of C per iteration, all of B.
// CHECK-DAG: #[[$MK:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$KN:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$MN:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:[^:]*]]: memref<?x?xf32>, %[[B:[^:]*]]: memref<?x?xf32>, %[[C:[^:]*]]: memref<?x?xf32>)
// CHECK-NOT: linalg.matmul
// CHECK: %[[M:.*]] = memref.dim %[[A]], %c0{{(_[0-9]+)?}} : memref<?x?xf32>
// CHECK: scf.parallel (%[[I:.*]]) = (%{{.*}}) to (%[[M]]) step (%{{.*}}) {
// CHECK: %[[AS:.*]] = memref.subview %[[A]][%[[I]], 0] [1, %{{.*}}] [1, 1] : memref<?x?xf32> to memref<1x?xf32, strided<[?, 1], offset: ?>>
// CHECK: %[[CS:.*]] = memref.subview %[[C]][%[[I]], 0] [1, %{{.*}}] [1, 1] : memref<?x?xf32> to memref<1x?xf32, strided<[?, 1], offset: ?>>
// CHECK: linalg.generic {indexing_maps = [#[[$MK]], #[[$KN]], #[[$MN]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[AS]], %[[B]] : memref<1x?xf32, strided<[?, 1], offset: ?>>, memref<?x?xf32>) outs(%[[CS]] : memref<1x?xf32, strided<[?, 1], offset: ?>>)
// CHECK-NEXT: ^bb0(%[[L:.*]]: f32, %[[R:.*]]: f32, %[[O:.*]]: f32):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[L]], %[[R]] : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[O]], %[[P]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: scf.reduce
// CHECK-NOT: linalg.
// CHECK: return
func.func @matmul(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  return
}

// -----

// batch_matmul: (b, m, k, n), distributed over the batch.
// CHECK-DAG: #[[$BMK:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[$BKN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG: #[[$BMN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-LABEL: func.func @batch_matmul
// CHECK-SAME: (%[[A:[^:]*]]: memref<2x4x8xf32>, %[[B:[^:]*]]: memref<2x8x16xf32>, %[[C:[^:]*]]: memref<2x4x16xf32>)
// CHECK: %[[NB:.*]] = arith.constant 2 : index
// CHECK: scf.parallel (%[[I:.*]]) = (%{{.*}}) to (%[[NB]]) step (%{{.*}}) {
// CHECK: %[[AS:.*]] = memref.subview %[[A]][%[[I]], 0, 0] [1, 4, 8] [1, 1, 1]
// CHECK: %[[BS:.*]] = memref.subview %[[B]][%[[I]], 0, 0] [1, 8, 16] [1, 1, 1]
// CHECK: %[[CS:.*]] = memref.subview %[[C]][%[[I]], 0, 0] [1, 4, 16] [1, 1, 1]
// CHECK: linalg.generic {indexing_maps = [#[[$BMK]], #[[$BKN]], #[[$BMN]]], iterator_types = ["parallel", "parallel", "reduction", "parallel"]} ins(%[[AS]], %[[BS]] : {{.*}}) outs(%[[CS]] : {{.*}})
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: linalg.batch_matmul
// CHECK: return
func.func @batch_matmul(%a: memref<2x4x8xf32>, %b: memref<2x8x16xf32>, %c: memref<2x4x16xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<2x4x8xf32>, memref<2x8x16xf32>) outs(%c : memref<2x4x16xf32>)
  return
}

// -----

// A sum over rows: its first parallel loop is d1 (columns); each iteration
// reduces one column.
// CHECK-LABEL: func.func @column_sum
// CHECK-SAME: (%[[X:[^:]*]]: memref<?x?xf32>, %[[Y:[^:]*]]: memref<?xf32>)
// CHECK: %[[COLS:.*]] = memref.dim %[[X]], %c1{{(_[0-9]+)?}} : memref<?x?xf32>
// CHECK: scf.parallel (%[[J:.*]]) = (%{{.*}}) to (%[[COLS]]) step (%{{.*}}) {
// CHECK: %[[XS:.*]] = memref.subview %[[X]][0, %[[J]]] [%{{.*}}, 1] [1, 1] : memref<?x?xf32> to memref<?x1xf32, strided<[?, 1], offset: ?>>
// CHECK: %[[YS:.*]] = memref.subview %[[Y]][%[[J]]] [1] [1] : memref<?xf32> to memref<1xf32, strided<[1], offset: ?>>
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction", "parallel"]} ins(%[[XS]] : {{.*}}) outs(%[[YS]] : {{.*}})
// CHECK: return
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @column_sum(%x: memref<?x?xf32>, %y: memref<?xf32>) {
  linalg.generic {indexing_maps = [#id, #col], iterator_types = ["reduction", "parallel"]}
      ins(%x : memref<?x?xf32>) outs(%y : memref<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %t = arith.addf %in, %out : f32
    linalg.yield %t : f32
  }
  return
}

// -----

// Already distributed: exactly one scf.parallel, the op still on its
// subviews.
// CHECK-LABEL: func.func @inside_parallel
// CHECK-SAME: (%[[X:[^:]*]]: memref<?x1024xf32>, %[[Y:[^:]*]]: memref<?x1024xf32>, %[[N:[^:]*]]: index)
// CHECK: scf.parallel (%[[I:.*]]) = (%{{.*}}) to (%[[N]]) step (%{{.*}}) {
// CHECK-NEXT: %[[XS:.*]] = memref.subview %[[X]][%[[I]], 0] [1, 1024] [1, 1]
// CHECK-NEXT: %[[YS:.*]] = memref.subview %[[Y]][%[[I]], 0] [1, 1024] [1, 1]
// CHECK-NEXT: linalg.generic {{.*}} ins(%[[XS]] : {{.*}}) outs(%[[YS]] : {{.*}})
// CHECK-NOT: scf.parallel
// CHECK: return
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @inside_parallel(%x: memref<?x1024xf32>, %y: memref<?x1024xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %xs = memref.subview %x[%i, 0] [1, 1024] [1, 1] : memref<?x1024xf32> to memref<1x1024xf32, strided<[1024, 1], offset: ?>>
    %ys = memref.subview %y[%i, 0] [1, 1024] [1, 1] : memref<?x1024xf32> to memref<1x1024xf32, strided<[1024, 1], offset: ?>>
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%xs : memref<1x1024xf32, strided<[1024, 1], offset: ?>>)
        outs(%ys : memref<1x1024xf32, strided<[1024, 1], offset: ?>>) {
    ^bb0(%in: f32, %out: f32):
      %t = math.exp %in : f32
      linalg.yield %t : f32
    }
    scf.reduce
  }
  return
}

// -----

// Ops on tensors are not distributed (nor generalized).
// CHECK-LABEL: func.func @on_tensors
// CHECK-NOT: scf.parallel
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<?x?xf32>, tensor<?x?xf32>)
// CHECK-NOT: scf.parallel
// CHECK: return
func.func @on_tensors(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%c : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}
