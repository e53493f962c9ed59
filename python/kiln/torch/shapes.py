"""Torch dtypes, sizes and tensor types in Kiln's type syntax.

Dynamo's symbolic sizes are sympy expressions over symbols such as ``s0``;
they become Kiln dim expressions (``s0*s1``, ``s0 floordiv 2``), so that
one Kiln compilation serves every shape Dynamo hands it."""

from __future__ import annotations

from typing import Any

import torch

DTYPES = {
    torch.float32: "f32",
    torch.float16: "f16",
    torch.bfloat16: "bf16",
    torch.float64: "f64",
    torch.bool: "i1",
    torch.int32: "i32",
    torch.int64: "i64",
}

FLOAT_DTYPES = {torch.float32, torch.float16, torch.bfloat16, torch.float64}


class Unsupported(Exception):
    """A node, dtype or size that Kiln cannot express (the node runs eagerly)."""


def kiln_dtype(dtype: torch.dtype) -> str:
    try:
        return DTYPES[dtype]
    except KeyError:
        raise Unsupported(f"dtype {dtype}") from None


def _expr(e: Any) -> str:
    """A sympy expression (torch's symbolic shapes) in Kiln's dim syntax."""
    import sympy

    from torch.utils._sympy.functions import FloorDiv, Mod, PythonMod

    if isinstance(e, sympy.Integer):
        v = int(e)
        return str(v) if v >= 0 else f"(0 - {-v})"
    if isinstance(e, sympy.Symbol):
        name = e.name
        if not name.isidentifier() or not name.startswith("s"):
            raise Unsupported(f"symbol {name} (only backed size symbols)")
        return name
    if isinstance(e, sympy.Add):
        return "(" + " + ".join(_expr(a) for a in e.args) + ")"
    if isinstance(e, sympy.Mul):
        return "(" + "*".join(_expr(a) for a in e.args) + ")"
    if isinstance(e, FloorDiv) and isinstance(e.args[1], sympy.Integer):
        return f"({_expr(e.args[0])} floordiv {int(e.args[1])})"
    if isinstance(e, (Mod, PythonMod)) and isinstance(e.args[1], sympy.Integer):
        return f"({_expr(e.args[0])} mod {int(e.args[1])})"
    raise Unsupported(f"size expression {e}")


def dim(size: Any) -> str:
    """One size (int or SymInt) as a Kiln dim."""
    if isinstance(size, int):
        return str(size)
    if isinstance(size, torch.SymInt):
        expr = size.node.expr
        return _expr(expr)
    raise Unsupported(f"size {size!r}")


class Meta:
    """The shape and dtype of a value the importer creates (a fake tensor's
    are read the same way)."""

    def __init__(self, shape: Any, dtype: torch.dtype):
        self.shape = tuple(shape)
        self.dtype = dtype


def tensor_type(value: Any) -> str:
    """The Kiln type of a (fake) tensor or a Meta."""
    if not isinstance(value, (torch.Tensor, Meta)):
        raise Unsupported(f"value {type(value).__name__}")
    dims = ", ".join(dim(s) for s in value.shape)
    return f"!kiln.tensor<[{dims}], {kiln_dtype(value.dtype)}>"


def symbol_facts(values: list[Any]) -> str:
    """`#kiln.facts<...>` of the ranges torch's shape environment knows for
    the symbols of `values` (finite ranges only), or ""."""
    shape_env = None
    symbols = {}
    for value in values:
        if not isinstance(value, torch.Tensor):
            continue
        for size in value.shape:
            if isinstance(size, torch.SymInt):
                shape_env = size.node.shape_env
                for s in size.node.expr.free_symbols:
                    symbols[s.name] = s
    if shape_env is None:
        return ""
    facts = []
    for name in sorted(symbols):
        r = shape_env.var_to_range.get(symbols[name])
        if r is None:
            continue
        import sympy

        if not (isinstance(r.lower, sympy.Integer) and isinstance(r.upper, sympy.Integer)):
            continue  # unbounded
        lo, hi = int(r.lower), int(r.upper)
        if 0 <= lo <= hi < 2**62:
            facts.append(f"{name} in [{lo}, {hi}]")
    return f"#kiln.facts<{', '.join(facts)}>" if facts else ""
