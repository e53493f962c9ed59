//===- KilnOps.td - Kiln operations ------------------------*- tablegen -*-===//
//
// The ops of Kiln IR (design.md §2). Op names, operand order and attribute
// names/types are a contract with programs written outside the project in
// the generic form; the custom assembly formats below are Kiln's own.
//
// Every op verifies its shapes symbolically: the result type is inferred
// from the operands (see ShapeInference.h) and the declared result must be
// provably equal to it under the function's facts.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNOPS_TD
#define KILN_DIALECT_KILN_IR_KILNOPS_TD

include "kiln/Dialect/Kiln/IR/KilnDialect.td"
include "kiln/Dialect/Kiln/IR/KilnTypes.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// The C++ type is left generic so that custom formats print the full
// `!kiln.tensor<...>` rather than the dialect-stripped `<...>`.
def Kiln_Tensor : Type<CPred<"::llvm::isa<::kiln::KilnTensorType>($_self)">,
                       "Kiln tensor">;

class Kiln_Op<string mnemonic, list<Trait> traits = []>
    : Op<Kiln_Dialect, mnemonic, !listconcat(traits, [Pure])> {
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise unary
//===----------------------------------------------------------------------===//

class Kiln_UnaryOp<string mnemonic, string desc, bit floatOnly = 1,
                   list<Trait> traits = []>
    : Kiln_Op<mnemonic, !listconcat(traits, [SameOperandsAndResultType])> {
  let summary = "elementwise " # mnemonic;
  let description = desc # [{

    The result has the operand's type.

    ```mlir
    %y = kiln.}] # mnemonic # [{ %x : !kiln.tensor<[B, 128], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($result)";
  bit isFloatOnly = floatOnly;
  let extraClassDeclaration = [{
    static constexpr bool kFloatOnly = }] # !if(floatOnly, "true", "false") # [{;
  }];
}

def Kiln_NegOp : Kiln_UnaryOp<"neg", "Computes `-x`.", 0> {
  let hasFolder = 1;
}
def Kiln_AbsOp : Kiln_UnaryOp<"abs", "Computes `|x|`.", 0>;
def Kiln_ExpOp : Kiln_UnaryOp<"exp", "Computes `e^x`.">;
def Kiln_LogOp : Kiln_UnaryOp<"log", "Computes the natural logarithm.">;
def Kiln_SqrtOp : Kiln_UnaryOp<"sqrt", "Computes the square root.">;
def Kiln_RsqrtOp : Kiln_UnaryOp<"rsqrt", "Computes `1 / sqrt(x)`.">;
def Kiln_TanhOp : Kiln_UnaryOp<"tanh", "Computes the hyperbolic tangent.">;
def Kiln_SigmoidOp : Kiln_UnaryOp<"sigmoid", "Computes `1 / (1 + e^-x)`.">;
def Kiln_ReluOp : Kiln_UnaryOp<"relu", "Computes `max(x, 0)`.", 0>;
def Kiln_SiluOp : Kiln_UnaryOp<"silu", "Computes `x * sigmoid(x)`.">;
def Kiln_ErfOp : Kiln_UnaryOp<"erf", "Computes the error function.">;
def Kiln_SinOp : Kiln_UnaryOp<"sin", "Computes the sine.">;
def Kiln_CosOp : Kiln_UnaryOp<"cos", "Computes the cosine.">;
def Kiln_ReciprocalOp : Kiln_UnaryOp<"reciprocal", "Computes `1 / x`.">;
def Kiln_FloorOp : Kiln_UnaryOp<"floor",
    "Rounds down to an integral value (the identity on integers).", 0>;
def Kiln_CeilOp : Kiln_UnaryOp<"ceil",
    "Rounds up to an integral value (the identity on integers).", 0>;
def Kiln_RoundOp : Kiln_UnaryOp<"round",
    "Rounds to the nearest integral value, half to even (the identity on "
    "integers).", 0>;
def Kiln_SignOp : Kiln_UnaryOp<"sign",
    "Gives -1, 0 or 1 by the sign of `x` (NaN stays NaN).", 0>;
def Kiln_Log1pOp : Kiln_UnaryOp<"log1p",
    "Computes `log(1 + x)`, accurately for small `x`.">;

def Kiln_NotOp : Kiln_Op<"not", [SameOperandsAndResultType]> {
  let summary = "elementwise logical or bitwise not";
  let description = [{
    The logical negation of an `i1` tensor, or the bitwise complement of an
    integer tensor (floats are rejected).

    ```mlir
    %n = kiln.not %m : !kiln.tensor<[S, S], i1>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($result)";
}

def Kiln_GeluOp : Kiln_Op<"gelu", [SameOperandsAndResultType]> {
  let summary = "elementwise GELU";
  let description = [{
    `x * Phi(x)` with `approximate = "none"` (the exact form through erf) or
    the tanh approximation with `approximate = "tanh"`, as in PyTorch.

    ```mlir
    %y = kiln.gelu %x {approximate = "tanh"} : !kiln.tensor<[B, 4096], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x,
                   DefaultValuedStrAttr<StrAttr, "none">:$approximate);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// Elementwise binary, with NumPy broadcasting
//===----------------------------------------------------------------------===//

class Kiln_BinaryOp<string mnemonic, string desc, list<Trait> traits = []>
    : Kiln_Op<mnemonic, traits> {
  let summary = "elementwise " # mnemonic # " with broadcasting";
  let description = desc # [{

    Operands broadcast as in NumPy: shapes are right-aligned and a dim
    broadcasts only against 1 or a provably equal dim. Both operands have
    the same element type.

    ```mlir
    %z = kiln.}] # mnemonic # [{ %a, %b : !kiln.tensor<[B, 1, D], f32>,
        !kiln.tensor<[S, D], f32> -> !kiln.tensor<[B, S, D], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$lhs, Kiln_Tensor:$rhs);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let builders = [OpBuilder<(ins "::mlir::Value":$lhs, "::mlir::Value":$rhs)>];
  let hasFolder = 1;
}

def Kiln_AddOp : Kiln_BinaryOp<"add", "Computes `lhs + rhs`.", [Commutative]>;
def Kiln_SubOp : Kiln_BinaryOp<"sub", "Computes `lhs - rhs`.">;
def Kiln_MulOp : Kiln_BinaryOp<"mul", "Computes `lhs * rhs`.", [Commutative]>;
def Kiln_DivOp : Kiln_BinaryOp<"div", "Computes `lhs / rhs` (true division for floats, truncating for integers).">;
def Kiln_MaxOp : Kiln_BinaryOp<"max", "Computes the elementwise maximum (NaN-propagating).", [Commutative]>;
def Kiln_MinOp : Kiln_BinaryOp<"min", "Computes the elementwise minimum (NaN-propagating).", [Commutative]>;
def Kiln_PowOp : Kiln_BinaryOp<"pow", "Computes `lhs ^ rhs` (floats only).">;
def Kiln_RemOp : Kiln_BinaryOp<"rem", [{
    Computes `torch.remainder`: `lhs - floor(lhs / rhs) * rhs`, so a non-zero
    result has the divisor's sign. An integer remainder by zero is 0 (as in
    NumPy), never undefined behaviour.}]> {
  let hasFolder = 0;
}

class Kiln_LogicalBinaryOp<string mnemonic, string desc>
    : Kiln_BinaryOp<mnemonic, desc # [{ On `i1` tensors the op is logical,
    on other integers bitwise; floats are rejected.}], [Commutative]> {
  let hasFolder = 0;
}
def Kiln_AndOp : Kiln_LogicalBinaryOp<"and", "Computes `lhs & rhs`.">;
def Kiln_OrOp : Kiln_LogicalBinaryOp<"or", "Computes `lhs | rhs`.">;
def Kiln_XorOp : Kiln_LogicalBinaryOp<"xor", "Computes `lhs ^ rhs`.">;

def Kiln_CmpOp : Kiln_Op<"cmp"> {
  let summary = "elementwise comparison with broadcasting";
  let description = [{
    Compares with `predicate` one of `"eq" "ne" "lt" "le" "gt" "ge"` and
    gives an `i1` tensor of the broadcast shape.

    ```mlir
    %m = kiln.cmp %a, %b {predicate = "lt"} : !kiln.tensor<[S], f32>,
        !kiln.tensor<[], f32> -> !kiln.tensor<[S], i1>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$lhs, Kiln_Tensor:$rhs, StrAttr:$predicate);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
}

def Kiln_SelectOp : Kiln_Op<"select"> {
  let summary = "elementwise choice with broadcasting";
  let description = [{
    `cond ? on_true : on_false` elementwise; `cond` is `i1`; all three
    broadcast together.

    ```mlir
    %r = kiln.select %c, %a, %b : !kiln.tensor<[S, S], i1>,
        !kiln.tensor<[S, S], f32>, !kiln.tensor<[], f32>
        -> !kiln.tensor<[S, S], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$cond, Kiln_Tensor:$on_true,
                   Kiln_Tensor:$on_false);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $cond `,` $on_true `,` $on_false attr-dict `:` type($cond) `,`
    type($on_true) `,` type($on_false) `->` type($result)
  }];
}

def Kiln_CastOp : Kiln_Op<"cast"> {
  let summary = "elementwise element-type conversion";
  let description = [{
    Converts each element to the result's element type (C semantics:
    float to int truncates; to `i1` means `!= 0`). The shape is unchanged.

    ```mlir
    %h = kiln.cast %x : !kiln.tensor<[B, D], f32> -> !kiln.tensor<[B, D], bf16>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($x) `->` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Kiln_ReduceOp<string mnemonic, string desc> : Kiln_Op<mnemonic> {
  let summary = mnemonic # " over dims";
  let description = desc # [{

    `dims` lists the reduced dims (negative counts from the end, no
    repeats); with `keepdim = true` they stay as size 1.

    ```mlir
    %s = kiln.}] # mnemonic # [{ %x {dims = array<i64: -1>, keepdim = true}
        : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, 1], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, DenseI64ArrayAttr:$dims,
                   DefaultValuedAttr<BoolAttr, "false">:$keepdim);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($x) `->` type($result)";
  let builders = [OpBuilder<(ins "::mlir::Value":$x,
                                 "::llvm::ArrayRef<int64_t>":$dims,
                                 "bool":$keepdim)>];
}

def Kiln_ReduceSumOp : Kiln_ReduceOp<"reduce_sum", "Sums over `dims`.">;
def Kiln_ReduceMeanOp : Kiln_ReduceOp<"reduce_mean", "Averages over `dims` (floats only).">;
def Kiln_ReduceMaxOp : Kiln_ReduceOp<"reduce_max", "Takes the maximum over `dims`.">;
def Kiln_ReduceMinOp : Kiln_ReduceOp<"reduce_min", "Takes the minimum over `dims`.">;
def Kiln_ReduceProdOp : Kiln_ReduceOp<"reduce_prod",
    "Multiplies over `dims` (1 over an empty dim).">;
def Kiln_ReduceAnyOp : Kiln_ReduceOp<"reduce_any",
    "Whether any element over `dims` is true (`i1` to `i1`; false over an "
    "empty dim).">;
def Kiln_ReduceAllOp : Kiln_ReduceOp<"reduce_all",
    "Whether every element over `dims` is true (`i1` to `i1`; true over an "
    "empty dim).">;

//===----------------------------------------------------------------------===//
// Composites (rewritten into primitives by kiln-decompose)
//===----------------------------------------------------------------------===//

class Kiln_SoftmaxLikeOp<string mnemonic, string desc>
    : Kiln_Op<mnemonic, [SameOperandsAndResultType]> {
  let summary = mnemonic # " along one dim";
  let description = desc # [{

    ```mlir
    %p = kiln.}] # mnemonic # [{ %x {dim = -1 : i64} : !kiln.tensor<[B, S], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, I64Attr:$dim);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($result)";
}

def Kiln_SoftmaxOp : Kiln_SoftmaxLikeOp<"softmax",
    "`exp(x) / sum(exp(x))` along `dim` (floats only).">;
def Kiln_LogSoftmaxOp : Kiln_SoftmaxLikeOp<"log_softmax",
    "`x - log(sum(exp(x)))` along `dim` (floats only).">;

def Kiln_LayerNormOp : Kiln_Op<"layer_norm", [AllTypesMatch<["x", "result"]>]> {
  let summary = "layer normalization over the last dim";
  let description = [{
    `(x - mean) / sqrt(var + epsilon) * weight + bias` over the last dim,
    with the biased variance, as `torch.nn.functional.layer_norm`. `weight`
    and `bias` have the last dim's shape.

    ```mlir
    %y = kiln.layer_norm %x, %w, %b {epsilon = 1.0e-05 : f64}
        : !kiln.tensor<[B, S, D], f32>, !kiln.tensor<[D], f32>,
          !kiln.tensor<[D], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, Kiln_Tensor:$weight, Kiln_Tensor:$bias,
                   DefaultValuedAttr<F64Attr, "1.0e-5">:$epsilon);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $x `,` $weight `,` $bias attr-dict `:` type($x) `,` type($weight) `,`
    type($bias)
  }];
}

def Kiln_RmsNormOp : Kiln_Op<"rms_norm", [AllTypesMatch<["x", "result"]>]> {
  let summary = "RMS normalization over the last dim";
  let description = [{
    `x / sqrt(mean(x^2) + epsilon) * weight` over the last dim. `weight` has
    the last dim's shape.

    ```mlir
    %y = kiln.rms_norm %x, %w {epsilon = 1.0e-06 : f64}
        : !kiln.tensor<[B, D], f32>, !kiln.tensor<[D], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, Kiln_Tensor:$weight,
                   DefaultValuedAttr<F64Attr, "1.0e-6">:$epsilon);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $x `,` $weight attr-dict `:` type($x) `,` type($weight)
  }];
}

def Kiln_AttentionOp : Kiln_Op<"attention"> {
  let summary = "scaled dot-product attention";
  let description = [{
    `torch.nn.functional.scaled_dot_product_attention(q, k, v, mask,
    is_causal=causal, scale=scale)`: `softmax(q @ k^T * scale + mask) @ v`
    with `q: [..., L, E]`, `k: [..., S, E]`, `v: [..., S, Ev]` and a result
    `[..., L, Ev]`; the batch dims broadcast. An `i1` mask (broadcastable to
    `[..., L, S]`) keeps where true; a float mask is added to the scores.
    `scale` defaults to `1/sqrt(E)`; `causal` keeps the lower triangle
    aligned top-left (key j <= query i), as `is_causal` does. Half inputs
    accumulate in f32: the scores and the softmax are f32, and the
    probabilities are rounded to `v`'s type for the second product (as
    flash attention does). `kiln-decompose` rewrites it into matmuls, a
    softmax and the masking.

    ```mlir
    %o = kiln.attention %q, %k, %v {causal = true}
        : !kiln.tensor<[B, H, S, 64], bf16>, !kiln.tensor<[B, H, S, 64], bf16>,
          !kiln.tensor<[B, H, S, 64], bf16> -> !kiln.tensor<[B, H, S, 64], bf16>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$q, Kiln_Tensor:$k, Kiln_Tensor:$v,
                   Optional<Kiln_Tensor>:$mask, OptionalAttr<F64Attr>:$scale,
                   DefaultValuedAttr<BoolAttr, "false">:$causal);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $q `,` $k `,` $v (`,` $mask^)? attr-dict `:` type($q) `,` type($k) `,`
    type($v) (`,` type($mask)^)? `->` type($result)
  }];
  let extraClassDeclaration = [{
    /// The scale of the scores: `scale`, or 1/sqrt(E) for a static E
    /// (nullopt for a symbolic E without `scale`: it is computed at run
    /// time).
    std::optional<double> getScaleValue();

    /// Whether a target may compute this op as one fused kernel
    /// (kiln.flash_attention): no mask, the same batch dims on q, k and v,
    /// and inputs the fused kernel takes (FlashAttentionOp::isSupported).
    bool hasFlashAttentionForm();
  }];
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

def Kiln_MatmulOp : Kiln_Op<"matmul"> {
  let summary = "batched matrix product";
  let description = [{
    `torch.matmul` for operands of rank >= 2: `[..., M, K] x [..., K, N] ->
    [..., M, N]`, where the batch dims broadcast. The contraction dims must
    be provably equal. f16/bf16 operands accumulate in f32; the result is
    of the operands' type, or f32 (the accumulator, unrounded; what
    `kiln.attention`'s scores use).

    ```mlir
    %y = kiln.matmul %x, %w : !kiln.tensor<[B, S, K], f32>,
        !kiln.tensor<[K, N], f32> -> !kiln.tensor<[B, S, N], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$lhs, Kiln_Tensor:$rhs);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let builders = [OpBuilder<(ins "::mlir::Value":$lhs, "::mlir::Value":$rhs)>];
}

//===----------------------------------------------------------------------===//
// Convolution and pooling (NCHW)
//===----------------------------------------------------------------------===//

def Kiln_Conv2DOp : Kiln_Op<"conv2d"> {
  let summary = "2-D convolution, NCHW";
  let description = [{
    `torch.nn.functional.conv2d` (no bias: a following `kiln.add` is the
    bias): x `[N, C, H, W]`, weight `[F, C/groups, KH, KW]` (F, C/groups,
    KH and KW static), result `[N, F, Ho, Wo]` with
    `Ho = (H + top + bottom - dh*(KH-1) - 1) floordiv sh + 1` (likewise Wo),
    symbolic N, H and W allowed. `padding` is `[top, left, bottom, right]`
    (zeros). f16/bf16 accumulate in f32.

    ```mlir
    %y = kiln.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>}
        : !kiln.tensor<[N, 64, H, W], f32>, !kiln.tensor<[64, 64, 3, 3], f32>
        -> !kiln.tensor<[N, 64, H, W], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, Kiln_Tensor:$weight,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
                   DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $x `,` $weight attr-dict `:` type($x) `,` type($weight) `->` type($result)
  }];
}

class Kiln_Pool2DOp<string mnemonic, string desc, dag extra>
    : Kiln_Op<mnemonic> {
  let summary = "2-D " # mnemonic # ", NCHW";
  let description = desc # [{

    x `[N, C, H, W]`; `kernel` `[KH, KW]`; `strides` default to `kernel`;
    `padding` is `[top, left, bottom, right]`; the output size is the
    convolution's (PyTorch's `ceil_mode=False`).

    ```mlir
    %p = kiln.}] # mnemonic # [{ %x {kernel = array<i64: 3, 3>,
        strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
        : !kiln.tensor<[N, 64, 112, 112], f32> -> !kiln.tensor<[N, 64, 56, 56], f32>
    ```
  }];
  let arguments = !con((ins Kiln_Tensor:$x, DenseI64ArrayAttr:$kernel,
                        OptionalAttr<DenseI64ArrayAttr>:$strides,
                        DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding),
                       extra);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($x) `->` type($result)";
  let extraClassDeclaration = [{
    /// `strides`, or the kernel size.
    ::llvm::SmallVector<int64_t> getStrideValues() {
      if (auto strides = getStrides())
        return ::llvm::SmallVector<int64_t>(*strides);
      return ::llvm::SmallVector<int64_t>(getKernel());
    }
  }];
}

def Kiln_MaxPool2DOp : Kiln_Pool2DOp<"max_pool2d",
    "`torch.nn.functional.max_pool2d`: the maximum over each window, the "
    "padding counting as -inf.",
    (ins DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations)>;

def Kiln_AvgPool2DOp : Kiln_Pool2DOp<"avg_pool2d",
    "`torch.nn.functional.avg_pool2d`: the mean over each window, dividing "
    "by the window's size with `count_include_pad` (the default), else by "
    "the number of elements inside x.",
    (ins DefaultValuedAttr<BoolAttr, "true">:$count_include_pad)>;

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def Kiln_TransposeOp : Kiln_Op<"transpose"> {
  let summary = "permutes dims";
  let description = [{
    Result dim `i` is operand dim `perm[i]`.

    ```mlir
    %t = kiln.transpose %x {perm = array<i64: 1, 0>}
        : !kiln.tensor<[S, D], f32> -> !kiln.tensor<[D, S], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, DenseI64ArrayAttr:$perm);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($x) `->` type($result)";
  let builders = [OpBuilder<(ins "::mlir::Value":$x,
                                 "::llvm::ArrayRef<int64_t>":$perm)>];
  let hasFolder = 1;
}

def Kiln_ReshapeOp : Kiln_Op<"reshape"> {
  let summary = "reinterprets the elements with another shape";
  let description = [{
    Row-major reshape; the result type gives the shape and the element
    counts must be provably equal.

    ```mlir
    %r = kiln.reshape %x : !kiln.tensor<[B, S, D], f32>
        -> !kiln.tensor<[B*S, D], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($x) `->` type($result)";
  let hasFolder = 1;
}

def Kiln_BroadcastToOp : Kiln_Op<"broadcast_to"> {
  let summary = "broadcasts to a shape";
  let description = [{
    NumPy's `broadcast_to`: the result type gives the shape, which the
    operand must broadcast to.

    ```mlir
    %b = kiln.broadcast_to %x : !kiln.tensor<[1, D], f32>
        -> !kiln.tensor<[B, D], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($x) `->` type($result)";
  let hasFolder = 1;
}

def Kiln_ConcatOp : Kiln_Op<"concat"> {
  let summary = "concatenates along a dim";
  let description = [{
    Joins `inputs` along `dim` (negative counts from the end); the other
    dims must be provably equal, and the result's `dim` is the sum.

    ```mlir
    %c = kiln.concat %a, %b {dim = 0 : i64} : !kiln.tensor<[S, D], f32>,
        !kiln.tensor<[2, D], f32> -> !kiln.tensor<[S + 2, D], f32>
    ```
  }];
  let arguments = (ins Variadic<Kiln_Tensor>:$inputs, I64Attr:$dim);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $inputs attr-dict `:` type($inputs) `->` type($result)
  }];
}

def Kiln_IotaOp : Kiln_Op<"iota"> {
  let summary = "each element's index along a dim";
  let description = [{
    No operands: the result type gives the shape (static or symbolic) and
    the element type (an integer or float type, not i1); each element is
    its index along `dim` (negative counts from the end). `arange(S)` is
    the iota of `[S]`.

    ```mlir
    %i = kiln.iota {dim = 0 : i64} : !kiln.tensor<[S], i64>
    ```
  }];
  let arguments = (ins I64Attr:$dim);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
}

def Kiln_SliceOp : Kiln_Op<"slice"> {
  let summary = "takes every `step`-th element of a range along a dim";
  let description = [{
    The elements `start, start + step, ... < end` along `dim` (negative
    counts from the end). `start` and `end` are dim expressions in the type
    syntax (`"0"`, `"S"`, `"S - 1"`, `"2*K"`) over the function's symbols;
    `step` is at least 1. The result's `dim` is provably
    `(end - start) ceildiv step`; the other dims are x's.
    `0 <= start <= end <= size` is proved at compile time, or checked when
    a call binds its arguments (an error names the op); an operand dim
    that is `?` cannot be sliced.

    ```mlir
    %s = kiln.slice %x {dim = 1 : i64, start = "0", end = "S - 1"}
        : !kiln.tensor<[B, S], f32> -> !kiln.tensor<[B, S - 1], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, I64Attr:$dim, StrAttr:$start,
                   StrAttr:$end, DefaultValuedAttr<I64Attr, "1">:$step);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($x) `->` type($result)";
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The bounds as expressions (null where they do not parse).
    ::kiln::sym::Expr getStartExpr();
    ::kiln::sym::Expr getEndExpr();
    /// The sliced dim, normalized (non-negative).
    int64_t getNormalizedDim();
  }];
}

def Kiln_GatherOp : Kiln_Op<"gather"> {
  let summary = "takes elements along a dim at the given indices";
  let description = [{
    `numpy.take(x, indices, axis=dim)`: the result's shape is
    `x.shape[:dim] + indices.shape + x.shape[dim+1:]`. `indices` are `i32`
    or `i64` of any rank (0 too); a negative index counts from the end. An
    index outside `[-n, n)` (n = x's `dim`) is a run-time error naming the
    op, and never reads outside `x`. An embedding lookup is a gather on
    dim 0.

    ```mlir
    %e = kiln.gather %table, %ids {dim = 0 : i64}
        : !kiln.tensor<[V, D], f32>, !kiln.tensor<[B, S], i64>
        -> !kiln.tensor<[B, S, D], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, Kiln_Tensor:$indices, I64Attr:$dim);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $x `,` $indices attr-dict `:` type($x) `,` type($indices) `->`
    type($result)
  }];
  let extraClassDeclaration = [{
    /// The gathered dim, normalized (non-negative).
    int64_t getNormalizedDim();
  }];
}

def Kiln_GatherElementsOp : Kiln_Op<"gather_elements"> {
  let summary = "takes one element per index along a dim (torch.gather)";
  let description = [{
    `torch.gather(x, dim, indices)`: `indices` has x's rank and the result
    has indices' shape; `result[i][j][k] = x[i][indices[i][j][k]][k]` for
    `dim = 1`. Along the other dims, indices' sizes are at most x's (proved
    or checked when a call binds its arguments). The index rules are
    `kiln.gather`'s.

    ```mlir
    %g = kiln.gather_elements %x, %idx {dim = 1 : i64}
        : !kiln.tensor<[B, V], f32>, !kiln.tensor<[B, 1], i64>
        -> !kiln.tensor<[B, 1], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, Kiln_Tensor:$indices, I64Attr:$dim);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $x `,` $indices attr-dict `:` type($x) `,` type($indices) `->`
    type($result)
  }];
  let extraClassDeclaration = [{
    /// The gathered dim, normalized (non-negative).
    int64_t getNormalizedDim();
  }];
}

def Kiln_PadOp : Kiln_Op<"pad"> {
  let summary = "pads with a constant";
  let description = [{
    Constant padding: `low[d]` elements before and `high[d]` after dim `d`
    (non-negative, one entry per dim), all equal to `value` converted to
    the element type. Result dim `d` is `low[d] + x.shape[d] + high[d]`.

    ```mlir
    %p = kiln.pad %x {low = array<i64: 0, 1>, high = array<i64: 0, 2>,
        value = -1.0 : f64} : !kiln.tensor<[B, S], f32>
        -> !kiln.tensor<[B, S + 3], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, DenseI64ArrayAttr:$low,
                   DenseI64ArrayAttr:$high,
                   DefaultValuedAttr<F64Attr, "0.0">:$value);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($x) `->` type($result)";
}

def Kiln_CumsumOp : Kiln_Op<"cumsum", [SameOperandsAndResultType]> {
  let summary = "inclusive prefix sum along a dim";
  let description = [{
    `result[..., i, ...] = sum(x[..., :i+1, ...])` along `dim` (negative
    counts from the end), in x's element type (not `i1`); f16/bf16
    accumulate in f32.

    ```mlir
    %c = kiln.cumsum %x {dim = 1 : i64} : !kiln.tensor<[B, S], f32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, I64Attr:$dim);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($result)";
  let extraClassDeclaration = [{
    /// The scanned dim, normalized (non-negative).
    int64_t getNormalizedDim();
  }];
}

class Kiln_ArgReduceOp<string mnemonic, string what> : Kiln_Op<mnemonic> {
  let summary = "the index of the " # what # " along a dim";
  let description = [{
    The index along `dim` of the }] # what # [{ (the first one on ties; the
    first NaN wins, as in PyTorch), as `i64` or
    `i32` by the result type; with `keepdim` the dim stays as size 1. Over
    an empty dim it is a verification error when static and a run-time
    error when symbolic.

    ```mlir
    %i = kiln.}] # mnemonic # [{ %x {dim = -1 : i64}
        : !kiln.tensor<[B, V], f32> -> !kiln.tensor<[B], i64>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$x, I64Attr:$dim,
                   DefaultValuedAttr<BoolAttr, "false">:$keepdim);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($x) `->` type($result)";
  let extraClassDeclaration = [{
    /// The reduced dim, normalized (non-negative).
    int64_t getNormalizedDim();
  }];
}

def Kiln_ArgmaxOp : Kiln_ArgReduceOp<"argmax", "maximum">;
def Kiln_ArgminOp : Kiln_ArgReduceOp<"argmin", "minimum">;

def Kiln_ConstantOp : Kiln_Op<"constant", [ConstantLike]> {
  let summary = "a constant tensor";
  let description = [{
    A constant of static shape; `value`'s shape and element type match the
    result's.

    ```mlir
    %c = kiln.constant {value = dense<0.5> : tensor<f32>} : !kiln.tensor<[], f32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
  let builders = [OpBuilder<(ins "::mlir::ElementsAttr":$value)>];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Ops on builtin tensors and memrefs (below convert-kiln-to-linalg)
//===----------------------------------------------------------------------===//

def Kiln_FlashAttentionOp : Op<Kiln_Dialect, "flash_attention", [
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "attention as one fused kernel (destination style)";
  let description = [{
    `kiln.attention` below convert-kiln-to-linalg, where a target computes
    it as one kernel (the GPU's flash attention: online softmax, no L x S
    scores in memory): `init = softmax(q @ k^T * scale [causal]) @ v` with
    `q: [..., L, E]`, `k: [..., S, E]`, `v: [..., S, Ev]` and
    `init: [..., L, Ev]`, the same batch dims on every operand (no
    broadcast, no mask). On tensors it returns the updated `init`; on
    memrefs (after bufferization) it writes `init`. The verifier checks the
    forms the fused kernel takes (`isSupported`): f16 or bf16 inputs of one
    type, the result in `v`'s type, static head dims E and Ev that are
    multiples of 16 and at most 128.

    ```mlir
    %o = kiln.flash_attention %q, %k, %v, %init {scale = 0.125 : f64, causal = true}
        : tensor<?x?x64xbf16>, tensor<?x?x64xbf16>, tensor<?x?x64xbf16>,
          tensor<?x?x64xbf16> -> tensor<?x?x64xbf16>
    ```
  }];
  let arguments = (ins AnyShaped:$q, AnyShaped:$k, AnyShaped:$v,
                   AnyShaped:$init, F64Attr:$scale,
                   DefaultValuedAttr<BoolAttr, "false">:$causal);
  let results = (outs Variadic<AnyRankedTensor>:$result);
  let assemblyFormat = [{
    $q `,` $k `,` $v `,` $init attr-dict `:` type($q) `,` type($k) `,`
    type($v) `,` type($init) (`->` type($result)^)?
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return ::mlir::MutableOperandRange(getInitMutable());
    }

    /// Whether the fused kernel takes inputs of `inputType` with head dims
    /// `e` (q and k) and `ev` (v), writing `resultType`.
    static bool isSupported(::mlir::Type inputType, ::mlir::Type resultType,
                            int64_t e, int64_t ev);
  }];
}

#endif // KILN_DIALECT_KILN_IR_KILNOPS_TD
