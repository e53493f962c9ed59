// Arguments whose dims are expressions of B and S.
func.func @derived_args(%x: !kiln.tensor<[B, S], f32>, %y: !kiln.tensor<[B*S, S + 1], i32>, %z: !kiln.tensor<[2*S], bf16>)
    -> (!kiln.tensor<[B*S, S + 1], i32>, !kiln.tensor<[2*S], bf16>) {
  %0 = kiln.neg %y : !kiln.tensor<[B*S, S + 1], i32>
  %1 = kiln.neg %z : !kiln.tensor<[2*S], bf16>
  return %0, %1 : !kiln.tensor<[B*S, S + 1], i32>, !kiln.tensor<[2*S], bf16>
}
