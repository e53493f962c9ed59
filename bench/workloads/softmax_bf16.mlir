// softmax (design.md §6): y = softmax(x, dim=-1), bf16.
// x [R, 1024] with R symbolic (--sym R=N). Bandwidth-bound: the benchmark
// counts bytes read of x plus bytes written of y.

!x = !kiln.tensor<[R, 1024], bf16>

func.func @softmax(%x: !x) -> !x {
  %y = kiln.softmax %x {dim = -1 : i64} : !x
  return %y : !x
}
