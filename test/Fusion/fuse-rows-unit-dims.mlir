// RUN: kiln-opt %s -kiln-fuse-rows -split-input-file | FileCheck %s
//
// kiln-fuse-rows folds an expand_shape that only inserts unit dims into the
// generic reading it, but never when the dropped dim is the only operand
// dim that indexes a loop: a reduction over an inserted unit dim keeps its
// expand_shape, so that every loop still has an extent (the maps stay
// invertible) and upstream tiling has a loop to tile.

#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
#row = affine_map<(d0, d1) -> (d0)>

// [K] -> [1, K], then a sum over the unit dim 0.
// CHECK-LABEL: func.func @reduce_inserted_outer
// CHECK: %[[E:.*]] = tensor.expand_shape
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]{{.*}} ins(%[[E]] : tensor<1x?xf32>)
func.func @reduce_inserted_outer(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %k = tensor.dim %x, %c0 : tensor<?xf32>
  %e = tensor.expand_shape %x [[0, 1]] output_shape [1, %k] : tensor<?xf32> into tensor<1x?xf32>
  %init = tensor.empty(%k) : tensor<?xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%init : tensor<?xf32>) -> tensor<?xf32>
  %r = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["reduction", "parallel"]}
      ins(%e : tensor<1x?xf32>) outs(%fill : tensor<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// [K] -> [K, 1] (a keepdim max), then a row sum over the unit dim 1: one
// group over rows, reading rows of the kept expand_shape.
// CHECK-LABEL: func.func @reduce_inserted_inner
// CHECK: %[[E:.*]] = tensor.expand_shape
// CHECK: scf.forall
// CHECK: tensor.extract_slice %[[E]]
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]{{.*}} ins(%{{.*}} : tensor<1x1xf32>)
// CHECK: scf.forall.in_parallel
func.func @reduce_inserted_inner(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %k = tensor.dim %x, %c0 : tensor<?xf32>
  %e = tensor.expand_shape %x [[0, 1]] output_shape [%k, 1] : tensor<?xf32> into tensor<?x1xf32>
  %init = tensor.empty(%k) : tensor<?xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%init : tensor<?xf32>) -> tensor<?xf32>
  %r = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%e : tensor<?x1xf32>) outs(%fill : tensor<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// The folding itself: an elementwise op over [K, 1] reads the source [K]
// directly (its unit loop is still indexed by the output).
// CHECK-LABEL: func.func @elementwise_folds
// CHECK-SAME: (%[[X:.*]]: tensor<?xf32>)
// CHECK-NOT: tensor.expand_shape
// CHECK: ins(%{{.*}} : tensor<1xf32>)
func.func @elementwise_folds(%x: tensor<?xf32>) -> tensor<?x1xf32> {
  %c0 = arith.constant 0 : index
  %k = tensor.dim %x, %c0 : tensor<?xf32>
  %e = tensor.expand_shape %x [[0, 1]] output_shape [%k, 1] : tensor<?xf32> into tensor<?x1xf32>
  %init = tensor.empty(%k) : tensor<?x1xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%e : tensor<?x1xf32>) outs(%init : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = math.exp %in : f32
    linalg.yield %s : f32
  } -> tensor<?x1xf32>
  return %r : tensor<?x1xf32>
}
