// mlp (design.md §6): y = x + (gelu(x @ w1 + b1) @ w2 + b2), bf16.
// x [T, 1024] with T symbolic (--sym T=N), hidden width 4096. The benchmark
// counts the flops of both matmuls: 2 * (2 * T * 1024 * 4096).
// bf16 inputs and results; the matmuls accumulate in f32 (IR contract).

!x = !kiln.tensor<[T, 1024], bf16>
!h = !kiln.tensor<[T, 4096], bf16>
!w1 = !kiln.tensor<[1024, 4096], bf16>
!b1 = !kiln.tensor<[4096], bf16>
!w2 = !kiln.tensor<[4096, 1024], bf16>
!b2 = !kiln.tensor<[1024], bf16>

func.func @mlp(%x: !x, %w1: !w1, %b1: !b1, %w2: !w2, %b2: !b2) -> !x {
  %u = kiln.matmul %x, %w1 : !x, !w1 -> !h
  %ub = kiln.add %u, %b1 : !h, !b1 -> !h
  %g = kiln.gelu %ub : !h
  %d = kiln.matmul %g, %w2 : !h, !w2 -> !x
  %db = kiln.add %d, %b2 : !x, !b2 -> !x
  %y = kiln.add %x, %db : !x, !x -> !x
  return %y : !x
}
