// RUN: kiln-opt %s -kiln-fuse-elementwise -split-input-file | FileCheck %s --check-prefix=EW
// RUN: kiln-opt %s -kiln-fuse-rows -split-input-file | FileCheck %s --check-prefix=ROWS
//
// Ops that read in their bodies (a gather's tensor.extract of a captured
// table): kiln-fuse-elementwise fuses one only into its sole elementwise
// consumer, never into a reduction; kiln-fuse-rows never takes one into a
// group (recomputing it repeats its reads).

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// The gather feeds a row sum: it stays its own op in both passes; the
// reduction alone forms the group.
// EW-LABEL: func.func @gather_into_reduction
// EW: %[[G:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
// EW:   tensor.extract
// EW: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]{{.*}} ins(%[[G]]
// EW-NOT: tensor.extract
// EW: return
// ROWS-LABEL: func.func @gather_into_reduction
// ROWS: %[[G:.*]] = linalg.generic
// ROWS:   tensor.extract
// ROWS: scf.forall
// ROWS-NOT: tensor.extract %{{.*}} : tensor<10x64xf32>
// ROWS: return
func.func @gather_into_reduction(%table: tensor<10x64xf32>, %ids: tensor<?x64xindex>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %ids, %c0 : tensor<?x64xindex>
  %e = tensor.empty(%n) : tensor<?x64xf32>
  %g = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%ids : tensor<?x64xindex>) outs(%e : tensor<?x64xf32>) {
  ^bb0(%i: index, %out: f32):
    %d = linalg.index 1 : index
    %v = tensor.extract %table[%i, %d] : tensor<10x64xf32>
    linalg.yield %v : f32
  } -> tensor<?x64xf32>
  %zero = arith.constant 0.0 : f32
  %a = tensor.empty(%n) : tensor<?xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%a : tensor<?xf32>) -> tensor<?xf32>
  %s = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]} ins(%g : tensor<?x64xf32>) outs(%acc : tensor<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.addf %in, %out : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  return %s : tensor<?xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// A sole elementwise consumer takes the gather in.
// EW-LABEL: func.func @gather_into_elementwise
// EW: linalg.generic
// EW:   tensor.extract
// EW:   arith.mulf
// EW-NOT: linalg.generic
// EW: return
func.func @gather_into_elementwise(%table: tensor<10x64xf32>, %ids: tensor<?x64xindex>) -> tensor<?x64xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %ids, %c0 : tensor<?x64xindex>
  %e = tensor.empty(%n) : tensor<?x64xf32>
  %g = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%ids : tensor<?x64xindex>) outs(%e : tensor<?x64xf32>) {
  ^bb0(%i: index, %out: f32):
    %d = linalg.index 1 : index
    %v = tensor.extract %table[%i, %d] : tensor<10x64xf32>
    linalg.yield %v : f32
  } -> tensor<?x64xf32>
  %o = tensor.empty(%n) : tensor<?x64xf32>
  %m = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%g : tensor<?x64xf32>) outs(%o : tensor<?x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.mulf %in, %in : f32
    linalg.yield %r : f32
  } -> tensor<?x64xf32>
  return %m : tensor<?x64xf32>
}
