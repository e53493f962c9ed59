"""The types, limits and tolerances shared by the tester's modules."""

import re

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
