// One result per element type kiln-run reads and writes.
func.func @all_dtypes(%f: !kiln.tensor<[2], f32>, %h: !kiln.tensor<[2], f16>, %b: !kiln.tensor<[2], bf16>,
                      %d: !kiln.tensor<[2], f64>, %c: !kiln.tensor<[2], i1>, %i: !kiln.tensor<[2], i32>,
                      %l: !kiln.tensor<[2], i64>)
    -> (!kiln.tensor<[2], f32>, !kiln.tensor<[2], f16>, !kiln.tensor<[2], bf16>, !kiln.tensor<[2], f64>,
        !kiln.tensor<[2], i1>, !kiln.tensor<[2], i32>, !kiln.tensor<[], i64>) {
  %0 = kiln.neg %f : !kiln.tensor<[2], f32>
  %1 = kiln.neg %h : !kiln.tensor<[2], f16>
  %2 = kiln.neg %b : !kiln.tensor<[2], bf16>
  %3 = kiln.neg %d : !kiln.tensor<[2], f64>
  %t = kiln.constant {value = dense<true> : tensor<i1>} : !kiln.tensor<[], i1>
  %4 = kiln.cmp %c, %t {predicate = "ne"} : !kiln.tensor<[2], i1>, !kiln.tensor<[], i1> -> !kiln.tensor<[2], i1>
  %5 = kiln.neg %i : !kiln.tensor<[2], i32>
  %6 = kiln.reduce_sum %l {dims = array<i64: 0>} : !kiln.tensor<[2], i64> -> !kiln.tensor<[], i64>
  return %0, %1, %2, %3, %4, %5, %6
      : !kiln.tensor<[2], f32>, !kiln.tensor<[2], f16>, !kiln.tensor<[2], bf16>, !kiln.tensor<[2], f64>,
        !kiln.tensor<[2], i1>, !kiln.tensor<[2], i32>, !kiln.tensor<[], i64>
}
