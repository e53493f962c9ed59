"""The Dynamo backend: ``torch.compile(model, backend="kiln")``.

Dynamo hands the backend an FX graph; aot_autograd (with Kiln's
decomposition table) turns it into ATen forward and backward graphs, and
each is partitioned (partition.py): Kiln compiles the regions it supports,
eager PyTorch runs the rest. Dynamo's symbolic sizes become Kiln symbols,
so one Kiln compilation serves every shape of a dynamic graph."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

import torch
from torch._decomp import core_aten_decompositions
from torch._dynamo.backends.common import aot_autograd
from torch._functorch.aot_autograd import make_boxed_func

from kiln.torch import _log, cache
from kiln.torch.indexing import ATTENTION_OPS
from kiln.torch.partition import partition

aten = torch.ops.aten

# Ops Kiln compiles itself (fused as composites) rather than decomposed.
# (Every SDPA kernel ATen may pick: the CUDA ones too, so that attention on
# the GPU reaches kiln.attention rather than its math decomposition.)
_KEEP = (aten._softmax.default, aten._log_softmax.default, aten.gelu.default,
         aten.native_layer_norm.default, aten.silu.default) + ATTENTION_OPS


def _decompositions() -> dict:
    table = dict(core_aten_decompositions())
    for op in _KEEP:
        table.pop(op, None)
    return table


@dataclasses.dataclass
class Stats:
    """What kiln.torch.stats() reports."""

    graphs: int = 0
    kiln_compiles: int = 0
    cache_hits: int = 0
    kiln_partitions: int = 0
    eager_partitions: int = 0
    fallback_ops: dict[str, int] = dataclasses.field(default_factory=dict)


STATS = Stats()
_seen_graphs: set[str] = set()


def stats() -> dict[str, Any]:
    """Counters since the last reset(): graphs (Dynamo graphs compiled),
    kiln_compiles, cache_hits, kiln_partitions, eager_partitions,
    fallback_ops ({aten op: count})."""
    result = dataclasses.asdict(STATS)
    result["fallback_ops"] = dict(STATS.fallback_ops)
    return result


def reset() -> None:
    """Clears the counters and the in-process compile cache."""
    global STATS
    STATS = Stats()
    _seen_graphs.clear()
    cache.clear()


def _target(example_inputs: list[Any]) -> str:
    for value in example_inputs:
        if isinstance(value, torch.Tensor) and value.device.type == "cuda":
            return "cuda"
    return "cpu"


def _compiler(target: str, options: dict[str, Any]):
    def compile_graph(gm: torch.fx.GraphModule, example_inputs: list[Any]):
        compiled = partition(gm, target, options, STATS)
        return make_boxed_func(compiled.forward)

    return compile_graph


def _apply_mode(mode: str | None, target: str, options: dict[str, Any]) -> None:
    """torch.compile's `mode`: "reduce-overhead" replays each Kiln call as a
    CUDA graph (the GPU pipeline's cuda_graphs; CPU calls have no graphs,
    as Inductor skips them there)."""
    if mode in (None, "default"):
        return
    if mode != "reduce-overhead":
        raise ValueError(f"kiln: mode {mode!r} is not supported (supported: "
                         "'default', 'reduce-overhead'); autotuning is not "
                         "implemented")
    if target == "cuda":
        options.setdefault("cuda_graphs", True)
    else:
        _log.get("graphs").info("mode='reduce-overhead': no CUDA graphs on the CPU")


def backend(gm: torch.fx.GraphModule, example_inputs: list[Any],
            options: dict[str, Any] | None = None, mode: str | None = None):
    """The `kiln` Dynamo backend. `options`: `target` ("cpu" or "cuda";
    default: the inputs' device) and Kiln's pipeline options; `mode`
    (torch.compile's): "default" or "reduce-overhead" (CUDA graphs)."""
    options = dict(options or {})
    target = options.pop("target", None) or _target(example_inputs)
    _apply_mode(mode, target, options)
    STATS.graphs += 1
    key = hashlib.sha256(gm.code.encode()).hexdigest()
    log = _log.get("recompiles" if key in _seen_graphs else "graphs")
    log.info("graph %d (%d nodes) for %s, inputs %s", STATS.graphs,
             len(gm.graph.nodes), target,
             [tuple(t.shape) for t in example_inputs if isinstance(t, torch.Tensor)])
    _seen_graphs.add(key)
    compiler = _compiler(target, options)
    return aot_autograd(fw_compiler=compiler, bw_compiler=compiler,
                        decompositions=_decompositions)(gm, example_inputs)
