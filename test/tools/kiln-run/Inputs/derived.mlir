// A derived dim: the second argument has B*S elements.
func.func @derived(%x: !kiln.tensor<[B, S], f32>, %y: !kiln.tensor<[B*S], f32>) -> !kiln.tensor<[B*S], f32> {
  %0 = kiln.neg %y : !kiln.tensor<[B*S], f32>
  return %0 : !kiln.tensor<[B*S], f32>
}
