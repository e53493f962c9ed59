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

// -----

// A matmul's epilogue is not a reduction group: the matmul (a kernel of
// its own) stays out of the group, so the epilogue stays flat.
// CHECK-LABEL: func.func @matmul_epilogue
// CHECK-NOT: scf.forall (
// CHECK: linalg.matmul
// CHECK-NOT: scf.forall (
// CHECK: linalg.generic
// CHECK-NOT: scf.forall (
// CHECK: return
// DEFAULT-LABEL: func.func @matmul_epilogue
// DEFAULT: scf.forall (
func.func @matmul_epilogue(%x: !kiln.tensor<[M, 32], f32>, %w: !kiln.tensor<[32, 64], f32>, %b: !kiln.tensor<[64], f32>) -> !kiln.tensor<[M, 64], f32> {
  %0 = kiln.matmul %x, %w : !kiln.tensor<[M, 32], f32>, !kiln.tensor<[32, 64], f32> -> !kiln.tensor<[M, 64], f32>
  %1 = kiln.add %0, %b : !kiln.tensor<[M, 64], f32>, !kiln.tensor<[64], f32> -> !kiln.tensor<[M, 64], f32>
  %2 = kiln.relu %1 : !kiln.tensor<[M, 64], f32>
  return %2 : !kiln.tensor<[M, 64], f32>
}
