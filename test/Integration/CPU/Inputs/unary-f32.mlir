// Every unary op on a 1-D f32 input (special-values.test, trig-range.test).
!t = !kiln.tensor<[N], f32>
func.func @f(%x: !t) -> (!t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t) {
  %0 = kiln.exp %x : !t
  %1 = kiln.log %x : !t
  %2 = kiln.sqrt %x : !t
  %3 = kiln.rsqrt %x : !t
  %4 = kiln.tanh %x : !t
  %5 = kiln.sigmoid %x : !t
  %6 = kiln.erf %x : !t
  %7 = kiln.sin %x : !t
  %8 = kiln.cos %x : !t
  %9 = kiln.gelu %x : !t
  %10 = kiln.gelu %x {approximate = "tanh"} : !t
  %11 = kiln.silu %x : !t
  %12 = kiln.relu %x : !t
  %13 = kiln.reciprocal %x : !t
  %14 = kiln.abs %x : !t
  %15 = kiln.neg %x : !t
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15 : !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t, !t
}
