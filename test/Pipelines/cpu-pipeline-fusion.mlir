// RUN: kiln-opt %s --kiln-cpu-pipeline="lower-to-llvm=false" -split-input-file \
// RUN:   | FileCheck %s
// RUN: kiln-opt %s --kiln-cpu-pipeline -split-input-file \
// RUN:   | FileCheck %s --check-prefix=LLVM
//
// What fusion, memory planning and BLAS do together in --kiln-cpu-pipeline
// (cpu-pipeline.mlir covers the elementwise chains and the lowering itself):
//  - CHECK prefix (lower-to-llvm=false: stops after bufferization and
//    deallocation, before BLAS and loop lowering):
//    - softmax is ONE scf.forall over rows whose body holds both reductions
//      (on row-sized stack temporaries) and the normalization; the exp is
//      computed once into a row buffer (symbolic size: a heap buffer here,
//      on the stack once lowered) that the sum and the product by one
//      reciprocal read; no other loop, no arena (it has no intermediates
//      besides the rows);
//    - a 2-layer MLP keeps its two linalg.matmul outside any loop, each
//      followed by its epilogue group, and its intermediates live in ONE
//      arena (memref<?xi8>, freed at the end) whose dead slot the second
//      matmul's output reuses; the result is a buffer of its own.
//  - LLVM prefix (the whole pipeline): softmax's row buffer is an alloca
//    when small (kiln-stack-dynamic-buffers), the heap otherwise; both
//    matmuls are calls to
//    kiln_rt_sgemm (C interface); the only heap allocations are the arena
//    and the result, both from the CPU runtime's caching allocator
//    (MLIR's generic allocation functions).

// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:[^:]*]]: memref<?x?xf32>) -> memref<?x?xf32>
// CHECK-NOT: memref<?xi8>
// CHECK-NOT: linalg.
// CHECK: %[[Y:.*]] = memref.alloc(%{{.*}}, %{{.*}}) {alignment = 64 : i64} : memref<?x?xf32>
// CHECK-NOT: linalg.
// CHECK: scf.forall (%[[I:.*]]) in (%{{.*}}) {
// CHECK: %[[ROW:.*]] = memref.subview %[[X]][%[[I]], 0] [1, %{{.*}}] [1, 1]
// CHECK: %[[MAX:.*]] = memref.alloca() {alignment = 64 : i64} : memref<1xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]} ins(%[[ROW]] : {{.*}}) outs(%[[MAX]] : memref<1xf32>)
// CHECK: arith.maximumf
// CHECK: %[[E:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<1x?xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]} ins(%[[ROW]], %[[MAX]] : {{.*}}) outs(%[[E]] : memref<1x?xf32>)
// CHECK: math.exp
// CHECK: %[[SUM:.*]] = memref.alloca() {alignment = 64 : i64} : memref<1xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]} ins(%[[E]] : {{.*}}) outs(%[[SUM]] : memref<1xf32>)
// CHECK-NOT: math.exp
// CHECK: %[[INV:.*]] = memref.alloca() {alignment = 64 : i64} : memref<1x1xf32>
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : memref<1xf32>) outs(%[[INV]] : memref<1x1xf32>)
// CHECK: arith.divf
// CHECK: %[[OUT:.*]] = memref.subview %[[Y]][%[[I]], 0] [1, %{{.*}}] [1, 1]
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]} ins(%[[E]], %[[INV]] : {{.*}}) outs(%[[OUT]] : {{.*}})
// CHECK-NOT: math.exp
// CHECK: arith.mulf
// CHECK: memref.dealloc %[[E]] : memref<1x?xf32>
// CHECK-NOT: scf.forall
// CHECK-NOT: memref<?xi8>
// CHECK: return %[[Y]] : memref<?x?xf32>

// LLVM-LABEL: llvm.func @softmax(
// LLVM-NOT: kiln_rt_sgemm
// LLVM: llvm.intr.stacksave
// LLVM: llvm.icmp "ule" %{{.*}}, %{{.*}} : i64
// LLVM: llvm.alloca %{{.*}} x f32 {alignment = 64 : i64}
// LLVM: llvm.call @_mlir_memref_to_llvm_alloc
// LLVM: llvm.call @_mlir_memref_to_llvm_free
// LLVM: llvm.intr.stackrestore
// LLVM: llvm.return
func.func @softmax(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, S], f32> {
  %0 = kiln.softmax %x {dim = -1 : i64} : !kiln.tensor<[B, S], f32>
  return %0 : !kiln.tensor<[B, S], f32>
}

// -----

// CHECK-LABEL: func.func @mlp
// CHECK-SAME: (%[[X:[^:]*]]: memref<?x?xf32>, %[[W1:[^:]*]]: memref<?x?xf32>, %{{[^:]*}}: memref<?xf32>, %[[W2:[^:]*]]: memref<?x?xf32>, %{{[^:]*}}: memref<?xf32>) -> memref<?x?xf32>
// CHECK-NOT: memref.alloc
// CHECK: %[[ARENA:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi8>
// CHECK-NOT: memref.alloc
// CHECK: %[[MM1:.*]] = memref.view %[[ARENA]][%[[SLOT1:.*]]][%{{.*}}, %{{.*}}] : memref<?xi8> to memref<?x?xf32>
// CHECK-NEXT: linalg.fill ins(%{{.*}} : f32) outs(%[[MM1]] : memref<?x?xf32>)
// CHECK-NEXT: linalg.matmul ins(%[[X]], %[[W1]] : memref<?x?xf32>, memref<?x?xf32>) outs(%[[MM1]] : memref<?x?xf32>)
// CHECK-NEXT: %[[H:.*]] = memref.view %[[ARENA]][%{{.*}}][%{{.*}}, %{{.*}}] : memref<?xi8> to memref<?x?xf32>
// CHECK-NEXT: scf.forall
// CHECK: memref.subview %[[MM1]]
// CHECK: memref.subview %[[H]]
// CHECK-NOT: linalg.matmul
// CHECK: math.erf
// CHECK-NOT: memref<?xi8>
// CHECK: %[[MM2:.*]] = memref.view %[[ARENA]][%[[SLOT1]]][%{{.*}}, %{{.*}}] : memref<?xi8> to memref<?x?xf32>
// CHECK-NEXT: linalg.fill ins(%{{.*}} : f32) outs(%[[MM2]] : memref<?x?xf32>)
// CHECK-NEXT: linalg.matmul ins(%[[H]], %[[W2]] : memref<?x?xf32>, memref<?x?xf32>) outs(%[[MM2]] : memref<?x?xf32>)
// CHECK: %[[Y:.*]] = memref.alloc(%{{.*}}, %{{.*}}) {alignment = 64 : i64} : memref<?x?xf32>
// CHECK-NEXT: scf.forall
// CHECK: memref.subview %[[MM2]]
// CHECK: memref.subview %[[Y]]
// CHECK-NOT: linalg.matmul
// CHECK-NOT: memref.alloc
// CHECK: memref.dealloc %[[ARENA]] : memref<?xi8>
// CHECK-NEXT: return %[[Y]] : memref<?x?xf32>

// LLVM-LABEL: llvm.func @mlp(
// LLVM-NOT: linalg.
// LLVM: %[[ARENA:.*]] = llvm.call @_mlir_memref_to_llvm_alloc(
// LLVM: llvm.call @kiln_rt_sgemm(
// LLVM: llvm.call @kiln_rt_sgemm(
// LLVM: %[[Y:.*]] = llvm.call @_mlir_memref_to_llvm_alloc(
// LLVM-NOT: llvm.call @_mlir_memref_to_llvm_alloc(
// LLVM: llvm.call @_mlir_memref_to_llvm_free(%[[ARENA]])
// LLVM: llvm.return
// LLVM: llvm.func private @kiln_rt_sgemm({{.*}}attributes {llvm.emit_c_interface
// LLVM: llvm.call @_mlir_ciface_kiln_rt_sgemm(
func.func @mlp(%x: !kiln.tensor<[B, D], f32>, %w1: !kiln.tensor<[D, H], f32>, %b1: !kiln.tensor<[H], f32>,
               %w2: !kiln.tensor<[H, D], f32>, %b2: !kiln.tensor<[D], f32>) -> !kiln.tensor<[B, D], f32> {
  %0 = kiln.matmul %x, %w1 : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D, H], f32> -> !kiln.tensor<[B, H], f32>
  %1 = kiln.add %0, %b1 : !kiln.tensor<[B, H], f32>, !kiln.tensor<[H], f32> -> !kiln.tensor<[B, H], f32>
  %2 = kiln.gelu %1 : !kiln.tensor<[B, H], f32>
  %3 = kiln.matmul %2, %w2 : !kiln.tensor<[B, H], f32>, !kiln.tensor<[H, D], f32> -> !kiln.tensor<[B, D], f32>
  %4 = kiln.add %3, %b2 : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D], f32> -> !kiln.tensor<[B, D], f32>
  return %4 : !kiln.tensor<[B, D], f32>
}
