// RUN: kiln-opt %s --kiln-map-to-gpu -split-input-file | FileCheck %s
//
// kiln-map-to-gpu on kiln.flash_attention: one launch of 128-thread blocks,
// one block per 64 queries of a batch entry (ceil(L / 64) * batch blocks,
// at least one), K and V tiles of 64 keys in shared memory (rows padded by
// 8 elements), staged with 16-byte vector loads; per key tile 32 MMAs for
// S = Q K^T (E = 64) and 2 x 32 for O += P V (P split into hi + lo); the
// online softmax in exp2 with quad shuffles; causal blocks stop at their
// last query's tile.

// CHECK-LABEL: func.func @causal_bf16
// CHECK-SAME: (%[[Q:[^:]*]]: memref<?x?x?x64xbf16>, %[[K:[^:]*]]: memref<?x?x?x64xbf16>, %[[V:[^:]*]]: memref<?x?x?x64xbf16>, %[[O:[^:]*]]: memref<?x?x?x64xbf16>)
// CHECK: %[[L:.*]] = memref.dim %[[Q]], %c2
// CHECK: %[[S:.*]] = memref.dim %[[K]], %c2
// CHECK: %[[QT:.*]] = arith.ceildivui %[[L]], %c64 : index
// CHECK: %[[BLOCKS:.*]] = arith.muli %[[QT]], %{{.*}} : index
// CHECK: %[[GRID:.*]] = arith.maxui %[[BLOCKS]], %c1
// CHECK: gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[GRID]], %{{.*}}, %{{.*}}) threads(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %c128,
// CHECK-SAME: workgroup(%[[KT:.*]] : memref<64x72xbf16, #gpu.address_space<workgroup>>, %[[VT:.*]] : memref<64x72xbf16, #gpu.address_space<workgroup>>)
// CHECK: scf.if
// CHECK: %[[KEYS:.*]] = arith.minui %[[S]], %{{.*}} : index
// CHECK: %[[TILES:.*]] = arith.ceildivui %[[KEYS]], %c64
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[TILES]] step %{{.*}} iter_args(
// CHECK: gpu.barrier
// CHECK-COUNT-4: vector.load %[[K]]{{.*}} {alignment = 16 : i64} : memref<?x?x?x64xbf16>, vector<8xbf16>
// CHECK-COUNT-4: vector.load %[[V]]{{.*}} {alignment = 16 : i64} : memref<?x?x?x64xbf16>, vector<8xbf16>
// CHECK: gpu.barrier
// CHECK-COUNT-32: nvvm.mma.sync {{.*}} {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<bf16>, multiplicandBPtxType = #nvvm.mma_type<bf16>, shape = #nvvm.shape<m = 16, n = 8, k = 16>} : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
// CHECK: arith.cmpi ule
// CHECK: gpu.shuffle  xor
// CHECK: math.exp2
// CHECK-COUNT-64: nvvm.mma.sync
// CHECK-NOT: nvvm.mma.sync
// CHECK: scf.yield
// CHECK: gpu.shuffle  xor
// CHECK: arith.truncf %{{.*}} : f32 to bf16
// CHECK: memref.store %{{.*}}, %[[O]]
// CHECK: gpu.terminator
// CHECK-NOT: kiln.flash_attention
func.func @causal_bf16(%q: memref<?x?x?x64xbf16>, %k: memref<?x?x?x64xbf16>, %v: memref<?x?x?x64xbf16>, %out: memref<?x?x?x64xbf16>) {
  kiln.flash_attention %q, %k, %v, %out {scale = 0.125 : f64, causal = true} : memref<?x?x?x64xbf16>, memref<?x?x?x64xbf16>, memref<?x?x?x64xbf16>, memref<?x?x?x64xbf16>
  return
}

// -----

// f16: MMA operands are vector<2xf16>; not causal: every key tile, no
// minimum with the block's last query; E = 16, Ev = 32.
// CHECK-LABEL: func.func @cross_f16
// CHECK: workgroup(%{{.*}} : memref<64x24xf16, #gpu.address_space<workgroup>>, %{{.*}} : memref<64x40xf16, #gpu.address_space<workgroup>>)
// CHECK-NOT: arith.minui
// CHECK-NOT: arith.cmpi ule
// CHECK: nvvm.mma.sync {{.*}} : (vector<2xf16>, vector<2xf16>, f32) -> !llvm.struct<(f32, f32, f32, f32)>
// CHECK: gpu.terminator
func.func @cross_f16(%q: memref<4x?x16xf16>, %k: memref<4x?x16xf16>, %v: memref<4x?x32xf16>, %out: memref<4x?x32xf16>) {
  kiln.flash_attention %q, %k, %v, %out {scale = 0.25 : f64} : memref<4x?x16xf16>, memref<4x?x16xf16>, memref<4x?x32xf16>, memref<4x?x32xf16>
  return
}

// -----

// An operand not known to be 16-byte aligned (a strided view) is copied
// into an aligned buffer by a kernel of its own first, freed after.
// CHECK-LABEL: func.func @strided_q
// CHECK: %[[COPY:.*]] = gpu.alloc  (%{{.*}}) : memref<?x64xbf16>
// CHECK: gpu.launch
// CHECK: memref.store %{{.*}}, %[[COPY]]
// CHECK: gpu.launch
// CHECK: nvvm.mma.sync
// CHECK: gpu.dealloc  %[[COPY]]
func.func @strided_q(%qs: memref<?x128xbf16>, %k: memref<?x64xbf16>, %v: memref<?x64xbf16>, %out: memref<?x64xbf16>, %n: index) {
  %q = memref.subview %qs[0, 1] [%n, 64] [1, 1] : memref<?x128xbf16> to memref<?x64xbf16, strided<[128, 1], offset: 1>>
  kiln.flash_attention %q, %k, %v, %out {scale = 0.125 : f64} : memref<?x64xbf16, strided<[128, 1], offset: 1>>, memref<?x64xbf16>, memref<?x64xbf16>, memref<?x64xbf16>
  return
}
