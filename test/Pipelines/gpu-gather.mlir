// RUN: kiln-opt %s --kiln-gpu-pipeline="format=isa" -split-input-file | FileCheck %s
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

// -----

// A gather fused with its consumers (a position embedding added, relu): the
// guarded read's region uses the lane index, so the kernel stays scalar
// (no 16-byte vector accesses); it compiled into invalid IR before.
// CHECK-LABEL: gpu.binary @embed_add_kernel
// CHECK-SAME: .entry embed_add_kernel
// CHECK-NOT: .v4.
// CHECK-NOT: .v8.
// CHECK-SAME: call.uni __assertfail
func.func @embed_add(%table: !kiln.tensor<[50, 16], bf16>, %pos: !kiln.tensor<[S, 16], bf16>, %ids: !kiln.tensor<[S], i32>) -> !kiln.tensor<[S, 16], bf16> {
  %0 = kiln.gather %table, %ids {dim = 0 : i64} : !kiln.tensor<[50, 16], bf16>, !kiln.tensor<[S], i32> -> !kiln.tensor<[S, 16], bf16>
  %1 = kiln.add %0, %pos : !kiln.tensor<[S, 16], bf16>, !kiln.tensor<[S, 16], bf16> -> !kiln.tensor<[S, 16], bf16>
  %2 = kiln.relu %1 : !kiln.tensor<[S, 16], bf16>
  return %2 : !kiln.tensor<[S, 16], bf16>
}
