// RUN: kiln-opt %s --kiln-gpu-pipeline="format=isa" | FileCheck %s
//
// Compile-only: a gather is one kernel whose index check is the device's
// assertion (__assertfail with the op's message, which CUDA reports at the
// next synchronization); the read is behind the in-range branch. No error
// slot is needed on the host.

// CHECK-NOT: kiln_error_slot
// CHECK: gpu.launch_func {{.*}} @embed_kernel::@embed_kernel
// CHECK: gpu.binary @embed_kernel
// CHECK-SAME: .extern .func __assertfail
// CHECK-SAME: assert_message_0
// CHECK-SAME: setp.lt.u64
// CHECK-SAME: call.uni __assertfail
func.func @embed(%table: !kiln.tensor<[V, D], f32>, %ids: !kiln.tensor<[B, S], i64>) -> !kiln.tensor<[B, S, D], f32> {
  %0 = kiln.gather %table, %ids {dim = 0 : i64} : !kiln.tensor<[V, D], f32>, !kiln.tensor<[B, S], i64> -> !kiln.tensor<[B, S, D], f32>
  return %0 : !kiln.tensor<[B, S, D], f32>
}
