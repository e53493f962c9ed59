// small_mlp (design.md §6, latency): y = gelu(... gelu(x @ w0) ... @ w7),
// bf16, x [B, 1024] (B = 1 in the benchmark), w_i [1024, 1024]. The
// benchmark reports the time per call (and with --cuda-graphs, the
// reduce-overhead time).

!x = !kiln.tensor<[B, 1024], bf16>
!w = !kiln.tensor<[1024, 1024], bf16>

func.func @small_mlp(%x: !x, %w0: !w, %w1: !w, %w2: !w, %w3: !w, %w4: !w, %w5: !w, %w6: !w, %w7: !w) -> !x {
  %m0 = kiln.matmul %x, %w0 : !x, !w -> !x
  %g0 = kiln.gelu %m0 : !x
  %m1 = kiln.matmul %g0, %w1 : !x, !w -> !x
  %g1 = kiln.gelu %m1 : !x
  %m2 = kiln.matmul %g1, %w2 : !x, !w -> !x
  %g2 = kiln.gelu %m2 : !x
  %m3 = kiln.matmul %g2, %w3 : !x, !w -> !x
  %g3 = kiln.gelu %m3 : !x
  %m4 = kiln.matmul %g3, %w4 : !x, !w -> !x
  %g4 = kiln.gelu %m4 : !x
  %m5 = kiln.matmul %g4, %w5 : !x, !w -> !x
  %g5 = kiln.gelu %m5 : !x
  %m6 = kiln.matmul %g5, %w6 : !x, !w -> !x
  %g6 = kiln.gelu %m6 : !x
  %m7 = kiln.matmul %g6, %w7 : !x, !w -> !x
  %g7 = kiln.gelu %m7 : !x
  return %g7 : !x
}
