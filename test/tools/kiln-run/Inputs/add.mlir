// Two symbolic f32 arguments [B, D] added: the symbols bind from both.
func.func @add(%x: !kiln.tensor<[B, D], f32>, %y: !kiln.tensor<[B, D], f32>) -> !kiln.tensor<[B, D], f32> {
  %0 = kiln.add %x, %y : !kiln.tensor<[B, D], f32>, !kiln.tensor<[B, D], f32> -> !kiln.tensor<[B, D], f32>
  return %0 : !kiln.tensor<[B, D], f32>
}
