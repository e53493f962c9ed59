// A function that declares the fact B in [1, 3].
func.func @facts(%x: !kiln.tensor<[B, D], f32>) -> !kiln.tensor<[B, D], f32>
    attributes {kiln.facts = #kiln.facts<B in [1, 3]>} {
  %0 = kiln.neg %x : !kiln.tensor<[B, D], f32>
  return %0 : !kiln.tensor<[B, D], f32>
}
