// RUN: kiln-opt %s --kiln-plan-memory -split-input-file | FileCheck %s
//
// kiln-plan-memory on bufferized functions: the intermediates (memref.alloc
// in the function's top block whose buffer does not escape) become
// memref.view ops into ONE arena (memref<?xi8>, 64-byte aligned) allocated
// before the first of them. Every intermediate's size is rounded up to 64
// bytes; slots are reused greedily, in program order, once their occupant
// is dead; a slot's size is the max of its occupants'.
//   - static shapes: constant offsets, and kiln.arena_bytes,
//     kiln.naive_bytes (sum of the rounded sizes) and kiln.lower_bound_bytes
//     (largest rounded set live at once) on the function;
//   - live ranges run to the last use of any view of the buffer, including
//     uses in nested regions;
//   - symbolic shapes: sizes, slot sizes (arith.maxui) and offsets
//     (arith.addi) computed from the size operands before the arena, and no
//     kiln.* attributes;
//   - left alone: returned buffers, buffers whose view is returned (also
//     through an scf.if result or an scf.for's tied result), allocations
//     inside loops, allocations whose
//     size is computed after the first intermediate, and non-int/float
//     element types.

// a (128 B) and b (40 -> 64 B) overlap: two slots. Then a and b are dead:
// c (3 -> 64 B) reuses slot 0 and d (128 B) reuses slot 1, growing it to
// 128 B. Arena 128 + 128 = 256; naive 128 + 64 + 64 + 128 = 384; largest live
// set a + b = c + d = 192 (first fit leaves slot 0 partly unused).
// CHECK-LABEL: func.func @static
// CHECK-SAME: (%[[IN:[^:]*]]: memref<32xf32>, %[[OUT:[^:]*]]: memref<8x4xf32>)
// CHECK-SAME: attributes {kiln.arena_bytes = 256 : i64, kiln.lower_bound_bytes = 192 : i64, kiln.naive_bytes = 384 : i64}
// CHECK: %[[SIZE:.*]] = arith.constant 256 : index
// CHECK-NEXT: %[[ARENA:.*]] = memref.alloc(%[[SIZE]]) {alignment = 64 : i64} : memref<?xi8>
// CHECK-NEXT: %[[OFF_A:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[A:.*]] = memref.view %[[ARENA]][%[[OFF_A]]][] : memref<?xi8> to memref<32xf32>
// CHECK-NEXT: memref.copy %[[IN]], %[[A]]
// CHECK-NEXT: %[[OFF_B:.*]] = arith.constant 128 : index
// CHECK-NEXT: %[[B:.*]] = memref.view %[[ARENA]][%[[OFF_B]]][] : memref<?xi8> to memref<10xf32>
// CHECK: %[[OFF_C:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[C:.*]] = memref.view %[[ARENA]][%[[OFF_C]]][] : memref<?xi8> to memref<3xi8>
// CHECK-NEXT: %[[OFF_D:.*]] = arith.constant 128 : index
// CHECK-NEXT: %[[D:.*]] = memref.view %[[ARENA]][%[[OFF_D]]][] : memref<?xi8> to memref<8x4xf32>
// CHECK: memref.store %{{.*}}, %[[C]][%{{.*}}] : memref<3xi8>
// CHECK: memref.subview %[[D]][0, 0] [1, 4] [1, 1]
// CHECK: memref.copy %[[D]], %[[OUT]]
// CHECK-NOT: memref.alloc
// CHECK: return
func.func @static(%in: memref<32xf32>, %out: memref<8x4xf32>) {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<32xf32>
  memref.copy %in, %a : memref<32xf32> to memref<32xf32>
  %b = memref.alloc() : memref<10xf32>
  %v = memref.load %a[%c0] : memref<32xf32>
  memref.store %v, %b[%c0] : memref<10xf32>
  %w = memref.load %b[%c0] : memref<10xf32>
  %c = memref.alloc() : memref<3xi8>
  %d = memref.alloc() : memref<8x4xf32>
  %i = arith.fptosi %w : f32 to i8
  memref.store %i, %c[%c0] : memref<3xi8>
  %j = memref.load %c[%c0] : memref<3xi8>
  %f = arith.sitofp %j : i8 to f32
  %row = memref.subview %d[0, 0] [1, 4] [1, 1] : memref<8x4xf32> to memref<4xf32, strided<[1]>>
  memref.store %f, %row[%c0] : memref<4xf32, strided<[1]>>
  memref.copy %d, %out : memref<8x4xf32> to memref<8x4xf32>
  return
}

// -----

// a's last use is through a view of it (collapse_shape), inside a loop: a is
// live until the loop, so b takes a new slot; c, allocated after the loop,
// reuses a's.
// CHECK-LABEL: func.func @alias_in_loop
// CHECK-SAME: (%[[IN:[^:]*]]: memref<4x4xf32>, %[[OUT:[^:]*]]: memref<16xf32>)
// CHECK-SAME: attributes {kiln.arena_bytes = 128 : i64, kiln.lower_bound_bytes = 128 : i64, kiln.naive_bytes = 192 : i64}
// CHECK: %[[SIZE:.*]] = arith.constant 128 : index
// CHECK-NEXT: %[[ARENA:.*]] = memref.alloc(%[[SIZE]]) {alignment = 64 : i64} : memref<?xi8>
// CHECK-NEXT: %[[OFF_A:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[A:.*]] = memref.view %[[ARENA]][%[[OFF_A]]][] : memref<?xi8> to memref<4x4xf32>
// CHECK: %[[FLAT:.*]] = memref.collapse_shape %[[A]]
// CHECK-NEXT: %[[OFF_B:.*]] = arith.constant 64 : index
// CHECK-NEXT: %[[B:.*]] = memref.view %[[ARENA]][%[[OFF_B]]][] : memref<?xi8> to memref<16xf32>
// CHECK: scf.for
// CHECK: memref.load %[[FLAT]]
// CHECK: memref.store %{{.*}}, %[[B]]
// CHECK: }
// CHECK-NEXT: %[[OFF_C:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[C:.*]] = memref.view %[[ARENA]][%[[OFF_C]]][] : memref<?xi8> to memref<16xf32>
// CHECK-NEXT: memref.copy %[[B]], %[[C]]
// CHECK-NEXT: memref.copy %[[C]], %[[OUT]]
func.func @alias_in_loop(%in: memref<4x4xf32>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %a = memref.alloc() : memref<4x4xf32>
  memref.copy %in, %a : memref<4x4xf32> to memref<4x4xf32>
  %flat = memref.collapse_shape %a [[0, 1]] : memref<4x4xf32> into memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  scf.for %i = %c0 to %c16 step %c1 {
    %v = memref.load %flat[%i] : memref<16xf32>
    memref.store %v, %b[%i] : memref<16xf32>
  }
  %c = memref.alloc() : memref<16xf32>
  memref.copy %b, %c : memref<16xf32> to memref<16xf32>
  memref.copy %c, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Symbolic sizes: n * 4 * 1024 bytes for a and c, n * 4 * 512 for b, each
// rounded up ((x + 63) & -64). a and b overlap; c reuses a's slot, whose
// size is max(a, c); b's offset is slot 0's size; the arena is the sum of
// both slots. No attributes (sizes are not constants).
// CHECK-LABEL: func.func @symbolic
// CHECK-SAME: (%[[X:[^:]*]]: memref<?x1024xf32>, %[[OUT:[^:]*]]: memref<?x1024xf32>) {
// CHECK-NOT: kiln.
// CHECK: %[[N:.*]] = memref.dim %[[X]], %{{.*}} : memref<?x1024xf32>
// CHECK: %[[A0:.*]] = arith.muli %{{.*}}, %[[N]] : index
// CHECK: %[[A1:.*]] = arith.muli %[[A0]], %{{.*}} : index
// CHECK: %[[A2:.*]] = arith.addi %[[A1]], %{{.*}} : index
// CHECK: %[[ABYTES:.*]] = arith.andi %[[A2]], %{{.*}} : index
// CHECK: %[[B0:.*]] = arith.muli %{{.*}}, %[[N]] : index
// CHECK: %[[B1:.*]] = arith.muli %[[B0]], %{{.*}} : index
// CHECK: %[[B2:.*]] = arith.addi %[[B1]], %{{.*}} : index
// CHECK: %[[BBYTES:.*]] = arith.andi %[[B2]], %{{.*}} : index
// CHECK: %[[C0:.*]] = arith.muli %{{.*}}, %[[N]] : index
// CHECK: %[[C1:.*]] = arith.muli %[[C0]], %{{.*}} : index
// CHECK: %[[C2:.*]] = arith.addi %[[C1]], %{{.*}} : index
// CHECK: %[[CBYTES:.*]] = arith.andi %[[C2]], %{{.*}} : index
// CHECK: %[[S0A:.*]] = arith.maxui %{{.*}}, %[[ABYTES]] : index
// CHECK: %[[S1:.*]] = arith.maxui %{{.*}}, %[[BBYTES]] : index
// CHECK: %[[S0:.*]] = arith.maxui %[[S0A]], %[[CBYTES]] : index
// CHECK: %[[OFF_B:.*]] = arith.addi %{{.*}}, %[[S0]] : index
// CHECK: %[[TOTAL:.*]] = arith.addi %[[OFF_B]], %[[S1]] : index
// CHECK-NEXT: %[[ARENA:.*]] = memref.alloc(%[[TOTAL]]) {alignment = 64 : i64} : memref<?xi8>
// CHECK-NEXT: %[[OFF_A:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[A:.*]] = memref.view %[[ARENA]][%[[OFF_A]]][%[[N]]] : memref<?xi8> to memref<?x1024xf32>
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%[[OFF_B]]][%[[N]]] : memref<?xi8> to memref<?x512xf32>
// CHECK: %[[OFF_C:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[C:.*]] = memref.view %[[ARENA]][%[[OFF_C]]][%[[N]]] : memref<?xi8> to memref<?x1024xf32>
// CHECK-NOT: memref.alloc
// CHECK: memref.copy %[[C]], %[[OUT]]
func.func @symbolic(%x: memref<?x1024xf32>, %out: memref<?x1024xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x1024xf32>
  %a = memref.alloc(%n) : memref<?x1024xf32>
  memref.copy %x, %a : memref<?x1024xf32> to memref<?x1024xf32>
  %b = memref.alloc(%n) : memref<?x512xf32>
  %v = memref.load %a[%c0, %c0] : memref<?x1024xf32>
  memref.store %v, %b[%c0, %c0] : memref<?x512xf32>
  %c = memref.alloc(%n) : memref<?x1024xf32>
  %w = memref.load %b[%c0, %c0] : memref<?x512xf32>
  memref.store %w, %c[%c0, %c0] : memref<?x1024xf32>
  memref.copy %c, %out : memref<?x1024xf32> to memref<?x1024xf32>
  return
}

// -----

// A returned buffer and a buffer whose view is returned escape: nothing to
// plan.
// CHECK-LABEL: func.func @escapes
// CHECK-SAME: (%[[IN:[^:]*]]: memref<4x4xf32>) -> (memref<4x4xf32>, memref<16xf32>) {
// CHECK-NEXT: %[[R:.*]] = memref.alloc() : memref<4x4xf32>
// CHECK-NEXT: memref.copy %[[IN]], %[[R]]
// CHECK-NEXT: %[[S:.*]] = memref.alloc() : memref<4x4xf32>
// CHECK-NEXT: memref.copy %[[IN]], %[[S]]
// CHECK-NEXT: %[[V:.*]] = memref.collapse_shape %[[S]]
// CHECK-NEXT: return %[[R]], %[[V]]
func.func @escapes(%in: memref<4x4xf32>) -> (memref<4x4xf32>, memref<16xf32>) {
  %r = memref.alloc() : memref<4x4xf32>
  memref.copy %in, %r : memref<4x4xf32> to memref<4x4xf32>
  %s = memref.alloc() : memref<4x4xf32>
  memref.copy %in, %s : memref<4x4xf32> to memref<4x4xf32>
  %v = memref.collapse_shape %s [[0, 1]] : memref<4x4xf32> into memref<16xf32>
  return %r, %v : memref<4x4xf32>, memref<16xf32>
}

// -----

// Only the intermediate t is planned; the returned r stays an allocation.
// CHECK-LABEL: func.func @escapes_and_intermediate
// CHECK-SAME: (%[[IN:[^:]*]]: memref<16xf32>) -> memref<16xf32>
// CHECK-SAME: attributes {kiln.arena_bytes = 64 : i64, kiln.lower_bound_bytes = 64 : i64, kiln.naive_bytes = 64 : i64}
// CHECK: %[[ARENA:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi8>
// CHECK: %[[T:.*]] = memref.view %[[ARENA]][%{{.*}}][] : memref<?xi8> to memref<16xf32>
// CHECK: %[[R:.*]] = memref.alloc() : memref<16xf32>
// CHECK: memref.copy %[[T]], %[[R]]
// CHECK: return %[[R]]
func.func @escapes_and_intermediate(%in: memref<16xf32>) -> memref<16xf32> {
  %t = memref.alloc() : memref<16xf32>
  memref.copy %in, %t : memref<16xf32> to memref<16xf32>
  %r = memref.alloc() : memref<16xf32>
  memref.copy %t, %r : memref<16xf32> to memref<16xf32>
  return %r : memref<16xf32>
}

// -----

// An allocation inside a loop is not planned (nor is anything else here).
// CHECK-LABEL: func.func @in_loop
// CHECK-NOT: kiln.
// CHECK-NOT: memref.view
// CHECK: scf.for
// CHECK-NEXT: %[[T:.*]] = memref.alloc() : memref<16xf32>
// CHECK-NEXT: memref.copy %{{.*}}, %[[T]]
// CHECK-NOT: memref.view
// CHECK: return
func.func @in_loop(%in: memref<16xf32>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %t = memref.alloc() : memref<16xf32>
    memref.copy %in, %t : memref<16xf32> to memref<16xf32>
    memref.copy %t, %out : memref<16xf32> to memref<16xf32>
  }
  return
}

// -----

// b's size is computed after a (the first intermediate), where the arena
// is allocated: b stays an allocation, a is planned.
// CHECK-LABEL: func.func @late_size
// CHECK-SAME: attributes {kiln.arena_bytes = 64 : i64, kiln.lower_bound_bytes = 64 : i64, kiln.naive_bytes = 64 : i64}
// CHECK: %[[ARENA:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi8>
// CHECK: memref.view %[[ARENA]][%{{.*}}][] : memref<?xi8> to memref<16xf32>
// CHECK: %[[M:.*]] = memref.dim
// CHECK-NEXT: %[[B:.*]] = memref.alloc(%[[M]]) : memref<?xf32>
// CHECK-NOT: memref.view
// CHECK: return
func.func @late_size(%x: memref<?xf32>, %y: memref<?xf32>, %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<16xf32>
  %v = memref.load %x[%c0] : memref<?xf32>
  memref.store %v, %a[%c0] : memref<16xf32>
  %m = memref.dim %y, %c0 : memref<?xf32>
  %b = memref.alloc(%m) : memref<?xf32>
  memref.copy %y, %b : memref<?xf32> to memref<?xf32>
  %w = memref.load %a[%c0] : memref<16xf32>
  memref.store %w, %b[%c0] : memref<?xf32>
  memref.copy %b, %out : memref<?xf32> to memref<?xf32>
  return
}

// -----

// index elements (no fixed byte size) are not planned.
// CHECK-LABEL: func.func @index_elements
// CHECK-NOT: memref.view
// CHECK: memref.alloc() : memref<4xindex>
// CHECK-NOT: memref.view
// CHECK: return
func.func @index_elements(%i: index, %out: memref<4xindex>) {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<4xindex>
  memref.store %i, %a[%c0] : memref<4xindex>
  memref.copy %a, %out : memref<4xindex> to memref<4xindex>
  return
}

// -----

// An alias that flows through an scf.if result: r may be a or b, so both
// live until the copy of r, after c is allocated. c must not share a slot
// with them: every planned buffer here is live at that copy, so whatever is
// planned (a, b and c, or only c if buffers yielded by regions are not
// planned) fits exactly: arena = naive = lower bound (192 or 64). Sharing
// a's slot gives arena 128 < naive 192.
// CHECK-LABEL: func.func @alias_through_if
// CHECK-SAME: (%{{[^:]*}}: i1, %[[IN:[^:]*]]: memref<16xf32>, %[[OUT:[^:]*]]: memref<16xf32>)
// CHECK-SAME: attributes {kiln.arena_bytes = [[N:192|64]] : i64, kiln.lower_bound_bytes = [[N]] : i64, kiln.naive_bytes = [[N]] : i64}
// CHECK: scf.if
// CHECK: return
func.func @alias_through_if(%cond: i1, %in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %in, %b : memref<16xf32> to memref<16xf32>
  %r = scf.if %cond -> memref<16xf32> {
    scf.yield %a : memref<16xf32>
  } else {
    scf.yield %b : memref<16xf32>
  }
  %c = memref.alloc() : memref<16xf32>
  memref.copy %in, %c : memref<16xf32> to memref<16xf32>
  memref.copy %r, %out : memref<16xf32> to memref<16xf32>
  memref.copy %c, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Buffers returned through an scf.if result escape: not planned (a view
// into the arena must never be returned).
// CHECK-LABEL: func.func @escapes_through_if
// CHECK-NOT: kiln.
// CHECK-NOT: memref.view
// CHECK: %[[A:.*]] = memref.alloc() : memref<16xf32>
// CHECK: %[[B:.*]] = memref.alloc() : memref<16xf32>
// CHECK: %[[R:.*]] = scf.if
// CHECK-NEXT: scf.yield %[[A]]
// CHECK: scf.yield %[[B]]
// CHECK: return %[[R]]
func.func @escapes_through_if(%cond: i1, %in: memref<16xf32>) -> memref<16xf32> {
  %a = memref.alloc() : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %in, %b : memref<16xf32> to memref<16xf32>
  %r = scf.if %cond -> memref<16xf32> {
    scf.yield %a : memref<16xf32>
  } else {
    scf.yield %b : memref<16xf32>
  }
  return %r : memref<16xf32>
}

// -----

// The pass runs before deallocation; given a dealloc anyway, it must not
// leave a memref.dealloc of a view into the arena (that frees the arena's
// base pointer).
// CHECK-LABEL: func.func @existing_dealloc
// CHECK-NOT: memref.dealloc %view
// CHECK: return
func.func @existing_dealloc(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  memref.copy %a, %out : memref<16xf32> to memref<16xf32>
  memref.dealloc %a : memref<16xf32>
  return
}

// -----

// A buffer carried through an scf.for is aliased by the loop's results: %a
// is returned through the loop (left alone), and %b lives as long as the
// loop's result is used (to the copy), so %c cannot take its slot.
// CHECK-LABEL: func.func @loop_carried
// CHECK-SAME: attributes {kiln.arena_bytes = 128 : i64
// CHECK: %[[A:.*]] = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
// CHECK: %[[ARENA:.*]] = memref.alloc(%c128) {alignment = 64 : i64} : memref<?xi8>
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<?xi8> to memref<16xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[A]], %{{.*}} = %[[B]])
// CHECK: memref.view %[[ARENA]][%c64][] : memref<?xi8> to memref<16xf32>
// CHECK: return %{{.*}}#0
func.func @loop_carried(%n: index, %out: memref<16xf32>) -> memref<16xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %a = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  linalg.fill ins(%zero : f32) outs(%a : memref<16xf32>)
  linalg.fill ins(%zero : f32) outs(%b : memref<16xf32>)
  %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%x = %a, %y = %b) -> (memref<16xf32>, memref<16xf32>) {
    scf.yield %x, %y : memref<16xf32>, memref<16xf32>
  }
  %c = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<16xf32>)
  memref.copy %r#1, %out : memref<16xf32> to memref<16xf32>
  memref.copy %c, %out : memref<16xf32> to memref<16xf32>
  return %r#0 : memref<16xf32>
}
