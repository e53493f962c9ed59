// RUN: kiln-opt %s --kiln-gpu-pipeline="format=isa" -split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-gpu-pipeline="format=isa block-size=128" -split-input-file | FileCheck %s --check-prefix=B128
// RUN: kiln-opt %s --kiln-gpu-pipeline="format=isa cublas=false" -split-input-file | FileCheck %s --check-prefix=GENERATED
//
// Compile-only tests of the GPU pipeline (no GPU needed): host code in the
// LLVM dialect launching kernels embedded as PTX for sm_90 (format=isa).

// An elementwise chain is ONE kernel: one thread per 16 bytes, 256
// threads per block, 16-byte global loads (x and the broadcast a) and
// stores, math from libdevice. The block size and the row's extent are
// constants in the kernel (the block offset is a multiply by 256, not by
// a kernel argument).
// CHECK-LABEL: llvm.func @ew
// CHECK: gpu.launch_func <{{.*}}> @{{.*}}::@{{.*}} blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%[[T:.*]], %{{.*}}, %{{.*}})
// CHECK-NOT: gpu.launch_func
// CHECK: gpu.binary @
// CHECK-SAME: .target sm_90
// CHECK-SAME: .visible .entry
// CHECK-SAME: mul.wide.u32 \09{{%rd[0-9]+}}, {{%r[0-9]+}}, 256;
// CHECK-SAME: ld.global.v4.b32
// CHECK-SAME: ld.global.v4.b32
// CHECK-SAME: st.global.v4.b32
// B128-LABEL: llvm.func @ew
// B128: llvm.mlir.constant(128 : index)
func.func @ew(%x: !kiln.tensor<[R, 64], f32>, %a: !kiln.tensor<[64], f32>) -> !kiln.tensor<[R, 64], f32> {
  %0 = kiln.mul %x, %a : !kiln.tensor<[R, 64], f32>, !kiln.tensor<[64], f32> -> !kiln.tensor<[R, 64], f32>
  %1 = kiln.gelu %0 : !kiln.tensor<[R, 64], f32>
  return %1 : !kiln.tensor<[R, 64], f32>
}

// -----

// Softmax is ONE kernel: one block per row, the row read with 16-byte
// loads into registers, the max and the sum reduced with warp shuffles,
// exp as ex2.approx of x * log2(e) (libdevice's __nv_fast_expf, no range
// reduction), one approximate reciprocal of the sum per row and a product
// per element, 16-byte stores.
// CHECK-LABEL: llvm.func @softmax
// CHECK: gpu.launch_func
// CHECK-NOT: gpu.launch_func
// CHECK: gpu.binary @
// CHECK-SAME: .visible .entry
// CHECK-SAME: ld.global.v4.b32
// CHECK-SAME: shfl.sync.bfly.b32
// CHECK-SAME: mul.rn.f32 {{.*}}, 0f3FB8AA3B;\0A\09ex2.approx.f32
// CHECK-SAME: rcp.approx.f32
// CHECK-SAME: mul.rn.f32
// CHECK-SAME: st.global.v4.b32
func.func @softmax(%x: !kiln.tensor<[R, 128], f32>) -> !kiln.tensor<[R, 128], f32> {
  %0 = kiln.softmax %x {dim = -1 : i64} : !kiln.tensor<[R, 128], f32>
  return %0 : !kiln.tensor<[R, 128], f32>
}

// -----

// A matmul with a bias + relu epilogue: ONE cuBLASLt call with the bias
// and relu in its epilogue (the zero fill folded away), no kernel. With
// cublas=false the fill, the product and the epilogue are three kernels.
// CHECK-LABEL: llvm.func @mm
// CHECK: llvm.call @kiln_rt_cuda_matmul_bias_f32_f32_2d
// CHECK-NOT: gpu.launch_func
// CHECK: llvm.func private @kiln_rt_cuda_matmul_bias_f32_f32_2d
// CHECK: llvm.call @_mlir_ciface_kiln_rt_cuda_matmul_bias_f32_f32_2d
// GENERATED-LABEL: llvm.func @mm
// GENERATED-NOT: kiln_rt_cuda_matmul
// GENERATED-COUNT-3: gpu.launch_func
// GENERATED-NOT: gpu.launch_func
func.func @mm(%x: !kiln.tensor<[M, K], f32>, %w: !kiln.tensor<[K, N], f32>, %b: !kiln.tensor<[N], f32>) -> !kiln.tensor<[M, N], f32> {
  %0 = kiln.matmul %x, %w : !kiln.tensor<[M, K], f32>, !kiln.tensor<[K, N], f32> -> !kiln.tensor<[M, N], f32>
  %1 = kiln.add %0, %b : !kiln.tensor<[M, N], f32>, !kiln.tensor<[N], f32> -> !kiln.tensor<[M, N], f32>
  %2 = kiln.relu %1 : !kiln.tensor<[M, N], f32>
  return %2 : !kiln.tensor<[M, N], f32>
}
