// A slice whose bounds are checked at run time, in a function the entry
// calls (the check needs the entry's symbols).
func.func private @tail(%x: !kiln.tensor<[S], f32>) -> !kiln.tensor<[S - 1], f32> {
  %0 = kiln.slice %x {dim = 0 : i64, start = "1", end = "S"}
      : !kiln.tensor<[S], f32> -> !kiln.tensor<[S - 1], f32>
  return %0 : !kiln.tensor<[S - 1], f32>
}
func.func @entry(%x: !kiln.tensor<[S], f32>) -> !kiln.tensor<[S - 1], f32> {
  %0 = func.call @tail(%x) : (!kiln.tensor<[S], f32>) -> !kiln.tensor<[S - 1], f32>
  return %0 : !kiln.tensor<[S - 1], f32>
}
