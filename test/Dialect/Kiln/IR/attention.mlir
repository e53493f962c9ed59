// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s -mlir-print-op-generic | kiln-opt | FileCheck %s
//
// Round trip of kiln.attention, with and without a mask.

// CHECK-LABEL: func.func @attention
// CHECK: kiln.attention %{{.*}}, %{{.*}}, %{{.*}} {causal = true} : !kiln.tensor<[B, 4, S, 64], bf16>, !kiln.tensor<[B, 4, S, 64], bf16>, !kiln.tensor<[B, 4, S, 64], bf16> -> !kiln.tensor<[B, 4, S, 64], bf16>
// CHECK: kiln.attention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {scale = 1.250000e-01 : f64} : !kiln.tensor<[B, 4, S, 64], bf16>, !kiln.tensor<[B, 4, S, 64], bf16>, !kiln.tensor<[B, 4, S, 64], bf16>, !kiln.tensor<[B, 1, 1, S], i1> -> !kiln.tensor<[B, 4, S, 64], bf16>
func.func @attention(%q: !kiln.tensor<[B, 4, S, 64], bf16>, %k: !kiln.tensor<[B, 4, S, 64], bf16>, %v: !kiln.tensor<[B, 4, S, 64], bf16>, %m: !kiln.tensor<[B, 1, 1, S], i1>) -> (!kiln.tensor<[B, 4, S, 64], bf16>, !kiln.tensor<[B, 4, S, 64], bf16>) {
  %0 = kiln.attention %q, %k, %v {causal = true} : !kiln.tensor<[B, 4, S, 64], bf16>, !kiln.tensor<[B, 4, S, 64], bf16>, !kiln.tensor<[B, 4, S, 64], bf16> -> !kiln.tensor<[B, 4, S, 64], bf16>
  %1 = kiln.attention %q, %k, %v, %m {scale = 0.125 : f64} : !kiln.tensor<[B, 4, S, 64], bf16>, !kiln.tensor<[B, 4, S, 64], bf16>, !kiln.tensor<[B, 4, S, 64], bf16>, !kiln.tensor<[B, 1, 1, S], i1> -> !kiln.tensor<[B, 4, S, 64], bf16>
  return %0, %1 : !kiln.tensor<[B, 4, S, 64], bf16>, !kiln.tensor<[B, 4, S, 64], bf16>
}
