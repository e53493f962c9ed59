// Parses, but fails verification: K and 16 are not provably equal.
func.func @f(%x: !kiln.tensor<[M, K], f32>, %w: !kiln.tensor<[16, N], f32>) -> !kiln.tensor<[M, N], f32> {
  %0 = kiln.matmul %x, %w : !kiln.tensor<[M, K], f32>, !kiln.tensor<[16, N], f32> -> !kiln.tensor<[M, N], f32>
  return %0 : !kiln.tensor<[M, N], f32>
}
