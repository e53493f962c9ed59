module {
  func.func @top(%x: !kiln.tensor<[B], f32>) -> !kiln.tensor<[B], f32> {
    %0 = kiln.exp %x : !kiln.tensor<[B], f32>
    return %0 : !kiln.tensor<[B], f32>
  }
  module @inner {
    func.func @f(%x: !kiln.tensor<[B, 4], f32>) -> !kiln.tensor<[B], f32> {
      %0 = kiln.reshape %x : !kiln.tensor<[B, 4], f32> -> !kiln.tensor<[B, 2, 2], f32>
      %1 = kiln.reduce_sum %0 {dims = array<i64: 1, 2>} : !kiln.tensor<[B, 2, 2], f32> -> !kiln.tensor<[B], f32>
      return %1 : !kiln.tensor<[B], f32>
    }
    func.func @top(%x: !kiln.tensor<[4], f32>) -> !kiln.tensor<[4], f32> {
      return %x : !kiln.tensor<[4], f32>
    }
  }
  module @other {
    func.func @f(%x: !kiln.tensor<[2], f32>) -> !kiln.tensor<[2], f32> {
      return %x : !kiln.tensor<[2], f32>
    }
  }
}
