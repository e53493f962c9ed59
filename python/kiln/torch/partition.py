"""Partitioning with eager fallback: the nodes Kiln can compile are grouped
by torch's CapabilityBasedPartitioner into submodules, each imported into
one Kiln function; everything else (and any partition Kiln rejects) runs
in eager PyTorch, with one log line per unsupported op."""

from __future__ import annotations

import operator
from typing import Any

import torch
import torch.fx as fx
from torch.fx.passes.infra.partitioner import CapabilityBasedPartitioner
from torch.fx.passes.operator_support import OperatorSupportBase

import kiln
from kiln.torch import _log, cache
from kiln.torch.converters import CONVERTERS, VIEW_OPS, is_compute
from kiln.torch.indexing import ATTENTION_OPS

# Tuple-valued ops of which Kiln produces only item 0.
FIRST_ITEM_ONLY = (torch.ops.aten.native_layer_norm.default,
                   torch.ops.aten.max_pool2d_with_indices.default,
                   torch.ops.aten._native_batch_norm_legit_no_training.default,
                   ) + ATTENTION_OPS
from kiln.torch.importer import FunctionBuilder, Value, import_graph
from kiln.torch.shapes import Unsupported, tensor_type


def why_unsupported(node: fx.Node) -> str | None:
    """None if Kiln can compile `node`, else the reason: its converter is
    tried on `node` alone, with fresh arguments for its inputs."""
    if node.op != "call_function":
        return f"{node.op} node"
    if node.target not in CONVERTERS:
        return "no converter"
    if node.target is operator.getitem:
        source, index = node.args
        target = getattr(source, "target", None)
        splits = (torch.ops.aten.split_with_sizes.default, torch.ops.aten.split.Tensor)
        if not (target in splits or (target in FIRST_ITEM_ONLY and index == 0)):
            return "an item of a tuple Kiln does not produce"
        return why_unsupported(source)
    if node.target in FIRST_ITEM_ONLY:
        if any(u.target is not operator.getitem or u.args[1] != 0 for u in node.users):
            return "an item other than its first (mean, rstd, log-sum-exp, indices) is used"
    builder = FunctionBuilder()
    try:
        for i, source in enumerate(node.all_input_nodes):
            meta = source.meta.get("val")
            if isinstance(meta, torch.Tensor):
                builder.values[source] = Value(f"%arg{i}", tensor_type(meta), meta)
            else:
                builder.values[source] = meta
        vals = node.meta.get("val")
        vals = list(vals) if isinstance(vals, (tuple, list)) else [vals]
        if node.target in FIRST_ITEM_ONLY:
            vals = vals[:1]  # the others (RNG state, sizes) are not produced
        for v in vals:
            if v is not None:
                tensor_type(v)
        if node.target in (torch.ops.aten.split_with_sizes.default, torch.ops.aten.split.Tensor):
            # Its items are taken by getitem nodes, which must be Kiln's too.
            if any(u.target is not operator.getitem for u in node.users):
                return "a split whose items are not taken by getitem"
        CONVERTERS[node.target](builder, node)
    except Unsupported as reason:
        return str(reason)
    except Exception as error:  # a converter's bug must not break compile
        return f"the converter failed ({type(error).__name__}: {error})"
    return None


class _Support(OperatorSupportBase):
    def is_node_supported(self, submodules: Any, node: fx.Node) -> bool:
        return why_unsupported(node) is None


class KilnSubgraph(torch.nn.Module):
    """A partition compiled by Kiln: takes the partition's inputs (SymInts
    are dropped: Kiln binds sizes from the tensors) and returns its
    outputs, as the eager submodule would."""

    def __init__(self, function: kiln.Function, tensor_args: list[int], single: bool):
        super().__init__()
        self.function = function
        self.tensor_args = tensor_args
        self.single = single

    def forward(self, *args: Any) -> Any:
        tensors = [args[i].contiguous() for i in self.tensor_args]
        results = self.function(*tensors)
        if not isinstance(results, tuple):
            results = (results,)
        return results[0] if self.single else results


def _compile_partition(sub: fx.GraphModule, name: str, target: str,
                       options: dict[str, Any], stats: Any) -> torch.nn.Module:
    """The Kiln module of one partition, or `sub` itself (eager) when Kiln
    rejects it."""
    log = _log.get("partitions")
    placeholders = [n for n in sub.graph.nodes if n.op == "placeholder"]
    tensor_args = [i for i, n in enumerate(placeholders)
                   if isinstance(n.meta.get("val"), torch.Tensor)]
    try:
        if not tensor_args:
            # Nothing to bind sizes from, nor to take the device from.
            raise Unsupported("no tensor inputs")
        text, builder = import_graph(sub.graph)
        function = cache.get_function(text, target, options, stats)
    except Exception as error:  # Unsupported, kiln.KilnError, a bug
        log.info("%s runs in eager PyTorch: %s", name, str(error).splitlines()[0])
        stats.eager_partitions += 1
        return sub
    output = next(n for n in sub.graph.nodes if n.op == "output")
    single = not isinstance(output.args[0], (tuple, list))
    log.info("%s: %d ops compiled by Kiln", name,
             sum(1 for n in sub.graph.nodes if n.op == "call_function"))
    stats.kiln_partitions += 1
    return KilnSubgraph(function, tensor_args, single)


def _trim_view_tails(partition: Any) -> None:
    """Views whose users are all outside the partition stay in eager
    PyTorch: there they are views of the partition's output, as in eager
    (Kiln returns fresh tensors)."""
    changed = True
    while changed:
        changed = False
        for node in list(partition.nodes):
            if (node.target in VIEW_OPS and node.users and
                    all(user not in partition.nodes for user in node.users)):
                partition.remove_node(node)
                changed = True


def partition(gm: fx.GraphModule, target: str, options: dict[str, Any],
              stats: Any) -> fx.GraphModule:
    """`gm` with every Kiln-compilable region replaced by a KilnSubgraph."""
    log = _log.get("partitions")
    for node in gm.graph.nodes:
        if node.op != "call_function" or not isinstance(node.target, torch._ops.OpOverload):
            continue
        reason = why_unsupported(node)
        if reason is not None:
            op = str(node.target)
            stats.fallback_ops[op] = stats.fallback_ops.get(op, 0) + 1
            log.info("%s runs in eager PyTorch: %s", op, reason)
    partitioner = CapabilityBasedPartitioner(gm, _Support(), allows_single_node_partition=True)
    proposed = partitioner.propose_partitions()
    for p in proposed:
        _trim_view_tails(p)
    proposed = [p for p in proposed if any(is_compute(n) for n in p.nodes)]
    if not proposed:
        return gm
    fused = partitioner.fuse_partitions(proposed)
    for node in list(fused.graph.nodes):
        if node.op == "call_module" and node.target.startswith("fused_"):
            sub = getattr(fused, node.target)
            setattr(fused, node.target,
                    _compile_partition(sub, node.target, target, options, stats))
    fused.recompile()
    return fused
