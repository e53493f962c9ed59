"""The generator's elementwise ops: unary, binary, cmp/select, cast, logical.

The tables ``UNARY`` and ``BINARY`` are shared with the NumPy evaluator.
"""

import math

import numpy as np

from kilnfuzz.common import ALL_TYPES, FLOATS, INTS, Skip, is_int
from kilnfuzz.dims import broadcast


def _relu(x):
    return np.where(x <= 0, np.zeros_like(x), x)  # NaN stays NaN.


def _erf(x):
    return np.vectorize(math.erf, otypes=[np.float64])(x)


# name: (NumPy function, integers allowed, operand need, bound of |result|).
UNARY = {
    "neg": (np.negative, True, "", None),
    "abs": (np.abs, True, "", None),
    "relu": (_relu, True, "", None),
    "floor": (np.floor, True, "exact", lambda m: m + 1),
    "ceil": (np.ceil, True, "exact", lambda m: m + 1),
    "round": (np.rint, True, "exact", lambda m: m + 1),
    "sign": (np.sign, True, "exact", lambda m: 1.0),
    "exp": (np.exp, False, "small", math.exp),
    "log": (np.log, False, "pos", lambda m: max(math.log(m), 0.7)),
    "sqrt": (np.sqrt, False, "nonneg", math.sqrt),
    "rsqrt": (lambda x: 1 / np.sqrt(x), False, "pos", lambda m: 1.5),
    "reciprocal": (lambda x: 1 / x, False, "pos", lambda m: 2.0),
    "log1p": (np.log1p, False, "nonneg", math.log1p),
    "tanh": (np.tanh, False, "", lambda m: 1.0),
    "sigmoid": (lambda x: 1 / (1 + np.exp(-x)), False, "", lambda m: 1.0),
    "erf": (_erf, False, "", lambda m: 1.0),
    "sin": (np.sin, False, "trig", lambda m: 1.0),
    "cos": (np.cos, False, "trig", lambda m: 1.0),
    "silu": (lambda x: x / (1 + np.exp(-x)), False, "", None),
    "gelu": (None, False, "", None),
}
EXACT_UNARY = {"neg", "abs", "relu", "floor", "ceil", "round", "sign"}
NONNEG_UNARY = {"abs", "relu", "exp", "sqrt", "rsqrt", "sigmoid", "reciprocal"}
BINARY = ("add", "sub", "mul", "div", "max", "min", "pow", "rem")


def meet(vals):
    """The facts that hold for each of ``vals`` (a select's, a concat's)."""
    facts = {k: all(getattr(v, k) for v in vals) for k in ("exact", "pos", "nonneg")}
    return facts | {"mag": max(v.mag for v in vals)}


def binary_facts(name, x, y):
    """What is known about the elements of ``x <name> y``."""
    big = {"add": x.mag + y.mag, "sub": x.mag + y.mag, "mul": x.mag * y.mag}
    big["div"] = x.mag * (1 if x.dtype in INTS else 2)
    big["pow"] = max(x.mag, 2.0) ** min(y.mag, 30)
    nonneg = {"max": x.nonneg or y.nonneg, "pow": True, "sub": False}
    pos = {"add": x.pos and y.nonneg or y.pos and x.nonneg, "max": x.pos or y.pos}
    return {
        "mag": big.get(name, max(x.mag, y.mag)),
        "nonneg": nonneg.get(name, x.nonneg and y.nonneg),
        "pos": pos.get(name, name == "min" and x.pos and y.pos),
        "exact": name in ("max", "min") and x.exact and y.exact,
    }


class ElementwiseBuilders:
    """Generator's elementwise builders.

    A mixin: it uses Generator's helpers (``pick``, ``add``, ``like``...).
    """

    # ---- elementwise ----

    def build_unary(self):
        """An elementwise unary op (gelu with either approximation)."""
        x = self.pick(lambda v: v.dtype != "i1")
        need = {"exact": x.exact, "small": x.mag <= 4, "trig": x.mag <= 8}
        ok = [
            n
            for n, u in UNARY.items()
            if (u[1] if x.dtype in INTS else need.get(u[2], 1))
        ]
        name = self.rng.choice(ok)
        _, _, kind, bound = UNARY[name]
        if x.dtype not in INTS and kind == "pos":
            x = self.guard_pos(x)
        if x.dtype not in INTS and kind == "nonneg" and not x.nonneg:
            x = self.like("abs", [x], x, nonneg=True)
        attrs = {}
        if name == "gelu" and self.rng.random() < 0.7:
            attrs["approximate"] = self.rng.choice(["none", "tanh"])
        keeps = x.nonneg and name not in ("neg", "sin", "cos", "log")
        facts = dict(
            mag=bound(x.mag) if bound else x.mag,
            exact=x.exact and name in EXACT_UNARY,
            nonneg=name in NONNEG_UNARY or keeps,
            pos=x.pos and name in ("abs", "relu", "sqrt", "ceil"),
        )
        return self.add(name, [x], x.shape, x.dtype, attrs, **facts)

    def build_binary(self):
        """An elementwise binary op, broadcasting."""
        x = self.pick(lambda v: v.dtype != "i1")
        name = self.rng.choice([n for n in BINARY if x.dtype in FLOATS or n != "pow"])
        if name == "rem":
            if not x.exact:
                raise Skip()
            c = (2, 3, -3, 5) if x.dtype in INTS else (1.5, 2.0, 0.75)
            y = self.constant(x.dtype, (), [self.rng.choice(c)])
            facts = x.facts(mag=y.mag, pos=False, exact=x.dtype in INTS)
            return self.add("rem", [x, y], x.shape, x.dtype, **facts)
        if name == "pow":
            x = self.guard_pos(x)
            y = self.partner(x, lambda v: v.mag <= 3)
        elif name == "div" and x.dtype in FLOATS:
            y = self.guard_pos(self.partner(x))
        else:
            y = self.partner(x)
        if name in ("add", "mul", "max", "min") and self.rng.random() < 0.5:
            x, y = y, x
        shape = broadcast(x.shape, y.shape)
        return self.add(name, [x, y], shape, x.dtype, **binary_facts(name, x, y))

    def build_cmp_select(self):
        """``cmp`` of exact values, often feeding a ``select``."""
        x = self.pick(lambda v: v.exact and v.dtype != "i1")
        y = self.partner(x, lambda v: v.exact)
        pred = self.rng.choice(["eq", "ne", "lt", "le", "gt", "ge"])
        shape = broadcast(x.shape, y.shape)
        attrs = {"predicate": pred}
        c = self.add("cmp", [x, y], shape, "i1", attrs, mag=1, nonneg=True)
        if self.rng.random() < 0.3:
            return c
        t = self.partner(x, shape=shape) if self.rng.random() < 0.5 else x
        f = self.partner(x, shape=broadcast(shape, t.shape))
        t, f = (f, t) if self.rng.random() < 0.5 else (t, f)
        shape = broadcast(shape, t.shape, f.shape)
        return self.add("select", [c, t, f], shape, x.dtype, **meet([t, f]))

    def build_cast(self):
        """A cast: exact values to any type, others to a coarser float type."""
        x = self.pick(lambda v: v.exact or v.dtype in ("f32", "f16"))
        # A rounded value widened would be held to the finer type's tolerance.
        coarser = FLOATS[FLOATS.index(x.dtype) + 1 :] if x.dtype in FLOATS else []
        to = self.rng.choice(
            [t for t in ALL_TYPES if t != x.dtype] if x.exact else coarser
        )
        if to == "i1":
            return self.like("cast", [x], x, dtype=to, mag=1, pos=False, nonneg=True)
        if to in INTS and x.dtype in FLOATS:
            return self.like("cast", [x], x, dtype=to, mag=x.mag // 1, pos=False)
        return self.like("cast", [x], x, dtype=to)

    def build_logical(self):
        """``not``, ``and``, ``or``, ``xor`` of i1 or integer tensors."""
        x = self.pick(lambda v: is_int(v.dtype))
        mag = 1 if x.dtype == "i1" else 2 ** math.ceil(math.log2(x.mag + 2))
        if self.rng.random() < 0.3:
            return self.add("not", [x], x.shape, x.dtype, mag=mag)
        y = self.partner(x, lambda v: v.mag <= x.mag)
        name = self.rng.choice(["and", "or", "xor"])
        facts = dict(mag=mag, nonneg=x.nonneg and y.nonneg)
        return self.add(name, [x, y], broadcast(x.shape, y.shape), x.dtype, **facts)
