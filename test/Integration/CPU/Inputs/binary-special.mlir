// Binary ops, comparisons, reductions and casts on two 1-D f32 inputs
// (special-values.test).
!t = !kiln.tensor<[N], f32>
!c = !kiln.tensor<[N], i1>
func.func @f(%x: !t, %y: !t) -> (!t, !t, !t, !t, !c, !c, !c, !c, !kiln.tensor<[], f32>, !kiln.tensor<[], f32>, !kiln.tensor<[], f32>, !kiln.tensor<[N], bf16>, !kiln.tensor<[N], f16>, !t, !t, !t) {
  %0 = kiln.max %x, %y : !t, !t -> !t
  %1 = kiln.min %x, %y : !t, !t -> !t
  %2 = kiln.pow %x, %y : !t, !t -> !t
  %3 = kiln.div %x, %y : !t, !t -> !t
  %4 = kiln.cmp %x, %y {predicate = "eq"} : !t, !t -> !c
  %5 = kiln.cmp %x, %y {predicate = "ne"} : !t, !t -> !c
  %6 = kiln.cmp %x, %y {predicate = "lt"} : !t, !t -> !c
  %7 = kiln.cmp %x, %y {predicate = "ge"} : !t, !t -> !c
  %8 = kiln.reduce_max %x {dims = array<i64: 0>} : !t -> !kiln.tensor<[], f32>
  %9 = kiln.reduce_min %x {dims = array<i64: 0>} : !t -> !kiln.tensor<[], f32>
  %10 = kiln.reduce_sum %y {dims = array<i64: 0>} : !t -> !kiln.tensor<[], f32>
  %11 = kiln.cast %x : !t -> !kiln.tensor<[N], bf16>
  %12 = kiln.cast %x : !t -> !kiln.tensor<[N], f16>
  %13 = kiln.sub %x, %y : !t, !t -> !t
  %14 = kiln.mul %x, %y : !t, !t -> !t
  %15 = kiln.add %x, %y : !t, !t -> !t
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15 : !t, !t, !t, !t, !c, !c, !c, !c, !kiln.tensor<[], f32>, !kiln.tensor<[], f32>, !kiln.tensor<[], f32>, !kiln.tensor<[N], bf16>, !kiln.tensor<[N], f16>, !t, !t, !t
}
