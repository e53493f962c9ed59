// RUN: kiln-opt %s --kiln-frontend-pipeline \
// RUN:   --kiln-fuse-elementwise=share-transcendentals=true -split-input-file \
// RUN:   | FileCheck %s
// RUN: kiln-opt %s --kiln-frontend-pipeline --kiln-fuse-elementwise \
// RUN:   -split-input-file | FileCheck %s --check-prefix=DEFAULT
// RUN: kiln-opt %s --kiln-frontend-pipeline \
// RUN:   --kiln-fuse-elementwise=share-transcendentals=true --kiln-fuse-rows \
// RUN:   --cse -split-input-file | FileCheck %s --check-prefix=ROWS
//
// kiln-fuse-elementwise's share-transcendentals (the CPU pipeline's
// setting): a producer of transcendental math that a reduction and other
// ops read is fused into none of them, so that its row group computes it
// once (one row buffer) instead of once per reader:
//   - softmax's exp(x - max) stays one op, read by the sum and by the
//     product with the reciprocal; after kiln-fuse-rows (and CSE) the row
//     loop evaluates exp once per element (ROWS); by default (DEFAULT) the
//     exp is fused into both readers;
//   - a shared tanh read by a reduction is kept too;
// and what is left alone:
//   - a shared exp that no reduction reads fuses into each reader;
//   - an exp read by a reduction only fuses into it;
//   - a cheap shared producer (layer_norm's x - mean) fuses into the
//     variance and the normalization.

// CHECK-LABEL: func.func @softmax
// CHECK: %[[E:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]}
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.subf
// CHECK-NEXT: math.exp
// CHECK-NEXT: linalg.yield
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]} ins(%[[E]] : tensor<?x?xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.addf
// CHECK-NEXT: linalg.yield
// CHECK: linalg.generic {{.*}} ins(%[[E]], %{{.*}} : tensor<?x?xf32>, tensor<?x1xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.mulf
// CHECK-NEXT: linalg.yield
// CHECK-NOT: math.exp
// CHECK: return

// DEFAULT-LABEL: func.func @softmax
// DEFAULT-COUNT-2: math.exp
// DEFAULT-NOT: math.exp
// DEFAULT: return

// ROWS-LABEL: func.func @softmax
// ROWS: scf.forall
// ROWS: %[[E:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]} ins(%{{.*}}, %{{.*}} : tensor<1x?xf32>, tensor<1xf32>) outs(%{{.*}} : tensor<1x?xf32>)
// ROWS: math.exp
// ROWS: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]} ins(%[[E]] : tensor<1x?xf32>)
// ROWS: linalg.generic {{.*}} ins(%[[E]], %{{.*}} : tensor<1x?xf32>, tensor<1x1xf32>)
// ROWS-NOT: math.exp
// ROWS: return
func.func @softmax(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32> {
  %0 = kiln.softmax %x {dim = -1 : i64} : !kiln.tensor<[B, S], f32>
  return %0 : !kiln.tensor<[B, S], f32>
}

// -----

// CHECK-LABEL: func.func @tanh_reduced
// CHECK: %[[T:.*]] = linalg.generic
// CHECK-NEXT: ^bb0
// CHECK-NEXT: math.tanh
// CHECK-NEXT: linalg.yield
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]} ins(%[[T]] : tensor<?x16xf32>)
// CHECK-NOT: math.tanh
// CHECK: linalg.generic {{.*}} ins(%[[T]], %{{.*}} : tensor<?x16xf32>, tensor<?x16xf32>)
// CHECK-NOT: math.tanh
// CHECK: return
func.func @tanh_reduced(%x: !kiln.tensor<[B, 16], f32>)
    -> (!kiln.tensor<[B], f32>, !kiln.tensor<[B, 16], f32>) {
  %t = kiln.tanh %x : !kiln.tensor<[B, 16], f32>
  %s = kiln.reduce_sum %t {dims = array<i64: 1>} : !kiln.tensor<[B, 16], f32> -> !kiln.tensor<[B], f32>
  %p = kiln.mul %t, %x : !kiln.tensor<[B, 16], f32>, !kiln.tensor<[B, 16], f32> -> !kiln.tensor<[B, 16], f32>
  return %s, %p : !kiln.tensor<[B], f32>, !kiln.tensor<[B, 16], f32>
}

// -----

// CHECK-LABEL: func.func @exp_without_reduction
// CHECK-COUNT-2: math.exp
// CHECK-NOT: math.exp
// CHECK: return
func.func @exp_without_reduction(%x: !kiln.tensor<[B, 16], f32>)
    -> (!kiln.tensor<[B, 16], f32>, !kiln.tensor<[B, 16], f32>) {
  %e = kiln.exp %x : !kiln.tensor<[B, 16], f32>
  %a = kiln.add %e, %x : !kiln.tensor<[B, 16], f32>, !kiln.tensor<[B, 16], f32> -> !kiln.tensor<[B, 16], f32>
  %m = kiln.mul %e, %x : !kiln.tensor<[B, 16], f32>, !kiln.tensor<[B, 16], f32> -> !kiln.tensor<[B, 16], f32>
  return %a, %m : !kiln.tensor<[B, 16], f32>, !kiln.tensor<[B, 16], f32>
}

// -----

// CHECK-LABEL: func.func @exp_reduced_only
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]}
// CHECK-NEXT: ^bb0
// CHECK-NEXT: math.exp
// CHECK-NEXT: arith.addf
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @exp_reduced_only(%x: !kiln.tensor<[B, 16], f32>) -> !kiln.tensor<[B], f32> {
  %e = kiln.exp %x : !kiln.tensor<[B, 16], f32>
  %s = kiln.reduce_sum %e {dims = array<i64: 1>} : !kiln.tensor<[B, 16], f32> -> !kiln.tensor<[B], f32>
  return %s : !kiln.tensor<[B], f32>
}

// -----

// CHECK-LABEL: func.func @layer_norm
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]}
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]}
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.subf
// CHECK-NEXT: arith.mulf
// CHECK-NEXT: arith.addf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]} ins(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} :
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.subf
// CHECK: return
func.func @layer_norm(%x: !kiln.tensor<[B, 64], f32>, %w: !kiln.tensor<[64], f32>,
                      %b: !kiln.tensor<[64], f32>) -> !kiln.tensor<[B, 64], f32> {
  %0 = kiln.layer_norm %x, %w, %b {epsilon = 1.0e-5 : f64} : !kiln.tensor<[B, 64], f32>, !kiln.tensor<[64], f32>, !kiln.tensor<[64], f32>
  return %0 : !kiln.tensor<[B, 64], f32>
}
