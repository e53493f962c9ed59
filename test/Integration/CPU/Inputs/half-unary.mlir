// Every unary op on a 1-D input of bf16 (@bf16) or f16 (@f16); log, sqrt,
// rsqrt and reciprocal read |x|. Used by half-precision-accuracy.test.
func.func @bf16(%x: !kiln.tensor<[N], bf16>) -> (
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>,
    !kiln.tensor<[N], bf16>) {
  %a = kiln.abs %x : !kiln.tensor<[N], bf16>
  %0 = kiln.neg %x : !kiln.tensor<[N], bf16>
  %1 = kiln.abs %x : !kiln.tensor<[N], bf16>
  %2 = kiln.exp %x : !kiln.tensor<[N], bf16>
  %3 = kiln.log %a : !kiln.tensor<[N], bf16>
  %4 = kiln.sqrt %a : !kiln.tensor<[N], bf16>
  %5 = kiln.rsqrt %a : !kiln.tensor<[N], bf16>
  %6 = kiln.tanh %x : !kiln.tensor<[N], bf16>
  %7 = kiln.sigmoid %x : !kiln.tensor<[N], bf16>
  %8 = kiln.relu %x : !kiln.tensor<[N], bf16>
  %9 = kiln.silu %x : !kiln.tensor<[N], bf16>
  %10 = kiln.erf %x : !kiln.tensor<[N], bf16>
  %11 = kiln.sin %x : !kiln.tensor<[N], bf16>
  %12 = kiln.cos %x : !kiln.tensor<[N], bf16>
  %13 = kiln.reciprocal %a : !kiln.tensor<[N], bf16>
  %14 = kiln.gelu %x : !kiln.tensor<[N], bf16>
  %15 = kiln.gelu %x {approximate = "tanh"} : !kiln.tensor<[N], bf16>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15
      : !kiln.tensor<[N], bf16>, !kiln.tensor<[N], bf16>, !kiln.tensor<[N], bf16>, !kiln.tensor<[N], bf16>,
        !kiln.tensor<[N], bf16>, !kiln.tensor<[N], bf16>, !kiln.tensor<[N], bf16>, !kiln.tensor<[N], bf16>,
        !kiln.tensor<[N], bf16>, !kiln.tensor<[N], bf16>, !kiln.tensor<[N], bf16>, !kiln.tensor<[N], bf16>,
        !kiln.tensor<[N], bf16>, !kiln.tensor<[N], bf16>, !kiln.tensor<[N], bf16>, !kiln.tensor<[N], bf16>
}
func.func @f16(%x: !kiln.tensor<[N], f16>) -> (
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>,
    !kiln.tensor<[N], f16>) {
  %a = kiln.abs %x : !kiln.tensor<[N], f16>
  %0 = kiln.neg %x : !kiln.tensor<[N], f16>
  %1 = kiln.abs %x : !kiln.tensor<[N], f16>
  %2 = kiln.exp %x : !kiln.tensor<[N], f16>
  %3 = kiln.log %a : !kiln.tensor<[N], f16>
  %4 = kiln.sqrt %a : !kiln.tensor<[N], f16>
  %5 = kiln.rsqrt %a : !kiln.tensor<[N], f16>
  %6 = kiln.tanh %x : !kiln.tensor<[N], f16>
  %7 = kiln.sigmoid %x : !kiln.tensor<[N], f16>
  %8 = kiln.relu %x : !kiln.tensor<[N], f16>
  %9 = kiln.silu %x : !kiln.tensor<[N], f16>
  %10 = kiln.erf %x : !kiln.tensor<[N], f16>
  %11 = kiln.sin %x : !kiln.tensor<[N], f16>
  %12 = kiln.cos %x : !kiln.tensor<[N], f16>
  %13 = kiln.reciprocal %a : !kiln.tensor<[N], f16>
  %14 = kiln.gelu %x : !kiln.tensor<[N], f16>
  %15 = kiln.gelu %x {approximate = "tanh"} : !kiln.tensor<[N], f16>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15
      : !kiln.tensor<[N], f16>, !kiln.tensor<[N], f16>, !kiln.tensor<[N], f16>, !kiln.tensor<[N], f16>,
        !kiln.tensor<[N], f16>, !kiln.tensor<[N], f16>, !kiln.tensor<[N], f16>, !kiln.tensor<[N], f16>,
        !kiln.tensor<[N], f16>, !kiln.tensor<[N], f16>, !kiln.tensor<[N], f16>, !kiln.tensor<[N], f16>,
        !kiln.tensor<[N], f16>, !kiln.tensor<[N], f16>, !kiln.tensor<[N], f16>, !kiln.tensor<[N], f16>
}
