"""One small converter per ATen overload: ``CONVERTERS[op](builder, node)``
emits the Kiln ops of `node` and returns its Value. A converter raises
``Unsupported`` for the cases it does not cover (the node then runs in eager
PyTorch); ``SUPPORTED`` lists the overloads the partitioner may offer Kiln."""

from __future__ import annotations

import operator
from typing import Any, Callable

import torch
import torch.fx as fx

from kiln.torch.importer import FunctionBuilder, Value, float_literal
from kiln.torch.shapes import FLOAT_DTYPES, Meta, Unsupported, dim

aten = torch.ops.aten
CONVERTERS: dict[Any, Callable[[FunctionBuilder, fx.Node], Any]] = {}


def register(*ops: Any):
    def wrap(fn):
        for op in ops:
            CONVERTERS[op] = fn
        return fn

    return wrap


def out(node: fx.Node) -> Any:
    return node.meta["val"]


def operand(b: FunctionBuilder, arg: Any, dtype: torch.dtype) -> Value:
    """A tensor argument cast to `dtype`, or a Python number as a constant."""
    if isinstance(arg, fx.Node):
        return b.cast(b.value(arg), dtype)
    if isinstance(arg, (bool, int, float)):
        return b.scalar(arg, dtype)
    raise Unsupported(f"operand {arg!r}")


def dtype_of(arg: Any) -> torch.dtype | None:
    if isinstance(arg, fx.Node) and isinstance(arg.meta.get("val"), torch.Tensor):
        return arg.meta["val"].dtype
    return None


def no_kwargs(node: fx.Node, allowed: dict[str, Any] | None = None) -> None:
    """Rejects keyword arguments other than `allowed` at their default."""
    for key, value in node.kwargs.items():
        if allowed is None or key not in allowed or allowed[key] != value:
            raise Unsupported(f"{node.target} with {key}={value!r}")


# -- elementwise ------------------------------------------------------------

UNARY = {
    aten.neg.default: "neg",
    aten.abs.default: "abs",
    aten.exp.default: "exp",
    aten.log.default: "log",
    aten.sqrt.default: "sqrt",
    aten.rsqrt.default: "rsqrt",
    aten.tanh.default: "tanh",
    aten.sigmoid.default: "sigmoid",
    aten.relu.default: "relu",
    aten.silu.default: "silu",
    aten.erf.default: "erf",
    aten.sin.default: "sin",
    aten.cos.default: "cos",
    aten.reciprocal.default: "reciprocal",
    aten.floor.default: "floor",
    aten.ceil.default: "ceil",
    aten.round.default: "round",
    aten.sign.default: "sign",
    aten.sgn.default: "sign",
    aten.log1p.default: "log1p",
}


@register(*UNARY)
def convert_unary(b: FunctionBuilder, node: fx.Node) -> Value:
    no_kwargs(node)
    dtype = out(node).dtype
    return b.emit(UNARY[node.target], [operand(b, node.args[0], dtype)], out(node))


@register(aten.gelu.default)
def convert_gelu(b: FunctionBuilder, node: fx.Node) -> Value:
    approximate = node.kwargs.get("approximate", "none")
    x = operand(b, node.args[0], out(node).dtype)
    return b.emit("gelu", [x], out(node), f'approximate = "{approximate}"')


BINARY = {
    aten.add.Tensor: "add",
    aten.add.Scalar: "add",
    aten.sub.Tensor: "sub",
    aten.sub.Scalar: "sub",
    aten.mul.Tensor: "mul",
    aten.mul.Scalar: "mul",
    aten.div.Tensor: "div",
    aten.div.Scalar: "div",
    aten.true_divide.Tensor: "div",
    aten.maximum.default: "max",
    aten.minimum.default: "min",
    aten.pow.Tensor_Scalar: "pow",
    aten.pow.Tensor_Tensor: "pow",
    aten.remainder.Tensor: "rem",
    aten.remainder.Scalar: "rem",
    aten.bitwise_and.Tensor: "and",
    aten.bitwise_and.Scalar: "and",
    aten.bitwise_or.Tensor: "or",
    aten.bitwise_or.Scalar: "or",
    aten.bitwise_xor.Tensor: "xor",
    aten.bitwise_xor.Scalar: "xor",
    # The logical ops compare with zero first: their operands become bool.
    aten.logical_and.default: "and",
    aten.logical_or.default: "or",
    aten.logical_xor.default: "xor",
}


@register(*BINARY)
def convert_binary(b: FunctionBuilder, node: fx.Node) -> Value:
    no_kwargs(node, {"alpha": 1})
    dtype = out(node).dtype
    op = BINARY[node.target]
    if op == "div" and dtype not in FLOAT_DTYPES:
        raise Unsupported("integer division")
    lhs = operand(b, node.args[0], dtype)
    rhs = operand(b, node.args[1], dtype)
    return b.emit(op, [lhs, rhs], out(node))


@register(aten.clamp.default, aten.clamp.Tensor, aten.clamp_min.default,
          aten.clamp_max.default, aten.clamp_min.Tensor, aten.clamp_max.Tensor)
def convert_clamp(b: FunctionBuilder, node: fx.Node) -> Value:
    """min(max(x, lo), hi); a missing bound is left out."""
    no_kwargs(node, {"min": None, "max": None})
    dtype = out(node).dtype
    args = list(node.args) + [None, None]
    name = node.target.overloadpacket.__name__
    if name == "clamp_min":
        lo, hi = args[1], None
    elif name == "clamp_max":
        lo, hi = None, args[1]
    else:
        lo, hi = args[1], args[2]
    x = operand(b, node.args[0], dtype)
    if lo is not None:
        x = b.emit("max", [x, operand(b, lo, dtype)], out(node))
    if hi is not None:
        x = b.emit("min", [x, operand(b, hi, dtype)], out(node))
    return x


COMPARISONS = {}
for _name in ("eq", "ne", "lt", "le", "gt", "ge"):
    for _overload in ("Tensor", "Scalar"):
        COMPARISONS[getattr(getattr(aten, _name), _overload)] = _name


@register(*COMPARISONS)
def convert_cmp(b: FunctionBuilder, node: fx.Node) -> Value:
    no_kwargs(node)
    lhs, rhs = node.args
    if dtype_of(lhs) is None and dtype_of(rhs) is None:
        raise Unsupported("a comparison of numbers")

    def meta(arg):
        return arg.meta["val"] if isinstance(arg, fx.Node) else arg

    # torch's promotion (0-dim tensors and numbers count less).
    compute = torch.result_type(meta(lhs), meta(rhs))
    values = [operand(b, lhs, compute), operand(b, rhs, compute)]
    predicate = COMPARISONS[node.target]
    return b.emit("cmp", values, out(node), f'predicate = "{predicate}"')


@register(aten.bitwise_not.default, aten.logical_not.default)
def convert_not(b: FunctionBuilder, node: fx.Node) -> Value:
    no_kwargs(node)
    dtype = out(node).dtype
    if dtype in FLOAT_DTYPES:
        raise Unsupported("logical_not into a float result")
    x = operand(b, node.args[0], dtype)
    return b.emit("not", [x], out(node))


@register(aten.where.self)
def convert_where(b: FunctionBuilder, node: fx.Node) -> Value:
    no_kwargs(node)
    cond, on_true, on_false = node.args
    dtype = out(node).dtype
    return b.emit(
        "select",
        [operand(b, cond, torch.bool), operand(b, on_true, dtype), operand(b, on_false, dtype)],
        out(node),
    )


@register(aten._to_copy.default, torch.ops.prims.convert_element_type.default)
def convert_cast(b: FunctionBuilder, node: fx.Node) -> Value:
    value = out(node)
    source = node.args[0].meta["val"]
    if source.device != value.device:
        raise Unsupported("a copy between devices")
    for key in node.kwargs:
        if key not in ("dtype", "layout", "device", "memory_format"):
            raise Unsupported(f"_to_copy with {key}")
    return b.cast(b.value(node.args[0]), value.dtype)


@register(aten.clone.default, aten.alias.default, aten.detach.default,
          aten.lift_fresh_copy.default)
def convert_identity(b: FunctionBuilder, node: fx.Node) -> Value:
    return b.value(node.args[0])


# -- data movement ----------------------------------------------------------


@register(aten.view.default, aten._unsafe_view.default, aten.reshape.default,
          aten.unsqueeze.default, aten.squeeze.dim, aten.squeeze.dims,
          aten.squeeze.default, aten.flatten.using_ints)
def convert_reshape(b: FunctionBuilder, node: fx.Node) -> Value:
    x = b.value(node.args[0])
    if tuple(x.meta.shape) == tuple(out(node).shape):
        return x
    return b.emit("reshape", [x], out(node))


def _perm_attr(perm: list[int]) -> str:
    return f"perm = array<i64: {', '.join(str(p) for p in perm)}>"


@register(aten.permute.default)
def convert_permute(b: FunctionBuilder, node: fx.Node) -> Value:
    x = b.value(node.args[0])
    rank = len(x.meta.shape)
    perm = [p % rank for p in node.args[1]] if rank else []
    return b.emit("transpose", [x], out(node), _perm_attr(perm))


@register(aten.t.default, aten.transpose.int)
def convert_transpose(b: FunctionBuilder, node: fx.Node) -> Value:
    x = b.value(node.args[0])
    rank = len(x.meta.shape)
    if rank < 2:
        return x
    d0, d1 = (0, 1) if node.target == aten.t.default else node.args[1:3]
    perm = list(range(rank))
    perm[d0 % rank], perm[d1 % rank] = perm[d1 % rank], perm[d0 % rank]
    return b.emit("transpose", [x], out(node), _perm_attr(perm))


@register(aten.expand.default)
def convert_expand(b: FunctionBuilder, node: fx.Node) -> Value:
    x = b.value(node.args[0])
    if tuple(x.meta.shape) == tuple(out(node).shape):
        return x
    return b.emit("broadcast_to", [x], out(node))


@register(aten.cat.default)
def convert_cat(b: FunctionBuilder, node: fx.Node) -> Value:
    dtype = out(node).dtype
    rank = len(out(node).shape)
    # torch.cat skips 1-D empty tensors of any other rank (an empty KV
    # cache's initial value).
    inputs = [b.cast(b.value(t), dtype) for t in node.args[0]
              if not (rank != 1 and tuple(b.value(t).meta.shape) == (0,))]
    if not inputs:
        raise Unsupported("cat of only empty tensors")
    if len(inputs) == 1:
        return inputs[0]
    dim = node.args[1] if len(node.args) > 1 else node.kwargs.get("dim", 0)
    return b.emit("concat", inputs, out(node), f"dim = {dim % rank} : i64")


_END = 2**62  # torch spells "to the end" as INT64_MAX


def _bound(value: Any, size: Any, default: str) -> str:
    """A slice bound as a Kiln dim expression: None is `default`, a negative
    int counts from the end; torch's clamping to [0, size] is applied where
    the size is static (elsewhere an out-of-range bound fails when a call
    binds its arguments, never a wrong answer)."""
    if value is None:
        return default
    if isinstance(value, fx.Node):
        return dim(value.meta.get("val"))
    if not isinstance(value, int):
        raise Unsupported(f"slice bound {value!r}")
    if isinstance(size, int):
        if value < 0:
            value += size
        return str(min(max(value, 0), size))
    if value >= _END:
        return dim(size)
    if value < 0:
        return f"{dim(size)} - {-value}"
    return str(value)


def _slice(b: FunctionBuilder, x: Value, axis: int, start: str, end: str,
           step: int, result: Any) -> Value:
    attrs = (f'dim = {axis} : i64, start = "{start}", end = "{end}", '
             f"step = {step} : i64")
    return b.emit("slice", [x], result, attrs)


@register(aten.slice.Tensor)
def convert_slice(b: FunctionBuilder, node: fx.Node) -> Value:
    x = b.value(node.args[0])
    args = list(node.args) + [None] * (5 - len(node.args))
    axis = args[1] if args[1] is not None else node.kwargs.get("dim", 0)
    start = args[2] if args[2] is not None else node.kwargs.get("start")
    end = args[3] if args[3] is not None else node.kwargs.get("end")
    step = args[4] if args[4] is not None else node.kwargs.get("step", 1)
    if not isinstance(step, int) or step < 1:
        raise Unsupported(f"slice step {step!r}")
    rank = len(x.meta.shape)
    axis %= rank
    size = x.meta.shape[axis]
    lo = _bound(start, size, "0")
    hi = _bound(end, size, dim(size))
    if tuple(x.meta.shape) == tuple(out(node).shape) and lo == "0" and step == 1:
        return x
    return _slice(b, x, axis, lo, hi, step, out(node))


@register(aten.split_with_sizes.default, aten.split.Tensor)
def convert_split(b: FunctionBuilder, node: fx.Node) -> "Tuple":
    x = b.value(node.args[0])
    rank = len(x.meta.shape)
    axis = (node.args[2] if len(node.args) > 2 else node.kwargs.get("dim", 0)) % rank
    items, offset = {}, "0"
    for i, part in enumerate(out(node)):
        size = dim(part.shape[axis])
        end = f"{offset} + {size}" if offset != "0" else size
        items[i] = _slice(b, x, axis, offset, end, 1, part)
        offset = end
    return Tuple(items)


@register(aten.arange.default, aten.arange.start, aten.arange.start_step)
def convert_arange(b: FunctionBuilder, node: fx.Node) -> Value:
    result = out(node)
    args = list(node.args)
    start, step = 0, 1
    if node.target != aten.arange.default:
        start = args[0]
    if node.target == aten.arange.start_step and len(args) > 2:
        step = args[2]
    if not all(isinstance(v, (int, float)) for v in (start, step)):
        raise Unsupported("arange with a symbolic start or step")
    # Computed in torch's accumulation type (f32 for half types, f64 for
    # f32 and f64) and rounded once, as torch computes it.
    if result.dtype in (torch.float16, torch.bfloat16):
        wide = torch.float32
    elif result.dtype.is_floating_point:
        wide = torch.float64
    else:
        wide = torch.int64
    meta = Meta(result.shape, wide)
    value = b.emit("iota", [], meta, "dim = 0 : i64")
    if step != 1:
        value = b.emit("mul", [value, b.scalar(step, wide)], meta)
    if start != 0:
        value = b.emit("add", [value, b.scalar(start, wide)], meta)
    return b.cast(value, result.dtype)


@register(aten.full.default, aten.scalar_tensor.default)
def convert_full(b: FunctionBuilder, node: fx.Node) -> Value:
    value = out(node)
    if not all(isinstance(s, int) for s in value.shape):
        raise Unsupported("a symbolic full")
    fill = node.args[1] if node.target == aten.full.default else node.args[0]
    scalar = b.scalar(fill, value.dtype)
    if not value.shape:
        return scalar
    return b.emit("broadcast_to", [scalar], value)


@register(aten.full_like.default)
def convert_full_like(b: FunctionBuilder, node: fx.Node) -> Value:
    """full_like(x, v): v broadcast to x's shape (symbolic too: x binds it)."""
    b.value(node.args[0])  # x must be a value of the function
    value = out(node)
    scalar = b.scalar(node.args[1], value.dtype)
    if not value.shape:
        return scalar
    return b.emit("broadcast_to", [scalar], value)


# -- reductions -------------------------------------------------------------

REDUCTIONS = {
    aten.sum.dim_IntList: "reduce_sum",
    aten.mean.dim: "reduce_mean",
    aten.amax.default: "reduce_max",
    aten.amin.default: "reduce_min",
    aten.sum.default: "reduce_sum",
    aten.prod.dim_int: "reduce_prod",
    aten.prod.default: "reduce_prod",
    aten.any.dim: "reduce_any",
    aten.any.dims: "reduce_any",
    aten.any.default: "reduce_any",
    aten.all.dim: "reduce_all",
    aten.all.dims: "reduce_all",
    aten.all.default: "reduce_all",
}
_WHOLE_TENSOR = (aten.sum.default, aten.prod.default, aten.any.default, aten.all.default)


@register(*REDUCTIONS)
def convert_reduce(b: FunctionBuilder, node: fx.Node) -> Value:
    if node.kwargs.get("dtype") is not None:
        raise Unsupported("a reduction with dtype=")
    x = b.value(node.args[0])
    rank = len(x.meta.shape)
    dims = node.args[1] if len(node.args) > 1 else node.kwargs.get("dim")
    if node.target in _WHOLE_TENSOR or dims is None or dims == []:
        dims = list(range(rank))
    elif isinstance(dims, int):
        dims = [dims]
    keepdim = node.args[2] if len(node.args) > 2 else node.kwargs.get("keepdim", False)
    x = b.cast(x, out(node).dtype)
    dim_list = ", ".join(str(d % rank) for d in dims)
    attrs = f"dims = array<i64: {dim_list}>, keepdim = {'true' if keepdim else 'false'}"
    return b.emit(REDUCTIONS[node.target], [x], out(node), attrs)


@register(aten._softmax.default, aten._log_softmax.default)
def convert_softmax(b: FunctionBuilder, node: fx.Node) -> Value:
    x, dim, half_to_float = node.args
    if half_to_float:
        raise Unsupported("softmax with half_to_float")
    op = "softmax" if node.target == aten._softmax.default else "log_softmax"
    rank = len(out(node).shape)
    return b.emit(op, [b.value(x)], out(node), f"dim = {dim % rank} : i64")


class Tuple:
    """A node whose value is a tuple; only the listed items exist in Kiln."""

    def __init__(self, items: dict[int, Value]):
        self.items = items


@register(aten.native_layer_norm.default)
def convert_layer_norm(b: FunctionBuilder, node: fx.Node) -> Tuple:
    x, shape, weight, bias, eps = node.args
    if len(shape) != 1 or weight is None or bias is None:
        raise Unsupported("layer_norm over several dims or without affine")
    result = out(node)[0]
    dtype = result.dtype
    values = [b.value(x), b.cast(b.value(weight), dtype), b.cast(b.value(bias), dtype)]
    y = b.emit("layer_norm", values, result, f"epsilon = {float_literal(eps)} : f64")
    return Tuple({0: y})


@register(operator.getitem)
def convert_getitem(b: FunctionBuilder, node: fx.Node) -> Value:
    source, index = node.args
    value = b.values.get(source)
    if not isinstance(value, Tuple) or index not in value.items:
        raise Unsupported(f"item {index} of {getattr(source, 'target', source)}")
    return value.items[index]


# -- linear algebra ---------------------------------------------------------


def _matmul(b: FunctionBuilder, lhs: Value, rhs: Value, result: Any) -> Value:
    dtype = result.dtype
    if dtype not in FLOAT_DTYPES:
        raise Unsupported("an integer matmul")
    return b.emit("matmul", [b.cast(lhs, dtype), b.cast(rhs, dtype)], result)


@register(aten.mm.default, aten.bmm.default, aten.matmul.default)
def convert_matmul(b: FunctionBuilder, node: fx.Node) -> Value:
    no_kwargs(node)
    return _matmul(b, b.value(node.args[0]), b.value(node.args[1]), out(node))


@register(aten.addmm.default)
def convert_addmm(b: FunctionBuilder, node: fx.Node) -> Value:
    no_kwargs(node, {"beta": 1, "alpha": 1})
    bias, lhs, rhs = node.args
    result = out(node)
    product = _matmul(b, b.value(lhs), b.value(rhs), Meta(result.shape, result.dtype))
    return b.emit("add", [product, b.cast(b.value(bias), result.dtype)], result)


VIEW_OPS = (
    aten.view.default, aten._unsafe_view.default, aten.reshape.default,
    aten.unsqueeze.default, aten.squeeze.dim, aten.squeeze.dims,
    aten.squeeze.default, aten.flatten.using_ints, aten.permute.default,
    aten.t.default, aten.transpose.int, aten.expand.default,
    aten.alias.default, aten.detach.default, aten.slice.Tensor,
    aten.select.int,
)


def is_compute(node: fx.Node) -> bool:
    """True for nodes that do arithmetic (a partition of only views and
    copies is not worth a Kiln kernel)."""
    return node.target not in VIEW_OPS and node.target not in (
        aten.clone.default, aten.lift_fresh_copy.default, operator.getitem,
        aten.cat.default, aten.split_with_sizes.default, aten.split.Tensor,
        aten._to_copy.default, torch.ops.prims.convert_element_type.default,
    )


# The indexing converters register themselves.
from kiln.torch import indexing  # noqa: E402,F401
