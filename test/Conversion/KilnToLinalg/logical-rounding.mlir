// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file | FileCheck %s
//
// convert-kiln-to-linalg on the rounding, logical and remainder ops and on
// reduce_prod/any/all: the scalar ops in the linalg.generic bodies.

// CHECK-LABEL: func.func @rounding
// CHECK: math.floor %{{.*}} : f32
// CHECK: math.ceil %{{.*}} : f32
// CHECK: math.roundeven %{{.*}} : f32
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf olt
// CHECK: arith.select
// CHECK: arith.select
// CHECK: math.log1p %{{.*}} : f32
// Integers: floor is the identity, sign is (x > 0) - (x < 0).
// CHECK: ^bb0(%[[IN:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: linalg.yield %[[IN]] : i32
// CHECK: arith.cmpi sgt
// CHECK: arith.cmpi slt
// CHECK: arith.subi
func.func @rounding(%x: !kiln.tensor<[4], f32>, %i: !kiln.tensor<[4], i32>) -> (!kiln.tensor<[4], f32>, !kiln.tensor<[4], i32>) {
  %0 = kiln.floor %x : !kiln.tensor<[4], f32>
  %1 = kiln.ceil %0 : !kiln.tensor<[4], f32>
  %2 = kiln.round %1 : !kiln.tensor<[4], f32>
  %3 = kiln.sign %2 : !kiln.tensor<[4], f32>
  %4 = kiln.log1p %3 : !kiln.tensor<[4], f32>
  %5 = kiln.floor %i : !kiln.tensor<[4], i32>
  %6 = kiln.sign %5 : !kiln.tensor<[4], i32>
  return %4, %6 : !kiln.tensor<[4], f32>, !kiln.tensor<[4], i32>
}

// -----

// CHECK-LABEL: func.func @logical
// CHECK: %[[T:.*]] = arith.constant true
// CHECK: arith.xori %{{.*}}, %[[T]] : i1
// CHECK: arith.andi %{{.*}}, %{{.*}} : i1
// CHECK: arith.ori %{{.*}}, %{{.*}} : i1
// CHECK: arith.xori %{{.*}}, %{{.*}} : i1
// CHECK: %[[M:.*]] = arith.constant -1 : i32
// CHECK: arith.xori %{{.*}}, %[[M]] : i32
func.func @logical(%a: !kiln.tensor<[4], i1>, %b: !kiln.tensor<[4], i1>, %n: !kiln.tensor<[4], i32>) -> (!kiln.tensor<[4], i1>, !kiln.tensor<[4], i32>) {
  %0 = kiln.not %a : !kiln.tensor<[4], i1>
  %1 = kiln.and %0, %b : !kiln.tensor<[4], i1>, !kiln.tensor<[4], i1> -> !kiln.tensor<[4], i1>
  %2 = kiln.or %1, %b : !kiln.tensor<[4], i1>, !kiln.tensor<[4], i1> -> !kiln.tensor<[4], i1>
  %3 = kiln.xor %2, %a : !kiln.tensor<[4], i1>, !kiln.tensor<[4], i1> -> !kiln.tensor<[4], i1>
  %4 = kiln.not %n : !kiln.tensor<[4], i32>
  return %3, %4 : !kiln.tensor<[4], i1>, !kiln.tensor<[4], i32>
}

// -----

// Floats: fmod, then the divisor's sign. Integers: a 0 or -1 divisor is
// replaced by 1 before remsi (no undefined behaviour), then the same fix-up.
// CHECK-LABEL: func.func @rem
// CHECK: %[[R:.*]] = arith.remf
// CHECK: arith.cmpf one, %[[R]]
// CHECK: %[[ADJ:.*]] = arith.addf %[[R]]
// CHECK: arith.select %{{.*}}, %[[ADJ]], %[[R]] : f32
// CHECK: %[[Z:.*]] = arith.cmpi eq, %[[D:.*]], %c0_i32
// CHECK: %[[MONE:.*]] = arith.cmpi eq, %[[D]], %c-1_i32
// CHECK: %[[UNSAFE:.*]] = arith.ori %[[Z]], %[[MONE]]
// CHECK: %[[SAFE:.*]] = arith.select %[[UNSAFE]], %c1_i32, %[[D]]
// CHECK: arith.remsi %{{.*}}, %[[SAFE]] : i32
func.func @rem(%x: !kiln.tensor<[4], f32>, %n: !kiln.tensor<[4], i32>) -> (!kiln.tensor<[4], f32>, !kiln.tensor<[4], i32>) {
  %0 = kiln.rem %x, %x : !kiln.tensor<[4], f32>, !kiln.tensor<[4], f32> -> !kiln.tensor<[4], f32>
  %1 = kiln.rem %n, %n : !kiln.tensor<[4], i32>, !kiln.tensor<[4], i32> -> !kiln.tensor<[4], i32>
  return %0, %1 : !kiln.tensor<[4], f32>, !kiln.tensor<[4], i32>
}

// -----

// prod starts at 1 (in f32 for bf16); any/all accumulate i1 as i32 from 0
// and 1 and compare with zero at the end.
// CHECK-LABEL: func.func @reduce
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: linalg.fill ins(%[[ONE]] : f32)
// CHECK: arith.mulf %{{.*}}, %{{.*}} fastmath<reassoc> : f32
// CHECK: arith.truncf
// CHECK: linalg.fill ins(%c0_i32 : i32)
// CHECK: arith.extui %{{.*}} : i1 to i32
// CHECK: arith.ori
// CHECK: arith.cmpi ne
// CHECK: linalg.fill ins(%c1_i32 : i32)
// CHECK: arith.andi
// CHECK: arith.cmpi ne
func.func @reduce(%x: !kiln.tensor<[B, 4], bf16>, %m: !kiln.tensor<[B, 4], i1>) -> (!kiln.tensor<[B], bf16>, !kiln.tensor<[B], i1>, !kiln.tensor<[B], i1>) {
  %0 = kiln.reduce_prod %x {dims = array<i64: 1>} : !kiln.tensor<[B, 4], bf16> -> !kiln.tensor<[B], bf16>
  %1 = kiln.reduce_any %m {dims = array<i64: 1>} : !kiln.tensor<[B, 4], i1> -> !kiln.tensor<[B], i1>
  %2 = kiln.reduce_all %m {dims = array<i64: 1>} : !kiln.tensor<[B, 4], i1> -> !kiln.tensor<[B], i1>
  return %0, %1, %2 : !kiln.tensor<[B], bf16>, !kiln.tensor<[B], i1>, !kiln.tensor<[B], i1>
}
