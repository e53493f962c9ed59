// A function on builtin tensors (an already-lowered module).
func.func @lowered(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %x : tensor<2x3xf32>
}
