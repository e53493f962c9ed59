// No public function to run.
func.func private @hidden(%x: !kiln.tensor<[N], f32>) -> !kiln.tensor<[N], f32> {
  %0 = kiln.neg %x : !kiln.tensor<[N], f32>
  return %0 : !kiln.tensor<[N], f32>
}
