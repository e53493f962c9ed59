// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file | FileCheck %s
//
// convert-kiln-to-linalg on kiln.cast: one linalg.generic converting each
// element once, from the source type straight to the result type (no f32
// detour for f16/bf16 sources where one op does it): extf/truncf between
// floats, fptosi (truncation toward zero) float -> int, sitofp int -> float,
// uitofp/extui from i1 (false = 0, true = 1), `!= 0` (cmpf une / cmpi ne)
// to i1, extsi/trunci between integers. f16 <-> bf16, where neither type is
// wider, is in cast-f16-bf16.mlir.

// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @float_to_float
// CHECK-SAME: (%[[F:[^:]*]]: tensor<?x4xf32>, %[[H:[^:]*]]: tensor<?x4xf16>, %[[B:[^:]*]]: tensor<?x4xbf16>)
// CHECK: %[[E0:.*]] = tensor.empty(%{{.*}}) : tensor<?x4xf16>
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[F]] : tensor<?x4xf32>) outs(%[[E0]] : tensor<?x4xf16>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f16):
// CHECK-NEXT:   %[[R:.*]] = arith.truncf %[[IN]] : f32 to f16
// CHECK-NEXT:   linalg.yield %[[R]] : f16
// CHECK: ins(%[[F]] : tensor<?x4xf32>) outs(%{{.*}} : tensor<?x4xbf16>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: bf16):
// CHECK-NEXT:   arith.truncf %[[IN]] : f32 to bf16
// CHECK: ins(%[[H]] : tensor<?x4xf16>) outs(%{{.*}} : tensor<?x4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f16, %{{.*}}: f32):
// CHECK-NEXT:   arith.extf %[[IN]] : f16 to f32
// CHECK: ins(%[[B]] : tensor<?x4xbf16>) outs(%{{.*}} : tensor<?x4xf64>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: bf16, %{{.*}}: f64):
// CHECK-NEXT:   arith.extf %[[IN]] : bf16 to f64
// A cast to the same type is no op at all.
// CHECK: return %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[F]] :
!f = !kiln.tensor<[N, 4], f32>
!h = !kiln.tensor<[N, 4], f16>
!b = !kiln.tensor<[N, 4], bf16>
!d = !kiln.tensor<[N, 4], f64>
func.func @float_to_float(%f: !f, %h: !h, %b: !b) -> (!h, !b, !f, !d, !f) {
  %0 = kiln.cast %f : !f -> !h
  %1 = kiln.cast %f : !f -> !b
  %2 = kiln.cast %h : !h -> !f
  %3 = kiln.cast %b : !b -> !d
  %4 = kiln.cast %f : !f -> !f
  return %0, %1, %2, %3, %4 : !h, !b, !f, !d, !f
}

// -----

// CHECK-LABEL: func.func @float_to_int
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: i32):
// CHECK-NEXT:   arith.fptosi %[[IN]] : f32 to i32
// CHECK: ^bb0(%[[IN:.*]]: bf16, %{{.*}}: i64):
// CHECK-NEXT:   arith.fptosi %[[IN]] : bf16 to i64
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: i1):
// CHECK-NEXT:   %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:   %[[R:.*]] = arith.cmpf une, %[[IN]], %[[Z]] : f32
// CHECK-NEXT:   linalg.yield %[[R]] : i1
// CHECK: ^bb0(%[[IN:.*]]: f16, %{{.*}}: i1):
// CHECK-NEXT:   %[[Z:.*]] = arith.constant 0.000000e+00 : f16
// CHECK-NEXT:   arith.cmpf une, %[[IN]], %[[Z]] : f16
func.func @float_to_int(%f: !kiln.tensor<[8], f32>, %b: !kiln.tensor<[8], bf16>, %h: !kiln.tensor<[8], f16>)
    -> (!kiln.tensor<[8], i32>, !kiln.tensor<[8], i64>, !kiln.tensor<[8], i1>, !kiln.tensor<[8], i1>) {
  %0 = kiln.cast %f : !kiln.tensor<[8], f32> -> !kiln.tensor<[8], i32>
  %1 = kiln.cast %b : !kiln.tensor<[8], bf16> -> !kiln.tensor<[8], i64>
  %2 = kiln.cast %f : !kiln.tensor<[8], f32> -> !kiln.tensor<[8], i1>
  %3 = kiln.cast %h : !kiln.tensor<[8], f16> -> !kiln.tensor<[8], i1>
  return %0, %1, %2, %3 : !kiln.tensor<[8], i32>, !kiln.tensor<[8], i64>, !kiln.tensor<[8], i1>, !kiln.tensor<[8], i1>
}

// -----

// CHECK-LABEL: func.func @int_to_float
// CHECK: ^bb0(%[[IN:.*]]: i32, %{{.*}}: f32):
// CHECK-NEXT:   arith.sitofp %[[IN]] : i32 to f32
// CHECK: ^bb0(%[[IN:.*]]: i64, %{{.*}}: bf16):
// CHECK-NEXT:   arith.sitofp %[[IN]] : i64 to bf16
// CHECK: ^bb0(%[[IN:.*]]: i1, %{{.*}}: f32):
// CHECK-NEXT:   arith.uitofp %[[IN]] : i1 to f32
// CHECK: ^bb0(%[[IN:.*]]: i1, %{{.*}}: f16):
// CHECK-NEXT:   arith.uitofp %[[IN]] : i1 to f16
func.func @int_to_float(%i: !kiln.tensor<[8], i32>, %l: !kiln.tensor<[8], i64>, %c: !kiln.tensor<[8], i1>)
    -> (!kiln.tensor<[8], f32>, !kiln.tensor<[8], bf16>, !kiln.tensor<[8], f32>, !kiln.tensor<[8], f16>) {
  %0 = kiln.cast %i : !kiln.tensor<[8], i32> -> !kiln.tensor<[8], f32>
  %1 = kiln.cast %l : !kiln.tensor<[8], i64> -> !kiln.tensor<[8], bf16>
  %2 = kiln.cast %c : !kiln.tensor<[8], i1> -> !kiln.tensor<[8], f32>
  %3 = kiln.cast %c : !kiln.tensor<[8], i1> -> !kiln.tensor<[8], f16>
  return %0, %1, %2, %3 : !kiln.tensor<[8], f32>, !kiln.tensor<[8], bf16>, !kiln.tensor<[8], f32>, !kiln.tensor<[8], f16>
}

// -----

// CHECK-LABEL: func.func @int_to_int
// CHECK: ^bb0(%[[IN:.*]]: i32, %{{.*}}: i64):
// CHECK-NEXT:   arith.extsi %[[IN]] : i32 to i64
// CHECK: ^bb0(%[[IN:.*]]: i64, %{{.*}}: i32):
// CHECK-NEXT:   arith.trunci %[[IN]] : i64 to i32
// CHECK: ^bb0(%[[IN:.*]]: i1, %{{.*}}: i32):
// CHECK-NEXT:   arith.extui %[[IN]] : i1 to i32
// CHECK: ^bb0(%[[IN:.*]]: i64, %{{.*}}: i1):
// CHECK-NEXT:   %[[Z:.*]] = arith.constant 0 : i64
// CHECK-NEXT:   arith.cmpi ne, %[[IN]], %[[Z]] : i64
func.func @int_to_int(%i: !kiln.tensor<[8], i32>, %l: !kiln.tensor<[8], i64>, %c: !kiln.tensor<[8], i1>)
    -> (!kiln.tensor<[8], i64>, !kiln.tensor<[8], i32>, !kiln.tensor<[8], i32>, !kiln.tensor<[8], i1>) {
  %0 = kiln.cast %i : !kiln.tensor<[8], i32> -> !kiln.tensor<[8], i64>
  %1 = kiln.cast %l : !kiln.tensor<[8], i64> -> !kiln.tensor<[8], i32>
  %2 = kiln.cast %c : !kiln.tensor<[8], i1> -> !kiln.tensor<[8], i32>
  %3 = kiln.cast %l : !kiln.tensor<[8], i64> -> !kiln.tensor<[8], i1>
  return %0, %1, %2, %3 : !kiln.tensor<[8], i64>, !kiln.tensor<[8], i32>, !kiln.tensor<[8], i32>, !kiln.tensor<[8], i1>
}
