"""The NumPy evaluator (float64, optionally rounded after every op)."""

import math
import warnings

import numpy as np

from kilnfuzz.common import INTS
from kilnfuzz.dims import sizes
from kilnfuzz.gen_elementwise import BINARY, UNARY, _erf

FLOAT_FORMATS = {"f32": (23, -126, 127), "f16": (10, -14, 15), "bf16": (7, -126, 127)}
CMP = {"eq": np.equal, "ne": np.not_equal, "lt": np.less, "le": np.less_equal}
CMP |= {"gt": np.greater, "ge": np.greater_equal}
REDUCE = {"sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min}
REDUCE |= {"prod": np.prod, "any": np.any, "all": np.all}
BINARY_FN = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "pow": np.power}
BINARY_FN |= {"max": np.maximum, "min": np.minimum, "and": np.bitwise_and}
BINARY_FN |= {"or": np.bitwise_or, "xor": np.bitwise_xor}


def round_float(x, dtype):
    """``x`` rounded half to even to the float type ``dtype``."""
    mant, emin, emax = FLOAT_FORMATS[dtype]
    x = np.asarray(x, np.float64)
    a = np.abs(x)
    finite = np.isfinite(a) & (a > 0)
    _, e = np.frexp(np.where(finite, a, 1.0))
    q = np.ldexp(1.0, np.maximum(e - 1, emin) - mant)
    r = np.round(a / q) * q
    r = np.where(r > (2.0 - 2.0**-mant) * 2.0**emax, np.inf, r)
    return np.where(finite, np.copysign(r, x), x)


def ev_unary(op, xs, syms):
    """Elementwise unary ops; floor, ceil and round of integers are identities."""
    x = xs[0]
    if op.name == "gelu":
        if op.attrs.get("approximate") == "tanh":
            return 0.5 * x * (1 + np.tanh(0.7978845608028654 * (x + 0.044715 * x**3)))
        return 0.5 * x * (1 + _erf(x / math.sqrt(2)))
    if op.name == "not":
        return np.invert(x)
    if x.dtype != np.float64 and op.name in ("floor", "ceil", "round"):
        return x
    return UNARY[op.name][0](x)


def ev_binary(op, xs, syms):
    """Binary ops; integer div truncates, division by zero gives 0."""
    a, b = xs
    safe = np.where(b == 0, 1, b)
    if op.name == "div" and a.dtype == np.int64:
        return np.where(
            b == 0, 0, np.abs(a) // np.abs(safe) * np.sign(a) * np.sign(safe)
        )
    if op.name in ("div", "rem"):
        return a / b if op.name == "div" else np.where(b == 0, 0, np.mod(a, safe))
    return BINARY_FN[op.name](a, b)


def ev_reduce(op, xs, syms):
    """reduce_*; an empty max/min result stays empty."""
    x, kind, keep = xs[0], op.name[7:], op.attrs.get("keepdim", False)
    axes = tuple(d % x.ndim for d in op.attrs["dims"])
    if kind in ("max", "min") and x.size == 0:
        return np.sum(x, axis=axes, keepdims=keep)
    return REDUCE[kind](x, axis=axes, keepdims=keep)


def ev_softmax(op, xs, syms):
    """softmax and log_softmax."""
    x, d = xs[0], op.attrs["dim"]
    if x.size == 0:
        return x
    s = x - np.max(x, axis=d, keepdims=True)
    lse = np.log(np.sum(np.exp(s), axis=d, keepdims=True))
    return s - lse if op.name == "log_softmax" else np.exp(s - lse)


def ev_norm(op, xs, syms):
    """layer_norm (biased variance) and rms_norm over the last dim."""
    x, w = xs[0], xs[1]
    if x.shape[-1] == 0:
        return x
    if op.name == "rms_norm":
        ms = np.mean(x * x, axis=-1, keepdims=True)
        return x / np.sqrt(ms + op.attrs.get("epsilon", 1e-6)) * w
    mean = np.mean(x, axis=-1, keepdims=True)
    var = np.mean((x - mean) ** 2, axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + op.attrs.get("epsilon", 1e-5)) * w + xs[2]


def ev_cast(op, xs, syms):
    """cast: to integers truncates, to i1 is ``!= 0``."""
    x, to = xs[0], op.result.dtype
    if to == "i1":
        return x != 0
    return np.trunc(x) if to in INTS and x.dtype == np.float64 else x


def ev_slice(op, xs, syms):
    """slice along ``dim``."""
    x, a = xs[0], op.attrs
    index = [slice(None)] * x.ndim
    index[a["dim"]] = slice(
        a["start"].value(syms), a["end"].value(syms), a.get("step", 1)
    )
    return x[tuple(index)]


def ev_argreduce(op, xs, syms):
    """argmax/argmin: the first index on ties."""
    x, d, keep = xs[0], op.attrs["dim"], op.attrs["keepdim"]
    if x.size == 0:
        return np.sum(x, axis=d, keepdims=keep).astype(np.int64)
    return (np.argmax if op.name == "argmax" else np.argmin)(x, axis=d, keepdims=keep)


def ev_iota(op, xs, syms):
    """iota: each element's index along ``dim``."""
    shape = sizes(op.result.shape, syms)
    d = op.attrs["dim"] % len(shape)
    view = [shape[d] if i == d else 1 for i in range(len(shape))]
    return np.broadcast_to(np.arange(shape[d]).reshape(view), shape)


def ev_pad(op, xs, syms):
    """Constant padding."""
    x, a = xs[0], op.attrs
    value = a.get("value", 0.0)
    width = list(zip(a["low"], a["high"]))
    return np.pad(
        x, width, constant_values=int(value) if x.dtype == np.int64 else value
    )


EVAL = {n: ev_unary for n in list(UNARY) + ["not"]}
EVAL |= {n: ev_binary for n in BINARY + ("and", "or", "xor")}
EVAL |= {"reduce_" + k: ev_reduce for k in REDUCE}
EVAL |= {"softmax": ev_softmax, "log_softmax": ev_softmax, "cast": ev_cast}
EVAL |= {"layer_norm": ev_norm, "rms_norm": ev_norm, "slice": ev_slice}
EVAL |= {"argmax": ev_argreduce, "argmin": ev_argreduce, "iota": ev_iota}
EVAL |= {
    "pad": ev_pad,
    "cmp": lambda op, xs, s: CMP[op.attrs["predicate"]](xs[0], xs[1]),
    "select": lambda op, xs, s: np.where(*xs),
    "matmul": lambda op, xs, s: np.matmul(*xs),
    "transpose": lambda op, xs, s: np.transpose(xs[0], op.attrs["perm"]),
    "reshape": lambda op, xs, s: xs[0].reshape(sizes(op.result.shape, s)),
    "broadcast_to": lambda op, xs, s: np.broadcast_to(xs[0], sizes(op.result.shape, s)),
    "concat": lambda op, xs, s: np.concatenate(xs, axis=op.attrs["dim"]),
    "cumsum": lambda op, xs, s: np.cumsum(xs[0], axis=op.attrs["dim"]),
    "gather": lambda op, xs, s: np.take(*xs, axis=op.attrs["dim"]),
    "gather_elements": lambda op, xs, s: np.take_along_axis(*xs, axis=op.attrs["dim"]),
    "constant": lambda op, xs, s: op.attrs["value"],
}


def finish(y, op, rounded):
    """An op's result in its type: integers wrapped, floats rounded if asked."""
    dtype = op.result.dtype
    if dtype == "i1":
        return np.asarray(y).astype(bool)
    if dtype in INTS:
        y = np.asarray(y).astype(np.int64)
        return (y + 2**31) % 2**32 - 2**31 if dtype == "i32" else y
    y = np.asarray(y, np.float64)
    return round_float(y, dtype) if rounded or op.name == "cast" else y


def evaluate(prog, inputs, syms, rounded):
    """Every value of ``prog`` on ``inputs``, by name (inputs: by argument)."""
    env = dict(inputs)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for op in prog.ops:
            y = EVAL[op.name](op, [env[v.name] for v in op.operands], syms)
            env[op.result.name] = finish(y, op, rounded)
    return env
