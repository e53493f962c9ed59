// softmax and log_softmax over the rows of a [3, 4] f32 input
// (special-values.test).
func.func @f(%x: !kiln.tensor<[3, 4], f32>) -> (!kiln.tensor<[3, 4], f32>, !kiln.tensor<[3, 4], f32>) {
  %0 = kiln.softmax %x {dim = -1 : i64} : !kiln.tensor<[3, 4], f32>
  %1 = kiln.log_softmax %x {dim = -1 : i64} : !kiln.tensor<[3, 4], f32>
  return %0, %1 : !kiln.tensor<[3, 4], f32>, !kiln.tensor<[3, 4], f32>
}
