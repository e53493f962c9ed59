func.func @sum(%x: !kiln.tensor<[4, 4096], f32>) -> !kiln.tensor<[4], f32> {
  %0 = kiln.reduce_sum %x {dims = array<i64: 1>} : !kiln.tensor<[4, 4096], f32> -> !kiln.tensor<[4], f32>
  return %0 : !kiln.tensor<[4], f32>
}
