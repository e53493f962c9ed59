"""kiln.torch.to_kiln: a PyTorch model as a Kiln module plus its weights,
through torch.export, for kiln-opt and kiln-run."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import torch
from torch.export.graph_signature import InputKind

import kiln
from kiln.torch.backend import _decompositions
from kiln.torch.importer import import_graph
from kiln.torch.partition import why_unsupported
from kiln.torch.shapes import Unsupported


def _numpy(tensor: torch.Tensor) -> np.ndarray:
    """A weight as kiln-run reads it (bf16 as uint16 bit patterns)."""
    tensor = tensor.detach().cpu().contiguous()
    if tensor.dtype == torch.bfloat16:
        return tensor.view(torch.int16).numpy().view(np.uint16)
    return tensor.numpy()


class KilnProgram:
    """A model exported to Kiln: `text` is the module, whose @forward takes
    the user inputs, then the parameters (named_parameters() order), then
    the buffers (named_buffers() order): `weights`."""

    def __init__(self, text: str, weights: list[np.ndarray], num_inputs: int):
        self.text = text
        self.weights = weights
        self.num_inputs = num_inputs

    def save(self, directory: str | os.PathLike) -> None:
        """Writes dir/forward.mlir and dir/arg<i>.npy for every weight (i
        counts from the number of user inputs), for
        `kiln-run dir/forward.mlir --input=... --input=dir/arg<i>.npy`."""
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, "forward.mlir"), "w") as f:
            f.write(self.text)
        for i, weight in enumerate(self.weights):
            np.save(os.path.join(directory, f"arg{self.num_inputs + i}.npy"), weight)


def to_kiln(model: torch.nn.Module, args: tuple, dynamic_shapes: Any = None) -> KilnProgram:
    """Exports `model` on example `args` (dims named in `dynamic_shapes`,
    as torch.export takes them, become Kiln symbols). Raises
    kiln.CompileError naming the ops Kiln cannot express yet."""
    program = torch.export.export(model, tuple(args), dynamic_shapes=dynamic_shapes)
    program = program.run_decompositions(_decompositions())
    graph = program.graph_module.graph
    unsupported = sorted({
        f"{n.target} ({why_unsupported(n)})" for n in graph.nodes
        if n.op == "call_function" and why_unsupported(n) is not None
    })
    if unsupported:
        raise kiln.CompileError("ops Kiln cannot express yet: " + "; ".join(unsupported))
    specs = program.graph_signature.input_specs
    params = dict(model.named_parameters())
    buffers = dict(model.named_buffers())
    param_order = {name: i for i, name in enumerate(params)}
    buffer_order = {name: i for i, name in enumerate(buffers)}
    users = [s for s in specs if s.kind == InputKind.USER_INPUT]
    weights_specs = sorted(
        (s for s in specs if s.kind == InputKind.PARAMETER),
        key=lambda s: param_order.get(s.target, 0),
    ) + sorted(
        (s for s in specs if s.kind in (InputKind.BUFFER, InputKind.CONSTANT_TENSOR)),
        key=lambda s: buffer_order.get(s.target, len(buffer_order)),
    )
    order = [s.arg.name for s in users + weights_specs]
    try:
        text, _ = import_graph(graph, "forward", order)
    except Unsupported as error:
        raise kiln.CompileError(f"cannot export to Kiln: {error}") from None
    values = {**program.state_dict, **program.constants}
    weights = [_numpy(values[s.target]) for s in weights_specs]
    return KilnProgram(text, weights, len(users))
