// Two results of different dtypes: -x in bf16 and the row sums of x in f32.
func.func @two_results(%x: !kiln.tensor<[B, 3], bf16>) -> (!kiln.tensor<[B, 3], bf16>, !kiln.tensor<[B], f32>) {
  %0 = kiln.neg %x : !kiln.tensor<[B, 3], bf16>
  %c = kiln.cast %x : !kiln.tensor<[B, 3], bf16> -> !kiln.tensor<[B, 3], f32>
  %1 = kiln.reduce_sum %c {dims = array<i64: 1>} : !kiln.tensor<[B, 3], f32> -> !kiln.tensor<[B], f32>
  return %0, %1 : !kiln.tensor<[B, 3], bf16>, !kiln.tensor<[B], f32>
}
