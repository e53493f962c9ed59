// conv_block (issue 11): relu(batch_norm(conv2d(x, w, padding 1))), NCHW,
// x [N, 64, H, W], w [64, 64, 3, 3], inference batch-norm with per-channel
// mean, var, gamma, beta given as [64, 1, 1] (eps 1e-5), f32.
// N, H, W symbolic (--sym N=.. --sym H=.. --sym W=..). The benchmark
// counts the convolution's flops: 2 * N * 64 * H * W * 64 * 9.

!x = !kiln.tensor<[N, 64, H, W], f32>
!w = !kiln.tensor<[64, 64, 3, 3], f32>
!c = !kiln.tensor<[64, 1, 1], f32>
!scalar = !kiln.tensor<[], f32>

func.func @conv_block(%x: !x, %w: !w, %mean: !c, %var: !c, %gamma: !c,
                      %beta: !c) -> !x {
  %y = kiln.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : !x, !w -> !x
  %eps = kiln.constant {value = dense<1.0e-5> : tensor<f32>} : !scalar
  %ve = kiln.add %var, %eps : !c, !scalar -> !c
  %inv = kiln.rsqrt %ve : !c
  %scale = kiln.mul %inv, %gamma : !c, !c -> !c
  %centered = kiln.sub %y, %mean : !x, !c -> !x
  %scaled = kiln.mul %centered, %scale : !x, !c -> !x
  %shifted = kiln.add %scaled, %beta : !x, !c -> !x
  %r = kiln.relu %shifted : !x
  return %r : !x
}
