// Input of index-errors.test: indices taller than x, known only when the
// call binds B and C.
func.func @main(%x: !kiln.tensor<[C, 9], f32>, %i: !kiln.tensor<[B, 2], i64>) -> !kiln.tensor<[B, 2], f32> {
  %0 = kiln.gather_elements %x, %i {dim = 1 : i64} : !kiln.tensor<[C, 9], f32>, !kiln.tensor<[B, 2], i64> -> !kiln.tensor<[B, 2], f32>
  return %0 : !kiln.tensor<[B, 2], f32>
}
