// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file | FileCheck %s
//
// design.md §3: each symbol becomes ONE index value computed once at entry,
// "so every op that shares a symbol shares an SSA size (fusion sees
// equality)". This holds for matmul results too: the accumulator of a
// matmul whose M is B*S is sized by the entry's B*S value, the same one its
// elementwise epilogue uses (a matmul-epilogue fusion needs to see that);
// rank-2 matmuls use the entry's M and N.

// CHECK-LABEL: func.func @epilogue_shares_size
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?x?xf32>, %[[W:[^:]*]]: tensor<?x?xf32>, %[[BIAS:[^:]*]]: tensor<?xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[B:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK-DAG: %[[S:.*]] = tensor.dim %[[X]], %[[C1]]
// CHECK-DAG: %[[D:.*]] = tensor.dim %[[X]], %[[C2]]
// CHECK: %[[BS:.*]] = arith.muli %[[B]], %[[S]] : index
// CHECK: %[[ACC:.*]] = tensor.empty(%[[BS]], %[[D]]) : tensor<?x?xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[ACC]] : tensor<?x?xf32>)
// CHECK: %[[MM:.*]] = linalg.matmul ins(%{{.*}}, %[[W]] : tensor<?x?xf32>, tensor<?x?xf32>) outs(%[[INIT]] : tensor<?x?xf32>)
// CHECK: %[[E:.*]] = tensor.empty(%[[BS]], %[[D]]) : tensor<?x?xf32>
// CHECK: linalg.generic {{.*}} ins(%[[MM]], %[[BIAS]] : tensor<?x?xf32>, tensor<?xf32>) outs(%[[E]] : tensor<?x?xf32>)
func.func @epilogue_shares_size(%x: !kiln.tensor<[B, S, D], f32>, %w: !kiln.tensor<[D, D], f32>,
                                %bias: !kiln.tensor<[D], f32>) -> !kiln.tensor<[B*S, D], f32> {
  %r = kiln.reshape %x : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[B*S, D], f32>
  %m = kiln.matmul %r, %w : !kiln.tensor<[B*S, D], f32>, !kiln.tensor<[D, D], f32> -> !kiln.tensor<[B*S, D], f32>
  %a = kiln.add %m, %bias : !kiln.tensor<[B*S, D], f32>, !kiln.tensor<[D], f32> -> !kiln.tensor<[B*S, D], f32>
  return %a : !kiln.tensor<[B*S, D], f32>
}

// -----

// CHECK-LABEL: func.func @rank2_entry_sizes
// CHECK-SAME: (%[[A:[^:]*]]: tensor<?x?xbf16>, %[[B:[^:]*]]: tensor<?x?xbf16>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[M:.*]] = tensor.dim %[[A]], %[[C0]]
// CHECK-DAG: %[[N:.*]] = tensor.dim %[[B]], %[[C1]]
// CHECK: tensor.empty(%[[M]], %[[N]]) : tensor<?x?xf32>
// CHECK: linalg.matmul
// CHECK: tensor.empty(%[[M]], %[[N]]) : tensor<?x?xbf16>
// CHECK-NOT: tensor.dim
// CHECK: return
func.func @rank2_entry_sizes(%a: !kiln.tensor<[M, K], bf16>, %b: !kiln.tensor<[K, N], bf16>) -> !kiln.tensor<[M, N], bf16> {
  %0 = kiln.matmul %a, %b : !kiln.tensor<[M, K], bf16>, !kiln.tensor<[K, N], bf16> -> !kiln.tensor<[M, N], bf16>
  return %0 : !kiln.tensor<[M, N], bf16>
}
