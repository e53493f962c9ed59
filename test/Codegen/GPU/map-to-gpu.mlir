// RUN: kiln-opt %s --kiln-map-to-gpu -split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-map-to-gpu=block-size=128 -split-input-file | FileCheck %s --check-prefix=B128
// RUN: kiln-opt %s --kiln-map-to-gpu=vector-bytes=1 -split-input-file | FileCheck %s --check-prefix=SCALAR
// RUN: kiln-opt %s --kiln-map-to-gpu=row-mapping=false -split-input-file | FileCheck %s --check-prefix=NOROWS
// RUN: kiln-opt %s --kiln-map-to-gpu=fast-math=false -split-input-file | FileCheck %s --check-prefix=EXACT
//
// kiln-map-to-gpu: a top-level scf.parallel becomes one gpu.launch: one
// block per row for fusion groups over rows (gpu.all_reduce), one thread
// per 16-byte vector of iterations otherwise; host buffers become device
// buffers; strided copies become copy kernels; runs of other device work
// run in one thread; index arithmetic, views and dims stay on the host.

// Elementwise: one thread per vector<4xf32> of the last dim (64 / 4 = 16
// vectors per row), aligned vector accesses, a guard on the linear index.
// CHECK-LABEL: func.func @flat
// CHECK-SAME: (%[[A:[^:]*]]: memref<?x64xf32>, %[[N:[^:]*]]: index)
// CHECK: %[[OUT:.*]] = gpu.alloc  (%[[N]]) : memref<?x64xf32>
// CHECK-NOT: memref.alloc
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[VECS:.*]] = arith.divui %{{.*}}, %[[C4]] : index
// CHECK: %[[TOTAL:.*]] = arith.muli %{{.*}}, %[[VECS]] : index
// CHECK: %[[BS:.*]] = arith.constant 256 : index
// CHECK-NEXT: %[[BLOCKS:.*]] = arith.ceildivui %[[TOTAL]], %[[BS]] : index
// CHECK: gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[BLOCKS]], %{{.*}}, %{{.*}}) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[BS]],
// CHECK: %[[BASE:.*]] = arith.muli %[[BX]], %[[BS]] : index
// CHECK: %[[LIN:.*]] = arith.addi %[[BASE]], %[[TX]] : index
// CHECK: %[[IN:.*]] = arith.cmpi ult, %[[LIN]], %[[TOTAL]] : index
// CHECK: scf.if %[[IN]] {
// CHECK: arith.remui %[[LIN]]
// CHECK: %[[V:.*]] = vector.load %[[A]][%{{.*}}, %{{.*}}] {alignment = 16 : i64} : memref<?x64xf32>, vector<4xf32>
// CHECK: %[[E:.*]] = math.exp %[[V]] fastmath<afn> : vector<4xf32>
// CHECK: vector.store %[[E]], %[[OUT]][%{{.*}}, %{{.*}}] {alignment = 16 : i64} : memref<?x64xf32>, vector<4xf32>
// CHECK: gpu.terminator
// CHECK-NOT: scf.parallel
// CHECK: return %[[OUT]]
// B128-LABEL: func.func @flat
// B128: arith.constant 128 : index
// SCALAR-LABEL: func.func @flat
// SCALAR-NOT: vector.load
// SCALAR: memref.load
// SCALAR: math.exp %{{.*}} fastmath<afn> : f32
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

// Operands that do not depend on the last iv stay scalar and are
// broadcast; bf16 accesses take 8 lanes (16 bytes).
// CHECK-LABEL: func.func @broadcast_bf16
// CHECK: %[[V:.*]] = vector.load %{{.*}} {alignment = 16 : i64} : memref<?x64xbf16>, vector<8xbf16>
// CHECK: %[[S:.*]] = memref.load %{{.*}}[%{{.*}}] : memref<?xbf16>
// CHECK: %[[B:.*]] = vector.broadcast %[[S]] : bf16 to vector<8xbf16>
// CHECK: arith.addf %[[V]], %[[B]] : vector<8xbf16>
// CHECK: vector.store {{.*}} : memref<?x64xbf16>, vector<8xbf16>
func.func @broadcast_bf16(%a: memref<?x64xbf16>, %b: memref<?xbf16>, %out: memref<?x64xbf16>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %c64) step (%c1, %c1) {
    %v = memref.load %a[%i, %j] : memref<?x64xbf16>
    %s = memref.load %b[%i] : memref<?xbf16>
    %r = arith.addf %v, %s : bf16
    memref.store %r, %out[%i, %j] : memref<?x64xbf16>
    scf.reduce
  }
  return
}

// -----

// Not vectorized: a transposed read (the last iv indexes a strided dim), a
// last dim that is not a multiple of the vector, and a view at an offset
// that breaks 16-byte alignment.
// CHECK-LABEL: func.func @not_vectorized
// CHECK-NOT: vector.
// CHECK: gpu.launch
// CHECK: memref.load
// CHECK-NOT: vector.
// CHECK: gpu.launch
// CHECK: memref.load
// CHECK-NOT: vector.
// CHECK: gpu.launch
// CHECK: memref.load
// CHECK-NOT: vector.
// CHECK: return
func.func @not_vectorized(%a: memref<64x64xf32>, %b: memref<8x6xf32>, %out: memref<64x64xf32>, %out2: memref<8x6xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %c8 = arith.constant 8 : index
  %c60 = arith.constant 60 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c64) step (%c1, %c1) {
    %v = memref.load %a[%j, %i] : memref<64x64xf32>
    memref.store %v, %out[%i, %j] : memref<64x64xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c6) step (%c1, %c1) {
    %v = memref.load %b[%i, %j] : memref<8x6xf32>
    memref.store %v, %out2[%i, %j] : memref<8x6xf32>
    scf.reduce
  }
  %sv = memref.subview %a[0, 1] [64, 60] [1, 1] : memref<64x64xf32> to memref<64x60xf32, strided<[64, 1], offset: 1>>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c60) step (%c1, %c1) {
    %v = memref.load %sv[%i, %j] : memref<64x60xf32, strided<[64, 1], offset: 1>>
    memref.store %v, %out[%i, %j] : memref<64x64xf32>
    scf.reduce
  }
  return
}

// -----

// A fusion group over rows (softmax's shape): one block per row, 32
// threads (1024 / 4 lanes / 8 vectors per thread), the row loaded once
// into registers (8 vector loads) and reused by the sum and the output;
// each reduction combines per thread, then across the block; the
// accumulators stay thread-private; f32 exps and divisions are approximate.
// CHECK-LABEL: func.func @softmax_rows
// CHECK: %[[T:.*]] = arith.constant 32 : index
// CHECK: gpu.launch blocks(%[[ROW:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %{{.*}}, %{{.*}}, %{{.*}}) threads(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %[[T]],
// CHECK: memref.subview %{{.*}}[%{{.*}}, 0] [1, 1024]
// CHECK: memref.alloca() : memref<1xf32>
// CHECK-COUNT-8: vector.load %{{.*}} {alignment = 16 : i64} : memref<1x1024xf32, {{.*}}>, vector<4xf32>
// CHECK-NOT: vector.load %{{.*}} : memref<1x1024xf32
// CHECK: vector.reduction <maximumf>
// CHECK: gpu.all_reduce  maximumf %{{.*}} uniform
// CHECK: math.exp %{{.*}} fastmath<afn> : vector<4xf32>
// CHECK: vector.reduction <add>
// CHECK: gpu.all_reduce  add %{{.*}} uniform
// CHECK-NOT: vector.load %{{.*}} : memref<1x1024xf32
// CHECK: arith.divf %{{.*}}, %{{.*}} fastmath<afn> : vector<4xf32>
// CHECK-COUNT-8: vector.store
// CHECK-NOT: gpu.barrier
// CHECK: gpu.terminator
// NOROWS-LABEL: func.func @softmax_rows
// NOROWS-NOT: gpu.all_reduce
// NOROWS: scf.if
// NOROWS-NOT: gpu.all_reduce
// EXACT-LABEL: func.func @softmax_rows
// EXACT-NOT: fastmath<afn>
// EXACT: gpu.terminator
func.func @softmax_rows(%x: memref<?x1024xf32>, %y: memref<?x1024xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c1024 = arith.constant 1024 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  scf.parallel (%r) = (%c0) to (%n) step (%c1) {
    %row = memref.subview %x[%r, 0] [1, 1024] [1, 1] : memref<?x1024xf32> to memref<1x1024xf32, strided<[1024, 1], offset: ?>>
    %out = memref.subview %y[%r, 0] [1, 1024] [1, 1] : memref<?x1024xf32> to memref<1x1024xf32, strided<[1024, 1], offset: ?>>
    %max = memref.alloc() : memref<1xf32>
    %sum = memref.alloc() : memref<1xf32>
    memref.store %ninf, %max[%c0] : memref<1xf32>
    scf.for %k = %c0 to %c1024 step %c1 {
      %v = memref.load %row[%c0, %k] : memref<1x1024xf32, strided<[1024, 1], offset: ?>>
      %m = memref.load %max[%c0] : memref<1xf32>
      %n2 = arith.maximumf %v, %m : f32
      memref.store %n2, %max[%c0] : memref<1xf32>
    }
    memref.store %zero, %sum[%c0] : memref<1xf32>
    scf.for %k = %c0 to %c1024 step %c1 {
      %v = memref.load %row[%c0, %k] : memref<1x1024xf32, strided<[1024, 1], offset: ?>>
      %m = memref.load %max[%c0] : memref<1xf32>
      %s = memref.load %sum[%c0] : memref<1xf32>
      %d = arith.subf %v, %m : f32
      %e = math.exp %d : f32
      %a = arith.addf %e, %s : f32
      memref.store %a, %sum[%c0] : memref<1xf32>
    }
    scf.parallel (%k) = (%c0) to (%c1024) step (%c1) {
      %v = memref.load %row[%c0, %k] : memref<1x1024xf32, strided<[1024, 1], offset: ?>>
      %m = memref.load %max[%c0] : memref<1xf32>
      %s = memref.load %sum[%c0] : memref<1xf32>
      %d = arith.subf %v, %m : f32
      %e = math.exp %d : f32
      %q = arith.divf %e, %s : f32
      memref.store %q, %out[%c0, %k] : memref<1x1024xf32, strided<[1024, 1], offset: ?>>
      scf.reduce
    }
    memref.dealloc %max : memref<1xf32>
    memref.dealloc %sum : memref<1xf32>
    scf.reduce
  }
  return
}

// -----

// A row temporary that the row's threads write lives in shared memory,
// with a barrier before the loop that reads it; a reduction loop whose
// body uses its iv as data runs block-strided over scalars.
// CHECK-LABEL: func.func @shared_row
// CHECK: gpu.launch
// CHECK-SAME: workgroup(%[[SH:.*]] : memref<256xf32, #gpu.address_space<workgroup>>)
// CHECK-COUNT-2: vector.store %{{.*}}, %[[SH]]
// CHECK: gpu.barrier
// CHECK: scf.for {{.*}} iter_args
// CHECK: memref.load %[[SH]]
// CHECK: gpu.all_reduce  add
// CHECK-NOT: memref.alloc()
// CHECK: gpu.terminator
func.func @shared_row(%x: memref<?x256xf32>, %out: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%r) = (%c0) to (%n) step (%c1) {
    %tmp = memref.alloc() : memref<256xf32>
    %acc = memref.alloc() : memref<1xf32>
    scf.parallel (%k) = (%c0) to (%c256) step (%c1) {
      %v = memref.load %x[%r, %k] : memref<?x256xf32>
      %e = math.exp %v : f32
      memref.store %e, %tmp[%k] : memref<256xf32>
      scf.reduce
    }
    memref.store %zero, %acc[%c0] : memref<1xf32>
    scf.for %k = %c0 to %c256 step %c1 {
      %t = memref.load %tmp[%k] : memref<256xf32>
      %j = arith.subi %c256, %k : index
      %a = memref.load %acc[%c0] : memref<1xf32>
      %s = arith.addf %t, %a : f32
      memref.store %s, %acc[%c0] : memref<1xf32>
    }
    %total = memref.load %acc[%c0] : memref<1xf32>
    memref.store %total, %out[%r] : memref<?xf32>
    memref.dealloc %tmp : memref<256xf32>
    memref.dealloc %acc : memref<1xf32>
    scf.reduce
  }
  return
}

// -----

// A row temporary of symbolic length (and one past the 48 KiB of shared
// memory) lives in its row's slot of a global scratch buffer: rows x the
// temporary's bytes (rounded up to 16), allocated in front of the launch
// and freed after it; block b views slot b.
// CHECK-LABEL: func.func @scratch_rows
// CHECK-SAME: (%[[X:[^:]*]]: memref<?x?xf32>, %{{[^:]*}}: memref<?xf32>, %[[N:[^:]*]]: index, %[[M:[^:]*]]: index)
// CHECK: %[[B:.*]] = arith.muli %[[M]], %c4 : index
// CHECK: %[[B16:.*]] = arith.ceildivui %[[B]], %c16 : index
// CHECK: %[[SLOT:.*]] = arith.muli %[[B16]], %c16 : index
// CHECK: %[[TOTAL:.*]] = arith.muli %[[SLOT]], %[[ROWS:.*]] : index
// CHECK: %[[BUF:.*]] = gpu.alloc  (%[[TOTAL]]) : memref<?xi8>
// CHECK: %[[BIGTOTAL:.*]] = arith.muli %[[BIGSLOT:c65536[_0-9]*]], %[[ROWS]] : index
// CHECK: %[[BIG:.*]] = gpu.alloc  (%[[BIGTOTAL]]) : memref<?xi8>
// CHECK: gpu.launch blocks(%[[BX:[^,]*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[ROWS]],
// CHECK-NOT: workgroup(
// CHECK-DAG: %[[SHIFT:.*]] = arith.muli %[[BX]], %[[SLOT]] : index
// CHECK-DAG: %[[ROW:.*]] = memref.view %[[BUF]][%[[SHIFT]]][%[[M]]] : memref<?xi8> to memref<?xf32>
// CHECK-DAG: %[[BIGSHIFT:.*]] = arith.muli %[[BX]], %[[BIGSLOT]] : index
// CHECK-DAG: %[[BIGROW:.*]] = memref.view %[[BIG]][%[[BIGSHIFT]]][] : memref<?xi8> to memref<16384xf32>
// CHECK: memref.store %{{.*}}, %[[ROW]]
// CHECK: memref.store %{{.*}}, %[[BIGROW]]
// CHECK: gpu.barrier
// CHECK: memref.load %[[ROW]]
// CHECK: gpu.all_reduce  add
// CHECK: gpu.terminator
// CHECK-DAG: gpu.dealloc  %[[BUF]] :
// CHECK-DAG: gpu.dealloc  %[[BIG]] :
// CHECK: return
func.func @scratch_rows(%x: memref<?x?xf32>, %out: memref<?xf32>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16384 = arith.constant 16384 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%r) = (%c0) to (%n) step (%c1) {
    %tmp = memref.alloc(%m) : memref<?xf32>
    %big = memref.alloc() : memref<16384xf32>
    %acc = memref.alloc() : memref<1xf32>
    scf.parallel (%k) = (%c0) to (%m) step (%c1) {
      %v = memref.load %x[%r, %k] : memref<?x?xf32>
      %e = math.exp %v : f32
      memref.store %e, %tmp[%k] : memref<?xf32>
      scf.reduce
    }
    scf.parallel (%k) = (%c0) to (%c16384) step (%c1) {
      %v = memref.load %x[%r, %k] : memref<?x?xf32>
      memref.store %v, %big[%k] : memref<16384xf32>
      scf.reduce
    }
    memref.store %zero, %acc[%c0] : memref<1xf32>
    scf.for %k = %c0 to %m step %c1 {
      %t = memref.load %tmp[%k] : memref<?xf32>
      %u = memref.load %big[%k] : memref<16384xf32>
      %tu = arith.addf %t, %u : f32
      %a = memref.load %acc[%c0] : memref<1xf32>
      %s = arith.addf %tu, %a : f32
      memref.store %s, %acc[%c0] : memref<1xf32>
    }
    %total = memref.load %acc[%c0] : memref<1xf32>
    memref.store %total, %out[%r] : memref<?xf32>
    memref.dealloc %tmp : memref<?xf32>
    memref.dealloc %big : memref<16384xf32>
    memref.dealloc %acc : memref<1xf32>
    scf.reduce
  }
  return
}

// -----

// One thread per row (the row writes its symbolic-size temporary outside a
// loop over the row, so it is no row group): the temporary is the thread's
// slot of a global scratch buffer, 16-byte aligned slots of m * 4 bytes,
// viewed at (linear thread id) * slot; the copy between temporaries is a
// loop of loads and stores.
// CHECK-LABEL: func.func @thread_scratch
// CHECK-SAME: %[[N:[^:]*]]: index, %[[M:[^:]*]]: index)
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[B:.*]] = arith.muli %[[M]], %[[C4]] : index
// CHECK: %[[B16:.*]] = arith.ceildivui %[[B]], %[[C16:.*]] : index
// CHECK: %[[SLOT:.*]] = arith.muli %[[B16]], %[[C16]] : index
// CHECK: %[[TOTAL:.*]] = arith.muli %[[SLOT]], %{{.*}} : index
// CHECK: %[[SCRATCH:.*]] = gpu.alloc  (%[[TOTAL]]) : memref<?xi8>
// CHECK: gpu.launch
// CHECK-NOT: memref.alloca(
// CHECK: %[[SHIFT:.*]] = arith.muli %{{.*}}, %[[SLOT]] : index
// CHECK: memref.view %[[SCRATCH]][%[[SHIFT]]][%[[M]]] : memref<?xi8> to memref<?xf32>
// CHECK-NOT: memref.copy
// CHECK: gpu.terminator
// CHECK: gpu.dealloc  %[[SCRATCH]]
func.func @thread_scratch(%x: memref<?x?xf32>, %out: memref<?x?xf32>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%r) = (%c0) to (%n) step (%c1) {
    %tmp = memref.alloc(%m) : memref<?xf32>
    %tmp2 = memref.alloc(%m) : memref<?xf32>
    scf.for %k = %c0 to %m step %c1 {
      %v = memref.load %x[%r, %k] : memref<?x?xf32>
      memref.store %v, %tmp[%k] : memref<?xf32>
    }
    memref.copy %tmp, %tmp2 : memref<?xf32> to memref<?xf32>
    scf.for %k = %c0 to %m step %c1 {
      %v = memref.load %tmp2[%k] : memref<?xf32>
      memref.store %v, %out[%r, %k] : memref<?x?xf32>
    }
    memref.dealloc %tmp : memref<?xf32>
    memref.dealloc %tmp2 : memref<?xf32>
    scf.reduce
  }
  return
}

// -----

// A matmul's loop over K accumulates into the output, not into a row
// temporary: one thread per output element, no block reduction.
// CHECK-LABEL: func.func @matmul
// CHECK: gpu.launch
// CHECK-NOT: gpu.all_reduce
// CHECK: scf.for
// CHECK-NOT: gpu.all_reduce
// CHECK: gpu.terminator
func.func @matmul(%a: memref<64x32xf32>, %b: memref<32x64xf32>, %c: memref<64x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c64) step (%c1, %c1) {
    scf.for %k = %c0 to %c32 step %c1 {
      %x = memref.load %a[%i, %k] : memref<64x32xf32>
      %y = memref.load %b[%k, %j] : memref<32x64xf32>
      %acc = memref.load %c[%i, %j] : memref<64x64xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      memref.store %s, %c[%i, %j] : memref<64x64xf32>
    }
    scf.reduce
  }
  return
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

// -----

// A view of the arena made in the middle of a sequential run (a one-row
// rms_norm: its row loop folded away) and read by a later kernel stays on
// the host in front of the one-thread launch, which reads it like the
// later kernel does (it once made "cannot run on the GPU: its results are
// used by host code").
// CHECK-LABEL: func.func @view_in_sequential_run
// CHECK: %[[ARENA:.*]] = gpu.alloc
// CHECK: %[[SUM:.*]] = memref.view %[[ARENA]][%{{.*}}][] : memref<128xi8> to memref<1xf32>
// CHECK: %[[SCALE:.*]] = memref.view %[[ARENA]][%{{.*}}][] : memref<128xi8> to memref<1xf32>
// CHECK: gpu.launch blocks(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %[[ONE:.*]], %{{.*}} = %[[ONE]], %{{.*}} = %[[ONE]])
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[SCALE]]
// CHECK: gpu.terminator
// CHECK: gpu.launch
// CHECK: memref.load %[[SCALE]]
// CHECK: gpu.terminator
func.func @view_in_sequential_run(%x: memref<16xf32>, %y: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  %arena = memref.alloc() : memref<128xi8>
  %sum = memref.view %arena[%c0][] : memref<128xi8> to memref<1xf32>
  memref.store %zero, %sum[%c0] : memref<1xf32>
  scf.for %i = %c0 to %c16 step %c1 {
    %v = memref.load %x[%i] : memref<16xf32>
    %a = memref.load %sum[%c0] : memref<1xf32>
    %s = arith.addf %v, %a : f32
    memref.store %s, %sum[%c0] : memref<1xf32>
  }
  %scale = memref.view %arena[%c64][] : memref<128xi8> to memref<1xf32>
  %t = memref.load %sum[%c0] : memref<1xf32>
  %r = math.rsqrt %t : f32
  memref.store %r, %scale[%c0] : memref<1xf32>
  scf.parallel (%i) = (%c0) to (%c16) step (%c1) {
    %v = memref.load %x[%i] : memref<16xf32>
    %k = memref.load %scale[%c0] : memref<1xf32>
    %p = arith.mulf %v, %k : f32
    memref.store %p, %y[%i] : memref<16xf32>
    scf.reduce
  }
  memref.dealloc %arena : memref<128xi8>
  return
}

// -----

// A row of symbolic length D (bf16): versioned on divisibility. Where D
// and the row views' dynamic offsets and strides are multiples of 8 (one
// 16-byte vector of bf16), the reduction and the output loop run 8 lanes
// at a time (block-strided vector loops, the partial reduced to a scalar
// before the block-wide all_reduce); elsewhere they run scalar.
// CHECK-LABEL: func.func @symbolic_rows
// CHECK: gpu.launch
// CHECK: %{{.*}}, %[[OFF:.*]], %{{.*}}:2, %[[STRIDES:.*]]:2 = memref.extract_strided_metadata
// CHECK: arith.remui %[[OFF]], %[[C8:.*]] : index
// CHECK: arith.remui %[[STRIDES]]#0, %[[C8]] : index
// CHECK: %[[WHOLE:.*]] = arith.remui %{{.*}}, %{{.*}} : index
// CHECK: %[[PARTIAL:.*]] = scf.if %{{.*}} -> (f32) {
// CHECK: scf.for {{.*}} -> (vector<8xf32>)
// CHECK: vector.load %{{.*}} {alignment = 16 : i64} : memref<1x?xbf16, strided<[?, 1], offset: ?>>, vector<8xbf16>
// CHECK: vector.reduction <add>, %{{.*}} : vector<8xf32> into f32
// CHECK: } else {
// CHECK: scf.for {{.*}} -> (f32)
// CHECK: memref.load %{{.*}} : memref<1x?xbf16, strided<[?, 1], offset: ?>>
// CHECK: gpu.all_reduce  add %[[PARTIAL]] uniform
// CHECK: scf.if
// CHECK: vector.store %{{.*}} {alignment = 16 : i64} : memref<1x?xbf16, strided<[?, 1], offset: ?>>, vector<8xbf16>
// CHECK: } else {
// CHECK: memref.store %{{.*}} : memref<1x?xbf16, strided<[?, 1], offset: ?>>
// CHECK: gpu.terminator
// NOROWS-LABEL: func.func @symbolic_rows
// NOROWS-NOT: gpu.all_reduce
func.func @symbolic_rows(%x: memref<?x?xbf16>, %y: memref<?x?xbf16>, %n: index, %d: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%r) = (%c0) to (%n) step (%c1) {
    %row = memref.subview %x[%r, 0] [1, %d] [1, 1] : memref<?x?xbf16> to memref<1x?xbf16, strided<[?, 1], offset: ?>>
    %out = memref.subview %y[%r, 0] [1, %d] [1, 1] : memref<?x?xbf16> to memref<1x?xbf16, strided<[?, 1], offset: ?>>
    %sum = memref.alloc() : memref<1xf32>
    memref.store %zero, %sum[%c0] : memref<1xf32>
    scf.for %k = %c0 to %d step %c1 {
      %v = memref.load %row[%c0, %k] : memref<1x?xbf16, strided<[?, 1], offset: ?>>
      %s = memref.load %sum[%c0] : memref<1xf32>
      %e = arith.extf %v : bf16 to f32
      %a = arith.addf %e, %s : f32
      memref.store %a, %sum[%c0] : memref<1xf32>
    }
    scf.parallel (%k) = (%c0) to (%d) step (%c1) {
      %v = memref.load %row[%c0, %k] : memref<1x?xbf16, strided<[?, 1], offset: ?>>
      %s = memref.load %sum[%c0] : memref<1xf32>
      %e = arith.extf %v : bf16 to f32
      %q = arith.divf %e, %s : f32
      %t = arith.truncf %q : f32 to bf16
      memref.store %t, %out[%c0, %k] : memref<1x?xbf16, strided<[?, 1], offset: ?>>
      scf.reduce
    }
    memref.dealloc %sum : memref<1xf32>
    scf.reduce
  }
  return
}

// -----

// Not versioned, scalar only: a row whose view has a static offset that is
// not a multiple of the width (3 bf16 elements), and a row whose base
// buffer is not known to be aligned (a view at an unknown byte shift).
// CHECK-LABEL: func.func @symbolic_rows_unaligned
// CHECK-NOT: vector.load
// CHECK-NOT: vector.store
// CHECK: return
func.func @symbolic_rows_unaligned(%x: memref<?x?xbf16, strided<[?, 1], offset: 3>>, %y: memref<?x?xbf16>,
                                   %raw: memref<?xi8>, %shift: index, %n: index, %d: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %v = memref.view %raw[%shift][%n, %d] : memref<?xi8> to memref<?x?xbf16>
  scf.parallel (%r) = (%c0) to (%n) step (%c1) {
    %out = memref.subview %y[%r, 0] [1, %d] [1, 1] : memref<?x?xbf16> to memref<1x?xbf16, strided<[?, 1], offset: ?>>
    %vin = memref.subview %v[%r, 0] [1, %d] [1, 1] : memref<?x?xbf16> to memref<1x?xbf16, strided<[?, 1], offset: ?>>
    %sum = memref.alloc() : memref<1xf32>
    scf.for %k = %c0 to %d step %c1 {
      %a = memref.load %x[%r, %k] : memref<?x?xbf16, strided<[?, 1], offset: 3>>
      %s = memref.load %sum[%c0] : memref<1xf32>
      %e = arith.extf %a : bf16 to f32
      %t = arith.addf %e, %s : f32
      memref.store %t, %sum[%c0] : memref<1xf32>
    }
    scf.parallel (%k) = (%c0) to (%d) step (%c1) {
      %a = memref.load %vin[%c0, %k] : memref<1x?xbf16, strided<[?, 1], offset: ?>>
      memref.store %a, %out[%c0, %k] : memref<1x?xbf16, strided<[?, 1], offset: ?>>
      scf.reduce
    }
    memref.dealloc %sum : memref<1xf32>
    scf.reduce
  }
  return
}
