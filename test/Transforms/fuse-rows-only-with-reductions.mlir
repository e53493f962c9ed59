// RUN: kiln-opt %s --kiln-frontend-pipeline --kiln-fuse-elementwise --kiln-fuse-rows=only-with-reductions=true -split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-frontend-pipeline --kiln-fuse-elementwise --kiln-fuse-rows -split-input-file | FileCheck %s --check-prefix=DEFAULT
//
// kiln-fuse-rows{only-with-reductions}: a group is formed only where it
// holds a reduction (the GPU pipeline's setting): a purely elementwise op
// stays one flat linalg.generic, while softmax still becomes one row loop.
// By default, the elementwise op is a row loop too.

// CHECK-LABEL: func.func @elementwise
// CHECK-NOT: scf.forall (
// CHECK: linalg.generic
// CHECK-NOT: scf.forall (
// CHECK: return
// DEFAULT-LABEL: func.func @elementwise
// DEFAULT: scf.forall (
func.func @elementwise(%x: !kiln.tensor<[R, 64], f32>) -> !kiln.tensor<[R, 64], f32> {
  %0 = kiln.exp %x : !kiln.tensor<[R, 64], f32>
  %1 = kiln.mul %0, %x : !kiln.tensor<[R, 64], f32>, !kiln.tensor<[R, 64], f32> -> !kiln.tensor<[R, 64], f32>
  return %1 : !kiln.tensor<[R, 64], f32>
}

// -----

// CHECK-LABEL: func.func @softmax
// CHECK: scf.forall (
// CHECK-NOT: scf.forall (
// CHECK: return
func.func @softmax(%x: !kiln.tensor<[R, 64], f32>) -> !kiln.tensor<[R, 64], f32> {
  %0 = kiln.softmax %x {dim = -1 : i64} : !kiln.tensor<[R, 64], f32>
  return %0 : !kiln.tensor<[R, 64], f32>
}
