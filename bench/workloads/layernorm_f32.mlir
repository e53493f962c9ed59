// layernorm (design.md §6): y = layer_norm(x, w, b) over the last dim, f32.
// x [R, 4096] with R symbolic (--sym R=N); w, b [4096]. Bandwidth-bound: the
// benchmark counts bytes read of x plus bytes written of y.

!x = !kiln.tensor<[R, 4096], f32>
!v = !kiln.tensor<[4096], f32>

func.func @layernorm(%x: !x, %w: !v, %b: !v) -> !x {
  %y = kiln.layer_norm %x, %w, %b {epsilon = 1.0e-5 : f64} : !x, !v, !v
  return %y : !x
}
