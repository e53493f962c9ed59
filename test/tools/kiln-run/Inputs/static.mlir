// One static [2, 3] f32 argument, negated.
func.func @static(%x: !kiln.tensor<[2, 3], f32>) -> !kiln.tensor<[2, 3], f32> {
  %0 = kiln.neg %x : !kiln.tensor<[2, 3], f32>
  return %0 : !kiln.tensor<[2, 3], f32>
}
