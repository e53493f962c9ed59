// RUN: kiln-opt %s --kiln-stack-dynamic-buffers -split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-stack-dynamic-buffers=max-bytes=1024 -split-input-file \
// RUN:   | FileCheck %s --check-prefix=LIMIT
//
// kiln-stack-dynamic-buffers: a dynamic-size buffer of one loop iteration
// (allocated and freed in a loop body or an allocation scope) goes on the
// stack when its bytes at run time are at most max-bytes (65536 by
// default), on the heap otherwise, with the stack pointer saved before and
// restored where the buffer was freed. Left alone: static sizes (upstream's
// promote-buffers-to-stack takes them), buffers outside loops, buffers not
// freed in their block, and buffers with a layout.

// CHECK-LABEL: func.func @row_buffer
// CHECK: scf.parallel (%{{.*}}) =
// CHECK-NEXT: %[[SP:.*]] = llvm.intr.stacksave : !llvm.ptr
// CHECK-NEXT: %[[ELEMS:.*]] = arith.constant 4 : index
// CHECK-NEXT: %[[BYTES:.*]] = arith.muli %[[ELEMS]], %[[N:.*]] : index
// CHECK-NEXT: %[[MAX:.*]] = arith.constant 65536 : index
// CHECK-NEXT: %[[SMALL:.*]] = arith.cmpi ule, %[[BYTES]], %[[MAX]] : index
// CHECK-NEXT: %[[BUF:.*]] = scf.if %[[SMALL]] -> (memref<1x?xf32>) {
// CHECK-NEXT: %[[S:.*]] = memref.alloca(%[[N]]) {alignment = 64 : i64} : memref<1x?xf32>
// CHECK-NEXT: scf.yield %[[S]]
// CHECK-NEXT: } else {
// CHECK-NEXT: %[[H:.*]] = memref.alloc(%[[N]]) {alignment = 64 : i64} : memref<1x?xf32>
// CHECK-NEXT: scf.yield %[[H]]
// CHECK-NEXT: }
// CHECK-NEXT: linalg.fill ins(%{{.*}} : f32) outs(%[[BUF]] : memref<1x?xf32>)
// CHECK-NEXT: %[[TRUE:.*]] = arith.constant true
// CHECK-NEXT: %[[BIG:.*]] = arith.xori %[[SMALL]], %[[TRUE]] : i1
// CHECK-NEXT: scf.if %[[BIG]] {
// CHECK-NEXT: memref.dealloc %[[BUF]] : memref<1x?xf32>
// CHECK-NEXT: }
// CHECK-NEXT: llvm.intr.stackrestore %[[SP]] : !llvm.ptr
// CHECK-NEXT: scf.reduce

// LIMIT-LABEL: func.func @row_buffer
// LIMIT: arith.constant 1024 : index

func.func @row_buffer(%rows: index, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%rows) step (%c1) {
    %t = memref.alloc(%n) {alignment = 64 : i64} : memref<1x?xf32>
    linalg.fill ins(%zero : f32) outs(%t : memref<1x?xf32>)
    memref.dealloc %t : memref<1x?xf32>
    scf.reduce
  }
  return
}

// -----

// Two dynamic dims and a static one: bytes = 2 * 8 (bf16 x static 8) * m * n.
// An allocation scope's body (an OpenMP loop's) counts as one iteration.
// CHECK-LABEL: func.func @in_scope
// CHECK: memref.alloca_scope {
// CHECK-NEXT: llvm.intr.stacksave
// CHECK-NEXT: %[[C16:.*]] = arith.constant 16 : index
// CHECK-NEXT: %[[B1:.*]] = arith.muli %[[C16]], %{{.*}} : index
// CHECK-NEXT: arith.muli %[[B1]], %{{.*}} : index
// CHECK: memref.alloca(%{{.*}}, %{{.*}}) : memref<?x8x?xbf16>
// CHECK: memref.alloc(%{{.*}}, %{{.*}}) : memref<?x8x?xbf16>
// CHECK: llvm.intr.stackrestore
func.func @in_scope(%m: index, %n: index) {
  memref.alloca_scope {
    %t = memref.alloc(%m, %n) : memref<?x8x?xbf16>
    memref.dealloc %t : memref<?x8x?xbf16>
  }
  return
}

// -----

// Left alone.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: llvm.intr.stacksave
// CHECK-NOT: memref.alloca
// CHECK: memref.alloc() : memref<1x16xf32>
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32, strided<[2]>>
// CHECK: return
func.func @left_alone(%n: index, %out: memref<?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  // Static: promote-buffers-to-stack's.
  scf.for %i = %c0 to %c4 step %c1 {
    %s = memref.alloc() : memref<1x16xf32>
    memref.dealloc %s : memref<1x16xf32>
  }
  // Outside any loop.
  %a = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %a : memref<?xf32>
  // Not freed in its block (it escapes the loop).
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %out) -> (memref<?xf32>) {
    %b = memref.alloc(%n) : memref<?xf32>
    scf.yield %b : memref<?xf32>
  }
  // A layout.
  scf.for %i = %c0 to %c4 step %c1 {
    %l = memref.alloc(%n) : memref<?xf32, strided<[2]>>
    memref.dealloc %l : memref<?xf32, strided<[2]>>
  }
  return %r : memref<?xf32>
}
