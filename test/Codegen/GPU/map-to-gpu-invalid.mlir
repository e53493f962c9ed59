// RUN: kiln-opt %s --kiln-map-to-gpu -split-input-file -verify-diagnostics
//
// The diagnostics of kiln-map-to-gpu.

// A temporary whose size is computed inside the kernel cannot be sized on
// the host (no row group, no scratch slot): refused, not a dynamic alloca.
func.func @row_sized_inside(%x: memref<?x?xf32>, %lens: memref<?xindex>, %out: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%r) = (%c0) to (%n) step (%c1) {
    %m = memref.load %lens[%r] : memref<?xindex>
    // expected-error @+1 {{cannot run on the GPU: a temporary whose size is computed inside the kernel}}
    %tmp = memref.alloc(%m) : memref<?xf32>
    %acc = memref.alloc() : memref<1xf32>
    scf.parallel (%k) = (%c0) to (%m) step (%c1) {
      %v = memref.load %x[%r, %k] : memref<?x?xf32>
      memref.store %v, %tmp[%k] : memref<?xf32>
      scf.reduce
    }
    memref.store %zero, %acc[%c0] : memref<1xf32>
    scf.for %k = %c0 to %m step %c1 {
      %t = memref.load %tmp[%k] : memref<?xf32>
      %a = memref.load %acc[%c0] : memref<1xf32>
      %s = arith.addf %t, %a : f32
      memref.store %s, %acc[%c0] : memref<1xf32>
    }
    %total = memref.load %acc[%c0] : memref<1xf32>
    memref.store %total, %out[%r] : memref<?xf32>
    memref.dealloc %tmp : memref<?xf32>
    memref.dealloc %acc : memref<1xf32>
    scf.reduce
  }
  return
}

