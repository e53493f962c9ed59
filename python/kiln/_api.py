"""``kiln.compile`` and ``kiln.Function``: the thin Python side of the
native module. Arrays are classified here (NumPy or a DLPack tensor, bf16
bit patterns); the native module borrows them for the call."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from kiln import _kiln

try:  # NumPy has no bfloat16; ml_dtypes provides one.
    import ml_dtypes

    _BF16 = np.dtype(ml_dtypes.bfloat16)
except ImportError:  # pragma: no cover - ml_dtypes is optional
    _BF16 = None


def _option_text(options: dict[str, Any]) -> str:
    """``fuse=False, block_size=128`` -> ``fuse=false block-size=128``."""
    parts = []
    for key, value in options.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        parts.append(f"{key.replace('_', '-')}={value}")
    return " ".join(parts)


def _is_torch(value: Any) -> bool:
    return type(value).__module__.startswith("torch") and hasattr(value, "detach")


class Function:
    """A compiled Kiln function. Call it on NumPy arrays (results are NumPy
    arrays) or on DLPack tensors such as torch tensors (results are torch
    tensors); one result comes back as one array, several as a tuple."""

    def __init__(self, native: _kiln.Function, target: str):
        self._native = native
        self.target = target
        self._arg_dtypes = [dtype for _, dtype in native.signature()]

    @property
    def entry(self) -> str:
        """The compiled function's name."""
        return self._native.entry

    @property
    def signature(self) -> list[tuple[tuple[str, ...], str]]:
        """Per argument: (dims as strings, dtype), e.g. ``(("B", "S"), "f32")``."""
        return [(tuple(dims), dtype) for dims, dtype in self._native.signature()]

    @property
    def result_signature(self) -> list[tuple[tuple[str, ...], str]]:
        """Per result: (dims as strings, dtype)."""
        return [
            (tuple(dims), dtype)
            for dims, dtype in self._native.signature(results=True)
        ]

    @property
    def compile_s(self) -> float:
        """Seconds the compilation (pipeline and JIT) took."""
        return self._native.compile_s

    @property
    def from_cache(self) -> bool:
        """True when the pipeline's output came from the on-disk compile
        cache ($KILN_CACHE_DIR, default ~/.cache/kiln; KILN_CACHE=0 turns
        it off): only the host code was JIT-compiled."""
        return self._native.from_cache

    def report(self) -> dict[str, Any]:
        """kernels, arena_bytes, naive_bytes, lower_bound_bytes (for the
        last call's sizes; None before a call of a symbolic function),
        compile_s; compiled with ``cuda_graphs=True``, also cuda_graphs
        (warmups, captures, replays, evictions, failed_captures, graphs)."""
        return self._native.report()

    def __call__(self, *args: Any) -> Any:
        numpy_out = not args or not _is_torch(args[0])
        arrays, bf16 = [], []
        for i, arg in enumerate(args):
            array, is_bf16 = self._prepare(i, arg)
            arrays.append(array)
            bf16.append(is_bf16)
        results = self._call_in_stream_order(args, arrays, bf16, numpy_out)
        if numpy_out and _BF16 is not None:
            results = [
                r.view(_BF16) if dtype == "bf16" else r
                for r, (_, dtype) in zip(results, self._native.signature(True))
            ]
        return results[0] if len(results) == 1 else tuple(results)

    def _call_in_stream_order(self, args, arrays, bf16, numpy_out):
        """Kiln queues device work on the legacy default stream: a caller
        on another torch stream is ordered with it by events, both ways,
        without a host synchronization."""
        on_cuda = any(_is_torch(a) and a.is_cuda for a in args)
        if not on_cuda:
            return self._native.call(arrays, bf16, numpy_out)
        import torch

        device = next(a.device for a in args if _is_torch(a) and a.is_cuda)
        current = torch.cuda.current_stream(device)
        default = torch.cuda.default_stream(device)
        if current != default:
            default.wait_stream(current)
        results = self._native.call(arrays, bf16, numpy_out)
        if current != default:
            current.wait_stream(default)
        return results

    def _prepare(self, i: int, arg: Any) -> tuple[Any, bool]:
        expected = self._arg_dtypes[i] if i < len(self._arg_dtypes) else None
        if isinstance(arg, np.ndarray):
            if _BF16 is not None and arg.dtype == _BF16:
                return arg.view(np.uint16), True
            return arg, arg.dtype == np.uint16 and expected == "bf16"
        if _is_torch(arg):
            return arg.detach(), False
        if hasattr(arg, "__dlpack__"):
            return arg, False
        raise _kiln.InputError(
            f"argument {i} is a {type(arg).__name__}, not an array or a DLPack tensor"
        )


def compile(
    source: str | os.PathLike,
    entry: str | None = None,
    target: str = "cpu",
    **options: Any,
) -> Function:
    """Compiles Kiln IR (module text, or the path of a ``.mlir`` file) for
    ``target`` (``"cpu"`` or ``"cuda"``). ``options`` are the pipeline's
    (``fuse``, ``blas``, ``parallel`` on the CPU; ``block_size``,
    ``cublas``, ``cuda_graphs`` (reduce-overhead: each call replays a CUDA
    graph captured once per binding of the arguments' shapes) and
    ``max_cuda_graphs`` on the GPU). Raises ParseError, VerificationError or
    CompileError."""
    native = _kiln.Function(os.fspath(source), entry, target, _option_text(options))
    return Function(native, target)
