// mm_epilogue (design.md §6): y = relu(x @ w + b), bf16.
// x [M, K], w [K, N], b [N], every dim symbolic (--sym M=.. --sym K=..
// --sym N=..). The benchmark counts 2*M*N*K flops.
// bf16 inputs and results; the matmuls accumulate in f32 (IR contract).

!x = !kiln.tensor<[M, K], bf16>
!w = !kiln.tensor<[K, N], bf16>
!b = !kiln.tensor<[N], bf16>
!y = !kiln.tensor<[M, N], bf16>

func.func @mm_epilogue(%x: !x, %w: !w, %b: !b) -> !y {
  %mm = kiln.matmul %x, %w : !x, !w -> !y
  %biased = kiln.add %mm, %b : !y, !b -> !y
  %y = kiln.relu %biased : !y
  return %y : !y
}
