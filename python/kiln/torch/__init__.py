"""kiln.torch: Kiln as a ``torch.compile`` backend.

    torch.compile(model, backend="kiln", dynamic=True)

The backend is registered under the ``torch_dynamo_backends`` entry point
when the package is installed; ``kiln.torch.backend`` can also be passed
directly. ``stats()`` and ``reset()`` report and clear what it did; ``to_kiln``
exports a model to a Kiln module and its weights (torch.export)."""

from kiln.torch.backend import backend, reset, stats
from kiln.torch.export import KilnProgram, to_kiln


def _register() -> None:
    """Registers `kiln` with Dynamo where the entry point is not installed
    (the package used from a source tree, through PYTHONPATH)."""
    import torch._dynamo

    if "kiln" not in torch._dynamo.list_backends(exclude_tags=()):
        torch._dynamo.register_backend(name="kiln")(backend)


_register()

__all__ = ["KilnProgram", "backend", "reset", "stats", "to_kiln"]
