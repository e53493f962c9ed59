"""Kiln: a tensor compiler on MLIR with named dynamic-shape symbols.

``kiln.compile`` compiles a Kiln IR module (text or a ``.mlir`` path) for
the CPU or the GPU into a :class:`Function`, callable on NumPy arrays and
DLPack tensors without copies. ``kiln.torch`` is the ``torch.compile``
backend (``backend="kiln"``).
"""

from kiln._api import Function, compile
from kiln._kiln import (
    CompileError,
    InputError,
    KilnError,
    ParseError,
    VerificationError,
)

__version__ = "0.1.0"

__all__ = [
    "CompileError",
    "Function",
    "InputError",
    "KilnError",
    "ParseError",
    "VerificationError",
    "compile",
]
