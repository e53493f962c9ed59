"""Programs (arguments, ops, results) and their MLIR text in the generic form."""

from dataclasses import dataclass, field

import numpy as np

from kilnfuzz.common import is_int
from kilnfuzz.dims import Dim


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
