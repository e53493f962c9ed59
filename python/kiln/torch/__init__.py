"""kiln.torch: Kiln as a ``torch.compile`` backend.

    torch.compile(model, backend="kiln", dynamic=True)

The backend is registered under the ``torch_dynamo_backends`` entry point
when the package is installed; ``kiln.torch.backend`` can also be passed
directly. ``stats()`` and ``reset()`` report and clear what it did."""

from kiln.torch.backend import backend, reset, stats

__all__ = ["backend", "reset", "stats"]
