// RUN: kiln-opt %s --kiln-approximate-math -split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-approximate-math=avx2=true -split-input-file \
// RUN:   | FileCheck %s --check-prefix=AVX2
//
// kiln-approximate-math: upstream's polynomial approximations (the set
// enabled by populateMathPolynomialApproximationPatterns(patterns, options):
// atan, atan2, tanh, log, log2, log1p, erf, erfc, asin, acos, exp, expm1,
// cbrt, sin, cos) on f32 scalars and vectors, built from arith ops and
// math.fma; f16 and bf16 are computed in f32 (extf ... truncf).
//   - erf: rational approximation on |x| (two fma chains and a division),
//     sign restored with a select;
//   - tanh: clamped input, odd rational polynomial, x itself for tiny |x|;
//   - exp: range reduction with floor, polynomial, 2^k built in the exponent
//     bits (fptosi, + 127, << 23, bitcast);
//   - every approximated result is NaN where its operand is (the
//     approximations clamp their argument): select(cmpf uno(x, x), x, y);
//   - left alone: f64 math, math.sqrt, and math.rsqrt unless avx2=true
//     (AVX2 prefix), where rsqrt on vector<8xf32> becomes
//     x86vector.avx.rsqrt refined by one Newton step; scalar rsqrt stays.

// CHECK-LABEL: func.func @erf_f32
// CHECK-SAME: (%[[X:[^:]*]]: f32) -> f32
// CHECK-NOT: math.erf
// CHECK: %[[NEG:.*]] = arith.cmpf olt, %[[X]], %{{.*}} : f32
// CHECK: %[[MX:.*]] = arith.negf %[[X]] : f32
// CHECK: %[[ABS:.*]] = arith.select %[[NEG]], %[[MX]], %[[X]] : f32
// CHECK: math.fma %[[ABS]]
// CHECK: %[[Q:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: %[[P:.*]] = arith.select %{{.*}} : f32
// CHECK: %[[MP:.*]] = arith.negf %[[P]] : f32
// CHECK: %[[R:.*]] = arith.select %[[NEG]], %[[MP]], %[[P]] : f32
// CHECK-NOT: math.erf
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK-NEXT: %[[Y:.*]] = arith.select %[[NAN]], %[[X]], %[[R]] : f32
// CHECK-NEXT: return %[[Y]] : f32
func.func @erf_f32(%x: f32) -> f32 {
  %0 = math.erf %x : f32
  return %0 : f32
}

// -----

// CHECK-LABEL: func.func @tanh_f32
// CHECK-SAME: (%[[X:[^:]*]]: f32) -> f32
// CHECK-NOT: math.tanh
// CHECK: %[[LO:.*]] = arith.select %{{.*}}, %[[X]], %{{.*}} : f32
// CHECK: %[[CL:.*]] = arith.select %{{.*}}, %[[LO]], %{{.*}} : f32
// CHECK: %[[ABS:.*]] = math.absf %[[X]] : f32
// CHECK: %[[TINY:.*]] = arith.cmpf olt, %[[ABS]], %{{.*}} : f32
// CHECK: %[[X2:.*]] = arith.mulf %[[CL]], %[[CL]] : f32
// CHECK: math.fma %[[X2]]
// CHECK: %[[Q:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: %[[R:.*]] = arith.select %[[TINY]], %[[CL]], %[[Q]] : f32
// CHECK-NOT: math.tanh
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK-NEXT: %[[Y:.*]] = arith.select %[[NAN]], %[[X]], %[[R]] : f32
// CHECK-NEXT: return %[[Y]] : f32
func.func @tanh_f32(%x: f32) -> f32 {
  %0 = math.tanh %x : f32
  return %0 : f32
}

// -----

// CHECK-LABEL: func.func @exp_f32
// CHECK-SAME: (%[[X:[^:]*]]: f32) -> f32
// CHECK-DAG: %[[C127:.*]] = arith.constant 127 : i32
// CHECK-DAG: %[[C23:.*]] = arith.constant 23 : i32
// CHECK-NOT: math.exp
// CHECK: %[[K:.*]] = math.floor %{{.*}} : f32
// CHECK: math.fma
// CHECK: %[[KI:.*]] = arith.fptosi %{{.*}} : f32 to i32
// CHECK-NEXT: %[[E:.*]] = arith.addi %[[KI]], %[[C127]] : i32
// CHECK-NEXT: %[[BITS:.*]] = arith.shli %[[E]], %[[C23]] : i32
// CHECK-NEXT: %[[POW2:.*]] = arith.bitcast %[[BITS]] : i32 to f32
// CHECK-NEXT: %[[R:.*]] = arith.mulf %{{.*}}, %[[POW2]] : f32
// CHECK-NEXT: %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK-NEXT: %[[Y:.*]] = arith.select %[[NAN]], %[[X]], %[[R]] : f32
// CHECK-NEXT: return %[[Y]] : f32
func.func @exp_f32(%x: f32) -> f32 {
  %0 = math.exp %x : f32
  return %0 : f32
}

// -----

// Vectors of f32 are approximated elementwise on the vector type: exp is
// rewritten; log (whose approximation clamps subnormals) and sin/cos (no
// full range reduction) stay math ops, lowered to libm later.
// CHECK-LABEL: func.func @exp_log_sin_cos_vector
// CHECK-SAME: (%[[X:[^:]*]]: vector<8xf32>)
// CHECK-NOT: math.exp
// CHECK: math.fma %{{.*}} : vector<8xf32>
// CHECK-NOT: math.exp
// CHECK-DAG: math.log %[[X]] : vector<8xf32>
// CHECK-DAG: math.sin %[[X]] : vector<8xf32>
// CHECK-DAG: math.cos %[[X]] : vector<8xf32>
// CHECK: return
func.func @exp_log_sin_cos_vector(%x: vector<8xf32>) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
  %0 = math.exp %x : vector<8xf32>
  %1 = math.log %x : vector<8xf32>
  %2 = math.sin %x : vector<8xf32>
  %3 = math.cos %x : vector<8xf32>
  return %0, %1, %2, %3 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
}

// -----

// f16 and bf16: widened to f32, approximated, rounded back.
// CHECK-LABEL: func.func @half_precision
// CHECK-SAME: (%[[H:[^:]*]]: f16, %[[B:[^:]*]]: bf16) -> (f16, bf16)
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK: %[[HW:.*]] = arith.extf %[[H]] : f16 to f32
// CHECK: math.floor
// CHECK: %[[HR:.*]] = arith.truncf %{{.*}} : f32 to f16
// CHECK: %[[HN:.*]] = arith.cmpf uno, %[[H]], %[[H]] : f16
// CHECK: %[[HS:.*]] = arith.select %[[HN]], %[[H]], %[[HR]] : f16
// CHECK: %[[BW:.*]] = arith.extf %[[B]] : bf16 to f32
// CHECK: math.absf %[[BW]] : f32
// CHECK: %[[BR:.*]] = arith.truncf %{{.*}} : f32 to bf16
// CHECK: %[[BN:.*]] = arith.cmpf uno, %[[B]], %[[B]] : bf16
// CHECK: %[[BS:.*]] = arith.select %[[BN]], %[[B]], %[[BR]] : bf16
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK: return %[[HS]], %[[BS]] : f16, bf16
func.func @half_precision(%h: f16, %b: bf16) -> (f16, bf16) {
  %0 = math.exp %h : f16
  %1 = math.tanh %b : bf16
  return %0, %1 : f16, bf16
}

// -----

// f64 math is not approximated (it goes to libm).
// CHECK-LABEL: func.func @f64_left_alone
// CHECK-SAME: (%[[X:[^:]*]]: f64) -> (f64, f64, f64)
// CHECK-NEXT: %[[E:.*]] = math.erf %[[X]] : f64
// CHECK-NEXT: %[[T:.*]] = math.tanh %[[X]] : f64
// CHECK-NEXT: %[[X2:.*]] = math.exp %[[X]] : f64
// CHECK-NEXT: return %[[E]], %[[T]], %[[X2]] : f64, f64, f64
func.func @f64_left_alone(%x: f64) -> (f64, f64, f64) {
  %0 = math.erf %x : f64
  %1 = math.tanh %x : f64
  %2 = math.exp %x : f64
  return %0, %1, %2 : f64, f64, f64
}

// -----

// Not in the set: sqrt, and rsqrt without avx2.
// CHECK-LABEL: func.func @sqrt_rsqrt_left_alone
// CHECK-SAME: (%[[X:[^:]*]]: f32, %[[V:[^:]*]]: vector<8xf32>)
// CHECK-NEXT: %[[S:.*]] = math.sqrt %[[X]] : f32
// CHECK-NEXT: %[[R:.*]] = math.rsqrt %[[X]] : f32
// CHECK-NEXT: %[[RV:.*]] = math.rsqrt %[[V]] : vector<8xf32>
// CHECK-NEXT: return %[[S]], %[[R]], %[[RV]]

// avx2=true: the vector<8xf32> rsqrt (one AVX register) uses the AVX
// estimate and one Newton step; the scalar one stays.
// AVX2-LABEL: func.func @sqrt_rsqrt_left_alone
// AVX2-SAME: (%[[X:[^:]*]]: f32, %[[V:[^:]*]]: vector<8xf32>)
// AVX2: math.sqrt %[[X]] : f32
// AVX2: math.rsqrt %[[X]] : f32
// AVX2-NOT: math.rsqrt
// AVX2: %[[EST:.*]] = x86vector.avx.rsqrt %[[V]] : vector<8xf32>
// AVX2: math.fma %[[EST]]
// AVX2-NOT: math.rsqrt
// AVX2: return
func.func @sqrt_rsqrt_left_alone(%x: f32, %v: vector<8xf32>) -> (f32, f32, vector<8xf32>) {
  %0 = math.sqrt %x : f32
  %1 = math.rsqrt %x : f32
  %2 = math.rsqrt %v : vector<8xf32>
  return %0, %1, %2 : f32, f32, vector<8xf32>
}
