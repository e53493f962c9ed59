// kiln.slice on the CPU against the reference interpreter: static bounds
// with a step, symbolic bounds (`1` to `S - 1`, an empty result when
// S = 2), a slice feeding a reduction (one fusion group), bf16; bounds
// the compiler cannot prove are checked when a call binds its arguments.

// RUN: kiln-run %s --entry=static --random-inputs --seed=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=2 --sym B=3 --sym S=9 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=3 --sym B=2 --sym S=2 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --seed=4 --sym B=5 --sym S=130 --check | FileCheck %s
// RUN: kiln-run %s --entry=reduce --random-inputs --seed=5 --sym B=4 --sym S=33 --check | FileCheck %s
// RUN: kiln-run %s --entry=symbolic --random-inputs --sym B=2 --sym S=6 --report | FileCheck %s --check-prefix=REPORT
// RUN: kiln-run %s --entry=half --random-inputs --seed=6 --sym S=17 --check | FileCheck %s
// RUN: kiln-run %s --entry=tail --random-inputs --seed=7 --sym S=1 --check | FileCheck %s
// RUN: kiln-run %s --entry=negative_dim --random-inputs --seed=8 --sym B=3 --sym S=9 --check | FileCheck %s
// RUN: not kiln-run %s --entry=tail --random-inputs --sym S=0 2>&1 | FileCheck %s --check-prefix=BOUNDS
// RUN: sh -c 'kiln-run %s --entry=tail --random-inputs --sym S=0; echo "exit=$?"' 2>&1 | FileCheck %s --check-prefix=EXIT

// CHECK: check: ok max_abs_err={{[0-9.e+-]+}} max_rel_err={{[0-9.e+-]+}}
// BOUNDS: kiln-run: error: kiln.slice at {{.*}}slice.mlir:{{[0-9]+}}:{{[0-9]+}}: start 1, end S = 0 and size S = 0 do not satisfy 0 <= start <= end <= size
// EXIT: exit=2
// The memory report plans a copy specialized to the symbols (bounds too).
// REPORT: {"kernels": 1, "arena_bytes": {{[0-9]+}}

func.func @static(%x: !kiln.tensor<[6, 8], f32>) -> !kiln.tensor<[6, 3], f32> {
  %0 = kiln.slice %x {dim = 1 : i64, start = "1", end = "7", step = 2 : i64}
      : !kiln.tensor<[6, 8], f32> -> !kiln.tensor<[6, 3], f32>
  %1 = kiln.exp %0 : !kiln.tensor<[6, 3], f32>
  return %1 : !kiln.tensor<[6, 3], f32>
}

func.func @symbolic(%x: !kiln.tensor<[B, S], f32>, %y: !kiln.tensor<[B, S - 2], f32>)
    -> !kiln.tensor<[B, S - 2], f32> {
  %0 = kiln.slice %x {dim = 1 : i64, start = "1", end = "S - 1"}
      : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, S - 2], f32>
  %1 = kiln.mul %0, %y : !kiln.tensor<[B, S - 2], f32>, !kiln.tensor<[B, S - 2], f32>
      -> !kiln.tensor<[B, S - 2], f32>
  return %1 : !kiln.tensor<[B, S - 2], f32>
}

func.func @reduce(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B], f32> {
  %0 = kiln.slice %x {dim = 1 : i64, start = "0", end = "S", step = 3 : i64}
      : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, S ceildiv 3], f32>
  %1 = kiln.reduce_sum %0 {dims = array<i64: 1>}
      : !kiln.tensor<[B, S ceildiv 3], f32> -> !kiln.tensor<[B], f32>
  return %1 : !kiln.tensor<[B], f32>
}

func.func @half(%x: !kiln.tensor<[S, 4], bf16>) -> !kiln.tensor<[S - 1, 4], bf16> {
  %0 = kiln.slice %x {dim = 0 : i64, start = "1", end = "S"}
      : !kiln.tensor<[S, 4], bf16> -> !kiln.tensor<[S - 1, 4], bf16>
  return %0 : !kiln.tensor<[S - 1, 4], bf16>
}

func.func @tail(%x: !kiln.tensor<[S], f32>) -> !kiln.tensor<[S - 1], f32> {
  %0 = kiln.slice %x {dim = 0 : i64, start = "1", end = "S"}
      : !kiln.tensor<[S], f32> -> !kiln.tensor<[S - 1], f32>
  return %0 : !kiln.tensor<[S - 1], f32>
}

// A dim counted from the end.
func.func @negative_dim(%x: !kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, (S - 1) ceildiv 2], f32> {
  %0 = "kiln.slice"(%x) {dim = -1 : i64, start = "1", end = "S", step = 2 : i64}
      : (!kiln.tensor<[B, S], f32>) -> !kiln.tensor<[B, (S - 1) ceildiv 2], f32>
  return %0 : !kiln.tensor<[B, (S - 1) ceildiv 2], f32>
}
