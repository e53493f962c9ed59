// RUN: kiln-opt %s --kiln-map-to-gpu -split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-map-to-gpu=block-size=128 -split-input-file | FileCheck %s --check-prefix=B128
//
// kiln-map-to-gpu: a top-level scf.parallel becomes one gpu.launch over its
// linearized iteration space (block-size threads per block, the last dim
// fastest); host buffers become device buffers; strided copies become copy
// kernels; runs of other device work run in one thread; index arithmetic,
// views and dims stay on the host.

// CHECK-LABEL: func.func @flat
// CHECK-SAME: (%[[A:[^:]*]]: memref<?x64xf32>, %[[N:[^:]*]]: index)
// CHECK: %[[OUT:.*]] = gpu.alloc  (%[[N]]) : memref<?x64xf32>
// CHECK-NOT: memref.alloc
// CHECK: %[[BS:.*]] = arith.constant 256 : index
// CHECK-NEXT: %[[BLOCKS:.*]] = arith.ceildivui %[[TOTAL:.*]], %[[BS]] : index
// CHECK: gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[BLOCKS]], %{{.*}}, %{{.*}}) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[BS]],
// CHECK: %[[BASE:.*]] = arith.muli %[[BX]], %[[BS]] : index
// CHECK: %[[LIN:.*]] = arith.addi %[[BASE]], %[[TX]] : index
// CHECK: %[[IN:.*]] = arith.cmpi ult, %[[LIN]], %[[TOTAL]] : index
// CHECK: scf.if %[[IN]] {
// CHECK: arith.remui %[[LIN]]
// CHECK: memref.load %[[A]]
// CHECK: math.exp
// CHECK: memref.store %{{.*}}, %[[OUT]]
// CHECK: gpu.terminator
// CHECK-NOT: scf.parallel
// CHECK: return %[[OUT]]
// B128-LABEL: func.func @flat
// B128: arith.constant 128 : index
func.func @flat(%a: memref<?x64xf32>, %n: index) -> memref<?x64xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %out = memref.alloc(%n) : memref<?x64xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %c64) step (%c1, %c1) {
    %v = memref.load %a[%i, %j] : memref<?x64xf32>
    %e = math.exp %v : f32
    memref.store %e, %out[%i, %j] : memref<?x64xf32>
    scf.reduce
  }
  return %out : memref<?x64xf32>
}

// -----

// One thread per row: the nested parallel loop runs sequentially inside
// the thread, and the row temporary becomes thread-private (alloca).
// CHECK-LABEL: func.func @rows
// CHECK: gpu.launch
// CHECK: scf.if
// CHECK: %[[TMP:.*]] = memref.alloca() : memref<64xf32>
// CHECK: scf.for
// CHECK-NOT: scf.parallel
// CHECK-NOT: memref.dealloc
// CHECK: gpu.terminator
func.func @rows(%a: memref<?x64xf32>, %out: memref<?x64xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %tmp = memref.alloc() : memref<64xf32>
    scf.parallel (%j) = (%c0) to (%c64) step (%c1) {
      %v = memref.load %a[%i, %j] : memref<?x64xf32>
      memref.store %v, %tmp[%j] : memref<64xf32>
      scf.reduce
    }
    memref.dealloc %tmp : memref<64xf32>
    scf.reduce
  }
  return
}

// -----

// A copy between strided views is a kernel; a contiguous one a gpu.memcpy;
// a dealloc a gpu.dealloc.
// CHECK-LABEL: func.func @copies
// CHECK: %[[SV:.*]] = memref.subview
// CHECK: gpu.launch
// CHECK: memref.load %{{.*}}
// CHECK: memref.store %{{.*}}, %[[SV]]
// CHECK: gpu.terminator
// CHECK: gpu.memcpy  %{{.*}}, %{{.*}} : memref<4x8xf32>, memref<4x8xf32>
// CHECK: gpu.dealloc  %{{.*}} : memref<4x8xf32>
// CHECK-NOT: memref.copy
func.func @copies(%a: memref<4x8xf32>, %big: memref<4x16xf32>) {
  %sv = memref.subview %big[0, 8] [4, 8] [1, 1] : memref<4x16xf32> to memref<4x8xf32, strided<[16, 1], offset: 8>>
  memref.copy %a, %sv : memref<4x8xf32> to memref<4x8xf32, strided<[16, 1], offset: 8>>
  %t = memref.alloc() : memref<4x8xf32>
  memref.copy %a, %t : memref<4x8xf32> to memref<4x8xf32>
  memref.dealloc %t : memref<4x8xf32>
  return
}

// -----

// A whole-tensor reduction (sequential loop with loads/stores around it)
// runs in ONE one-thread launch.
// CHECK-LABEL: func.func @sequential
// CHECK: gpu.launch blocks(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %[[ONE:.*]], %{{.*}} = %[[ONE]], %{{.*}} = %[[ONE]]) threads(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %[[ONE]],
// CHECK: memref.load
// CHECK: scf.for
// CHECK: memref.store
// CHECK: gpu.terminator
// CHECK-NOT: gpu.launch
// CHECK: return
func.func @sequential(%a: memref<64xf32>, %out: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %init = memref.load %out[] : memref<f32>
  %sum = scf.for %i = %c0 to %c64 step %c1 iter_args(%acc = %init) -> (f32) {
    %v = memref.load %a[%i] : memref<64xf32>
    %s = arith.addf %acc, %v : f32
    scf.yield %s : f32
  }
  memref.store %sum, %out[] : memref<f32>
  return
}
