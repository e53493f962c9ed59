// RUN: kiln-opt %s --kiln-lower-dynamic-expand-shape -split-input-file | FileCheck %s
//
// kiln-lower-dynamic-expand-shape: a memref.expand_shape of an
// identity-layout memref whose reassociation group holds several dynamic
// dims becomes a memref.reinterpret_cast at offset 0 with the output sizes
// and row-major strides (stride[i] = size[i+1] * ... * size[n-1]); a stride
// is a constant wherever the sizes after it are, otherwise an arith.muli
// chain on the dynamic sizes.
// Left alone: one dynamic dim per group, non-identity layouts.

// strides [s, 1]: the stride is s itself (no arithmetic).
// CHECK-LABEL: func.func @split_in_two
// CHECK-SAME: (%[[M:[^:]*]]: memref<?xf32>, %[[B:[^:]*]]: index, %[[S:[^:]*]]: index) -> memref<?x?xf32>
// CHECK-NOT: arith.muli
// CHECK-NOT: memref.expand_shape
// CHECK: %[[R:.*]] = memref.reinterpret_cast %[[M]] to offset: [0], sizes: [%[[B]], %[[S]]], strides: [%[[S]], 1] : memref<?xf32> to memref<?x?xf32>
// CHECK-NEXT: return %[[R]] : memref<?x?xf32>
func.func @split_in_two(%m: memref<?xf32>, %b: index, %s: index) -> memref<?x?xf32> {
  %0 = memref.expand_shape %m [[0, 1]] output_shape [%b, %s] : memref<?xf32> into memref<?x?xf32>
  return %0 : memref<?x?xf32>
}

// -----

// A static inner dim: strides [8 * s, 8, 1], the last two folded.
// CHECK-LABEL: func.func @static_inner_dim
// CHECK-SAME: (%[[M:[^:]*]]: memref<?x8xf32>, %[[B:[^:]*]]: index, %[[S:[^:]*]]: index) -> memref<?x?x8xf32>
// CHECK-DAG: %[[EIGHT:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[STRIDE:.*]] = arith.muli %[[EIGHT]], %[[S]] : index
// CHECK-NOT: memref.expand_shape
// CHECK: %[[R:.*]] = memref.reinterpret_cast %[[M]] to offset: [0], sizes: [%[[B]], %[[S]], 8], strides: [%[[STRIDE]], 8, 1] : memref<?x8xf32> to memref<?x?x8xf32>
// CHECK-NEXT: return %[[R]] : memref<?x?x8xf32>
func.func @static_inner_dim(%m: memref<?x8xf32>, %b: index, %s: index) -> memref<?x?x8xf32> {
  %0 = memref.expand_shape %m [[0, 1], [2]] output_shape [%b, %s, 8] : memref<?x8xf32> into memref<?x?x8xf32>
  return %0 : memref<?x?x8xf32>
}

// -----

// [a, 4, c]: strides [4 * c, c, 1].
// CHECK-LABEL: func.func @static_middle_dim
// CHECK-SAME: (%[[M:[^:]*]]: memref<?xf32>, %[[A:[^:]*]]: index, %[[C:[^:]*]]: index) -> memref<?x4x?xf32>
// CHECK-DAG: %[[FOUR:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[S0:.*]] = arith.muli %[[C]], %[[FOUR]] : index
// CHECK: %[[R:.*]] = memref.reinterpret_cast %[[M]] to offset: [0], sizes: [%[[A]], 4, %[[C]]], strides: [%[[S0]], %[[C]], 1] : memref<?xf32> to memref<?x4x?xf32>
// CHECK-NEXT: return %[[R]]
func.func @static_middle_dim(%m: memref<?xf32>, %a: index, %c: index) -> memref<?x4x?xf32> {
  %0 = memref.expand_shape %m [[0, 1, 2]] output_shape [%a, 4, %c] : memref<?xf32> into memref<?x4x?xf32>
  return %0 : memref<?x4x?xf32>
}

// -----

// Three dynamic dims: strides [b * c, c, 1].
// CHECK-LABEL: func.func @split_in_three
// CHECK-SAME: (%[[M:[^:]*]]: memref<?xf32>, %[[A:[^:]*]]: index, %[[B:[^:]*]]: index, %[[C:[^:]*]]: index) -> memref<?x?x?xf32>
// CHECK-DAG: %[[S0:.*]] = arith.muli %[[C]], %[[B]] : index
// CHECK: %[[R:.*]] = memref.reinterpret_cast %[[M]] to offset: [0], sizes: [%[[A]], %[[B]], %[[C]]], strides: [%[[S0]], %[[C]], 1] : memref<?xf32> to memref<?x?x?xf32>
// CHECK-NEXT: return %[[R]]
func.func @split_in_three(%m: memref<?xf32>, %a: index, %b: index, %c: index) -> memref<?x?x?xf32> {
  %0 = memref.expand_shape %m [[0, 1, 2]] output_shape [%a, %b, %c] : memref<?xf32> into memref<?x?x?xf32>
  return %0 : memref<?x?x?xf32>
}

// -----

// One dynamic dim per group: upstream handles it; left alone.
// CHECK-LABEL: func.func @one_dynamic_dim
// CHECK-SAME: (%[[M:[^:]*]]: memref<?xf32>, %[[B:[^:]*]]: index)
// CHECK-NEXT: %[[R:.*]] = memref.expand_shape %[[M]] {{\[\[}}0, 1]] output_shape [%[[B]], 4] : memref<?xf32> into memref<?x4xf32>
// CHECK-NEXT: return %[[R]]
// CHECK-NOT: memref.reinterpret_cast
func.func @one_dynamic_dim(%m: memref<?xf32>, %b: index) -> memref<?x4xf32> {
  %0 = memref.expand_shape %m [[0, 1]] output_shape [%b, 4] : memref<?xf32> into memref<?x4xf32>
  return %0 : memref<?x4xf32>
}

// -----

// Two groups of one dynamic dim each: left alone.
// CHECK-LABEL: func.func @one_dynamic_dim_per_group
// CHECK-NEXT: memref.expand_shape %{{.*}} {{\[\[}}0, 1], [2, 3]] output_shape [%{{.*}}, 2, %{{.*}}, 8] : memref<?x?xf32> into memref<?x2x?x8xf32>
// CHECK-NEXT: return
// CHECK-NOT: memref.reinterpret_cast
func.func @one_dynamic_dim_per_group(%m: memref<?x?xf32>, %a: index, %c: index) -> memref<?x2x?x8xf32> {
  %0 = memref.expand_shape %m [[0, 1], [2, 3]] output_shape [%a, 2, %c, 8] : memref<?x?xf32> into memref<?x2x?x8xf32>
  return %0 : memref<?x2x?x8xf32>
}

// -----

// A strided (non-identity) source: its offset and strides are not the
// row-major ones; left alone.
// CHECK-LABEL: func.func @strided_source
// CHECK-NEXT: memref.expand_shape %{{.*}} {{\[\[}}0, 1]] output_shape [%{{.*}}, %{{.*}}] : memref<?xf32, strided<[1], offset: ?>> into memref<?x?xf32, strided<[?, 1], offset: ?>>
// CHECK-NEXT: return
// CHECK-NOT: memref.reinterpret_cast
func.func @strided_source(%m: memref<?xf32, strided<[1], offset: ?>>, %b: index, %s: index) -> memref<?x?xf32, strided<[?, 1], offset: ?>> {
  %0 = memref.expand_shape %m [[0, 1]] output_shape [%b, %s] : memref<?xf32, strided<[1], offset: ?>> into memref<?x?xf32, strided<[?, 1], offset: ?>>
  return %0 : memref<?x?xf32, strided<[?, 1], offset: ?>>
}
