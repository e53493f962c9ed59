// RUN: kiln-opt %s --kiln-frontend-pipeline --kiln-fuse-elementwise --kiln-fuse-rows \
// RUN:   -split-input-file | FileCheck %s
//
// kiln-fuse-rows along a residual stream: h1 = x + a is read by the first
// layer_norm and by h2 = h1 + b, which only the second layer_norm reads.
// h1 is written once by a group of its own (its result is needed beyond
// either layer_norm's group), and neither layer_norm group recomputes it
// from x and a: the first reads h1 alone; the second reads h1 and b and
// computes h2 inside its rows (h2 has no reader beyond the group).

// CHECK-LABEL: func.func @residual_stream
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x64xf32>, %[[A:[^:]*]]: tensor<?x64xf32>, %[[B:[^:]*]]: tensor<?x64xf32>, %[[W:[^:]*]]: tensor<64xf32>)
// CHECK: %[[H1:.*]] = scf.forall
// CHECK-DAG: tensor.extract_slice %[[X]]
// CHECK-DAG: tensor.extract_slice %[[A]]
// CHECK: scf.forall.in_parallel
// CHECK: %[[N1:.*]] = scf.forall
// CHECK-NOT: tensor.extract_slice %[[X]]
// CHECK-NOT: tensor.extract_slice %[[A]]
// CHECK-NOT: tensor.extract_slice %[[B]]
// CHECK: tensor.extract_slice %[[H1]]
// CHECK: scf.forall.in_parallel
// CHECK: %[[N2:.*]] = scf.forall
// CHECK-NOT: tensor.extract_slice %[[X]]
// CHECK-NOT: tensor.extract_slice %[[A]]
// CHECK-DAG: tensor.extract_slice %[[H1]]
// CHECK-DAG: tensor.extract_slice %[[B]]
// CHECK: scf.forall.in_parallel
// CHECK-NOT: scf.forall
// CHECK: return %[[N1]], %[[N2]]
func.func @residual_stream(%x: !kiln.tensor<[B, 64], f32>, %a: !kiln.tensor<[B, 64], f32>, %b: !kiln.tensor<[B, 64], f32>, %w: !kiln.tensor<[64], f32>) -> (!kiln.tensor<[B, 64], f32>, !kiln.tensor<[B, 64], f32>) {
  %h1 = kiln.add %x, %a : !kiln.tensor<[B, 64], f32>, !kiln.tensor<[B, 64], f32> -> !kiln.tensor<[B, 64], f32>
  %n1 = kiln.layer_norm %h1, %w, %w {epsilon = 1.0e-05 : f64} : !kiln.tensor<[B, 64], f32>, !kiln.tensor<[64], f32>, !kiln.tensor<[64], f32>
  %h2 = kiln.add %h1, %b : !kiln.tensor<[B, 64], f32>, !kiln.tensor<[B, 64], f32> -> !kiln.tensor<[B, 64], f32>
  %n2 = kiln.layer_norm %h2, %w, %w {epsilon = 1.0e-05 : f64} : !kiln.tensor<[B, 64], f32>, !kiln.tensor<[64], f32>, !kiln.tensor<[64], f32>
  return %n1, %n2 : !kiln.tensor<[B, 64], f32>, !kiln.tensor<[B, 64], f32>
}

// -----

// A layer_norm read by a matmul and by the residual add after it (BERT's
// post-norm layers): its output is written anyway for the matmul, so the
// second layer_norm's group reads it instead of normalizing again (which
// needed the first layer_norm's statistics as tensors of their own: kernels
// more). The matmul's reading of h must not count as inside the second
// group, though the second group reads the matmul's result.
// CHECK-LABEL: func.func @layer_norm_residual
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?xf32>
// CHECK: %[[H:.*]] = scf.forall
// CHECK: math.rsqrt
// CHECK: scf.forall.in_parallel
// CHECK: %[[Y:.*]] = linalg.matmul ins(%[[H]], %{{.*}} : tensor<?x?xf32>, tensor<?x?xf32>)
// CHECK-NOT: linalg.generic
// CHECK: %[[O:.*]] = scf.forall
// CHECK-NOT: tensor.extract_slice %[[X]]
// CHECK-DAG: tensor.extract_slice %[[Y]]
// CHECK-DAG: tensor.extract_slice %[[H]]
// CHECK: math.rsqrt
// CHECK-NOT: math.rsqrt
// CHECK: scf.forall.in_parallel
// CHECK-NOT: scf.forall
// CHECK: return %[[O]]
func.func @layer_norm_residual(%x: !kiln.tensor<[B, D], f32>, %w1: !kiln.tensor<[D], f32>, %b1: !kiln.tensor<[D], f32>, %m: !kiln.tensor<[D, D], f32>, %w2: !kiln.tensor<[D], f32>, %b2: !kiln.tensor<[D], f32>) -> !kiln.tensor<[B, D], f32> {
  %h = kiln.layer_norm %x, %w1, %b1 {epsilon = 1.0e-05 : f64} : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D], f32>, !kiln.tensor<[D], f32>
  %y = kiln.matmul %h, %m : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D, D], f32> -> !kiln.tensor<[B, D], f32>
  %r = kiln.add %y, %h : !kiln.tensor<[B, D], f32>, !kiln.tensor<[B, D], f32> -> !kiln.tensor<[B, D], f32>
  %o = kiln.layer_norm %r, %w2, %b2 {epsilon = 1.0e-05 : f64} : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D], f32>, !kiln.tensor<[D], f32>
  return %o : !kiln.tensor<[B, D], f32>
}
