// RUN: kiln-opt %s -kiln-decompose="keep-flash-attention=true" -split-input-file | FileCheck %s
// RUN: kiln-opt %s -kiln-decompose -split-input-file | FileCheck %s --check-prefix=ALL
//
// kiln-decompose with keep-flash-attention (the GPU pipeline's setting):
// attention in the flash form (half inputs, static head dims that are
// multiples of 16 up to 128, one set of batch dims, no mask) stays for the
// fused kernel; everything else is decomposed as without the option.

// CHECK-LABEL: func.func @kept
// CHECK: kiln.attention %arg0, %arg1, %arg2 {causal = true}
// CHECK-NOT: kiln.matmul
// ALL-LABEL: func.func @kept
// ALL-NOT: kiln.attention
// ALL: kiln.matmul
func.func @kept(%q: !kiln.tensor<[B, 2, S, 64], bf16>, %k: !kiln.tensor<[B, 2, S, 64], bf16>, %v: !kiln.tensor<[B, 2, S, 64], bf16>) -> !kiln.tensor<[B, 2, S, 64], bf16> {
  %0 = kiln.attention %q, %k, %v {causal = true} : !kiln.tensor<[B, 2, S, 64], bf16>, !kiln.tensor<[B, 2, S, 64], bf16>, !kiln.tensor<[B, 2, S, 64], bf16> -> !kiln.tensor<[B, 2, S, 64], bf16>
  return %0 : !kiln.tensor<[B, 2, S, 64], bf16>
}

// -----

// Decomposed: a mask; f32 inputs; a head dim that is not a multiple of 16;
// one past 128; broadcast batch dims (one k/v head for all query heads).
// CHECK-LABEL: func.func @decomposed
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @decomposed(%q: !kiln.tensor<[2, S, 64], bf16>, %m: !kiln.tensor<[S, S], i1>, %qf: !kiln.tensor<[2, S, 64], f32>, %q24: !kiln.tensor<[2, S, 24], f16>, %q144: !kiln.tensor<[2, S, 144], bf16>, %qh: !kiln.tensor<[2, 4, S, 64], bf16>, %kh: !kiln.tensor<[2, 1, S, 64], bf16>) -> (!kiln.tensor<[2, S, 64], bf16>, !kiln.tensor<[2, S, 64], f32>, !kiln.tensor<[2, S, 24], f16>, !kiln.tensor<[2, S, 144], bf16>, !kiln.tensor<[2, 4, S, 64], bf16>) {
  %0 = kiln.attention %q, %q, %q, %m : !kiln.tensor<[2, S, 64], bf16>, !kiln.tensor<[2, S, 64], bf16>, !kiln.tensor<[2, S, 64], bf16>, !kiln.tensor<[S, S], i1> -> !kiln.tensor<[2, S, 64], bf16>
  %1 = kiln.attention %qf, %qf, %qf : !kiln.tensor<[2, S, 64], f32>, !kiln.tensor<[2, S, 64], f32>, !kiln.tensor<[2, S, 64], f32> -> !kiln.tensor<[2, S, 64], f32>
  %2 = kiln.attention %q24, %q24, %q24 : !kiln.tensor<[2, S, 24], f16>, !kiln.tensor<[2, S, 24], f16>, !kiln.tensor<[2, S, 24], f16> -> !kiln.tensor<[2, S, 24], f16>
  %3 = kiln.attention %q144, %q144, %q144 : !kiln.tensor<[2, S, 144], bf16>, !kiln.tensor<[2, S, 144], bf16>, !kiln.tensor<[2, S, 144], bf16> -> !kiln.tensor<[2, S, 144], bf16>
  %4 = kiln.attention %qh, %kh, %kh : !kiln.tensor<[2, 4, S, 64], bf16>, !kiln.tensor<[2, 1, S, 64], bf16>, !kiln.tensor<[2, 1, S, 64], bf16> -> !kiln.tensor<[2, 4, S, 64], bf16>
  return %0, %1, %2, %3, %4 : !kiln.tensor<[2, S, 64], bf16>, !kiln.tensor<[2, S, 64], f32>, !kiln.tensor<[2, S, 24], f16>, !kiln.tensor<[2, S, 144], bf16>, !kiln.tensor<[2, 4, S, 64], bf16>
}
