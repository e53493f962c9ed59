// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file | FileCheck %s
//
// convert-kiln-to-linalg on the elementwise ops: each becomes one
// linalg.generic with parallel iterators over the result, whose indexing
// maps encode NumPy broadcasting (a missing leading dim is dropped from the
// map, a size-1 dim that broadcasts reads index 0), with the scalar op in
// its body. f16/bf16 compute in f32 (arith.extf, op, arith.truncf); integer
// ops use the arith integer ops. The composites sigmoid, silu and gelu are
// decomposed first, so their generics show the decomposition.

// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @unary_f32
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[B:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x?xf32>
// CHECK-DAG: %[[D:.*]] = tensor.dim %[[X]], %[[C1]] : tensor<?x?xf32>
// CHECK: %[[E0:.*]] = tensor.empty(%[[B]], %[[D]]) : tensor<?x?xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]] : tensor<?x?xf32>) outs(%[[E0]] : tensor<?x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[R:.*]] = arith.negf %[[IN]] : f32
// CHECK-NEXT:   linalg.yield %[[R]] : f32
// CHECK: tensor.empty(%[[B]], %[[D]])
// CHECK: linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK: math.absf
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: linalg.generic
// CHECK: math.log
// CHECK: linalg.generic
// CHECK: math.sqrt
// CHECK: linalg.generic
// CHECK: math.rsqrt
// CHECK: linalg.generic
// CHECK: math.tanh
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:   arith.maximumf %[[IN]], %[[ZERO]] : f32
// CHECK: linalg.generic
// CHECK: math.erf
// CHECK: linalg.generic
// CHECK: math.sin
// CHECK: linalg.generic
// CHECK: math.cos
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:   arith.divf %[[ONE]], %[[IN]] : f32
// CHECK-NOT: kiln.
!t = !kiln.tensor<[B, D], f32>
func.func @unary_f32(%x: !t) -> (!t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t) {
  %0 = kiln.neg %x : !t
  %1 = kiln.abs %x : !t
  %2 = kiln.exp %x : !t
  %3 = kiln.log %x : !t
  %4 = kiln.sqrt %x : !t
  %5 = kiln.rsqrt %x : !t
  %6 = kiln.tanh %x : !t
  %7 = kiln.relu %x : !t
  %8 = kiln.erf %x : !t
  %9 = kiln.sin %x : !t
  %10 = kiln.cos %x : !t
  %11 = kiln.reciprocal %x : !t
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11
      : !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t
}

// -----

// f16 and bf16 compute in f32 and round once.
// CHECK-LABEL: func.func @unary_half
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[IN:.*]]: bf16, %{{.*}}: bf16):
// CHECK-NEXT:   %[[W:.*]] = arith.extf %[[IN]] : bf16 to f32
// CHECK-NEXT:   %[[R:.*]] = math.exp %[[W]] : f32
// CHECK-NEXT:   %[[N:.*]] = arith.truncf %[[R]] : f32 to bf16
// CHECK-NEXT:   linalg.yield %[[N]] : bf16
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f16, %{{.*}}: f16):
// CHECK-NEXT:   %[[W:.*]] = arith.extf %[[IN]] : f16 to f32
// CHECK-NEXT:   %[[R:.*]] = math.tanh %[[W]] : f32
// CHECK-NEXT:   %[[N:.*]] = arith.truncf %[[R]] : f32 to f16
// CHECK-NEXT:   linalg.yield %[[N]] : f16
func.func @unary_half(%x: !kiln.tensor<[8], bf16>, %y: !kiln.tensor<[8], f16>)
    -> (!kiln.tensor<[8], bf16>, !kiln.tensor<[8], f16>) {
  %0 = kiln.exp %x : !kiln.tensor<[8], bf16>
  %1 = kiln.tanh %y : !kiln.tensor<[8], f16>
  return %0, %1 : !kiln.tensor<[8], bf16>, !kiln.tensor<[8], f16>
}

// -----

// Integer neg, abs and relu.
// CHECK-LABEL: func.func @unary_int
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[IN:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT:   %[[Z:.*]] = arith.constant 0 : i32
// CHECK-NEXT:   arith.subi %[[Z]], %[[IN]] : i32
// CHECK: linalg.generic
// CHECK: math.absi %{{.*}} : i32
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[IN:.*]]: i64, %{{.*}}: i64):
// CHECK-NEXT:   %[[Z:.*]] = arith.constant 0 : i64
// CHECK-NEXT:   arith.maxsi %[[IN]], %[[Z]] : i64
func.func @unary_int(%x: !kiln.tensor<[8], i32>, %y: !kiln.tensor<[8], i64>)
    -> (!kiln.tensor<[8], i32>, !kiln.tensor<[8], i32>, !kiln.tensor<[8], i64>) {
  %0 = kiln.neg %x : !kiln.tensor<[8], i32>
  %1 = kiln.abs %x : !kiln.tensor<[8], i32>
  %2 = kiln.relu %y : !kiln.tensor<[8], i64>
  return %0, %1, %2 : !kiln.tensor<[8], i32>, !kiln.tensor<[8], i32>, !kiln.tensor<[8], i64>
}

// -----

// sigmoid(x) = 1 / (1 + exp(-x)): four generics, the constant 1 a rank-0
// tensor read through a map with no results.
// CHECK-DAG: #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @sigmoid
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[NEG:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<4xf32>)
// CHECK: arith.negf
// CHECK: %[[EXP:.*]] = linalg.generic {{.*}} ins(%[[NEG]] : tensor<4xf32>)
// CHECK: math.exp
// CHECK: %[[DEN:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$SCALAR]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%[[EXP]], %[[ONE]] : tensor<4xf32>, tensor<f32>)
// CHECK: arith.addf
// CHECK: %[[SIG:.*]] = linalg.generic {indexing_maps = [#[[$SCALAR]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%[[ONE]], %[[DEN]] : tensor<f32>, tensor<4xf32>)
// CHECK: arith.divf
// CHECK: return %[[SIG]]
func.func @sigmoid(%x: !kiln.tensor<[4], f32>) -> !kiln.tensor<[4], f32> {
  %0 = kiln.sigmoid %x : !kiln.tensor<[4], f32>
  return %0 : !kiln.tensor<[4], f32>
}

// -----

// silu(x) = x * sigmoid(x).
// CHECK-LABEL: func.func @silu
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: %[[SIG:.*]] = linalg.generic
// CHECK: arith.divf
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[SIG]] : tensor<4xf32>, tensor<4xf32>)
// CHECK: arith.mulf
// CHECK: return %[[Y]]
func.func @silu(%x: !kiln.tensor<[4], f32>) -> !kiln.tensor<[4], f32> {
  %0 = kiln.silu %x : !kiln.tensor<[4], f32>
  return %0 : !kiln.tensor<[4], f32>
}

// -----

// gelu "none": 0.5 * x * (1 + erf(x * 1/sqrt(2))).
// CHECK-LABEL: func.func @gelu_none
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-DAG: %[[HALF:.*]] = arith.constant dense<5.000000e-01> : tensor<f32>
// CHECK-DAG: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK-DAG: %[[RSQRT2:.*]] = arith.constant dense<0.707106769> : tensor<f32>
// CHECK: %[[S:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[RSQRT2]] : tensor<4xf32>, tensor<f32>)
// CHECK: arith.mulf
// CHECK: %[[ERF:.*]] = linalg.generic {{.*}} ins(%[[S]] : tensor<4xf32>)
// CHECK: math.erf
// CHECK: %[[PHI:.*]] = linalg.generic {{.*}} ins(%[[ERF]], %[[ONE]] : tensor<4xf32>, tensor<f32>)
// CHECK: arith.addf
// CHECK: %[[HX:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[HALF]] : tensor<4xf32>, tensor<f32>)
// CHECK: arith.mulf
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[HX]], %[[PHI]] : tensor<4xf32>, tensor<4xf32>)
// CHECK: arith.mulf
// CHECK: return %[[Y]]
// CHECK-NOT: math.tanh
func.func @gelu_none(%x: !kiln.tensor<[4], f32>) -> !kiln.tensor<[4], f32> {
  %0 = kiln.gelu %x : !kiln.tensor<[4], f32>
  return %0 : !kiln.tensor<[4], f32>
}

// -----

// gelu "tanh": 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3))).
// CHECK-LABEL: func.func @gelu_tanh
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-DAG: arith.constant dense<0.797884583> : tensor<f32>
// CHECK-DAG: arith.constant dense<4.471500e-02> : tensor<f32>
// CHECK: %[[X2:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[X]] : tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[X3:.*]] = linalg.generic {{.*}} ins(%[[X2]], %[[X]] : tensor<4xf32>, tensor<4xf32>)
// CHECK: math.tanh
// CHECK-NOT: math.erf
func.func @gelu_tanh(%x: !kiln.tensor<[4], f32>) -> !kiln.tensor<[4], f32> {
  %0 = kiln.gelu %x {approximate = "tanh"} : !kiln.tensor<[4], f32>
  return %0 : !kiln.tensor<[4], f32>
}

// -----

// Binary ops with NumPy broadcasting: [B, D] with [D] (the missing dim is
// dropped from the map), [B, 1] with [1, D] (size-1 dims read index 0),
// [B, D] with a rank-0 scalar, and [B, 1, D] with [S, D].
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$COL0:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$ROW0:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[$NONE:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[$Z:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[$W:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @binary_broadcast
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?xf32>, %[[Y:[^:]*]]: tensor<?xf32>, %[[C:[^:]*]]: tensor<?x1xf32>, %[[R:[^:]*]]: tensor<1x?xf32>, %[[S:[^:]*]]: tensor<f32>, %[[Z:[^:]*]]: tensor<?x1x?xf32>, %[[W:[^:]*]]: tensor<?x?xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[Y]] : tensor<?x?xf32>, tensor<?xf32>)
// CHECK: arith.addf
// CHECK: linalg.generic {indexing_maps = [#[[$ROW]], #[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[Y]], %[[X]] : tensor<?xf32>, tensor<?x?xf32>)
// CHECK: arith.subf
// CHECK: linalg.generic {indexing_maps = [#[[$COL0]], #[[$ROW0]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[C]], %[[R]] : tensor<?x1xf32>, tensor<1x?xf32>)
// CHECK: arith.mulf
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$NONE]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[S]] : tensor<?x?xf32>, tensor<f32>)
// CHECK: arith.divf
// CHECK: linalg.generic {indexing_maps = [#[[$Z]], #[[$W]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[Z]], %[[W]] : tensor<?x1x?xf32>, tensor<?x?xf32>)
// CHECK: arith.maximumf
// CHECK: linalg.generic {indexing_maps = [#[[$ROW]], #[[$ID]], #[[$ID]]], {{.*}} ins(%[[Y]], %[[X]] :
// CHECK: arith.minimumf
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ID]]], {{.*}} ins(%[[X]], %[[Y]] :
// CHECK: math.powf
func.func @binary_broadcast(%x: !kiln.tensor<[B, D], f32>, %y: !kiln.tensor<[D], f32>,
                            %c: !kiln.tensor<[B, 1], f32>, %r: !kiln.tensor<[1, D], f32>,
                            %s: !kiln.tensor<[], f32>, %z: !kiln.tensor<[B, 1, D], f32>,
                            %w: !kiln.tensor<[S, D], f32>)
    -> (!kiln.tensor<[B, D], f32>, !kiln.tensor<[B, D], f32>, !kiln.tensor<[B, D], f32>,
        !kiln.tensor<[B, D], f32>, !kiln.tensor<[B, S, D], f32>, !kiln.tensor<[B, D], f32>,
        !kiln.tensor<[B, D], f32>) {
  %0 = kiln.add %x, %y : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D], f32> -> !kiln.tensor<[B, D], f32>
  %1 = kiln.sub %y, %x : !kiln.tensor<[D], f32>, !kiln.tensor<[B, D], f32> -> !kiln.tensor<[B, D], f32>
  %2 = kiln.mul %c, %r : !kiln.tensor<[B, 1], f32>, !kiln.tensor<[1, D], f32> -> !kiln.tensor<[B, D], f32>
  %3 = kiln.div %x, %s : !kiln.tensor<[B, D], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[B, D], f32>
  %4 = kiln.max %z, %w : !kiln.tensor<[B, 1, D], f32>, !kiln.tensor<[S, D], f32> -> !kiln.tensor<[B, S, D], f32>
  %5 = kiln.min %y, %x : !kiln.tensor<[D], f32>, !kiln.tensor<[B, D], f32> -> !kiln.tensor<[B, D], f32>
  %6 = kiln.pow %x, %y : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D], f32> -> !kiln.tensor<[B, D], f32>
  return %0, %1, %2, %3, %4, %5, %6
      : !kiln.tensor<[B, D], f32>, !kiln.tensor<[B, D], f32>, !kiln.tensor<[B, D], f32>,
        !kiln.tensor<[B, D], f32>, !kiln.tensor<[B, S, D], f32>, !kiln.tensor<[B, D], f32>,
        !kiln.tensor<[B, D], f32>
}

// -----

// A size-1 dim against a size-1 result dim is not a broadcast: it keeps
// its loop index.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @unit_not_broadcast
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ID]]]
func.func @unit_not_broadcast(%a: !kiln.tensor<[1, 4], f32>, %b: !kiln.tensor<[1, 4], f32>) -> !kiln.tensor<[1, 4], f32> {
  %0 = kiln.add %a, %b : !kiln.tensor<[1, 4], f32>, !kiln.tensor<[1, 4], f32> -> !kiln.tensor<[1, 4], f32>
  return %0 : !kiln.tensor<[1, 4], f32>
}

// -----

// Integer binary ops.
// CHECK-LABEL: func.func @binary_int
// CHECK: arith.addi %{{.*}}, %{{.*}} : i32
// CHECK: arith.subi %{{.*}}, %{{.*}} : i32
// CHECK: arith.muli %{{.*}}, %{{.*}} : i32
// CHECK: arith.divsi %{{.*}}, %{{.*}} : i32
// CHECK: arith.maxsi %{{.*}}, %{{.*}} : i64
// CHECK: arith.minsi %{{.*}}, %{{.*}} : i64
!i = !kiln.tensor<[8], i32>
!l = !kiln.tensor<[8], i64>
func.func @binary_int(%a: !i, %b: !i, %c: !l, %d: !l) -> (!i, !i, !i, !i, !l, !l) {
  %0 = kiln.add %a, %b : !i, !i -> !i
  %1 = kiln.sub %a, %b : !i, !i -> !i
  %2 = kiln.mul %a, %b : !i, !i -> !i
  %3 = kiln.div %a, %b : !i, !i -> !i
  %4 = kiln.max %c, %d : !l, !l -> !l
  %5 = kiln.min %c, %d : !l, !l -> !l
  return %0, %1, %2, %3, %4, %5 : !i, !i, !i, !i, !l, !l
}

// -----

// bf16 binary ops compute in f32: both operands are extended.
// CHECK-LABEL: func.func @binary_bf16
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[A:.*]]: bf16, %[[B:.*]]: bf16, %{{.*}}: bf16):
// CHECK-NEXT:   %[[WA:.*]] = arith.extf %[[A]] : bf16 to f32
// CHECK-NEXT:   %[[WB:.*]] = arith.extf %[[B]] : bf16 to f32
// CHECK-NEXT:   %[[P:.*]] = math.powf %[[WA]], %[[WB]] : f32
// CHECK-NEXT:   %[[N:.*]] = arith.truncf %[[P]] : f32 to bf16
// CHECK-NEXT:   linalg.yield %[[N]] : bf16
func.func @binary_bf16(%a: !kiln.tensor<[8], bf16>, %b: !kiln.tensor<[8], bf16>) -> !kiln.tensor<[8], bf16> {
  %0 = kiln.pow %a, %b : !kiln.tensor<[8], bf16>, !kiln.tensor<[8], bf16> -> !kiln.tensor<[8], bf16>
  return %0 : !kiln.tensor<[8], bf16>
}

// -----

// kiln.cmp: ordered float predicates, except `ne` (unordered: NaN != x);
// signed integer predicates; unsigned for i1 (false < true). The result
// is i1.
// CHECK-LABEL: func.func @cmp
// CHECK: %{{.*}} = tensor.empty() : tensor<8xi1>
// CHECK: arith.cmpf oeq, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf une, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf olt, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf ole, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf ogt, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf oge, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpi eq, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi ne, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi sle, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi sgt, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi sge, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i1
// CHECK: arith.cmpi uge, %{{.*}}, %{{.*}} : i1
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[A:.*]]: bf16, %[[B:.*]]: bf16, %{{.*}}: i1):
// CHECK-NEXT:   %[[WA:.*]] = arith.extf %[[A]] : bf16 to f32
// CHECK-NEXT:   %[[WB:.*]] = arith.extf %[[B]] : bf16 to f32
// CHECK-NEXT:   %[[P:.*]] = arith.cmpf olt, %[[WA]], %[[WB]] : f32
// CHECK-NEXT:   linalg.yield %[[P]] : i1
!f = !kiln.tensor<[8], f32>
!i = !kiln.tensor<[8], i32>
!c = !kiln.tensor<[8], i1>
!h = !kiln.tensor<[8], bf16>
func.func @cmp(%a: !f, %b: !f, %i: !i, %j: !i, %p: !c, %q: !c, %h: !h)
    -> (!c, !c, !c, !c, !c, !c, !c, !c, !c, !c, !c, !c, !c, !c, !c) {
  %0 = kiln.cmp %a, %b {predicate = "eq"} : !f, !f -> !c
  %1 = kiln.cmp %a, %b {predicate = "ne"} : !f, !f -> !c
  %2 = kiln.cmp %a, %b {predicate = "lt"} : !f, !f -> !c
  %3 = kiln.cmp %a, %b {predicate = "le"} : !f, !f -> !c
  %4 = kiln.cmp %a, %b {predicate = "gt"} : !f, !f -> !c
  %5 = kiln.cmp %a, %b {predicate = "ge"} : !f, !f -> !c
  %6 = kiln.cmp %i, %j {predicate = "eq"} : !i, !i -> !c
  %7 = kiln.cmp %i, %j {predicate = "ne"} : !i, !i -> !c
  %8 = kiln.cmp %i, %j {predicate = "lt"} : !i, !i -> !c
  %9 = kiln.cmp %i, %j {predicate = "le"} : !i, !i -> !c
  %10 = kiln.cmp %i, %j {predicate = "gt"} : !i, !i -> !c
  %11 = kiln.cmp %i, %j {predicate = "ge"} : !i, !i -> !c
  %12 = kiln.cmp %p, %q {predicate = "lt"} : !c, !c -> !c
  %13 = kiln.cmp %p, %q {predicate = "ge"} : !c, !c -> !c
  %14 = kiln.cmp %h, %h {predicate = "lt"} : !h, !h -> !c
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14
      : !c, !c, !c, !c, !c, !c, !c, !c, !c, !c, !c, !c, !c, !c, !c
}

// -----

// kiln.select: the i1 condition stays i1, the branches broadcast.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$COL0:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$NONE:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @select
// CHECK-SAME: (%[[C:[^:]*]]: tensor<?x1xi1>, %[[A:[^:]*]]: tensor<?xf32>, %[[S:[^:]*]]: tensor<f32>)
// CHECK: linalg.generic {indexing_maps = [#[[$COL0]], #[[$ROW]], #[[$NONE]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[C]], %[[A]], %[[S]] : tensor<?x1xi1>, tensor<?xf32>, tensor<f32>)
// CHECK-NEXT: ^bb0(%[[P:.*]]: i1, %[[T:.*]]: f32, %[[F:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[R:.*]] = arith.select %[[P]], %[[T]], %[[F]] : f32
// CHECK-NEXT:   linalg.yield %[[R]] : f32
func.func @select(%c: !kiln.tensor<[B, 1], i1>, %a: !kiln.tensor<[D], f32>, %s: !kiln.tensor<[], f32>)
    -> !kiln.tensor<[B, D], f32> {
  %0 = kiln.select %c, %a, %s : !kiln.tensor<[B, 1], i1>, !kiln.tensor<[D], f32>, !kiln.tensor<[], f32> -> !kiln.tensor<[B, D], f32>
  return %0 : !kiln.tensor<[B, D], f32>
}

// -----

// kiln.select on bf16 branches: the condition is not extended, the
// branches are (and the result rounded back).
// CHECK-LABEL: func.func @select_bf16
// CHECK: ^bb0(%[[P:.*]]: i1, %[[T:.*]]: bf16, %[[F:.*]]: bf16, %{{.*}}: bf16):
// CHECK-NOT: arith.extf %[[P]] :
// CHECK: arith.select %[[P]]
func.func @select_bf16(%c: !kiln.tensor<[8], i1>, %a: !kiln.tensor<[8], bf16>, %b: !kiln.tensor<[8], bf16>)
    -> !kiln.tensor<[8], bf16> {
  %0 = kiln.select %c, %a, %b : !kiln.tensor<[8], i1>, !kiln.tensor<[8], bf16>, !kiln.tensor<[8], bf16> -> !kiln.tensor<[8], bf16>
  return %0 : !kiln.tensor<[8], bf16>
}

// -----

// kiln.broadcast_to: a generic that yields its input through the broadcast
// map; the result's symbolic dims come from the entry's symbol values.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (0, d2)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @broadcast_to
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x?xf32>, %[[V:[^:]*]]: tensor<?xf32>)
// CHECK-DAG: %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<1x?xf32>
// CHECK-DAG: %[[B:.*]] = tensor.dim %[[V]], %{{.*}} : tensor<?xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[B]], %[[D]]) : tensor<?x7x?xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<1x?xf32>) outs(%[[E]] : tensor<?x7x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   linalg.yield %[[IN]] : f32
func.func @broadcast_to(%x: !kiln.tensor<[1, D], f32>, %v: !kiln.tensor<[B], f32>) -> !kiln.tensor<[B, 7, D], f32> {
  %0 = kiln.broadcast_to %x : !kiln.tensor<[1, D], f32> -> !kiln.tensor<[B, 7, D], f32>
  return %0 : !kiln.tensor<[B, 7, D], f32>
}

// -----

// Programs from outside the project are in the generic op form.
// CHECK-LABEL: func.func @generic_form
// CHECK: linalg.generic
// CHECK: arith.mulf
// CHECK: linalg.generic
// CHECK: math.cos
func.func @generic_form(%x: !kiln.tensor<[S], f32>) -> !kiln.tensor<[S], f32> {
  %0 = "kiln.mul"(%x, %x) : (!kiln.tensor<[S], f32>, !kiln.tensor<[S], f32>) -> !kiln.tensor<[S], f32>
  %1 = "kiln.cos"(%0) : (!kiln.tensor<[S], f32>) -> !kiln.tensor<[S], f32>
  "func.return"(%1) : (!kiln.tensor<[S], f32>) -> ()
}
