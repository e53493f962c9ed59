"""The generator's reductions, composites and data movement.

Reductions, softmax, norms and matmul; transpose, reshape, broadcast_to, concat,
slice, pad, cumsum, argmax/argmin, the gathers and iota.
"""

import functools
import math

from kilnfuzz.common import FLOATS, INTS, Skip
from kilnfuzz.dims import ONE, Dim, broadcast, dim_ceildiv, dim_mul, dim_sum, split_dim
from kilnfuzz.gen_elementwise import meet


def agree(a, b, d):
    """Whether shapes ``a`` and ``b`` are equal but for dim ``d``."""
    return len(a) == len(b) and a[:d] + a[d + 1 :] == b[:d] + b[d + 1 :]


class StructuredBuilders:
    """Generator's reduction, composite and data movement builders.

    A mixin: it uses Generator's helpers (``pick``, ``add``, ``like``...).
    """

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
