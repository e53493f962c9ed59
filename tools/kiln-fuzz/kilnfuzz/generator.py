"""The generator: one random, valid program from a seeded ``random.Random``."""

import math

import numpy as np

from kilnfuzz.common import (
    ALL_TYPES,
    ARG_KINDS,
    CONST_VALUES,
    FLOATS,
    INTS,
    MAG_CAP,
    STATIC_DIMS,
    SYM_NAMES,
    Skip,
    is_int,
)
from kilnfuzz.dims import ONE, Dim, broadcast, dim_mul, sizes
from kilnfuzz.gen_elementwise import ElementwiseBuilders
from kilnfuzz.gen_structured import StructuredBuilders
from kilnfuzz.program import Op, Program, Val

BUILDERS = {"unary": 20, "binary": 20, "cmp_select": 6, "cast": 5, "reduce": 10}
BUILDERS |= {"softmax": 4, "norm": 4, "matmul": 5, "transpose": 4, "reshape": 5}
BUILDERS |= {"broadcast": 3, "concat": 4, "slice": 4, "pad": 3, "cumsum": 3}
BUILDERS |= {"argreduce": 3, "gather": 4, "iota": 2, "logical": 3}


class Generator(ElementwiseBuilders, StructuredBuilders):
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
