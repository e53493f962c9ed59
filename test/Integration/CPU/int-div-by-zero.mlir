// Integer kiln.div by zero. Random integer inputs are uniform over [-8, 8],
// so about one divisor in 17 is 0. design.md §2 leaves the value open
// (NumPy gives 0, PyTorch raises an error), but the run must not die from
// the hardware trap (SIGFPE): kiln-run either computes a result that agrees
// with the reference interpreter, or reports one clear error (exit 2).

// RUN: sh -c 'kiln-run %s --random-inputs --seed=1 --sym N=64 --check; echo "exit=$?"' 2>&1 | FileCheck %s
// CHECK-NOT: Stack dump
// CHECK: {{^(check: ok|kiln-run: error: )}}
// CHECK-NOT: Stack dump
// CHECK: exit={{[02]$}}

func.func @div(%x: !kiln.tensor<[N], i32>, %y: !kiln.tensor<[N], i32>) -> !kiln.tensor<[N], i32> {
  %0 = kiln.div %x, %y : !kiln.tensor<[N], i32>, !kiln.tensor<[N], i32> -> !kiln.tensor<[N], i32>
  return %0 : !kiln.tensor<[N], i32>
}
