// Two public functions (and a private one): kiln-run needs --entry.
func.func @first(%x: !kiln.tensor<[N], f32>) -> !kiln.tensor<[N], f32> {
  %0 = kiln.neg %x : !kiln.tensor<[N], f32>
  return %0 : !kiln.tensor<[N], f32>
}
func.func @second(%x: !kiln.tensor<[N], f32>) -> !kiln.tensor<[N], f32> {
  %0 = kiln.abs %x : !kiln.tensor<[N], f32>
  return %0 : !kiln.tensor<[N], f32>
}
func.func private @helper(%x: !kiln.tensor<[N], f32>) -> !kiln.tensor<[N], f32> {
  %0 = kiln.exp %x : !kiln.tensor<[N], f32>
  return %0 : !kiln.tensor<[N], f32>
}
