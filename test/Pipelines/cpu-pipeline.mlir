// RUN: kiln-opt %s --kiln-cpu-pipeline \
// RUN:   | FileCheck %s --check-prefix=LLVM \
// RUN:       --implicit-check-not=kiln. --implicit-check-not=linalg. \
// RUN:       --implicit-check-not=tensor. --implicit-check-not=memref. \
// RUN:       --implicit-check-not=bufferization. --implicit-check-not=scf. \
// RUN:       --implicit-check-not=arith. --implicit-check-not=math. \
// RUN:       --implicit-check-not=affine. --implicit-check-not=func.func \
// RUN:       --implicit-check-not=unrealized_conversion_cast
// RUN: kiln-opt %s --kiln-cpu-pipeline="parallel=true" | FileCheck %s --check-prefix=OMP
// RUN: kiln-opt %s --kiln-cpu-pipeline="parallel=false" \
// RUN:   | FileCheck %s --check-prefix=SERIAL --implicit-check-not=omp.
// RUN: kiln-opt %s --kiln-cpu-pipeline="lower-to-llvm=false" \
// RUN:   | FileCheck %s --check-prefix=FUSED --implicit-check-not=tensor. \
// RUN:       --implicit-check-not=kiln. --implicit-check-not=llvm.func
// RUN: kiln-opt %s --kiln-cpu-pipeline="lower-to-llvm=false fuse=false" \
// RUN:   | FileCheck %s --check-prefix=UNFUSED
//
// --kiln-cpu-pipeline end to end on small programs: an elementwise chain
// (gelu(x*a + b) * sigmoid(x), the ew_chain workload), an elementwise
// producer of a reduction, a matmul with a relu epilogue, and a reshape of an
// argument returned as is (a view, which must come back as a buffer of its
// own).
//  - LLVM prefix: the result is the LLVM dialect only: every function is an
//    llvm.func, and no Kiln, linalg, tensor, memref, bufferization, scf,
//    arith, math or affine op (nor an unrealized cast) is left.
//  - OMP and SERIAL prefixes: parallel=true spreads loops over cores with OpenMP
//    (omp.parallel + omp.wsloop); parallel=false leaves no omp op.
//  - FUSED prefix: lower-to-llvm=false stops after bufferization: functions on
//    memrefs, with the elementwise chain fused into ONE linalg.generic
//    (every scalar op in its body) and the elementwise producer fused into
//    the reduction's body.
//  - UNFUSED prefix: fuse=false keeps one linalg.generic per op.

// LLVM-LABEL: llvm.func @chain(
// LLVM:         llvm.call @_mlir_memref_to_llvm_alloc
// LLVM:         llvm.return
// LLVM-LABEL: llvm.func @sum_squares(
// LLVM:         llvm.return
// LLVM-LABEL: llvm.func @mm_relu(
// LLVM:         llvm.return
// LLVM-LABEL: llvm.func @flatten(
// LLVM:         llvm.return

// OMP-LABEL: llvm.func @chain(
// OMP:         omp.parallel
// OMP:         omp.wsloop
// OMP:         omp.loop_nest
// OMP-LABEL: llvm.func @sum_squares(
// OMP:         omp.parallel
// OMP:         omp.wsloop

// SERIAL-LABEL: llvm.func @chain(
// SERIAL-LABEL: llvm.func @sum_squares(

// FUSED-LABEL: func.func @chain
// FUSED-SAME:    (%[[X:[^:]*]]: memref<?x?xf32>, %[[A:[^:]*]]: memref<?xf32>, %[[B:[^:]*]]: memref<?xf32>) -> memref<?x?xf32>
// FUSED:         linalg.generic
// FUSED-SAME:      iterator_types = ["parallel", "parallel"]
// FUSED-DAG:       arith.negf
// FUSED-DAG:       math.exp
// FUSED-DAG:       arith.divf
// FUSED-DAG:       math.erf
// FUSED-DAG:       arith.addf
// FUSED-DAG:       arith.mulf
// FUSED:           linalg.yield
// FUSED-NOT:     linalg.generic
// FUSED:         return %{{.*}} : memref<?x?xf32>

// FUSED-LABEL: func.func @sum_squares
// FUSED-SAME:    (%[[X:.*]]: memref<?x?xf32>) -> memref<?xf32>
// FUSED:         linalg.fill
// FUSED:         linalg.generic
// FUSED-SAME:      iterator_types = ["parallel", "reduction"]
// FUSED-NEXT:    ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
// FUSED-NEXT:      %[[SQ:.*]] = arith.mulf %[[IN]], %[[IN]] : f32
// FUSED-NEXT:      %[[SUM:.*]] = arith.addf %[[SQ]], %[[ACC]]{{.*}} : f32
// FUSED-NEXT:      linalg.yield %[[SUM]] : f32
// FUSED-NOT:     linalg.generic
// FUSED:         return %{{.*}} : memref<?xf32>

// FUSED-LABEL: func.func @mm_relu
// FUSED:         linalg.matmul
// FUSED:         arith.maximumf
// FUSED-LABEL: func.func @flatten
// FUSED-SAME:    (%{{.*}}: memref<?x?x?xbf16>) -> memref<?x?xbf16>

// UNFUSED-LABEL: func.func @chain
// UNFUSED-COUNT-9: linalg.generic
// UNFUSED-LABEL: func.func @sum_squares
// UNFUSED:         linalg.generic
// UNFUSED:           arith.mulf
// UNFUSED:         linalg.generic
// UNFUSED-SAME:      iterator_types = ["parallel", "reduction"]

func.func @chain(%x: !kiln.tensor<[B, D], f32>, %a: !kiln.tensor<[D], f32>, %b: !kiln.tensor<[D], f32>)
    -> !kiln.tensor<[B, D], f32> {
  %0 = kiln.mul %x, %a : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D], f32> -> !kiln.tensor<[B, D], f32>
  %1 = kiln.add %0, %b : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D], f32> -> !kiln.tensor<[B, D], f32>
  %2 = kiln.gelu %1 : !kiln.tensor<[B, D], f32>
  %3 = kiln.sigmoid %x : !kiln.tensor<[B, D], f32>
  %4 = kiln.mul %2, %3 : !kiln.tensor<[B, D], f32>, !kiln.tensor<[B, D], f32> -> !kiln.tensor<[B, D], f32>
  return %4 : !kiln.tensor<[B, D], f32>
}

func.func @sum_squares(%x: !kiln.tensor<[B, D], f32>) -> !kiln.tensor<[B], f32> {
  %0 = kiln.mul %x, %x : !kiln.tensor<[B, D], f32>, !kiln.tensor<[B, D], f32> -> !kiln.tensor<[B, D], f32>
  %1 = kiln.reduce_sum %0 {dims = array<i64: 1>} : !kiln.tensor<[B, D], f32> -> !kiln.tensor<[B], f32>
  return %1 : !kiln.tensor<[B], f32>
}

func.func @mm_relu(%x: !kiln.tensor<[M, K], f32>, %w: !kiln.tensor<[K, N], f32>) -> !kiln.tensor<[M, N], f32> {
  %0 = kiln.matmul %x, %w : !kiln.tensor<[M, K], f32>, !kiln.tensor<[K, N], f32> -> !kiln.tensor<[M, N], f32>
  %1 = kiln.relu %0 : !kiln.tensor<[M, N], f32>
  return %1 : !kiln.tensor<[M, N], f32>
}

func.func @flatten(%x: !kiln.tensor<[B, S, D], bf16>) -> !kiln.tensor<[B*S, D], bf16> {
  %0 = kiln.reshape %x : !kiln.tensor<[B, S, D], bf16> -> !kiln.tensor<[B*S, D], bf16>
  return %0 : !kiln.tensor<[B*S, D], bf16>
}
