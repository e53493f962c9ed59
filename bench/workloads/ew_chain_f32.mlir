// ew_chain (design.md §6): y = gelu(x * a + b) * sigmoid(x), f32.
// x [R, 1024] with R symbolic (bind it with --sym R=N); a, b [1024] broadcast
// over the rows. Bandwidth-bound: the benchmark counts bytes read of x plus
// bytes written of y.

!x = !kiln.tensor<[R, 1024], f32>
!v = !kiln.tensor<[1024], f32>

func.func @ew_chain(%x: !x, %a: !v, %b: !v) -> !x {
  %xa = kiln.mul %x, %a : !x, !v -> !x
  %xab = kiln.add %xa, %b : !x, !v -> !x
  %g = kiln.gelu %xab : !x
  %s = kiln.sigmoid %x : !x
  %y = kiln.mul %g, %s : !x, !x -> !x
  return %y : !x
}
