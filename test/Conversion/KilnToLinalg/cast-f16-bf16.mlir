// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file | FileCheck %s
//
// convert-kiln-to-linalg on kiln.cast between f16 and bf16. Neither type is
// wider than the other (f16 has more mantissa bits, bf16 more exponent
// bits), so no single arith.extf or arith.truncf is valid between them: the
// lowering must produce valid IR, e.g. going through f32 (exact) and then
// rounding once.

// CHECK-LABEL: func.func @f16_to_bf16
// CHECK: ^bb0(%[[IN:.*]]: f16, %{{.*}}: bf16):
// CHECK-NEXT:   %[[W:.*]] = arith.extf %[[IN]] : f16 to f32
// CHECK-NEXT:   %[[R:.*]] = arith.truncf %[[W]] : f32 to bf16
// CHECK-NEXT:   linalg.yield %[[R]] : bf16
func.func @f16_to_bf16(%x: !kiln.tensor<[8], f16>) -> !kiln.tensor<[8], bf16> {
  %0 = kiln.cast %x : !kiln.tensor<[8], f16> -> !kiln.tensor<[8], bf16>
  return %0 : !kiln.tensor<[8], bf16>
}

// -----

// CHECK-LABEL: func.func @bf16_to_f16
// CHECK: ^bb0(%[[IN:.*]]: bf16, %{{.*}}: f16):
// CHECK-NEXT:   %[[W:.*]] = arith.extf %[[IN]] : bf16 to f32
// CHECK-NEXT:   %[[R:.*]] = arith.truncf %[[W]] : f32 to f16
// CHECK-NEXT:   linalg.yield %[[R]] : f16
func.func @bf16_to_f16(%x: !kiln.tensor<[8], bf16>) -> !kiln.tensor<[8], f16> {
  %0 = kiln.cast %x : !kiln.tensor<[8], bf16> -> !kiln.tensor<[8], f16>
  return %0 : !kiln.tensor<[8], f16>
}
