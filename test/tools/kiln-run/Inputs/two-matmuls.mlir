// Two matmuls with a relu between them: the hidden activation [B, 64]
// must exist in memory between the two products.
func.func @mlp(%x: !kiln.tensor<[B, 32], f32>, %w1: !kiln.tensor<[32, 64], f32>, %w2: !kiln.tensor<[64, 32], f32>) -> !kiln.tensor<[B, 32], f32> {
  %h = kiln.matmul %x, %w1 : !kiln.tensor<[B, 32], f32>, !kiln.tensor<[32, 64], f32> -> !kiln.tensor<[B, 64], f32>
  %r = kiln.relu %h : !kiln.tensor<[B, 64], f32>
  %y = kiln.matmul %r, %w2 : !kiln.tensor<[B, 64], f32>, !kiln.tensor<[64, 32], f32> -> !kiln.tensor<[B, 32], f32>
  return %y : !kiln.tensor<[B, 32], f32>
}
