// `?` dims: an argument and a result whose sizes no symbol names.
func.func @unknown(%x: !kiln.tensor<[?, D], f32>, %y: !kiln.tensor<[D], f32>)
    -> (!kiln.tensor<[?, D], f32>, !kiln.tensor<[?], f32>) {
  %0 = kiln.add %x, %y : !kiln.tensor<[?, D], f32>, !kiln.tensor<[D], f32> -> !kiln.tensor<[?, D], f32>
  %1 = kiln.reduce_max %0 {dims = array<i64: 1>} : !kiln.tensor<[?, D], f32> -> !kiln.tensor<[?], f32>
  return %0, %1 : !kiln.tensor<[?, D], f32>, !kiln.tensor<[?], f32>
}
