// RUN: kiln-opt %s --kiln-split-shared-destinations -split-input-file | FileCheck %s
//
// kiln-split-shared-destinations: a fill that several ops write into gets
// one copy (with its own tensor.empty) right before each writer, and the
// original goes; a fill with one use, or whose uses only read it, stays as
// it is. An empty tensor that several ops write into gets one per writer.

// CHECK-LABEL: func.func @two_matmuls
// CHECK-SAME: (%[[X:[^:]*]]: tensor<8x16xf32>, %[[W1:[^:]*]]: tensor<16x32xf32>, %[[W2:[^:]*]]: tensor<16x32xf32>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.0
// CHECK: %[[E1:.*]] = tensor.empty() : tensor<8x32xf32>
// CHECK-NEXT: %[[F1:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[E1]] : tensor<8x32xf32>)
// CHECK-NEXT: %[[A:.*]] = linalg.matmul ins(%[[X]], %[[W1]] : {{.*}}) outs(%[[F1]] : tensor<8x32xf32>)
// CHECK-NEXT: %[[E2:.*]] = tensor.empty() : tensor<8x32xf32>
// CHECK-NEXT: %[[F2:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[E2]] : tensor<8x32xf32>)
// CHECK-NEXT: %[[B:.*]] = linalg.matmul ins(%[[X]], %[[W2]] : {{.*}}) outs(%[[F2]] : tensor<8x32xf32>)
// CHECK-NOT: linalg.fill
// CHECK: return %[[A]], %[[B]]
func.func @two_matmuls(%x: tensor<8x16xf32>, %w1: tensor<16x32xf32>, %w2: tensor<16x32xf32>)
    -> (tensor<8x32xf32>, tensor<8x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %a = linalg.matmul ins(%x, %w1 : tensor<8x16xf32>, tensor<16x32xf32>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  %b = linalg.matmul ins(%x, %w2 : tensor<8x16xf32>, tensor<16x32xf32>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %a, %b : tensor<8x32xf32>, tensor<8x32xf32>
}

// -----

// A fill written by one op and read by another: the writer gets its own
// copy, the reader keeps the original.
// CHECK-LABEL: func.func @written_and_read
// CHECK: %[[F:.*]] = linalg.fill
// CHECK: tensor.empty
// CHECK-NEXT: %[[OWN:.*]] = linalg.fill
// CHECK-NEXT: %[[A:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : {{.*}}) outs(%[[OWN]] : tensor<8x32xf32>)
// CHECK: return %[[A]], %[[F]]
func.func @written_and_read(%x: tensor<8x16xf32>, %w1: tensor<16x32xf32>)
    -> (tensor<8x32xf32>, tensor<8x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %a = linalg.matmul ins(%x, %w1 : tensor<8x16xf32>, tensor<16x32xf32>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %a, %z : tensor<8x32xf32>, tensor<8x32xf32>
}

// -----

// Left alone: one writer; only readers.
// CHECK-LABEL: func.func @left_alone
// CHECK-COUNT-2: linalg.fill
// CHECK-NOT: linalg.fill
func.func @left_alone(%x: tensor<8x16xf32>, %w1: tensor<16x32xf32>)
    -> (tensor<8x32xf32>, tensor<8x32xf32>, tensor<8x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %a = linalg.matmul ins(%x, %w1 : tensor<8x16xf32>, tensor<16x32xf32>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  %e2 = tensor.empty() : tensor<8x32xf32>
  %one = arith.constant 1.0 : f32
  %o = linalg.fill ins(%one : f32) outs(%e2 : tensor<8x32xf32>) -> tensor<8x32xf32>
  %s = linalg.add ins(%o, %o : tensor<8x32xf32>, tensor<8x32xf32>) outs(%e2 : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %a, %o, %s : tensor<8x32xf32>, tensor<8x32xf32>, tensor<8x32xf32>
}

// -----

// Two transposes into one empty tensor (CSE merged theirs): each gets its
// own, right before it, and the original goes.
// CHECK-LABEL: func.func @two_transposes
// CHECK-SAME: (%[[W1:[^:]*]]: tensor<16x32xf32>, %[[W2:[^:]*]]: tensor<16x32xf32>)
// CHECK-NEXT: %[[E1:.*]] = tensor.empty() : tensor<32x16xf32>
// CHECK-NEXT: %[[T1:.*]] = linalg.transpose ins(%[[W1]] : tensor<16x32xf32>) outs(%[[E1]] : tensor<32x16xf32>)
// CHECK-NEXT: %[[E2:.*]] = tensor.empty() : tensor<32x16xf32>
// CHECK-NEXT: %[[T2:.*]] = linalg.transpose ins(%[[W2]] : tensor<16x32xf32>) outs(%[[E2]] : tensor<32x16xf32>)
// CHECK-NOT: tensor.empty
// CHECK: return %[[T1]], %[[T2]]
func.func @two_transposes(%w1: tensor<16x32xf32>, %w2: tensor<16x32xf32>)
    -> (tensor<32x16xf32>, tensor<32x16xf32>) {
  %e = tensor.empty() : tensor<32x16xf32>
  %t1 = linalg.transpose ins(%w1 : tensor<16x32xf32>) outs(%e : tensor<32x16xf32>) permutation = [1, 0]
  %t2 = linalg.transpose ins(%w2 : tensor<16x32xf32>) outs(%e : tensor<32x16xf32>) permutation = [1, 0]
  return %t1, %t2 : tensor<32x16xf32>, tensor<32x16xf32>
}

// -----

// Left alone: an empty tensor with one writer (other uses only read its
// shape).
// CHECK-LABEL: func.func @one_writer
// CHECK-COUNT-1: tensor.empty
// CHECK-NOT: tensor.empty
func.func @one_writer(%w1: tensor<16x32xf32>) -> (tensor<32x16xf32>, index) {
  %c0 = arith.constant 0 : index
  %e = tensor.empty() : tensor<32x16xf32>
  %t1 = linalg.transpose ins(%w1 : tensor<16x32xf32>) outs(%e : tensor<32x16xf32>) permutation = [1, 0]
  %d = tensor.dim %e, %c0 : tensor<32x16xf32>
  return %t1, %d : tensor<32x16xf32>, index
}
