#!/usr/bin/env python3
"""kiln-fuzz: random differential testing of the Kiln compiler.

Each program is one random, valid ``func.func`` in the generic op form over the
ops of design.md §2 and §2.1 (elementwise, cmp/select, cast, reductions,
softmax, norms, matmul, transpose, reshape, broadcast_to, concat, slice, pad,
cumsum, argmax/argmin, gather/gather_elements, iota, constants), with static,
symbolic (``B``, ``B*S``, ``S + 2``, ``S ceildiv 2``), unit and zero-size dims,
ranks 0-4 and f32/f16/bf16/i32/i64/i1 tensors. For each program the tester

1. runs ``kiln-opt FILE``: a program that does not verify is a generator bug,
   printed and counted as a "generator reject", never as a compiler failure;
2. picks symbol values (0 and 1 included), writes the inputs as .npy (bf16 as
   uint16 bit patterns) and runs ``kiln-run FILE --input=... --check
   --output=PREFIX --target=T``: the compiled code against the interpreter;
3. compares the compiled results with its own NumPy evaluator, per element
   ``|got - want| <= atol + rtol * |want|``, where ``want`` is the point nearest
   to ``got`` between the float64 answer and the answer rounded after each op;
   NaN and infinities must be in place, integers and i1 equal.

A failure is a crash (a signal, an exit code other than 0/1/2, LLVM's crash
banner), a compile error ("compilation failed") or another run-time error on a
valid program, a hang, ``check: FAIL`` or a NumPy mismatch. A failing program
is shrunk (ops replaced by an operand or an earlier value of their type,
results and unused arguments dropped) while it fails in the same class; the
original, the shrunk program, its inputs and a repro line go to ``--out``.

Values stay meaningful: inputs are normals clipped to [-4, 4] (some with NaN,
infinities and -0.0), positives in [0.5, 2.5] or small integers; symbols take
0-9, 17, 33 or 64 with at most 20000 elements per tensor. The generator tracks
a bound on each value's magnitude, its sign and whether it is exact (free of
rounding), so that log, sqrt, div and pow get positive operands (``abs(x) +
0.5`` guards), discontinuous ops (floor, round, cmp, argmax, rem, casts to
integers) only exact ones and rounded values are never widened.

Run a batch (program I of seed N alone: ``--first I --count 1``)::

    python3 tools/kiln-fuzz/kiln_fuzz.py --kiln-run build/bin/kiln-run \\
        --kiln-opt build/bin/kiln-opt --seed 1 --count 200

A long batch: ``--seed $RANDOM --count 1000000 --time-limit 3600`` (add
``--no-static-empty`` to look past the bugs that static zero-size dims hit).
On the GPU machine add ``--target cuda``; ``--kiln-opt`` may be left out there
(kiln-run's parse errors then count as rejects). Without a GPU,
``--compile-only`` runs ``kiln-opt FILE --kiln-gpu-pipeline`` and reports its
crashes and refusals. The last line is ``kiln-fuzz: K programs, F failures, G
generator rejects (seed N)``, K counting the rejects; the exit code is 1 if F
> 0.
"""

import argparse
import dataclasses
import functools
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path

import numpy as np

FLOATS = ("f32", "f16", "bf16")
INTS = ("i32", "i64")
SYM_NAMES = ("B", "S", "N", "D", "H")
SYM_VALUES = (0, 1, 1, 2, 3, 4, 5, 7, 8, 9, 17, 33, 64)
SYM_MAX = max(SYM_VALUES)
STATIC_DIMS = (0, 1, 1, 1, 2, 2, 3, 3, 4, 5, 7, 8, 16, 33)
MAX_ELEMENTS = 20000
MAG_CAP = {"f32": 1e4, "f16": 2e3, "bf16": 1e4, "i32": 1e6, "i64": 1e6, "i1": 1}
TOLERANCE = {"f32": (1e-5, 1e-4), "f16": (2e-3, 2e-3), "bf16": (1e-2, 2e-2)}
CONST_VALUES = {"float": (0.5, 1.0, 1.5, 2.0, -1.0, -0.5, 0.25, 3.0)}
CONST_VALUES |= {"int": (-2, -1, 1, 2, 3), "i1": (0, 1)}
ALL_TYPES = FLOATS + INTS + ("i1",)
ARG_KINDS = ("same", "bcast", "weight", "matmul", "fresh", "product", "index", "index")
CRASH_MARKERS = ("Stack dump", "PLEASE submit")
SYMBOL_RE = re.compile(r"\b(?!ceildiv\b)[A-Za-z_]\w*")


class Skip(Exception):
    """A builder cannot make its op from the values at hand."""


def is_int(dtype):
    """Whether ``dtype`` is an integer type or i1."""
    return dtype in INTS or dtype == "i1"


# ---- dims ------------------------------------------------------------------


@dataclass(frozen=True)
class Dim:
    """A dim: ``text`` in Kiln's type syntax, ``py`` the same in Python."""

    text: str
    py: str

    @staticmethod
    def of(value):
        """A static size or a symbol."""
        return Dim(str(value), str(value))

    @property
    def static(self):
        """Whether the dim is a constant."""
        return self.text.isdigit()

    def symbols(self):
        """The symbols the dim uses."""
        return SYMBOL_RE.findall(self.text)

    def value(self, syms):
        """The size under the symbol values ``syms``."""
        return int(eval(self.py, {"__builtins__": {}}, dict(syms)))

    def bound(self, top=SYM_MAX):
        """An upper bound of the size (with symbols at most ``top``)."""
        return self.value({s: top for s in self.symbols()})


ONE = Dim.of(1)


def paren(d):
    """``d``'s text, parenthesized unless it is a name or a number."""
    return d.text if re.fullmatch(r"\w+", d.text) else f"({d.text})"


def dim_mul(a, b):
    """The product of two dims."""
    if a.static and b.static or "0" in (a.text, b.text):
        return Dim.of(a.value({}) * b.value({}) if a.static and b.static else 0)
    if ONE in (a, b):
        return b if a == ONE else a
    return Dim(f"{paren(a)}*{paren(b)}", f"({a.py})*({b.py})")


def dim_sum(dims):
    """The sum of dims, equal terms with a coefficient (``2*S + 3``)."""
    const, terms = 0, {}
    for d in dims:
        if d.static:
            const += int(d.text)
        else:
            terms[d] = terms.get(d, 0) + 1
    text = [paren(d) if n == 1 else f"{n}*{paren(d)}" for d, n in terms.items()]
    py = [f"{n}*({d.py})" for d, n in terms.items()]
    if const or not terms:
        text, py = text + [str(const)], py + [str(const)]
    return Dim(" + ".join(text), " + ".join(py))


def dim_ceildiv(a, k):
    """``a ceildiv k``."""
    if k == 1 or a.static:
        return a if k == 1 else Dim.of(-(-int(a.text) // k))
    return Dim(f"{paren(a)} ceildiv {k}", f"-(-({a.py}) // {k})")


def split_dim(d):
    """Two dims whose product is ``d`` (static composites, ``A*B``), or None."""
    if d.static:
        n = int(d.text)
        f = next((f for f in (2, 3, 4) if n > f and n % f == 0), None)
        return (Dim.of(f), Dim.of(n // f)) if f else None
    parts = d.text.split("*")
    if len(parts) == 2 and all(re.fullmatch(r"\w+", p) for p in parts):
        return Dim.of(parts[0]), Dim.of(parts[1])
    return None


def broadcast(*shapes):
    """The NumPy broadcast of ``shapes`` (right-aligned), or None."""
    out = []
    for dims in zip_longest(*(reversed(s) for s in shapes)):
        dims = {d for d in dims if d not in (None, ONE)}
        if len(dims) > 1:
            return None
        out.append(dims.pop() if dims else ONE)
    return tuple(reversed(out))


def sizes(shape, syms):
    """The sizes of ``shape`` under ``syms``."""
    return tuple(d.value(syms) for d in shape)


# ---- programs and their text -----------------------------------------------


@dataclass(eq=False)
class Val:
    """An SSA value and what the generator knows about its elements."""

    name: str
    shape: tuple
    dtype: str
    mag: float = 4.0  # An upper bound of |element|.
    exact: bool = False  # Free of rounding, or rounded deterministically.
    pos: bool = False  # Every element >= 0.5.
    nonneg: bool = False  # Every element >= 0.
    init: str = "normal"  # Arguments: normal, positive, bool or index.
    bound: Dim = None  # Index arguments: elements in [-bound, bound).
    gdim: int = None  # Index arguments shaped for gather_elements: its dim.

    @property
    def rank(self):
        """The number of dims."""
        return len(self.shape)

    @property
    def type(self):
        """The Kiln type."""
        dims = ", ".join(d.text for d in self.shape)
        return f"!kiln.tensor<[{dims}], {self.dtype}>"

    def facts(self, **over):
        """The element facts, with overrides."""
        facts = {k: getattr(self, k) for k in ("mag", "exact", "pos", "nonneg")}
        return facts | over


@dataclass
class Op:
    """``result = kiln.<name>(operands) {attrs}``."""

    name: str
    result: Val
    operands: list
    attrs: dict


@dataclass
class Program:
    """A function: arguments, ops, results, and each symbol's minimum."""

    args: list
    ops: list
    results: list
    min_sym: dict = field(default_factory=dict)

    def symbols(self):
        """The symbols of the argument types, in order."""
        names = (s for a in self.args for d in a.shape for s in d.symbols())
        return list(dict.fromkeys(names))

    def values(self):
        """Arguments and op results."""
        return self.args + [op.result for op in self.ops]


def literal(arr, dtype):
    """A DenseElementsAttr for ``arr``."""

    def text(a):
        if a.ndim:
            return f"[{', '.join(map(text, a))}]"
        if dtype == "i1":
            return str(bool(a)).lower()
        return str(int(a)) if is_int(dtype) else repr(float(a))

    flat = arr.reshape(-1)
    body = text(flat[0]) if (flat == flat[0]).all() else text(arr)
    return f"dense<{body}> : tensor<{''.join(f'{n}x' for n in arr.shape)}{dtype}>"


def fmt_attr(v, dtype):
    """An attribute value in MLIR syntax."""
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, (int, float)):
        return f"{v} : i64" if isinstance(v, int) else f"{v:.6e} : f64"
    if isinstance(v, (Dim, str)):
        return f'"{v.text if isinstance(v, Dim) else v}"'
    if isinstance(v, np.ndarray):
        return literal(v, dtype)
    return f"array<i64: {', '.join(map(str, v))}>" if v else "array<i64>"


def emit_op(op):
    """One op in the generic form."""
    names = ", ".join(v.name for v in op.operands)
    types = ", ".join(v.type for v in op.operands)
    attrs = [f"{k} = {fmt_attr(v, op.result.dtype)}" for k, v in op.attrs.items()]
    attrs = f" {{{', '.join(attrs)}}}" if attrs else ""
    head = f'  {op.result.name} = "kiln.{op.name}"({names}){attrs}'
    return f"{head} : ({types}) -> {op.result.type}"


def emit(prog):
    """The program's MLIR text."""
    args = ", ".join(f"{a.name}: {a.type}" for a in prog.args)
    types = ", ".join(r.type for r in prog.results)
    body = [emit_op(op) for op in prog.ops]
    ret = f"  return {', '.join(r.name for r in prog.results)} : {types}"
    return "\n".join([f"func.func @main({args}) -> ({types}) {{", *body, ret, "}\n"])


# ---- the generator ---------------------------------------------------------


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
BUILDERS = {"unary": 20, "binary": 20, "cmp_select": 6, "cast": 5, "reduce": 10}
BUILDERS |= {"softmax": 4, "norm": 4, "matmul": 5, "transpose": 4, "reshape": 5}
BUILDERS |= {"broadcast": 3, "concat": 4, "slice": 4, "pad": 3, "cumsum": 3}
BUILDERS |= {"argreduce": 3, "gather": 4, "iota": 2, "logical": 3}


def agree(a, b, d):
    """Whether shapes ``a`` and ``b`` are equal but for dim ``d``."""
    return len(a) == len(b) and a[:d] + a[d + 1 :] == b[:d] + b[d + 1 :]


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


class Generator:
    """Builds one random program from a seeded ``random.Random``."""

    def __init__(self, rng, static_empty=True):
        self.rng, self.vals, self.ops, self.args, self.min_sym = rng, [], [], [], {}
        self.static = [d for d in STATIC_DIMS if d or static_empty]

    # ---- helpers ----

    def add(self, name, operands, shape, dtype, attrs=None, **facts):
        """Appends an op; Skip if its magnitude bound is too large."""
        val = Val(f"%v{len(self.ops)}", tuple(shape), dtype, **facts)
        if not val.mag <= MAG_CAP[dtype]:
            raise Skip()
        val.exact |= is_int(dtype)
        self.ops.append(Op(name, val, list(operands), attrs or {}))
        self.vals.append(val)
        return val

    def like(self, name, operands, x, shape=None, attrs=None, dtype=None, **over):
        """An op whose result has x's type and facts, with overrides."""
        shape = x.shape if shape is None else shape
        dtype = dtype or x.dtype
        return self.add(name, operands, shape, dtype, attrs, **x.facts(**over))

    def pick(self, pred=lambda v: True):
        """A value satisfying ``pred``, recent ones more often; or Skip."""
        cands = [v for v in self.vals if pred(v)]
        if not cands:
            raise Skip()
        return self.rng.choices(cands, range(1, len(cands) + 1))[0]

    def pick_dim(self, x):
        """A dim of ``x`` and its attribute (negative sometimes)."""
        d = self.rng.randrange(x.rank)
        return d, d - x.rank if self.rng.random() < 0.3 else d

    def need_nonempty(self, dim):
        """Requires ``dim`` >= 1 (raising symbols' minimums), or Skip."""
        for _ in range(10):
            if dim.value({s: self.min_sym.get(s, 0) for s in dim.symbols()}) >= 1:
                return
            for s in dim.symbols():
                self.min_sym[s] = self.min_sym.get(s, 0) + 1
        raise Skip()

    def constant(self, dtype, shape, values=None):
        """A kiln.constant of a static shape."""
        pool = CONST_VALUES[
            "int" if dtype in INTS else "float" if dtype in FLOATS else dtype
        ]
        values = values or [self.rng.choice(pool) for _ in range(math.prod(shape))]
        arr = np.array(values, np.int64 if is_int(dtype) else np.float64)
        lo, mag = float(arr.min()), float(np.abs(arr).max())
        facts = dict(mag=mag, exact=True, pos=lo >= 0.5, nonneg=lo >= 0)
        attrs = {"value": arr.reshape(shape)}
        return self.add("constant", [], map(Dim.of, shape), dtype, attrs, **facts)

    def constant_like(self, x):
        """A small constant that broadcasts against ``x``."""
        shapes = [(), (1,)]
        tail = x.shape[-2:]
        if tail and all(d.static and d.text != "0" for d in tail):
            shapes.append(sizes(tail, {}))
        return self.constant(x.dtype, self.rng.choice(shapes))

    def guard_pos(self, x):
        """``abs(x) + 0.5`` (integers: + 1), at least 0.5."""
        if x.pos:
            return x
        if not x.nonneg:
            x = self.like("abs", [x], x, nonneg=True)
        c = self.constant(x.dtype, (), [1 if x.dtype in INTS else 0.5])
        return self.like("add", [x, c], x, mag=x.mag + 1, pos=True, exact=False)

    def keepdim_reduce(self, x):
        """A keepdim mean (integers: sum, i1: any) of ``x``: it broadcasts with x."""
        if x.rank == 0:
            raise Skip()
        dims = sorted(self.rng.sample(range(x.rank), self.rng.randint(1, x.rank)))
        shape = [ONE if i in dims else d for i, d in enumerate(x.shape)]
        count = math.prod(x.shape[i].bound() for i in dims) if x.dtype in INTS else 1
        kind = "any" if x.dtype == "i1" else "sum" if x.dtype in INTS else "mean"
        facts = x.facts(mag=x.mag * count, exact=False, pos=False)
        attrs = {"dims": dims, "keepdim": True}
        return self.add("reduce_" + kind, [x], shape, x.dtype, attrs, **facts)

    def partner(self, x, pred=lambda v: True, shape=None):
        """A value of x's type broadcasting against ``shape`` (default: x's)."""
        shape = shape or x.shape
        cands = [v for v in self.vals if v.dtype == x.dtype and pred(v)]
        cands = [v for v in cands if broadcast(shape, v.shape)]
        r = self.rng.random()
        if cands and r < 0.6:
            return self.rng.choice(cands)
        if r < 0.85 or shape != x.shape:
            c = self.constant_like(x)
            return c if pred(c) else self.rng.choice(cands or [x])
        return self.keepdim_reduce(x)

    def rand_dim(self, syms):
        """A symbol or a static size."""
        if syms and self.rng.random() < 0.45:
            return Dim.of(self.rng.choice(syms))
        return Dim.of(self.rng.choice(self.static))

    def rand_shape(self, syms, rank):
        """A random shape of ``rank`` of at most 4096 elements."""
        for _ in range(20):
            shape = tuple(self.rand_dim(syms) for _ in range(rank))
            if math.prod(d.bound(8) for d in shape) <= 4096:
                return shape
        return (ONE,) * rank

    # ---- arguments ----

    def make_args(self):
        """One to three arguments whose shapes relate to the first one's."""
        rng = self.rng
        syms = rng.sample(SYM_NAMES, rng.choice([0, 1, 1, 2, 2, 3]))
        dtype = rng.choices(FLOATS + ("i32",), [45, 20, 20, 15])[0]
        shape = self.rand_shape(syms, rng.choice([0, 1, 2, 2, 3, 3, 4]))
        self.add_arg(shape, dtype)
        for _ in range(rng.choice([0, 1, 1, 2])):
            kind = rng.choice(ARG_KINDS)
            if kind == "index":
                self.add_index_arg(shape, syms)
            elif (new := self.related_shape(kind, shape, syms)) is not None:
                other = kind in ("same", "fresh") and rng.random() < 0.25
                self.add_arg(new, rng.choice(ALL_TYPES) if other else dtype)
        self.pool = list(dict.fromkeys(d for a in self.args for d in a.shape))

    def related_shape(self, kind, s, syms):
        """A shape like ``s``, broadcasting with it, ``[D]``, ``[.., K, N]``..."""
        rng = self.rng
        if kind in ("same", "bcast", "fresh"):
            new = [n for n in SYM_NAMES if n not in syms][:1]
            if kind == "fresh":
                return self.rand_shape(syms + new, rng.randint(0, 3))
            tail = s[rng.randint(0, len(s)) :] if kind == "bcast" else s
            return tuple(
                d if kind == "same" or rng.random() < 0.6 else ONE for d in tail
            )
        if kind == "weight" or len(s) < 2:
            return s[-1:] if kind == "weight" and s else None
        if kind == "product":
            return (dim_mul(s[0], s[1]),) + s[2:]
        return s[rng.randint(0, len(s) - 2) : -2] + (s[-1], self.rand_dim(syms))

    def add_arg(self, shape, dtype, init=None, **extra):
        """Appends an argument with normal, positive or boolean values."""
        init = (
            init or self.rng.choices(["positive", "normal", "special"], [30, 62, 8])[0]
        )
        init = "normal" if init == "special" and dtype not in FLOATS else init
        init = "bool" if dtype == "i1" else init
        mag = {"positive": 2.5, "normal": 4.0, "special": 4.0}.get(init, 1.0)
        pos, nonneg = init == "positive", init in ("positive", "bool")
        name = f"%a{len(self.args)}"
        exact = init != "special"  # NaN and infinities stay away from casts and cmp.
        val = Val(name, tuple(shape), dtype, mag, exact, pos, nonneg, init, **extra)
        self.args.append(val)
        self.vals.append(val)

    def add_index_arg(self, s, syms):
        """Indices into a dim of the first argument, for the gathers."""
        g = self.rng.randrange(len(s)) if s else None
        if g is None or s[g].text == "0":
            return
        self.need_nonempty(s[g])
        dtype = self.rng.choice(INTS)
        if self.rng.random() < 0.5:
            shape = s[:g] + (self.rand_dim(syms),) + s[g + 1 :]
            return self.add_arg(shape, dtype, "index", bound=s[g], gdim=g)
        shape = self.rand_shape(syms, self.rng.randint(0, 2))
        self.add_arg(shape, dtype, "index", bound=s[g])

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

    # ---- reductions and composites ----

    def build_reduce(self):
        """A reduction over random dims, with or without keepdim."""
        x = self.pick(lambda v: v.rank >= 1)
        kinds = ["sum", "max", "min", "prod"] + ["mean"] * (x.dtype in FLOATS)
        kind = self.rng.choice(["any", "all"] if x.dtype == "i1" else kinds)
        dims = sorted(self.rng.sample(range(x.rank), self.rng.randint(1, x.rank)))
        for d in dims if kind in ("max", "min") else []:
            self.need_nonempty(x.shape[d])
        if kind == "prod" and x.mag > 1:
            if x.dtype in INTS:
                raise Skip()
            x = self.like("tanh", [x], x, mag=1.0, exact=False, pos=False)
        keep = self.rng.random() < 0.4
        shape = [ONE if i in dims else d for i, d in enumerate(x.shape)]
        shape = [d for i, d in enumerate(shape) if keep or i not in dims]
        attrs = {"dims": [d - x.rank if self.rng.random() < 0.3 else d for d in dims]}
        if keep or self.rng.random() < 0.3:
            attrs["keepdim"] = keep
        count = math.prod(x.shape[d].bound() for d in dims) if kind == "sum" else 1
        exact = x.exact and kind in ("max", "min", "any", "all")
        facts = x.facts(
            mag=x.mag * count, exact=exact, pos=x.pos and kind in ("max", "min", "mean")
        )
        return self.add("reduce_" + kind, [x], shape, x.dtype, attrs, **facts)

    def build_softmax(self):
        """``softmax`` or ``log_softmax`` along a random dim."""
        x = self.pick(lambda v: v.dtype in FLOATS and v.rank >= 1 and v.mag <= 50)
        d, attr = self.pick_dim(x)
        mag = 2 * x.mag + math.log(max(x.shape[d].bound(), 1)) + 1
        name = self.rng.choice(["softmax", "log_softmax"])
        facts = dict(mag=1.0, nonneg=True) if name == "softmax" else dict(mag=mag)
        return self.add(name, [x], x.shape, x.dtype, {"dim": attr}, **facts)

    def norm_param(self, x):
        """A ``[D]`` value for x's last dim D: existing, constant or a mean."""
        last = x.shape[-1]
        cands = [v for v in self.vals if v.dtype == x.dtype and v.shape == (last,)]
        r = self.rng.random()
        if cands and r < 0.6:
            return self.rng.choice(cands)
        if last.static and 0 < int(last.text) <= 16 and r < 0.8:
            return self.constant(x.dtype, (int(last.text),))
        if x.rank == 1:
            return x
        attrs = {"dims": list(range(x.rank - 1))}
        return self.like("reduce_mean", [x], x, (last,), attrs, exact=False, pos=False)

    def build_norm(self):
        """``rms_norm``, or ``layer_norm`` of exact values, over the last dim."""
        layer = self.rng.random() < 0.5
        # (x - mean) / sqrt(var + eps) amplifies errors in x and in the mean
        # up to 1/sqrt(eps) times on near-constant rows: exact x, eps >= 0.01.
        x = self.pick(
            lambda v: v.dtype in FLOATS and v.rank >= 1 and (v.exact or not layer)
        )
        w = self.norm_param(x)
        eps = self.rng.choice([1e-2, 1e-1] if layer else [None, 1e-6, 1e-3, 1e-2])
        attrs = {"epsilon": eps} if eps else {}
        mag = math.sqrt(max(x.shape[-1].bound(), 1)) * w.mag
        if not layer:
            return self.add("rms_norm", [x, w], x.shape, x.dtype, attrs, mag=mag)
        b = self.norm_param(x)
        mag += b.mag
        return self.add("layer_norm", [x, w, b], x.shape, x.dtype, attrs, mag=mag)

    def build_matmul(self):
        """``matmul`` with a compatible value, a constant or x's transpose."""
        x = self.pick(lambda v: v.rank >= 2 and v.dtype != "i1")
        k = x.shape[-1]
        cands = [v for v in self.vals if v.dtype == x.dtype and v.shape[-2:-1] == (k,)]
        cands = [v for v in cands if broadcast(x.shape[:-2], v.shape[:-2])]
        r = self.rng.random()
        if cands and r < 0.6:
            y = self.rng.choice(cands)
        elif k.static and 0 < int(k.text) <= 16 and r < 0.8:
            y = self.constant(x.dtype, (int(k.text), self.rng.randint(1, 3)))
        else:
            y = self.transpose(x, list(range(x.rank - 2)) + [x.rank - 1, x.rank - 2])
        shape = broadcast(x.shape[:-2], y.shape[:-2]) + (x.shape[-2], y.shape[-1])
        facts = dict(
            mag=max(k.bound(), 1) * x.mag * y.mag, nonneg=x.nonneg and y.nonneg
        )
        return self.add("matmul", [x, y], shape, x.dtype, **facts)

    # ---- data movement ----

    def build_transpose(self):
        """A random (non-identity) permutation."""
        x = self.pick(lambda v: v.rank >= 2)
        perm = list(range(x.rank))
        while perm == sorted(perm):
            self.rng.shuffle(perm)
        return self.transpose(x, perm)

    def transpose(self, x, perm):
        """``kiln.transpose`` of ``x`` by ``perm``."""
        return self.like(
            "transpose", [x], x, [x.shape[p] for p in perm], {"perm": perm}
        )

    def build_reshape(self):
        """A reshape: dims merged or split, unit dims added or dropped, flatten."""
        x = self.pick()
        s, out = list(x.shape), []
        for i, d in enumerate(s):
            if i + 1 < len(s):
                out.append(s[:i] + [dim_mul(d, s[i + 1])] + s[i + 2 :])
            if parts := split_dim(d):
                out.append(s[:i] + list(parts) + s[i + 1 :])
            if d == ONE:
                out.append(s[:i] + s[i + 1 :])
        if len(s) < 4:
            i = self.rng.randint(0, len(s))
            out.append(s[:i] + [ONE] + s[i:])
        if len(s) >= 2:
            out.append([functools.reduce(dim_mul, s)])
        return self.like("reshape", [x], x, self.rng.choice(out))

    def build_broadcast(self):
        """``broadcast_to``: unit dims widened, leading dims added."""
        x = self.pick(lambda v: v.rank <= 3)
        pool = self.pool + [Dim.of(2), Dim.of(3)]
        widen = [d == ONE and self.rng.random() < 0.6 for d in x.shape]
        shape = [self.rng.choice(pool) if w else d for d, w in zip(x.shape, widen)]
        lead = self.rng.randint(0 if any(widen) else 1, 4 - x.rank)
        shape = [self.rng.choice(pool) for _ in range(lead)] + shape
        return self.like("broadcast_to", [x], x, shape)

    def build_concat(self):
        """``concat`` of two or three values that agree except along ``dim``."""
        x = self.pick(lambda v: v.rank >= 1)
        d, attr = self.pick_dim(x)
        cands = [
            v for v in self.vals if v.dtype == x.dtype and agree(v.shape, x.shape, d)
        ]
        ins = [x] + [self.rng.choice(cands) for _ in range(self.rng.randint(1, 2))]
        self.rng.shuffle(ins)
        shape = x.shape[:d] + (dim_sum([v.shape[d] for v in ins]),) + x.shape[d + 1 :]
        return self.add("concat", ins, shape, x.dtype, {"dim": attr}, **meet(ins))

    def build_slice(self):
        """``slice``: static bounds, or ``[0, d)``/``[1, d)`` of symbolic dims."""
        x = self.pick(lambda v: v.rank >= 1)
        d, _ = self.pick_dim(x)
        size, step = x.shape[d], self.rng.choice([1, 1, 2, 3])
        if size.static:
            empty = 0 in self.static  # Whether static empty dims may appear.
            a = self.rng.randint(0, int(size.text) - (not empty))
            b = self.rng.randint(a + (not empty), int(size.text))
            start, end, new = Dim.of(a), Dim.of(b), Dim.of(-((a - b) // step))
        elif self.rng.random() < 0.5:
            self.need_nonempty(size)
            start, end = ONE, size
            new = dim_ceildiv(Dim(f"{size.text} - 1", f"({size.py}) - 1"), step)
        else:
            start, end, new = Dim.of(0), size, dim_ceildiv(size, step)
        attrs = {"dim": d, "start": start, "end": end}
        if step > 1 or self.rng.random() < 0.3:
            attrs["step"] = step
        shape = x.shape[:d] + (new,) + x.shape[d + 1 :]
        return self.like("slice", [x], x, shape, attrs)

    def build_pad(self):
        """Constant ``pad`` by 0-2 elements on each side."""
        x = self.pick(lambda v: v.rank >= 1 and v.dtype != "i1")
        low = [self.rng.choice([0, 0, 1, 2]) for _ in x.shape]
        high = [self.rng.choice([0, 0, 1, 2]) for _ in x.shape[:-1]] + [1]
        value = self.rng.choice([0.0, 1.0, -2.0] + [-1.5, 0.5] * (x.dtype in FLOATS))
        shape = [dim_sum([d, Dim.of(a + b)]) for d, a, b in zip(x.shape, low, high)]
        attrs = {"low": low, "high": high}
        if value or self.rng.random() < 0.5:
            attrs["value"] = value
        facts = x.facts(mag=max(x.mag, abs(value)), pos=x.pos and value >= 0.5)
        facts["nonneg"] &= value >= 0
        return self.add("pad", [x], shape, x.dtype, attrs, **facts)

    def build_cumsum(self):
        """Inclusive ``cumsum`` along a random dim."""
        x = self.pick(lambda v: v.rank >= 1 and v.dtype != "i1")
        d, attr = self.pick_dim(x)
        mag = x.mag * max(x.shape[d].bound(), 1)
        facts = x.facts(mag=mag, exact=False, pos=False)
        return self.add("cumsum", [x], x.shape, x.dtype, {"dim": attr}, **facts)

    def build_argreduce(self):
        """``argmax``/``argmin`` of exact values over a non-empty dim."""
        x = self.pick(lambda v: v.rank >= 1 and v.exact and v.dtype != "i1")
        d, attr = self.pick_dim(x)
        self.need_nonempty(x.shape[d])
        keep = self.rng.random() < 0.4
        shape = [ONE if i == d else s for i, s in enumerate(x.shape) if keep or i != d]
        name, dtype = self.rng.choice(["argmax", "argmin"]), self.rng.choice(INTS)
        facts = dict(mag=x.shape[d].bound(), nonneg=True)
        return self.add(
            name, [x], shape, dtype, {"dim": attr, "keepdim": keep}, **facts
        )

    def build_gather(self):
        """``gather``/``gather_elements`` with index arguments, or of an iota."""
        idx = [a for a in self.args if a.bound is not None]
        if not idx or self.rng.random() < 0.25:
            x = self.pick(lambda v: v.rank >= 1 and v.dtype != "i1")
            d, _ = self.pick_dim(x)
            i = self.add(
                "iota", [], x.shape[d : d + 1], self.rng.choice(INTS), {"dim": 0}
            )
            return self.like("gather", [x, i], x, attrs={"dim": d})
        i = self.rng.choice(idx)
        ok = lambda v: v.dtype != "i1" and i.bound in v.shape  # noqa: E731
        if i.gdim is not None and self.rng.random() < 0.6:
            g = i.gdim
            x = self.pick(
                lambda v: ok(v) and agree(v.shape, i.shape, g) and v.shape[g] == i.bound
            )
            return self.like("gather_elements", [x, i], x, i.shape, {"dim": g})
        x = self.pick(lambda v: ok(v) and v.rank + i.rank <= 5)
        d = self.rng.choice([k for k, s in enumerate(x.shape) if s == i.bound])
        shape = x.shape[:d] + i.shape + x.shape[d + 1 :]
        return self.like("gather", [x, i], x, shape, {"dim": d})

    def build_iota(self):
        """``iota`` shaped like an existing value."""
        x = self.pick(lambda v: v.rank >= 1)
        d, attr = self.pick_dim(x)
        dtype, facts = self.rng.choice(INTS + ("f32",)), dict(exact=True, nonneg=True)
        return self.add(
            "iota", [], x.shape, dtype, {"dim": attr}, mag=x.shape[d].bound(), **facts
        )

    # ---- the program ----

    def generate(self):
        """A program of 1-12 ops (guards and constants count)."""
        self.make_args()
        target = self.rng.randint(1, 12)
        for _ in range(200):
            if len(self.ops) >= target:
                break
            try:
                kind = self.rng.choices(list(BUILDERS), list(BUILDERS.values()))[0]
                getattr(self, "build_" + kind)()
            except Skip:
                pass
        if not self.ops:
            x = self.args[0]
            self.like("not" if x.dtype == "i1" else "neg", [x], x)
        used = {id(v) for op in self.ops for v in op.operands}
        leaves = [op.result for op in self.ops[:-1] if id(op.result) not in used]
        results = [self.ops[-1].result] + self.rng.sample(leaves, min(len(leaves), 2))
        self.rng.shuffle(results)
        return Program(self.args, self.ops, results, self.min_sym)


# ---- the NumPy evaluator (float64, optionally rounded after every op) ----

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


# ---- inputs, outputs and the comparison ----


def pick_symbols(prog, rng):
    """Symbol values (0 and 1 included) that keep every value small."""
    names = prog.symbols()
    for attempt in range(30):
        top = SYM_VALUES if attempt < 15 else SYM_VALUES[:6]
        syms = {s: max(prog.min_sym.get(s, 0), rng.choice(top)) for s in names}
        shapes = [sizes(v.shape, syms) for v in prog.values()]
        if all(min(s, default=0) >= 0 and math.prod(s) <= MAX_ELEMENTS for s in shapes):
            return syms
    return {s: max(prog.min_sym.get(s, 0), 1) for s in names}


def make_inputs(prog, syms, rng):
    """Random arguments by name: float64, int64 or bool arrays."""
    inputs = {}
    for a in prog.args:
        shape = sizes(a.shape, syms)
        if a.dtype == "i1":
            x = rng.random(shape) < 0.5
        elif a.bound is not None:
            n = a.bound.value(syms)
            x = rng.integers(-n, n, shape) if n else np.zeros(shape, np.int64)
        elif a.dtype in INTS:
            x = rng.integers(1 if a.init == "positive" else -4, 5, shape)
        elif a.init == "positive":
            x = round_float(rng.uniform(0.5, 2.5, shape), a.dtype)
        else:
            x = round_float(np.clip(rng.normal(0, 1, shape), -4, 4), a.dtype)
            if a.init == "special":  # A few NaN, infinities and negative zeros.
                some = rng.random(shape) < 0.1
                x[some] = rng.choice([np.nan, np.inf, -np.inf, -0.0], int(some.sum()))
        inputs[a.name] = x
    return inputs


NPY_TYPES = {"f32": np.float32, "f16": np.float16, "i32": np.int32, "i64": np.int64}
NPY_TYPES["i1"] = np.bool_


def save_npy(path, x, dtype):
    """Writes ``x`` as ``dtype`` (bf16 as uint16 bit patterns)."""
    if dtype == "bf16":
        x = (np.asarray(x, np.float32).view(np.uint32) >> 16).astype(np.uint16)
    np.save(path, np.asarray(x).astype(NPY_TYPES.get(dtype, np.uint16)))


def load_npy(path, dtype):
    """Reads a result as float64, int64 or bool."""
    x = np.load(path)
    if dtype == "bf16":
        x = (x.astype(np.uint32) << 16).view(np.float32)
    return x.astype(
        bool if dtype == "i1" else np.int64 if dtype in INTS else np.float64
    )


def compare(got, rounded, exact, dtype):
    """None if ``got`` is within tolerance of the references' band, else why."""
    if got.shape != rounded.shape:
        return f"shape {got.shape}, expected {rounded.shape}"
    if is_int(dtype):
        bad, want = got != rounded, rounded
    else:
        atol, rtol = TOLERANCE[dtype]
        both = np.isfinite(rounded) & np.isfinite(exact)
        lo, hi = np.minimum(rounded, exact), np.maximum(rounded, exact)
        want = np.where(both, np.clip(got, lo, hi), rounded)
        with np.errstate(invalid="ignore"):
            far = np.abs(got - want) > atol + rtol * np.abs(want)
        same = (got == want) | np.isnan(got) & np.isnan(want)
        bad = np.where(np.isfinite(got) & np.isfinite(want), far, ~same)
    if not bad.any():
        return None
    at = tuple(int(i) for i in np.argwhere(bad)[0])
    return (
        f"{int(bad.sum())} of {bad.size} elements differ, first at {list(at)}: "
        f"got {got[at]}, want {want[at]}"
    )


# ---- running the tools ----


@dataclass
class Case:
    """A program with its symbol values and inputs."""

    prog: Program
    syms: dict
    inputs: dict


@dataclass
class Outcome:
    """A failure class (None: passed; "invalid": not a valid program)."""

    cls: str = None
    detail: str = ""


class Runner:
    """Runs kiln-opt and kiln-run on programs and classifies what happens."""

    def __init__(self, opts, work):
        self.opts, self.work = opts, Path(work)

    def sh(self, cmd):
        """(exit code, stdout, stderr); the code is None after a timeout."""
        kw = dict(capture_output=True, text=True, errors="replace")
        try:
            p = subprocess.run(cmd, timeout=self.opts.timeout, **kw)
        except subprocess.TimeoutExpired:
            return None, "", f"timed out after {self.opts.timeout} s"
        return p.returncode, p.stdout, p.stderr

    def classify(self, rc, err, ok_codes=(0, 1, 2)):
        """timeout or crash (signal, odd exit code, crash banner), or None."""
        if rc is None:
            return Outcome("timeout", err)
        if rc not in ok_codes or any(m in err for m in CRASH_MARKERS):
            return Outcome("crash", f"exit code {rc}\n{err[-3000:]}")
        return None

    def test(self, case):
        """The outcome of one program."""
        path = self.work / "prog.mlir"
        path.write_text(emit(case.prog))
        if self.opts.kiln_opt:
            rc, _, err = self.sh([self.opts.kiln_opt, str(path), "-o", os.devnull])
            if bad := self.classify(rc, err, (0, 1)):
                return Outcome("opt-" + bad.cls, bad.detail)
            if rc:
                return Outcome("invalid", err[-3000:])
        if self.opts.compile_only:
            gpu = ["--kiln-gpu-pipeline", "-o", os.devnull]
            rc, _, err = self.sh([self.opts.kiln_opt, str(path), *gpu])
            refused = Outcome("gpu-refused", err[-3000:]) if rc else Outcome()
            return self.classify(rc, err, (0, 1)) or refused
        try:
            return self.run(case, path)
        except Exception as e:  # The tester's own bug, not the compiler's.
            return Outcome("invalid", f"tester error: {e!r}")

    def input_flags(self, case, directory):
        """Writes the inputs; their --input flags."""
        flags = []
        for i, a in enumerate(case.prog.args):
            save_npy(Path(directory) / f"arg{i}.npy", case.inputs[a.name], a.dtype)
            flags.append(f"--input={Path(directory) / f'arg{i}.npy'}")
        return flags

    def run(self, case, path):
        """kiln-run --check --output, then the NumPy comparison."""
        prefix = self.work / "out"
        for old in self.work.glob("out.*.npy"):
            old.unlink()
        flags = self.input_flags(case, self.work) + ["--check", f"--output={prefix}"]
        cmd = [self.opts.kiln_run, str(path), *flags, f"--target={self.opts.target}"]
        rc, out, err = self.sh(cmd)
        if bad := self.classify(rc, err):
            return bad
        if rc == 2 and not self.opts.kiln_opt and "cannot parse" in err:
            return Outcome("invalid", err[-3000:])
        if rc == 2:
            cls = "compile-error" if "compilation failed" in err else "run-error"
            return Outcome(cls, err[-3000:])
        check = [line for line in out.splitlines() if line.startswith("check:")]
        if rc or not check or not check[0].startswith("check: ok"):
            return Outcome("check-fail", (check or [out])[0][:3000])
        rounded = evaluate(case.prog, case.inputs, case.syms, rounded=True)
        exact = evaluate(case.prog, case.inputs, case.syms, rounded=False)
        for i, r in enumerate(case.prog.results):
            got = load_npy(f"{prefix}.{i}.npy", r.dtype)
            if why := compare(got, rounded[r.name], exact[r.name], r.dtype):
                return Outcome("numpy-mismatch", f"result {i} ({r.type}): {why}")
        return Outcome()


# ---- shrinking and saving failures ----


def prune(prog):
    """``prog`` without the ops no result depends on."""
    live, kept = {id(v) for v in prog.results}, []
    for op in reversed(prog.ops):
        if id(op.result) in live:
            kept.append(op)
            live |= {id(v) for v in op.operands}
    return dataclasses.replace(prog, ops=kept[::-1])


def substitute(prog, old, new):
    """``prog`` with the uses of ``old`` replaced by ``new``, pruned."""
    swap = lambda vals: [new if v is old else v for v in vals]  # noqa: E731
    ops = [dataclasses.replace(op, operands=swap(op.operands)) for op in prog.ops]
    return prune(dataclasses.replace(prog, ops=ops, results=swap(prog.results)))


def candidates(case):
    """Smaller variants: a result dropped, an op replaced by an operand or an
    earlier value of its type or by a new argument holding its value, an
    unused argument dropped."""
    prog, same = case.prog, lambda p, inputs=case.inputs: Case(p, case.syms, inputs)
    for r in prog.results if len(prog.results) > 1 else []:
        yield same(
            prune(
                dataclasses.replace(
                    prog, results=[v for v in prog.results if v is not r]
                )
            )
        )
    earlier, swaps = list(prog.args), []
    for op in prog.ops:
        r = op.result
        news = [v for v in op.operands + earlier if v.type == r.type]
        swaps += [(r, v) for v in dict.fromkeys(news)]
        earlier.append(r)
    for old, new in reversed(swaps):
        yield same(substitute(prog, old, new))
    values = evaluate(prog, case.inputs, case.syms, rounded=True)
    for r in [op.result for op in reversed(prog.ops) if op.operands]:
        arg = Val("%in" + r.name[1:], r.shape, r.dtype)
        with_arg = dataclasses.replace(prog, args=prog.args + [arg])
        yield same(
            substitute(with_arg, r, arg), case.inputs | {arg.name: values[r.name]}
        )
    used = {id(v) for op in prog.ops for v in op.operands}
    used |= {id(v) for v in prog.results}
    for a in [a for a in prog.args if id(a) not in used]:
        yield same(dataclasses.replace(prog, args=[b for b in prog.args if b is not a]))


def shrink(case, outcome, runner, deadline, budget=300):
    """The smallest variant of ``case`` found that fails in the same class."""
    best, changed = case, True
    while changed and budget > 0 and time.time() < deadline:
        changed = False
        for cand in candidates(best):
            budget -= 1
            if runner.test(cand).cls == outcome.cls:
                best, changed = cand, True
                break
            if budget <= 0 or time.time() >= deadline:
                break
    return best


def save_failure(opts, tag, case, small, outcome, runner):
    """Writes the original and shrunk programs, the inputs and a repro line."""
    d = Path(opts.out) / tag
    d.mkdir(parents=True, exist_ok=True)
    (d / "original.mlir").write_text(emit(case.prog))
    (d / "shrunk.mlir").write_text(emit(small.prog))
    if opts.kiln_opt:
        rc, out, _ = runner.sh([opts.kiln_opt, str(d / "shrunk.mlir")])
        (d / "shrunk-pretty.mlir").write_text(out if rc == 0 else "")
    flags = " ".join(runner.input_flags(small, d) + ["--check"])
    repro = f"{opts.kiln_run} {d / 'shrunk.mlir'} {flags} --target={opts.target}"
    if opts.compile_only:
        repro = f"{opts.kiln_opt} {d / 'shrunk.mlir'} --kiln-gpu-pipeline -o /dev/null"
    syms = " ".join(f"{k}={small.syms[k]}" for k in small.prog.symbols())
    text = f"class: {outcome.cls}\nsymbols: {syms}\nrepro: {repro}\n\n"
    text += f"original:\n{outcome.detail}\n\nshrunk:\n{runner.test(small).detail}\n"
    (d / "failure.txt").write_text(text)
    return d


# ---- the driver ----


def make_case(seed, index, static_empty=True):
    """Program ``index`` of ``seed``, with its symbol values and inputs."""
    rng = random.Random(seed * 1_000_003 + index)
    prog = Generator(rng, static_empty).generate()
    syms = pick_symbols(prog, rng)
    inputs = make_inputs(prog, syms, np.random.default_rng(rng.getrandbits(64)))
    return Case(prog, syms, inputs)


def fuzz_one(opts, runner, index, deadline):
    """Tests program ``index``: None, "reject" or "failure"."""
    tag = f"seed{opts.seed}-prog{index}"
    try:
        case = make_case(opts.seed, index, not opts.no_static_empty)
    except Exception:  # The generator's bug: reported, and the batch goes on.
        print(f"kiln-fuzz: generator error ({tag}):", file=sys.stderr)
        traceback.print_exc()
        return "reject"
    outcome = runner.test(case)
    if outcome.cls is None:
        return None
    if outcome.cls == "invalid":
        why = f"{outcome.detail}\n{emit(case.prog)}"
        print(f"kiln-fuzz: generator reject ({tag}):\n{why}", file=sys.stderr)
        return "reject"
    small = shrink(case, outcome, runner, max(deadline, time.time() + 120))
    d = save_failure(opts, tag, case, small, outcome, runner)
    syms = {k: small.syms[k] for k in small.prog.symbols()}
    print(
        f"kiln-fuzz: FAIL {outcome.cls} ({tag}, symbols {syms}): "
        f"{outcome.detail.strip()[:800]}\nshrunk from {len(case.prog.ops)} to "
        f"{len(small.prog.ops)} ops, saved in {d}:\n{emit(small.prog)}",
        file=sys.stderr,
    )
    return "failure"


def parse_args(argv):
    """The command line."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--kiln-run", required=True, help="path of kiln-run")
    p.add_argument("--kiln-opt", help="path of kiln-opt (optional with --target cuda)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--count", type=int, default=100, help="programs to generate")
    p.add_argument("--first", type=int, default=0, help="index of the first program")
    p.add_argument("--target", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--compile-only", action="store_true", help="GPU pipeline only")
    p.add_argument("--out", default="/tmp/kiln-fuzz", help="where failures are saved")
    p.add_argument("--time-limit", type=float, help="no program starts after it (s)")
    help = "no static zero-size dims (to look past bugs that they trigger)"
    p.add_argument("--no-static-empty", action="store_true", help=help)
    p.add_argument("--timeout", type=float, default=120, help="seconds per tool run")
    opts = p.parse_args(argv)
    if opts.compile_only and not opts.kiln_opt:
        p.error("--compile-only needs --kiln-opt")
    return opts


def main(argv=None):
    """Runs the batch; prints the summary line; 1 if anything failed."""
    opts = parse_args(argv)
    deadline = time.time() + (opts.time_limit or float("inf"))
    counts = {"programs": 0, "failure": 0, "reject": 0, None: 0}
    with tempfile.TemporaryDirectory(prefix="kiln-fuzz-") as work:
        runner = Runner(opts, work)
        for index in range(opts.first, opts.first + opts.count):
            if time.time() >= deadline:
                break
            counts["programs"] += 1
            counts[fuzz_one(opts, runner, index, deadline)] += 1
    print(
        f"kiln-fuzz: {counts['programs']} programs, {counts['failure']} failures, "
        f"{counts['reject']} generator rejects (seed {opts.seed})"
    )
    return 1 if counts["failure"] else 0


if __name__ == "__main__":
    sys.exit(main())
