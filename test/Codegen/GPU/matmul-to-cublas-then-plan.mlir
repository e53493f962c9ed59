// RUN: kiln-opt %s --kiln-matmul-to-cublas --canonicalize --kiln-plan-memory | FileCheck %s
//
// The GPU pipeline runs kiln-matmul-to-cublas BEFORE kiln-plan-memory: a
// call that takes over its epilogue reads its input %t where the epilogue
// was, so %t must stay live until then. Planned the other way round, the
// epilogue's output would reuse %t's slot (offset 0) while cuBLASLt still
// reads %t.
// CHECK-LABEL: func.func @f
// CHECK-SAME: kiln.arena_bytes = 6144
// CHECK: %[[ARENA:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi8>
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[T:.*]] = memref.view %[[ARENA]][%[[C0]]][] : memref<?xi8> to memref<16x32xf32>
// CHECK: %[[C2048:.*]] = arith.constant 2048 : index
// CHECK: %[[Y:.*]] = memref.view %[[ARENA]][%[[C2048]]][] : memref<?xi8> to memref<16x64xf32>
// CHECK: %[[CT:.*]] = memref.cast %[[T]]
// CHECK: %[[CY:.*]] = memref.cast %[[Y]]
// CHECK: call @kiln_rt_cuda_matmul_bias_f32_f32_2d(%[[CT]], %{{.*}}, %[[CY]], %{{.*}}, %{{.*}})
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @f(%x: memref<16x32xf32>, %w: memref<32x64xf32>, %b: memref<64xf32>) -> memref<16x64xf32> {
  %zero = arith.constant 0.0 : f32
  %t = memref.alloc() : memref<16x32xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : memref<16x32xf32>) outs(%t : memref<16x32xf32>) {
  ^bb0(%a: f32, %o: f32):
    %e = math.exp %a : f32
    linalg.yield %e : f32
  }
  %p = memref.alloc() : memref<16x64xf32>
  linalg.fill ins(%zero : f32) outs(%p : memref<16x64xf32>)
  linalg.matmul ins(%t, %w : memref<16x32xf32>, memref<32x64xf32>) outs(%p : memref<16x64xf32>)
  %y = memref.alloc() : memref<16x64xf32>
  linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]} ins(%p, %b : memref<16x64xf32>, memref<64xf32>) outs(%y : memref<16x64xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.addf %a, %c : f32
    linalg.yield %s : f32
  }
  %z = memref.alloc() : memref<16x64xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%y : memref<16x64xf32>) outs(%z : memref<16x64xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.addf %a, %a : f32
    linalg.yield %s : f32
  }
  return %z : memref<16x64xf32>
}
