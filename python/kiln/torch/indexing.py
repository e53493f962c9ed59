"""Converters of ATen's indexing ops: embedding, index_select, gather,
indexing by one integer tensor and select become ``kiln.gather``,
``kiln.gather_elements`` or ``kiln.slice``; constant_pad_nd, cumsum and
argmax/argmin become ``kiln.pad``, ``kiln.cumsum`` and ``kiln.argmax``/
``kiln.argmin``. Kiln checks every index at run
time (an index out of range is an error naming the op, never a read
outside the buffer), as eager PyTorch does; negative indices count from the
end only where they do in eager (``x[idx]``)."""

from __future__ import annotations

import torch
import torch.fx as fx

from kiln.torch.converters import _bound, _slice, no_kwargs, out, register
from kiln.torch.importer import FunctionBuilder, Value, float_literal
from kiln.torch.shapes import Meta, Unsupported

aten = torch.ops.aten
_INDEX_DTYPES = (torch.int32, torch.int64)


def _indices(b: FunctionBuilder, arg) -> Value:
    value = b.value(arg)
    if value.meta.dtype not in _INDEX_DTYPES:
        raise Unsupported(f"indices of dtype {value.meta.dtype}")
    return value


def _no_negatives(b: FunctionBuilder, indices: Value) -> Value:
    """Indices whose negative entries are out of range for any size: for
    the ops where eager PyTorch rejects a negative index (embedding,
    index_select, gather) rather than counting from the end."""
    dtype = indices.meta.dtype
    far = b.scalar(-(2**62) if dtype == torch.int64 else -(2**30), dtype)
    zero = b.scalar(0, dtype)
    negative = b.emit("cmp", [indices, zero], Meta(indices.meta.shape, torch.bool),
                      'predicate = "lt"')
    return b.emit("select", [negative, far, indices], indices.meta)


def _gather(b: FunctionBuilder, x: Value, indices: Value, axis: int, result) -> Value:
    return b.emit("gather", [x, indices], result, f"dim = {axis} : i64")


@register(aten.embedding.default)
def convert_embedding(b: FunctionBuilder, node: fx.Node) -> Value:
    # padding_idx, scale_grad_by_freq and sparse only change the gradient.
    weight, indices = node.args[:2]
    indices = _no_negatives(b, _indices(b, indices))
    return _gather(b, b.value(weight), indices, 0, out(node))


@register(aten.index_select.default)
def convert_index_select(b: FunctionBuilder, node: fx.Node) -> Value:
    no_kwargs(node)
    x, axis, index = node.args
    x = b.value(x)
    index = _no_negatives(b, _indices(b, index))
    return _gather(b, x, index, axis % len(x.meta.shape), out(node))


@register(aten.gather.default)
def convert_gather(b: FunctionBuilder, node: fx.Node) -> Value:
    no_kwargs(node, {"sparse_grad": False})
    x, axis, index = node.args[:3]
    x = b.value(x)
    attrs = f"dim = {axis % len(x.meta.shape)} : i64"
    index = _no_negatives(b, _indices(b, index))
    return b.emit("gather_elements", [x, index], out(node), attrs)


@register(aten.index.Tensor)
def convert_index(b: FunctionBuilder, node: fx.Node) -> Value:
    """`x[..., idx, ...]` with one integer index tensor (the others `:`)."""
    x, index_list = node.args
    positions = [i for i, t in enumerate(index_list) if t is not None]
    if len(positions) != 1:
        raise Unsupported("indexing by several tensors")
    (axis,) = positions
    return _gather(b, b.value(x), _indices(b, index_list[axis]), axis, out(node))


@register(aten.select.int)
def convert_select(b: FunctionBuilder, node: fx.Node) -> Value:
    """`x.select(dim, i)`: the slice [i, i + 1) without its dim."""
    x, axis, index = node.args
    x = b.value(x)
    shape = list(x.meta.shape)
    axis %= len(shape)
    if not isinstance(index, int):
        raise Unsupported("select at a symbolic index")
    size = shape[axis]
    if isinstance(size, int) and not -size <= index < size:
        raise Unsupported(f"select index {index} out of range")
    start = _bound(index, size, "0")
    end = f"{start} + 1"
    sliced = _slice(b, x, axis, start, end, 1,
                    Meta(tuple(shape[:axis]) + (1,) + tuple(shape[axis + 1:]), x.meta.dtype))
    return b.emit("reshape", [sliced], out(node))


@register(aten.constant_pad_nd.default)
def convert_pad(b: FunctionBuilder, node: fx.Node) -> Value:
    """F.pad's constant mode: `pad` lists (low, high) from the last dim."""
    x = b.value(node.args[0])
    pad = list(node.args[1])
    value = node.args[2] if len(node.args) > 2 else node.kwargs.get("value", 0)
    rank = len(x.meta.shape)
    if len(pad) % 2 or len(pad) // 2 > rank or any(not isinstance(p, int) for p in pad):
        raise Unsupported(f"padding {pad!r}")
    if any(p < 0 for p in pad):
        raise Unsupported("negative padding (cropping)")
    low, high = [0] * rank, [0] * rank
    for i in range(len(pad) // 2):
        low[rank - 1 - i], high[rank - 1 - i] = pad[2 * i], pad[2 * i + 1]
    attrs = (f"low = array<i64: {', '.join(map(str, low))}>, "
             f"high = array<i64: {', '.join(map(str, high))}>, "
             f"value = {float_literal(float(value))} : f64")
    return b.emit("pad", [x], out(node), attrs)


@register(aten.cumsum.default)
def convert_cumsum(b: FunctionBuilder, node: fx.Node) -> Value:
    no_kwargs(node, {"dtype": None})
    x, axis = node.args[:2]
    result = out(node)
    x = b.cast(b.value(x), result.dtype)  # torch sums bool/int in int64
    return b.emit("cumsum", [x], result, f"dim = {axis % len(x.meta.shape)} : i64")


def out_numel(x: Value):
    """The element count of `x` (symbolic sizes multiply symbolically)."""
    n = 1
    for s in x.meta.shape:
        n = n * s
    return n

@register(aten.argmax.default, aten.argmin.default)
def convert_argmax(b: FunctionBuilder, node: fx.Node) -> Value:
    x = b.value(node.args[0])
    axis = node.args[1] if len(node.args) > 1 else node.kwargs.get("dim")
    keepdim = node.args[2] if len(node.args) > 2 else node.kwargs.get("keepdim", False)
    if x.meta.dtype == torch.bool:
        x = b.cast(x, torch.int32)
    if axis is None:  # over the flattened tensor
        if keepdim:
            raise Unsupported("argmax over all dims with keepdim")
        total = Meta((out_numel(x),), x.meta.dtype)
        x = b.emit("reshape", [x], total)
        axis = 0
    op = "argmax" if node.target == aten.argmax.default else "argmin"
    attrs = f"dim = {axis % len(x.meta.shape)} : i64, keepdim = {'true' if keepdim else 'false'}"
    return b.emit(op, [x], out(node), attrs)



# -- attention --------------------------------------------------------------

# The fused SDPA kernels ATen dispatches to, with the positions of their
# (attn_mask, dropout_p, is_causal) arguments (None: keyword or absent).
_ATTENTION = {
    aten._scaled_dot_product_flash_attention_for_cpu.default: (None, 3, 4),
    aten._scaled_dot_product_flash_attention.default: (None, 3, 4),
    aten._scaled_dot_product_efficient_attention.default: (3, 5, 6),
    aten._scaled_dot_product_cudnn_attention.default: (3, 5, 6),
}
ATTENTION_OPS = tuple(_ATTENTION) + (aten.scaled_dot_product_attention.default,)


@register(*ATTENTION_OPS)
def convert_attention(b: FunctionBuilder, node: fx.Node):
    """SDPA without dropout -> kiln.attention; the fused kernels' other
    results (log-sum-exp, RNG state) are not produced."""
    from kiln.torch.converters import Tuple

    q, k, v = (b.value(a) for a in node.args[:3])
    if node.target == aten.scaled_dot_product_attention.default:
        mask_at, dropout_at, causal_at = 3, 4, 5
    else:
        mask_at, dropout_at, causal_at = _ATTENTION[node.target]

    def arg(position, name, default):
        if position is not None and len(node.args) > position:
            return node.args[position]
        return node.kwargs.get(name, default)

    mask = arg(mask_at, "attn_mask", None)
    if mask is None:
        mask = node.kwargs.get("attn_bias")
    if arg(dropout_at, "dropout_p", 0.0) != 0.0:
        raise Unsupported("attention with dropout")
    causal = bool(arg(causal_at, "is_causal", False))
    scale = node.kwargs.get("scale")
    attrs = [f"causal = {'true' if causal else 'false'}"]
    if scale is not None:
        if not isinstance(scale, (int, float)):
            raise Unsupported("a symbolic attention scale")
        attrs.append(f"scale = {float_literal(float(scale))} : f64")
    mask_value = None
    if mask is not None:
        mask_value = b.value(mask)
        if mask_value.meta.dtype != torch.bool:
            mask_value = b.cast(mask_value, q.meta.dtype)
    result = out(node)
    first = result[0] if isinstance(result, (tuple, list)) else result
    y = _grouped_attention(b, q, k, v, mask_value, first, ", ".join(attrs))
    if node.target == aten.scaled_dot_product_attention.default:
        return y
    return Tuple({0: y})


# -- convolution and pooling ------------------------------------------------


def _pair(value, name: str) -> list[int]:
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    if len(values) == 1:
        values = values * 2
    if len(values) != 2 or not all(isinstance(v, int) for v in values):
        raise Unsupported(f"{name} {value!r}")
    return values


def _array(values) -> str:
    return f"array<i64: {', '.join(map(str, values))}>"


@register(aten.convolution.default)
def convert_convolution(b: FunctionBuilder, node: fx.Node) -> Value:
    """2-D, non-transposed convolutions; the bias is a kiln.add."""
    x, weight, bias, stride, padding, dilation, transposed, _, groups = node.args
    x, w = b.value(x), b.value(weight)
    if transposed or len(w.meta.shape) != 4:
        raise Unsupported("a transposed or non-2-D convolution")
    if not all(isinstance(s, int) for s in w.meta.shape):
        raise Unsupported("a convolution with a symbolic weight shape")
    ph, pw = _pair(padding, "padding")
    attrs = (f"strides = {_array(_pair(stride, 'stride'))}, "
             f"dilations = {_array(_pair(dilation, 'dilation'))}, "
             f"padding = {_array([ph, pw, ph, pw])}, groups = {int(groups)} : i64")
    result = out(node)
    y = b.emit("conv2d", [x, b.cast(w, x.meta.dtype)], result, attrs)
    if bias is None:
        return y
    f = w.meta.shape[0]
    bias = b.emit("reshape", [b.cast(b.value(bias), result.dtype)], Meta((f, 1, 1), result.dtype))
    return b.emit("add", [y, bias], result)


@register(aten.max_pool2d_with_indices.default, aten.max_pool2d.default)
def convert_max_pool(b: FunctionBuilder, node: fx.Node):
    from kiln.torch.converters import Tuple

    args = list(node.args) + [None] * (6 - len(node.args))
    x, kernel, stride, padding, dilation, ceil_mode = args[:6]
    if ceil_mode:
        raise Unsupported("max_pool2d with ceil_mode")
    kernel = _pair(kernel, "kernel")
    stride = _pair(stride, "stride") if stride else kernel
    ph, pw = _pair(padding if padding is not None else 0, "padding")
    dilation = _pair(dilation if dilation is not None else 1, "dilation")
    attrs = (f"kernel = {_array(kernel)}, strides = {_array(stride)}, "
             f"padding = {_array([ph, pw, ph, pw])}, dilations = {_array(dilation)}")
    result = out(node)
    first = result[0] if isinstance(result, (tuple, list)) else result
    y = b.emit("max_pool2d", [b.value(x)], first, attrs)
    return y if node.target == aten.max_pool2d.default else Tuple({0: y})


@register(aten.avg_pool2d.default)
def convert_avg_pool(b: FunctionBuilder, node: fx.Node) -> Value:
    args = list(node.args) + [None] * (7 - len(node.args))
    x, kernel, stride, padding, ceil_mode, count_include_pad, divisor = args[:7]
    if ceil_mode or divisor is not None:
        raise Unsupported("avg_pool2d with ceil_mode or divisor_override")
    kernel = _pair(kernel, "kernel")
    stride = _pair(stride, "stride") if stride else kernel
    ph, pw = _pair(padding if padding is not None else 0, "padding")
    include = True if count_include_pad is None else bool(count_include_pad)
    attrs = (f"kernel = {_array(kernel)}, strides = {_array(stride)}, "
             f"padding = {_array([ph, pw, ph, pw])}, "
             f"count_include_pad = {'true' if include else 'false'}")
    return b.emit("avg_pool2d", [b.value(x)], out(node), attrs)


@register(aten._native_batch_norm_legit_no_training.default)
def convert_batch_norm(b: FunctionBuilder, node: fx.Node):
    """Inference batch norm: (x - mean) * rsqrt(var + eps) * w + b over the
    channel dim (1); the saved statistics are not produced."""
    from kiln.torch.converters import Tuple

    x, weight, bias, mean, var, _, eps = node.args
    x = b.value(x)
    dtype, rank = x.meta.dtype, len(x.meta.shape)
    c = x.meta.shape[1]
    shape = (c,) + (1,) * (rank - 2)

    def channel(arg):
        return b.emit("reshape", [b.cast(b.value(arg), dtype)], Meta(shape, dtype))

    meta = Meta(x.meta.shape, dtype)
    stat = Meta(shape, dtype)
    inv = b.emit("rsqrt", [b.emit("add", [channel(var), b.scalar(eps, dtype)], stat)], stat)
    y = b.emit("mul", [b.emit("sub", [x, channel(mean)], meta), inv], meta)
    if weight is not None:
        y = b.emit("mul", [y, channel(weight)], meta)
    if bias is not None:
        y = b.emit("add", [y, channel(bias)], meta)
    return Tuple({0: y})


def _grouped_attention(b: FunctionBuilder, q: Value, k: Value, v: Value,
                       mask: Value | None, result, attrs: str) -> Value:
    """kiln.attention; with fewer k/v heads than query heads (grouped-query
    attention, query head h reading k/v head h // G) the heads are split as
    [.., Hk, G, L, E] against k/v's [.., Hk, 1, S, E], which kiln.attention
    broadcasts without repeating k and v."""
    if len(q.meta.shape) < 3 or len(k.meta.shape) < 3:
        h = hk = 1
    else:
        h, hk = q.meta.shape[-3], k.meta.shape[-3]
    if h == hk or hk == 1:  # kiln.attention broadcasts these itself
        operands = [q, k, v] + ([mask] if mask is not None else [])
        return b.emit("attention", operands, result, attrs)
    if not (isinstance(h, int) and isinstance(hk, int) and h % hk == 0):
        raise Unsupported(f"attention with {h} query heads over {hk} k/v heads")
    g = h // hk

    def split(x: Value, groups: int) -> Value:
        shape = tuple(x.meta.shape)
        new = shape[:-3] + (hk, groups) + shape[-2:]
        return b.emit("reshape", [x], Meta(new, x.meta.dtype))

    operands = [split(q, g), split(k, 1), split(v, 1)]
    if mask is not None:
        mshape = tuple(mask.meta.shape)
        if len(mshape) >= 3 and mshape[-3] == h:
            operands.append(split(mask, g))
        else:  # broadcast over the heads: one more unit dim
            new = mshape[:-2] + (1,) + mshape[-2:] if len(mshape) >= 3 else mshape
            operands.append(b.emit("reshape", [mask], Meta(new, mask.meta.dtype)))
    rshape = tuple(result.shape)
    grouped = Meta(rshape[:-3] + (hk, g) + rshape[-2:], result.dtype)
    y = b.emit("attention", operands, grouped, attrs)
    return b.emit("reshape", [y], result)
