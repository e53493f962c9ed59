// RUN: kiln-opt %s -kiln-simplify-shapes -split-input-file | FileCheck %s
//
// -kiln-simplify-shapes rewrites the Kiln types of a function that declares
// `kiln.facts` into their simplest form under the facts: argument types,
// result types (the function signature), op result types, and the types of
// values in nested regions. Types are uniqued fact-free, so without the pass
// `(S floordiv 8)*8` prints as `8*(S floordiv 8)`. Functions without facts,
// and dims that the facts do not simplify, are left alone.

// With S mod 8 == 0, (S floordiv 8)*8 is S and S mod 8 + 1 is 1, in the
// arguments, the results and the op results.
// CHECK-LABEL: func.func @divisibility
// CHECK-SAME: (%[[X:.*]]: !kiln.tensor<[B, S], f32>, %[[W:.*]]: !kiln.tensor<[S, N], f32>, %[[P:.*]]: !kiln.tensor<[1], f32>)
// CHECK-SAME: -> (!kiln.tensor<[B, N], f32>, !kiln.tensor<[N, S], f32>, !kiln.tensor<[1], f32>)
// CHECK-SAME: attributes {kiln.facts = #kiln.facts<S mod 8 == 0>}
// CHECK-NEXT: %[[M:.*]] = kiln.matmul %[[X]], %[[W]] : !kiln.tensor<[B, S], f32>, !kiln.tensor<[S, N], f32> -> !kiln.tensor<[B, N], f32>
// CHECK-NEXT: %[[T:.*]] = kiln.transpose %[[W]] {perm = array<i64: 1, 0>} : !kiln.tensor<[S, N], f32> -> !kiln.tensor<[N, S], f32>
// CHECK-NEXT: %[[E:.*]] = kiln.exp %[[P]] : !kiln.tensor<[1], f32>
// CHECK-NEXT: return %[[M]], %[[T]], %[[E]] : !kiln.tensor<[B, N], f32>, !kiln.tensor<[N, S], f32>, !kiln.tensor<[1], f32>
func.func @divisibility(%x: !kiln.tensor<[B, S], f32>, %w: !kiln.tensor<[(S floordiv 8)*8, N], f32>,
                        %p: !kiln.tensor<[S mod 8 + 1], f32>)
    -> (!kiln.tensor<[B, N], f32>, !kiln.tensor<[N, (S floordiv 8)*8], f32>, !kiln.tensor<[S mod 8 + 1], f32>)
    attributes {kiln.facts = #kiln.facts<S mod 8 == 0>} {
  %0 = kiln.matmul %x, %w : !kiln.tensor<[B, S], f32>, !kiln.tensor<[(S floordiv 8)*8, N], f32> -> !kiln.tensor<[B, N], f32>
  %1 = kiln.transpose %w {perm = array<i64: 1, 0>} : !kiln.tensor<[(S floordiv 8)*8, N], f32> -> !kiln.tensor<[N, (S floordiv 8)*8], f32>
  %2 = kiln.exp %p : !kiln.tensor<[S mod 8 + 1], f32>
  return %0, %1, %2 : !kiln.tensor<[B, N], f32>, !kiln.tensor<[N, (S floordiv 8)*8], f32>, !kiln.tensor<[S mod 8 + 1], f32>
}

// -----

// With B in [1, 4096], B floordiv 8192 is 0.
// CHECK-LABEL: func.func @range
// CHECK-SAME: (%[[X:.*]]: !kiln.tensor<[B, S], f32>, %[[Y:.*]]: !kiln.tensor<[S], f32>) -> !kiln.tensor<[B, S], f32>
// CHECK-SAME: attributes {kiln.facts = #kiln.facts<B in [1, 4096]>}
// CHECK-NEXT: %[[R:.*]] = kiln.add %[[X]], %[[Y]] : !kiln.tensor<[B, S], f32>, !kiln.tensor<[S], f32> -> !kiln.tensor<[B, S], f32>
// CHECK-NEXT: return %[[R]] : !kiln.tensor<[B, S], f32>
func.func @range(%x: !kiln.tensor<[B, S], f32>, %y: !kiln.tensor<[B floordiv 8192 + S], f32>)
    -> !kiln.tensor<[B, B floordiv 8192 + S], f32> attributes {kiln.facts = #kiln.facts<B in [1, 4096]>} {
  %0 = kiln.add %x, %y : !kiln.tensor<[B, S], f32>, !kiln.tensor<[B floordiv 8192 + S], f32>
      -> !kiln.tensor<[B, B floordiv 8192 + S], f32>
  return %0 : !kiln.tensor<[B, B floordiv 8192 + S], f32>
}

// -----

// Values inside nested regions are rewritten too.
// CHECK-LABEL: func.func @nested_region
// CHECK-SAME: (%[[X:.*]]: !kiln.tensor<[S], f32>) -> !kiln.tensor<[S], f32>
// CHECK-NEXT: %[[R:.*]] = scf.execute_region -> !kiln.tensor<[S], f32> {
// CHECK-NEXT: %[[C:.*]] = kiln.cast %[[X]] : !kiln.tensor<[S], f32> -> !kiln.tensor<[S], f32>
// CHECK-NEXT: %[[N:.*]] = kiln.neg %[[C]] : !kiln.tensor<[S], f32>
// CHECK-NEXT: scf.yield %[[N]] : !kiln.tensor<[S], f32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]] : !kiln.tensor<[S], f32>
func.func @nested_region(%x: !kiln.tensor<[S], f32>) -> !kiln.tensor<[(S floordiv 4)*4], f32>
    attributes {kiln.facts = #kiln.facts<S mod 4 == 0>} {
  %0 = scf.execute_region -> !kiln.tensor<[(S floordiv 4)*4], f32> {
    %1 = kiln.cast %x : !kiln.tensor<[S], f32> -> !kiln.tensor<[(S floordiv 4)*4], f32>
    %2 = kiln.neg %1 : !kiln.tensor<[(S floordiv 4)*4], f32>
    scf.yield %2 : !kiln.tensor<[(S floordiv 4)*4], f32>
  }
  return %0 : !kiln.tensor<[(S floordiv 4)*4], f32>
}

// -----

// Dims that the facts do not decide stay: S mod 8 == 0 says nothing about
// (S floordiv 16)*16, and B in [1, 4096] says nothing about B floordiv 2.
// CHECK-LABEL: func.func @not_simplified
// CHECK-SAME: (%[[X:.*]]: !kiln.tensor<[B, S], f32>, %[[Y:.*]]: !kiln.tensor<[16*(S floordiv 16)], f32>, %[[Z:.*]]: !kiln.tensor<[B floordiv 2], f32>)
// CHECK-SAME: -> (!kiln.tensor<[16*(S floordiv 16)], f32>, !kiln.tensor<[B floordiv 2], f32>)
// CHECK-NEXT: %[[N:.*]] = kiln.neg %[[Y]] : !kiln.tensor<[16*(S floordiv 16)], f32>
// CHECK-NEXT: %[[M:.*]] = kiln.neg %[[Z]] : !kiln.tensor<[B floordiv 2], f32>
// CHECK-NEXT: return %[[N]], %[[M]]
func.func @not_simplified(%x: !kiln.tensor<[B, S], f32>, %y: !kiln.tensor<[(S floordiv 16)*16], f32>, %z: !kiln.tensor<[B floordiv 2], f32>)
    -> (!kiln.tensor<[(S floordiv 16)*16], f32>, !kiln.tensor<[B floordiv 2], f32>)
    attributes {kiln.facts = #kiln.facts<B in [1, 4096], S mod 8 == 0>} {
  %0 = kiln.neg %y : !kiln.tensor<[(S floordiv 16)*16], f32>
  %1 = kiln.neg %z : !kiln.tensor<[B floordiv 2], f32>
  return %0, %1 : !kiln.tensor<[(S floordiv 16)*16], f32>, !kiln.tensor<[B floordiv 2], f32>
}

// -----

// Without facts nothing changes: the same dims stay in their fact-free form.
// CHECK-LABEL: func.func @no_facts
// CHECK-SAME: (%[[X:.*]]: !kiln.tensor<[S], f32>, %[[Y:.*]]: !kiln.tensor<[8*(S floordiv 8)], f32>) -> !kiln.tensor<[8*(S floordiv 8)], f32> {
// CHECK-NEXT: %[[N:.*]] = kiln.neg %[[Y]] : !kiln.tensor<[8*(S floordiv 8)], f32>
// CHECK-NEXT: return %[[N]] : !kiln.tensor<[8*(S floordiv 8)], f32>
func.func @no_facts(%x: !kiln.tensor<[S], f32>, %y: !kiln.tensor<[(S floordiv 8)*8], f32>) -> !kiln.tensor<[(S floordiv 8)*8], f32> {
  %0 = kiln.neg %y : !kiln.tensor<[(S floordiv 8)*8], f32>
  return %0 : !kiln.tensor<[(S floordiv 8)*8], f32>
}

// -----

// Facts are per function: a function with facts next to one without only
// changes the former.
// CHECK-LABEL: func.func @with_facts
// CHECK-SAME: (%{{.*}}: !kiln.tensor<[S], f32>, %{{.*}}: !kiln.tensor<[S], f32>) -> !kiln.tensor<[S], f32>
// CHECK-LABEL: func.func @without_facts
// CHECK-SAME: (%{{.*}}: !kiln.tensor<[S], f32>, %{{.*}}: !kiln.tensor<[8*(S floordiv 8)], f32>) -> !kiln.tensor<[8*(S floordiv 8)], f32>
func.func @with_facts(%x: !kiln.tensor<[S], f32>, %y: !kiln.tensor<[(S floordiv 8)*8], f32>) -> !kiln.tensor<[(S floordiv 8)*8], f32>
    attributes {kiln.facts = #kiln.facts<S mod 8 == 0>} {
  return %y : !kiln.tensor<[(S floordiv 8)*8], f32>
}
func.func @without_facts(%x: !kiln.tensor<[S], f32>, %y: !kiln.tensor<[(S floordiv 8)*8], f32>) -> !kiln.tensor<[(S floordiv 8)*8], f32> {
  return %y : !kiln.tensor<[(S floordiv 8)*8], f32>
}
