// RUN: kiln-opt %s --kiln-matmul-to-blas -split-input-file | FileCheck %s
//
// kiln-matmul-to-blas: linalg.matmul and linalg.batch_matmul on memrefs with
// an f32 output become calls to Kiln's CPU runtime (kiln_rt_sgemm,
// kiln_rt_sgemm_batched; kiln_rt_matmul_bf16[_batched] for bf16 inputs),
// each operand memref.cast to the fully dynamic strided type, with ONE
// private declaration per function in the module, carrying
// llvm.emit_c_interface. f16 and mixed inputs are widened to f32 copies
// (alloc + extf generic, freed after the call).
// Left alone: integer matmuls, a half-precision output, ops on tensors, and
// matmuls with user-defined indexing maps (transposes, broadcasts).

// Two matmuls (dynamic and static shapes): two calls, one declaration.
// CHECK-LABEL: func.func @two_matmuls
// CHECK-SAME: (%[[A:[^:]*]]: memref<?x?xf32>, %[[B:[^:]*]]: memref<?x?xf32>, %[[C:[^:]*]]: memref<?x?xf32>, %[[D:[^:]*]]: memref<4x8xf32>, %[[E:[^:]*]]: memref<8x16xf32>, %[[F:[^:]*]]: memref<4x16xf32>)
// CHECK-NEXT: %[[CA:.*]] = memref.cast %[[A]] : memref<?x?xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-NEXT: %[[CB:.*]] = memref.cast %[[B]] : memref<?x?xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-NEXT: %[[CC:.*]] = memref.cast %[[C]] : memref<?x?xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-NEXT: call @kiln_rt_sgemm(%[[CA]], %[[CB]], %[[CC]]) : (memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) -> ()
// CHECK-NEXT: %[[CD:.*]] = memref.cast %[[D]] : memref<4x8xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-NEXT: %[[CE:.*]] = memref.cast %[[E]] : memref<8x16xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-NEXT: %[[CF:.*]] = memref.cast %[[F]] : memref<4x16xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-NEXT: call @kiln_rt_sgemm(%[[CD]], %[[CE]], %[[CF]])
// CHECK-NEXT: return
// CHECK: func.func private @kiln_rt_sgemm(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-NOT: func.func private @kiln_rt_sgemm
// CHECK-NOT: linalg.matmul
func.func @two_matmuls(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>,
                       %d: memref<4x8xf32>, %e: memref<8x16xf32>, %f: memref<4x16xf32>) {
  linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  linalg.matmul ins(%d, %e : memref<4x8xf32>, memref<8x16xf32>) outs(%f : memref<4x16xf32>)
  return
}

// -----

// CHECK-LABEL: func.func @batch_matmul
// CHECK-SAME: (%[[A:[^:]*]]: memref<?x?x?xf32>, %[[B:[^:]*]]: memref<?x?x?xf32>, %[[C:[^:]*]]: memref<?x?x?xf32>)
// CHECK-NEXT: %[[CA:.*]] = memref.cast %[[A]] : memref<?x?x?xf32> to memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
// CHECK-NEXT: %[[CB:.*]] = memref.cast %[[B]] : memref<?x?x?xf32> to memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
// CHECK-NEXT: %[[CC:.*]] = memref.cast %[[C]] : memref<?x?x?xf32> to memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
// CHECK-NEXT: call @kiln_rt_sgemm_batched(%[[CA]], %[[CB]], %[[CC]]) : (memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>) -> ()
// CHECK-NEXT: return
// CHECK: func.func private @kiln_rt_sgemm_batched(memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-NOT: func.func private
func.func @batch_matmul(%a: memref<?x?x?xf32>, %b: memref<?x?x?xf32>, %c: memref<?x?x?xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<?x?x?xf32>, memref<?x?x?xf32>) outs(%c : memref<?x?x?xf32>)
  return
}

// -----

// A strided (subview) operand is cast as well: the runtime reads its
// strides.
// CHECK-LABEL: func.func @strided_operand
// CHECK-SAME: (%[[A:[^:]*]]: memref<?x?xf32, strided<[?, 1], offset: ?>>, %[[B:[^:]*]]: memref<?x?xf32>, %[[C:[^:]*]]: memref<?x?xf32>)
// CHECK-NEXT: %[[CA:.*]] = memref.cast %[[A]] : memref<?x?xf32, strided<[?, 1], offset: ?>> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-NEXT: %[[CB:.*]] = memref.cast %[[B]]
// CHECK-NEXT: %[[CC:.*]] = memref.cast %[[C]]
// CHECK-NEXT: call @kiln_rt_sgemm(%[[CA]], %[[CB]], %[[CC]])
func.func @strided_operand(%a: memref<?x?xf32, strided<[?, 1], offset: ?>>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.matmul ins(%a, %b : memref<?x?xf32, strided<[?, 1], offset: ?>>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  return
}

// -----

// bf16 inputs accumulating into f32 call the bf16 entry point directly (no
// copies): the inputs are cast as bf16 memrefs, the output as f32.
// CHECK-LABEL: func.func @bf16_inputs
// CHECK-SAME: (%[[A:[^:]*]]: memref<?x?xbf16>, %[[B:[^:]*]]: memref<?x?xbf16>, %[[C:[^:]*]]: memref<?x?xf32>, %[[D:[^:]*]]: memref<2x4x8xbf16>, %[[E:[^:]*]]: memref<2x8x3xbf16>, %[[F:[^:]*]]: memref<2x4x3xf32>)
// CHECK-NEXT: %[[CA:.*]] = memref.cast %[[A]] : memref<?x?xbf16> to memref<?x?xbf16, strided<[?, ?], offset: ?>>
// CHECK-NEXT: %[[CB:.*]] = memref.cast %[[B]] : memref<?x?xbf16> to memref<?x?xbf16, strided<[?, ?], offset: ?>>
// CHECK-NEXT: %[[CC:.*]] = memref.cast %[[C]] : memref<?x?xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-NEXT: call @kiln_rt_matmul_bf16(%[[CA]], %[[CB]], %[[CC]]) : (memref<?x?xbf16, strided<[?, ?], offset: ?>>, memref<?x?xbf16, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) -> ()
// CHECK-NEXT: memref.cast %[[D]]
// CHECK-NEXT: memref.cast %[[E]]
// CHECK-NEXT: memref.cast %[[F]]
// CHECK-NEXT: call @kiln_rt_matmul_bf16_batched(
// CHECK-NEXT: return
// CHECK-DAG: func.func private @kiln_rt_matmul_bf16(memref<?x?xbf16, strided<[?, ?], offset: ?>>, memref<?x?xbf16, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @kiln_rt_matmul_bf16_batched(memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
func.func @bf16_inputs(%a: memref<?x?xbf16>, %b: memref<?x?xbf16>, %c: memref<?x?xf32>,
                       %d: memref<2x4x8xbf16>, %e: memref<2x8x3xbf16>, %f: memref<2x4x3xf32>) {
  linalg.matmul ins(%a, %b : memref<?x?xbf16>, memref<?x?xbf16>) outs(%c : memref<?x?xf32>)
  linalg.batch_matmul ins(%d, %e : memref<2x4x8xbf16>, memref<2x8x3xbf16>) outs(%f : memref<2x4x3xf32>)
  return
}

// -----

// f16 inputs, or mixed input types, accumulating into f32: each half input
// is widened into an f32 copy, the f32 call reads the copies, which are
// freed after it.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @widened_inputs
// CHECK-SAME: (%[[A:[^:]*]]: memref<?x?xf16>, %[[B:[^:]*]]: memref<?x?xbf16>, %[[C:[^:]*]]: memref<?x?xf32>)
// CHECK: %[[AM:.*]] = memref.dim %[[A]], %{{.*}} : memref<?x?xf16>
// CHECK: %[[AK:.*]] = memref.dim %[[A]], %{{.*}} : memref<?x?xf16>
// CHECK: %[[WA:.*]] = memref.alloc(%[[AM]], %[[AK]]) {alignment = 64 : i64} : memref<?x?xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[A]] : memref<?x?xf16>) outs(%[[WA]] : memref<?x?xf32>)
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: %[[CA:.*]] = memref.cast %[[WA]] : memref<?x?xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[WB:.*]] = memref.alloc(%{{.*}}, %{{.*}}) {alignment = 64 : i64} : memref<?x?xf32>
// CHECK: linalg.generic {{.*}} ins(%[[B]] : memref<?x?xbf16>) outs(%[[WB]] : memref<?x?xf32>)
// CHECK: arith.extf %{{.*}} : bf16 to f32
// CHECK: %[[CB:.*]] = memref.cast %[[WB]]
// CHECK: %[[CC:.*]] = memref.cast %[[C]] : memref<?x?xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-NEXT: call @kiln_rt_sgemm(%[[CA]], %[[CB]], %[[CC]])
// CHECK-NEXT: memref.dealloc %[[WA]] : memref<?x?xf32>
// CHECK-NEXT: memref.dealloc %[[WB]] : memref<?x?xf32>
// CHECK-NOT: linalg.matmul
// CHECK: return
func.func @widened_inputs(%a: memref<?x?xf16>, %b: memref<?x?xbf16>, %c: memref<?x?xf32>) {
  linalg.matmul ins(%a, %b : memref<?x?xf16>, memref<?x?xbf16>) outs(%c : memref<?x?xf32>)
  return
}

// -----

// Left alone: f16 output, integer matmul, tensors. No declaration.
// CHECK-LABEL: func.func @left_alone
// CHECK-SAME: (%[[H:[^:]*]]: memref<8x8xf16>, %[[I:[^:]*]]: memref<8x8xi32>, %[[T:[^:]*]]: tensor<8x8xf32>)
// CHECK-NEXT: linalg.matmul ins(%[[H]], %[[H]] : memref<8x8xf16>, memref<8x8xf16>) outs(%[[H]] : memref<8x8xf16>)
// CHECK-NEXT: linalg.matmul ins(%[[I]], %[[I]] : memref<8x8xi32>, memref<8x8xi32>) outs(%[[I]] : memref<8x8xi32>)
// CHECK-NEXT: %[[R:.*]] = linalg.matmul ins(%[[T]], %[[T]] : tensor<8x8xf32>, tensor<8x8xf32>) outs(%[[T]] : tensor<8x8xf32>) -> tensor<8x8xf32>
// CHECK-NEXT: return %[[R]]
// CHECK-NOT: call
// CHECK-NOT: kiln_rt
func.func @left_alone(%h: memref<8x8xf16>, %i: memref<8x8xi32>, %t: tensor<8x8xf32>) -> tensor<8x8xf32> {
  linalg.matmul ins(%h, %h : memref<8x8xf16>, memref<8x8xf16>) outs(%h : memref<8x8xf16>)
  linalg.matmul ins(%i, %i : memref<8x8xi32>, memref<8x8xi32>) outs(%i : memref<8x8xi32>)
  %r = linalg.matmul ins(%t, %t : tensor<8x8xf32>, tensor<8x8xf32>) outs(%t : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %r : tensor<8x8xf32>
}

// -----

// A matmul with user-defined maps (B transposed) is not a plain sgemm.
// CHECK-DAG: #[[$MK:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$NK:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$MN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @transposed_rhs
// CHECK-SAME: (%[[A:[^:]*]]: memref<?x?xf32>, %[[B:[^:]*]]: memref<?x?xf32>, %[[C:[^:]*]]: memref<?x?xf32>)
// CHECK-NEXT: linalg.matmul indexing_maps = [#[[$MK]], #[[$NK]], #[[$MN]]] ins(%[[A]], %[[B]] : memref<?x?xf32>, memref<?x?xf32>) outs(%[[C]] : memref<?x?xf32>)
// CHECK-NEXT: return
// CHECK-NOT: kiln_rt
func.func @transposed_rhs(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                 affine_map<(m, n, k) -> (n, k)>,
                                 affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  return
}

// -----

// A batch_matmul with a broadcast lhs (user-defined maps) is left alone.
// CHECK-LABEL: func.func @broadcast_batch_lhs
// CHECK-NEXT: linalg.batch_matmul indexing_maps = [
// CHECK-NEXT: return
// CHECK-NOT: kiln_rt
func.func @broadcast_batch_lhs(%a: memref<?x?xf32>, %b: memref<?x?x?xf32>, %c: memref<?x?x?xf32>) {
  linalg.batch_matmul indexing_maps = [affine_map<(b, m, n, k) -> (m, k)>,
                                       affine_map<(b, m, n, k) -> (b, k, n)>,
                                       affine_map<(b, m, n, k) -> (b, m, n)>]
      ins(%a, %b : memref<?x?xf32>, memref<?x?x?xf32>) outs(%c : memref<?x?x?xf32>)
  return
}
