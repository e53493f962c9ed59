// The function of runtime.c's source, for artifact.c (through kiln-compile).
func.func @scale(%x: !kiln.tensor<[B, S], f32>, %y: !kiln.tensor<[S], f32>) -> (!kiln.tensor<[B, S], f32>, !kiln.tensor<[B*S], f32>) {
  %0 = kiln.mul %x, %y : !kiln.tensor<[B, S], f32>, !kiln.tensor<[S], f32> -> !kiln.tensor<[B, S], f32>
  %1 = kiln.reshape %0 : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B*S], f32>
  return %0, %1 : !kiln.tensor<[B, S], f32>, !kiln.tensor<[B*S], f32>
}
