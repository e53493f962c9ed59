// Not valid IR: an op that does not exist.
func.func @f(%x: !kiln.tensor<[2, 3], f32>) -> !kiln.tensor<[2, 3], f32> {
  %0 = kiln.frobnicate %x : !kiln.tensor<[2, 3], f32>
  return %0 : !kiln.tensor<[2, 3], f32>
}
