// RUN: kiln-opt %s -kiln-lower-asserts -split-input-file | FileCheck %s
//
// kiln-lower-asserts: host-side cf.assert becomes a store of the check's
// number into @kiln_error_slot under an scf.if; the messages are recorded
// on the module in order, equal messages sharing a number. Asserts in a
// gpu.module are left alone.

// CHECK-LABEL: module attributes {gpu.container_module, kiln.error_messages = ["first check", "second check"]}
// CHECK: memref.global "public" @kiln_error_slot : memref<i64> = dense<0>
// CHECK-LABEL: func.func @checks
// CHECK-SAME: (%[[A:.*]]: i1, %[[B:.*]]: i1)
// CHECK-NOT: cf.assert
// CHECK: %[[T:.*]] = arith.constant true
// CHECK: %[[BAD:.*]] = arith.xori %[[A]], %[[T]] : i1
// CHECK: scf.if %[[BAD]] {
// CHECK:   %[[S:.*]] = memref.get_global @kiln_error_slot : memref<i64>
// CHECK:   %[[ONE:.*]] = arith.constant 1 : i64
// CHECK:   memref.atomic_rmw assign %[[ONE]], %[[S]][] : (i64, memref<i64>) -> i64
// CHECK: }
// CHECK: arith.xori %[[B]]
// CHECK: arith.constant 2 : i64
// CHECK: arith.xori %[[A]]
// CHECK: arith.constant 1 : i64
// CHECK: gpu.module @kernels
// CHECK: cf.assert %{{.*}}, "in a kernel"
module attributes {gpu.container_module} {
  func.func @checks(%a: i1, %b: i1) {
    cf.assert %a, "first check"
    cf.assert %b, "second check"
    cf.assert %a, "first check"
    return
  }
  gpu.module @kernels {
    gpu.func @k(%a: i1) kernel {
      cf.assert %a, "in a kernel"
      gpu.return
    }
  }
}

// -----

// Without asserts nothing changes.
// CHECK-LABEL: func.func @none
// CHECK-NOT: kiln_error_slot
func.func @none() {
  return
}
