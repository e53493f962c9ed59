// RUN: kiln-opt %s -convert-kiln-to-linalg="flash-attention=true" -split-input-file | FileCheck %s
// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file | FileCheck %s --check-prefix=OFF
//
// convert-kiln-to-linalg with flash-attention: kiln.attention in the flash
// form becomes kiln.flash_attention into a tensor.empty of the result
// (batch dims and L from q, Ev from v), its scale made explicit; without
// the option (or out of the flash form) it is decomposed.

// CHECK-LABEL: func.func @flash
// CHECK-SAME: (%[[Q:.*]]: tensor<?x2x?x64xbf16>, %[[K:.*]]: tensor<?x2x?x64xbf16>, %[[V:.*]]: tensor<?x2x?x32xbf16>)
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x2x?x32xbf16>
// CHECK: %[[O:.*]] = kiln.flash_attention %[[Q]], %[[K]], %[[V]], %[[E]] {causal = true, scale = 1.250000e-01 : f64} : tensor<?x2x?x64xbf16>, tensor<?x2x?x64xbf16>, tensor<?x2x?x32xbf16>, tensor<?x2x?x32xbf16> -> tensor<?x2x?x32xbf16>
// CHECK: return %[[O]]
// OFF-LABEL: func.func @flash
// OFF-NOT: kiln.flash_attention
// OFF: linalg.batch_matmul
func.func @flash(%q: !kiln.tensor<[B, 2, L, 64], bf16>, %k: !kiln.tensor<[B, 2, S, 64], bf16>, %v: !kiln.tensor<[B, 2, S, 32], bf16>) -> !kiln.tensor<[B, 2, L, 32], bf16> {
  %0 = kiln.attention %q, %k, %v {causal = true} : !kiln.tensor<[B, 2, L, 64], bf16>, !kiln.tensor<[B, 2, S, 64], bf16>, !kiln.tensor<[B, 2, S, 32], bf16> -> !kiln.tensor<[B, 2, L, 32], bf16>
  return %0 : !kiln.tensor<[B, 2, L, 32], bf16>
}

// -----

// A mask keeps the decomposition.
// CHECK-LABEL: func.func @masked
// CHECK-NOT: kiln.flash_attention
// CHECK: return
func.func @masked(%q: !kiln.tensor<[2, S, 64], f16>, %m: !kiln.tensor<[S, S], f16>) -> !kiln.tensor<[2, S, 64], f16> {
  %0 = kiln.attention %q, %q, %q, %m : !kiln.tensor<[2, S, 64], f16>, !kiln.tensor<[2, S, 64], f16>, !kiln.tensor<[2, S, 64], f16>, !kiln.tensor<[S, S], f16> -> !kiln.tensor<[2, S, 64], f16>
  return %0 : !kiln.tensor<[2, S, 64], f16>
}
