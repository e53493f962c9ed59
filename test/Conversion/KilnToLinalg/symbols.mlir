// RUN: kiln-opt %s -convert-kiln-to-linalg -split-input-file | FileCheck %s
//
// How convert-kiln-to-linalg materializes symbolic sizes: the signature
// becomes builtin tensors with `?` for every non-constant dim; each symbol
// is read ONCE at function entry by tensor.dim of the first argument dim
// that names it; each dim expression (B*S, S+2, S floordiv 4, ...) is
// computed ONCE from those, and every op whose type has that dim uses the
// same SSA value; the kiln.facts attribute is dropped. Ops that are not
// Kiln ops are left as they are. (Matmul results are in
// symbols-matmul.mlir.)

// B*S is one arith.muli at entry, shared by the add and the relu that both
// produce [B*S, D]; D is read once, from %x.
// CHECK-LABEL: func.func @shared_product
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?x?xf32>, %[[BIAS:[^:]*]]: tensor<?xf32>) -> tensor<?x?xf32> {
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[B:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x?x?xf32>
// CHECK-DAG: %[[S:.*]] = tensor.dim %[[X]], %[[C1]] : tensor<?x?x?xf32>
// CHECK-DAG: %[[D:.*]] = tensor.dim %[[X]], %[[C2]] : tensor<?x?x?xf32>
// CHECK: %[[BS:.*]] = arith.muli %[[B]], %[[S]] : index
// CHECK-NOT: arith.muli
// CHECK-NOT: tensor.dim
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X]]
// CHECK: %[[E1:.*]] = tensor.empty(%[[BS]], %[[D]]) : tensor<?x?xf32>
// CHECK: %[[ADD:.*]] = linalg.generic {{.*}} ins(%[[FLAT]], %[[BIAS]] : tensor<?x?xf32>, tensor<?xf32>) outs(%[[E1]] : tensor<?x?xf32>)
// CHECK: %[[E2:.*]] = tensor.empty(%[[BS]], %[[D]]) : tensor<?x?xf32>
// CHECK: %[[RELU:.*]] = linalg.generic {{.*}} ins(%[[ADD]] : tensor<?x?xf32>) outs(%[[E2]] : tensor<?x?xf32>)
// CHECK: %[[E3:.*]] = tensor.empty(%[[BS]], %[[D]]) : tensor<?x?xf32>
// CHECK: linalg.generic {{.*}} ins(%[[RELU]], %[[FLAT]] : tensor<?x?xf32>, tensor<?x?xf32>) outs(%[[E3]] : tensor<?x?xf32>)
// CHECK-NOT: tensor.dim
// CHECK-NOT: arith.muli
// CHECK: return
func.func @shared_product(%x: !kiln.tensor<[B, S, D], f32>, %bias: !kiln.tensor<[D], f32>)
    -> !kiln.tensor<[B*S, D], f32> {
  %r = kiln.reshape %x : !kiln.tensor<[B, S, D], f32> -> !kiln.tensor<[B*S, D], f32>
  %a = kiln.add %r, %bias : !kiln.tensor<[B*S, D], f32>, !kiln.tensor<[D], f32> -> !kiln.tensor<[B*S, D], f32>
  %g = kiln.relu %a : !kiln.tensor<[B*S, D], f32>
  %m = kiln.mul %g, %r : !kiln.tensor<[B*S, D], f32>, !kiln.tensor<[B*S, D], f32> -> !kiln.tensor<[B*S, D], f32>
  return %m : !kiln.tensor<[B*S, D], f32>
}

// -----

// A symbol that several arguments name is read from the first one only; the
// other arguments' dims are never read (the caller checks they agree).
// CHECK-LABEL: func.func @first_binding
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?xf32>, %[[Y:[^:]*]]: tensor<?x?xf32>, %[[Z:[^:]*]]: tensor<?x?xf32>)
// CHECK-DAG: %[[B:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?xf32>
// CHECK-DAG: %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?xf32>
// CHECK-DAG: %[[S:.*]] = tensor.dim %[[Z]], %{{.*}} : tensor<?x?xf32>
// CHECK-NOT: tensor.dim %[[Y]]
// CHECK: tensor.empty(%[[B]], %[[D]]) : tensor<?x?xf32>
// CHECK: tensor.empty(%[[S]], %[[B]]) : tensor<?x?xf32>
// CHECK-NOT: tensor.dim
// CHECK: return
func.func @first_binding(%x: !kiln.tensor<[B, D], f32>, %y: !kiln.tensor<[B, D], f32>, %z: !kiln.tensor<[S, B], f32>)
    -> (!kiln.tensor<[B, D], f32>, !kiln.tensor<[S, B], f32>) {
  %0 = kiln.add %x, %y : !kiln.tensor<[B, D], f32>, !kiln.tensor<[B, D], f32> -> !kiln.tensor<[B, D], f32>
  %1 = kiln.exp %z : !kiln.tensor<[S, B], f32>
  return %0, %1 : !kiln.tensor<[B, D], f32>, !kiln.tensor<[S, B], f32>
}

// -----

// S + 2 is one arith.addi shared by two ops; S floordiv 4 is one
// arith.floordivsi; the facts attribute is gone.
// CHECK-LABEL: func.func @expressions
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?xf32>, %[[Y:[^:]*]]: tensor<2xf32>) -> (tensor<?xf32>, tensor<?xf32>, tensor<?x4xf32>) {
// CHECK-NOT: kiln.facts
// CHECK: %[[S:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?xf32>
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[SP2:.*]] = arith.addi %[[S]], %[[C2]] : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[SD4:.*]] = arith.floordivsi %[[S]], %[[C4]] : index
// CHECK: %[[CAT:.*]] = tensor.concat dim(0) %[[X]], %[[Y]]
// CHECK: %[[E1:.*]] = tensor.empty(%[[SP2]]) : tensor<?xf32>
// CHECK: %[[NEG:.*]] = linalg.generic {{.*}} ins(%[[CAT]] : tensor<?xf32>) outs(%[[E1]] : tensor<?xf32>)
// CHECK: %[[E2:.*]] = tensor.empty(%[[SP2]]) : tensor<?xf32>
// CHECK: linalg.generic {{.*}} ins(%[[NEG]] : tensor<?xf32>) outs(%[[E2]] : tensor<?xf32>)
// CHECK: tensor.expand_shape %[[X]] {{\[\[}}0, 1]] output_shape [%[[SD4]], 4] : tensor<?xf32> into tensor<?x4xf32>
// CHECK-NOT: arith.addi
// CHECK: return
func.func @expressions(%x: !kiln.tensor<[S], f32>, %y: !kiln.tensor<[2], f32>)
    -> (!kiln.tensor<[S + 2], f32>, !kiln.tensor<[S + 2], f32>, !kiln.tensor<[S floordiv 4, 4], f32>)
    attributes {kiln.facts = #kiln.facts<S mod 4 == 0, S in [4, 4096]>} {
  %0 = kiln.concat %x, %y {dim = 0 : i64} : !kiln.tensor<[S], f32>, !kiln.tensor<[2], f32> -> !kiln.tensor<[S + 2], f32>
  %1 = kiln.neg %0 : !kiln.tensor<[S + 2], f32>
  %2 = kiln.exp %1 : !kiln.tensor<[S + 2], f32>
  %3 = kiln.reshape %x : !kiln.tensor<[S], f32> -> !kiln.tensor<[S floordiv 4, 4], f32>
  return %1, %2, %3 : !kiln.tensor<[S + 2], f32>, !kiln.tensor<[S + 2], f32>, !kiln.tensor<[S floordiv 4, 4], f32>
}

// -----

// ceildiv and a non-negative mod.
// CHECK-LABEL: func.func @ceildiv_mod
// CHECK-SAME: (%[[X:.*]]: tensor<?xf32>)
// CHECK-DAG: %[[S:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?xf32>
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[CD:.*]] = arith.ceildivsi %[[S]], %[[C4]] : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[REM:.*]] = arith.remsi %[[S]], %[[C3]] : index
// CHECK-DAG: %[[NEG:.*]] = arith.cmpi slt, %[[REM]], %{{.*}} : index
// CHECK-DAG: %[[UP:.*]] = arith.addi %[[REM]], %[[C3]] : index
// CHECK-DAG: %[[MOD:.*]] = arith.select %[[NEG]], %[[UP]], %[[REM]] : index
// CHECK-DAG: tensor.empty(%[[CD]]) : tensor<?xf32>
// CHECK-DAG: tensor.empty(%[[MOD]]) : tensor<?x2xf32>
func.func @ceildiv_mod(%x: !kiln.tensor<[S], f32>)
    -> (!kiln.tensor<[S ceildiv 4], f32>, !kiln.tensor<[S mod 3, 2], f32>) {
  %0 = kiln.reduce_sum %x {dims = array<i64: 0>, keepdim = true} : !kiln.tensor<[S], f32> -> !kiln.tensor<[1], f32>
  %1 = kiln.broadcast_to %0 : !kiln.tensor<[1], f32> -> !kiln.tensor<[S ceildiv 4], f32>
  %2 = kiln.broadcast_to %0 : !kiln.tensor<[1], f32> -> !kiln.tensor<[S mod 3, 2], f32>
  return %1, %2 : !kiln.tensor<[S ceildiv 4], f32>, !kiln.tensor<[S mod 3, 2], f32>
}

// -----

// `?` dims name no symbol: each op reads the size from its own operand.
// CHECK-LABEL: func.func @unknown_dims
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?xf32>, %[[Y:[^:]*]]: tensor<?xf32>) -> tensor<?x?xf32>
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[D:.*]] = tensor.dim %[[X]], %[[C1]] : tensor<?x?xf32>
// CHECK: %[[Q:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x?xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[Q]], %[[D]]) : tensor<?x?xf32>
// CHECK: linalg.generic {{.*}} ins(%[[X]], %[[Y]] : tensor<?x?xf32>, tensor<?xf32>) outs(%[[E]] : tensor<?x?xf32>)
func.func @unknown_dims(%x: !kiln.tensor<[?, D], f32>, %y: !kiln.tensor<[D], f32>) -> !kiln.tensor<[?, D], f32> {
  %0 = kiln.add %x, %y : !kiln.tensor<[?, D], f32>, !kiln.tensor<[D], f32> -> !kiln.tensor<[?, D], f32>
  return %0 : !kiln.tensor<[?, D], f32>
}

// -----

// Declarations and calls are converted too; the callee's body is elsewhere.
// CHECK-LABEL: func.func private @external(tensor<?xf32>) -> tensor<?xf32>
// CHECK-LABEL: func.func @caller
// CHECK-SAME: (%[[X:.*]]: tensor<?xf32>) -> tensor<?xf32>
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?xf32>
// CHECK: %[[R:.*]] = call @external(%[[X]]) : (tensor<?xf32>) -> tensor<?xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK: linalg.generic {{.*}} ins(%[[R]] : tensor<?xf32>) outs(%[[E]] : tensor<?xf32>)
func.func private @external(!kiln.tensor<[N], f32>) -> !kiln.tensor<[N], f32>
func.func @caller(%x: !kiln.tensor<[N], f32>) -> !kiln.tensor<[N], f32> {
  %0 = call @external(%x) : (!kiln.tensor<[N], f32>) -> !kiln.tensor<[N], f32>
  %1 = kiln.neg %0 : !kiln.tensor<[N], f32>
  return %1 : !kiln.tensor<[N], f32>
}

// -----

// A function with no Kiln types or ops is left alone, op for op.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @not_kiln
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4xf32>, %[[I:[^:]*]]: index) -> (tensor<4xf32>, index) {
// CHECK-NEXT: %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[J:.*]] = arith.addi %[[I]], %[[C1]] : index
// CHECK-NEXT: %[[E:.*]] = tensor.empty() : tensor<4xf32>
// CHECK-NEXT: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel"]} ins(%[[X]] : tensor<4xf32>) outs(%[[E]] : tensor<4xf32>) {
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[N:.*]] = arith.negf %[[A]] : f32
// CHECK-NEXT:   linalg.yield %[[N]] : f32
// CHECK-NEXT: } -> tensor<4xf32>
// CHECK-NEXT: return %[[Y]], %[[J]] : tensor<4xf32>, index
// CHECK-NEXT: }
func.func @not_kiln(%x: tensor<4xf32>, %i: index) -> (tensor<4xf32>, index) {
  %c1 = arith.constant 1 : index
  %j = arith.addi %i, %c1 : index
  %e = tensor.empty() : tensor<4xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  } -> tensor<4xf32>
  return %y, %j : tensor<4xf32>, index
}

// -----

// A Kiln function with static shapes reads no sizes at all.
// CHECK-LABEL: func.func @static_only
// CHECK-NOT: tensor.dim
// CHECK-NOT: arith.muli
// CHECK: return
func.func @static_only(%x: !kiln.tensor<[2, 3], f32>) -> !kiln.tensor<[6], f32> {
  %0 = kiln.reshape %x : !kiln.tensor<[2, 3], f32> -> !kiln.tensor<[6], f32>
  %1 = kiln.neg %0 : !kiln.tensor<[6], f32>
  return %1 : !kiln.tensor<[6], f32>
}
