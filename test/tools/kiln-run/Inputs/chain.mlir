// A chain of four ops on [B, D] f32: three intermediates, at most two live
// at once.
func.func @chain(%x: !kiln.tensor<[B, D], f32>) -> !kiln.tensor<[B, D], f32> {
  %a = kiln.neg %x : !kiln.tensor<[B, D], f32>
  %b = kiln.exp %a : !kiln.tensor<[B, D], f32>
  %c = kiln.neg %b : !kiln.tensor<[B, D], f32>
  %d = kiln.exp %c : !kiln.tensor<[B, D], f32>
  return %d : !kiln.tensor<[B, D], f32>
}
