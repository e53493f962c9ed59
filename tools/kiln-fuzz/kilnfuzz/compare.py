"""Inputs, outputs and the comparison.

Symbol values, random arguments, .npy files (bf16 as uint16 bit patterns) and
the per-element tolerance check against the NumPy references.
"""

import math

import numpy as np

from kilnfuzz.common import INTS, MAX_ELEMENTS, SYM_VALUES, TOLERANCE, is_int
from kilnfuzz.dims import sizes
from kilnfuzz.evaluate import round_float


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
