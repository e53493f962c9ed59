// RUN: kiln-opt %s -split-input-file | kiln-opt -split-input-file | FileCheck %s
// RUN: kiln-opt %s -split-input-file -one-shot-bufferize="bufferize-function-boundaries" | FileCheck %s --check-prefix=BUF
//
// kiln.flash_attention on tensors and on memrefs; one-shot bufferization
// turns the first into the second, init's buffer becoming the result's.

// CHECK-LABEL: func.func @tensors
// CHECK: kiln.flash_attention %arg0, %arg1, %arg2, %arg3 {causal = true, scale = 1.250000e-01 : f64} : tensor<?x?x64xbf16>, tensor<?x?x64xbf16>, tensor<?x?x32xbf16>, tensor<?x?x32xbf16> -> tensor<?x?x32xbf16>
// BUF-LABEL: func.func @tensors
// BUF-SAME: (%[[Q:.*]]: memref<?x?x64xbf16{{.*}}>, %[[K:.*]]: memref<?x?x64xbf16{{.*}}>, %[[V:.*]]: memref<?x?x32xbf16{{.*}}>, %[[O:.*]]: memref<?x?x32xbf16{{.*}}>)
// BUF: kiln.flash_attention %[[Q]], %[[K]], %[[V]], %[[O]] {causal = true, scale = 1.250000e-01 : f64} : memref
// BUF-NOT: ->
// BUF: return %[[O]]
func.func @tensors(%q: tensor<?x?x64xbf16>, %k: tensor<?x?x64xbf16>, %v: tensor<?x?x32xbf16>, %init: tensor<?x?x32xbf16>) -> tensor<?x?x32xbf16> {
  %0 = kiln.flash_attention %q, %k, %v, %init {scale = 0.125 : f64, causal = true} : tensor<?x?x64xbf16>, tensor<?x?x64xbf16>, tensor<?x?x32xbf16>, tensor<?x?x32xbf16> -> tensor<?x?x32xbf16>
  return %0 : tensor<?x?x32xbf16>
}

// -----

// CHECK-LABEL: func.func @memrefs
// CHECK: kiln.flash_attention %arg0, %arg1, %arg2, %arg3 {scale = 5.000000e-01 : f64} : memref<2x?x?x16xf16>, memref<2x?x?x16xf16>, memref<2x?x?x128xf16>, memref<2x?x?x128xf16>
func.func @memrefs(%q: memref<2x?x?x16xf16>, %k: memref<2x?x?x16xf16>, %v: memref<2x?x?x128xf16>, %out: memref<2x?x?x128xf16>) {
  kiln.flash_attention %q, %k, %v, %out {scale = 0.5 : f64} : memref<2x?x?x16xf16>, memref<2x?x?x16xf16>, memref<2x?x?x128xf16>, memref<2x?x?x128xf16>
  return
}
