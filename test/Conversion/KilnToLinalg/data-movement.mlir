// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file | FileCheck %s
//
// convert-kiln-to-linalg on the data-movement ops: kiln.transpose is a
// linalg.transpose into a tensor.empty of the permuted sizes; kiln.reshape
// is views (tensor.collapse_shape / tensor.expand_shape) when dims group
// into provably equal products, through 1-D otherwise, and a tensor.reshape
// where one group would need several dynamic dims; kiln.concat is a
// tensor.concat (one input: the input itself); kiln.constant is an
// arith.constant.

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[B:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK-DAG: %[[S:.*]] = tensor.dim %[[X]], %[[C1]]
// CHECK-DAG: %[[D:.*]] = tensor.dim %[[X]], %[[C2]]
// CHECK: %[[E:.*]] = tensor.empty(%[[D]], %[[B]], %[[S]]) : tensor<?x?x?xf32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<?x?x?xf32>) outs(%[[E]] : tensor<?x?x?xf32>) permutation = [2, 0, 1]
// CHECK: return %[[T]]
func.func @transpose(%x: !kiln.tensor<[B, S, D], f32>) -> !kiln.tensor<[D, B, S], f32> {
  %0 = kiln.transpose %x {perm = array<i64: 2, 0, 1>} : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[D, B, S], f32>
  return %0 : !kiln.tensor<[D, B, S], f32>
}

// -----

// CHECK-LABEL: func.func @transpose_static
// CHECK: %[[E:.*]] = tensor.empty() : tensor<5x3xi32>
// CHECK: linalg.transpose ins(%{{.*}} : tensor<3x5xi32>) outs(%[[E]] : tensor<5x3xi32>) permutation = [1, 0]
func.func @transpose_static(%x: !kiln.tensor<[3, 5], i32>) -> !kiln.tensor<[5, 3], i32> {
  %0 = kiln.transpose %x {perm = array<i64: 1, 0>} : !kiln.tensor<[3, 5], i32> -> !kiln.tensor<[5, 3], i32>
  return %0 : !kiln.tensor<[5, 3], i32>
}

// -----

// [B, S, D] -> [B*S, D]: one collapse_shape.
// CHECK-LABEL: func.func @reshape_merge
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x?xf32>) -> tensor<?x?xf32>
// CHECK: %[[R:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : tensor<?x?x?xf32> into tensor<?x?xf32>
// CHECK-NOT: tensor.expand_shape
// CHECK: return %[[R]]
func.func @reshape_merge(%x: !kiln.tensor<[B, S, D], f32>) -> !kiln.tensor<[B*S, D], f32> {
  %0 = kiln.reshape %x : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[S*B, D], f32>
  return %0 : !kiln.tensor<[B*S, D], f32>
}

// -----

// [S, 64] -> [S, 4, 16]: one expand_shape, S from the entry.
// CHECK-LABEL: func.func @reshape_split_static
// CHECK-SAME: (%[[X:.*]]: tensor<?x64xf32>) -> tensor<?x4x16xf32>
// CHECK: %[[S:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x64xf32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2]] output_shape [%[[S]], 4, 16] : tensor<?x64xf32> into tensor<?x4x16xf32>
// CHECK-NOT: tensor.collapse_shape
// CHECK: return %[[R]]
func.func @reshape_split_static(%x: !kiln.tensor<[S, 64], f32>) -> !kiln.tensor<[S, 4, 16], f32> {
  %0 = kiln.reshape %x : !kiln.tensor<[S, 64], f32> -> !kiln.tensor<[S, 4, 16], f32>
  return %0 : !kiln.tensor<[S, 4, 16], f32>
}

// -----

// [B*S, 64] -> [B, S, 4, 16]: one expand_shape (a view) whose group of
// B*S holds two dynamic dims, sized by the entry's B and S
// (kiln-lower-dynamic-expand-shape lowers it later).
// CHECK-LABEL: func.func @reshape_split_symbols
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x64xf32>, %[[Y:[^:]*]]: tensor<?x?xf32>) -> tensor<?x?x4x16xf32>
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[B:.*]] = tensor.dim %[[Y]], %[[C0]]
// CHECK-DAG: %[[S:.*]] = tensor.dim %[[Y]], %[[C1]]
// CHECK-NOT: tensor.reshape
// CHECK: %[[R:.*]] = tensor.expand_shape %[[X]] {{\[\[}}0, 1], [2, 3]] output_shape [%[[B]], %[[S]], 4, 16] : tensor<?x64xf32> into tensor<?x?x4x16xf32>
// CHECK: return %[[R]]
func.func @reshape_split_symbols(%x: !kiln.tensor<[B*S, 64], f32>, %y: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S, 4, 16], f32> {
  %0 = kiln.reshape %x : !kiln.tensor<[B*S, 64], f32> -> !kiln.tensor<[B, S, 4, 16], f32>
  return %0 : !kiln.tensor<[B, S, 4, 16], f32>
}

// -----

// [6, 4] -> [4, 6]: no grouping of dims has equal products; through 1-D.
// CHECK-LABEL: func.func @reshape_general
// CHECK-SAME: (%[[X:.*]]: tensor<6x4xf32>) -> tensor<4x6xf32>
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<6x4xf32> into tensor<24xf32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [4, 6] : tensor<24xf32> into tensor<4x6xf32>
// CHECK: return %[[R]]
func.func @reshape_general(%x: !kiln.tensor<[6, 4], f32>) -> !kiln.tensor<[4, 6], f32> {
  %0 = kiln.reshape %x : !kiln.tensor<[6, 4], f32> -> !kiln.tensor<[4, 6], f32>
  return %0 : !kiln.tensor<[4, 6], f32>
}

// -----

// To rank 0 and back.
// CHECK-LABEL: func.func @reshape_rank0
// CHECK-SAME: (%[[X:.*]]: tensor<1x1xf32>) -> (tensor<f32>, tensor<1x1x1xf32>)
// CHECK: %[[S:.*]] = tensor.collapse_shape %{{.*}} [] : tensor<1xf32> into tensor<f32>
// CHECK: tensor.expand_shape %{{.*}} output_shape [1, 1, 1] : tensor<{{.*}}xf32> into tensor<1x1x1xf32>
func.func @reshape_rank0(%x: !kiln.tensor<[1, 1], f32>) -> (!kiln.tensor<[], f32>, !kiln.tensor<[1, 1, 1], f32>) {
  %0 = kiln.reshape %x : !kiln.tensor<[1, 1], f32> -> !kiln.tensor<[], f32>
  %1 = kiln.reshape %0 : !kiln.tensor<[], f32> -> !kiln.tensor<[1, 1, 1], f32>
  return %0, %1 : !kiln.tensor<[], f32>, !kiln.tensor<[1, 1, 1], f32>
}

// -----

// Through 1-D, the flat tensor is static when the result is: an expansion
// into static dims needs a static source (rank 0 to [1, 1] and a static
// regrouping that no grouping of dims gives).
// CHECK-LABEL: func.func @reshape_static_flat
// CHECK-SAME: (%[[X:.*]]: tensor<f32>, %[[Y:.*]]: tensor<2x3xf32>)
// CHECK: %[[E:.*]] = tensor.expand_shape %[[X]] [] output_shape [1] : tensor<f32> into tensor<1xf32>
// CHECK: tensor.expand_shape %[[E]] {{\[\[}}0, 1]] output_shape [1, 1] : tensor<1xf32> into tensor<1x1xf32>
// CHECK: %[[F:.*]] = tensor.collapse_shape %[[Y]] {{\[\[}}0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK-NOT: tensor.cast
// CHECK: tensor.expand_shape %[[F]] {{\[\[}}0, 1]] output_shape [3, 2] : tensor<6xf32> into tensor<3x2xf32>
func.func @reshape_static_flat(%x: !kiln.tensor<[], f32>, %y: !kiln.tensor<[2, 3], f32>) -> (!kiln.tensor<[1, 1], f32>, !kiln.tensor<[3, 2], f32>) {
  %0 = kiln.reshape %x : !kiln.tensor<[], f32> -> !kiln.tensor<[1, 1], f32>
  %1 = kiln.reshape %y : !kiln.tensor<[2, 3], f32> -> !kiln.tensor<[3, 2], f32>
  return %0, %1 : !kiln.tensor<[1, 1], f32>, !kiln.tensor<[3, 2], f32>
}

// -----

// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?xf32>, %[[Y:[^:]*]]: tensor<2x?xf32>, %[[Z:[^:]*]]: tensor<?x?xf32>)
// CHECK: %[[C0:.*]] = tensor.concat dim(0) %[[X]], %[[Y]] : (tensor<?x?xf32>, tensor<2x?xf32>) -> tensor<?x?xf32>
// CHECK: %[[C1:.*]] = tensor.concat dim(1) %[[X]], %[[Z]], %[[X]] : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK: return %[[C0]], %[[C1]]
func.func @concat(%x: !kiln.tensor<[S, D], f32>, %y: !kiln.tensor<[2, D], f32>, %z: !kiln.tensor<[S, E], f32>)
    -> (!kiln.tensor<[S + 2, D], f32>, !kiln.tensor<[S, 2*D + E], f32>) {
  %0 = kiln.concat %x, %y {dim = 0 : i64} : !kiln.tensor<[S, D], f32>, !kiln.tensor<[2, D], f32> -> !kiln.tensor<[S + 2, D], f32>
  %1 = kiln.concat %x, %z, %x {dim = -1 : i64} : !kiln.tensor<[S, D], f32>, !kiln.tensor<[S, E], f32>, !kiln.tensor<[S, D], f32> -> !kiln.tensor<[S, 2*D + E], f32>
  return %0, %1 : !kiln.tensor<[S + 2, D], f32>, !kiln.tensor<[S, 2*D + E], f32>
}

// -----

// CHECK-LABEL: func.func @concat_one
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf32>)
// CHECK-NOT: tensor.concat
// CHECK: return %[[X]]
func.func @concat_one(%x: !kiln.tensor<[S, D], f32>) -> !kiln.tensor<[S, D], f32> {
  %0 = kiln.concat %x {dim = 0 : i64} : !kiln.tensor<[S, D], f32> -> !kiln.tensor<[S, D], f32>
  return %0 : !kiln.tensor<[S, D], f32>
}

// -----

// CHECK-LABEL: func.func @constant
// CHECK-DAG: %[[A:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<7> : tensor<i64>
// CHECK-DAG: %[[C:.*]] = arith.constant dense<[true, false]> : tensor<2xi1>
// CHECK: return %[[A]], %[[B]], %[[C]] : tensor<2x2xf32>, tensor<i64>, tensor<2xi1>
func.func @constant() -> (!kiln.tensor<[2, 2], f32>, !kiln.tensor<[], i64>, !kiln.tensor<[2], i1>) {
  %0 = kiln.constant {value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : !kiln.tensor<[2, 2], f32>
  %1 = kiln.constant {value = dense<7> : tensor<i64>} : !kiln.tensor<[], i64>
  %2 = kiln.constant {value = dense<[true, false]> : tensor<2xi1>} : !kiln.tensor<[2], i1>
  return %0, %1, %2 : !kiln.tensor<[2, 2], f32>, !kiln.tensor<[], i64>, !kiln.tensor<[2], i1>
}

// -----

// A reshape to a shape with a static zero dim moves nothing: a fresh empty
// tensor (views cannot regroup zero-size dims).
// CHECK-LABEL: func.func @reshape_empty
// CHECK-NOT: expand_shape
// CHECK-NOT: collapse_shape
// CHECK: %[[E:.*]] = tensor.empty() : tensor<3x4x0xf32>
// CHECK: return %[[E]]
func.func @reshape_empty(%x: !kiln.tensor<[0, 3, 4], f32>) -> !kiln.tensor<[3, 4, 0], f32> {
  %0 = kiln.reshape %x : !kiln.tensor<[0, 3, 4], f32> -> !kiln.tensor<[3, 4, 0], f32>
  return %0 : !kiln.tensor<[3, 4, 0], f32>
}

// -----

// Any op with a static zero dim in its result is a tensor.empty (nothing
// is computed): an empty slice at the end of its dim, a concat of empty
// tensors, a batched matmul with an empty batch dim.
// CHECK-LABEL: func.func @empty_results
// CHECK-NOT: tensor.extract_slice
// CHECK-NOT: tensor.concat
// CHECK-NOT: linalg.
// CHECK: %[[S:.*]] = tensor.empty() : tensor<0xf16>
// CHECK: %[[C:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?x0xf32>
// CHECK: %[[M:.*]] = tensor.empty(%{{.*}}) : tensor<?x0x3x3xi32>
// CHECK: return %[[S]], %[[C]], %[[M]]
func.func @empty_results(%x: !kiln.tensor<[1], f16>, %y: !kiln.tensor<[B, B, 0], f32>,
                         %a: !kiln.tensor<[H, 0, 3, H], i32>, %b: !kiln.tensor<[H, 0, H, 3], i32>)
    -> (!kiln.tensor<[0], f16>, !kiln.tensor<[B, B, 0], f32>, !kiln.tensor<[H, 0, 3, 3], i32>) {
  %0 = kiln.slice %x {dim = 0 : i64, start = "1", end = "1", step = 1 : i64} : !kiln.tensor<[1], f16> -> !kiln.tensor<[0], f16>
  %1 = kiln.concat %y, %y, %y {dim = -1 : i64} : !kiln.tensor<[B, B, 0], f32>, !kiln.tensor<[B, B, 0], f32>, !kiln.tensor<[B, B, 0], f32> -> !kiln.tensor<[B, B, 0], f32>
  %2 = kiln.matmul %a, %b : !kiln.tensor<[H, 0, 3, H], i32>, !kiln.tensor<[H, 0, H, 3], i32> -> !kiln.tensor<[H, 0, 3, 3], i32>
  return %0, %1, %2 : !kiln.tensor<[0], f16>, !kiln.tensor<[B, B, 0], f32>, !kiln.tensor<[H, 0, 3, 3], i32>
}
