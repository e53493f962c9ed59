// RUN: kiln-opt %s --kiln-frontend-pipeline --kiln-fuse-elementwise --kiln-fuse-rows \
// RUN:   | FileCheck %s
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
