// The two parallel runtimes of the CPU pipeline give the same results: a
// softmax (one fusion group over rows) and an elementwise op, static and
// symbolic, run with OpenMP (the default) and with MLIR's async runtime.
// An unknown runtime is a clear error (exit 2).

// RUN: kiln-run %s --entry=softmax --random-inputs --seed=1 --sym R=37 --check | FileCheck %s
// RUN: kiln-run %s --entry=softmax --random-inputs --seed=1 --sym R=37 --check --parallel-runtime=async | FileCheck %s
// RUN: kiln-run %s --entry=softmax --random-inputs --seed=2 --sym R=5 --check --parallel-runtime=async | FileCheck %s
// RUN: kiln-run %s --entry=scale --random-inputs --seed=3 --check --parallel-runtime=async | FileCheck %s
// RUN: sh -c 'kiln-run %s --entry=scale --random-inputs --parallel-runtime=tbb; echo "exit=$?"' 2>&1 | FileCheck %s --check-prefix=BAD

// CHECK: check: ok
// BAD: kiln-run: error: --parallel-runtime must be openmp or async; got 'tbb'
// BAD: exit=2

func.func @softmax(%x: !kiln.tensor<[R, 64], f32>) -> !kiln.tensor<[R, 64], f32> {
  %0 = kiln.softmax %x {dim = -1 : i64} : !kiln.tensor<[R, 64], f32>
  return %0 : !kiln.tensor<[R, 64], f32>
}

func.func @scale(%x: !kiln.tensor<[7, 33], f32>) -> !kiln.tensor<[7, 33], f32> {
  %0 = kiln.mul %x, %x : !kiln.tensor<[7, 33], f32>, !kiln.tensor<[7, 33], f32> -> !kiln.tensor<[7, 33], f32>
  return %0 : !kiln.tensor<[7, 33], f32>
}
