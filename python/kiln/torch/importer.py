"""FX graphs of ATen ops -> Kiln IR text (the generic op form).

A :class:`FunctionBuilder` walks one graph: placeholders that are tensors
become the function's arguments (SymInt placeholders are dropped: Kiln
binds every symbol from the tensors' shapes), each call_function node goes
through its converter in ``converters.CONVERTERS``, and the output node
returns the results. Types come from ``node.meta["val"]`` (fake tensors
with symbolic sizes)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import torch
import torch.fx as fx

from kiln.torch.shapes import Meta, Unsupported, kiln_dtype, symbol_facts, tensor_type


def float_literal(value: float) -> str:
    """A float as MLIR parses it (a decimal point or an exponent with one)."""
    text = repr(float(value))
    if "e" in text and "." not in text.split("e")[0]:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


# NaN and infinities as the hex bit patterns MLIR's dense literals take.
_SPECIAL_FLOATS = {
    "f32": {"nan": "0x7FC00000", "inf": "0x7F800000", "-inf": "0xFF800000"},
    "f64": {"nan": "0x7FF8000000000000", "inf": "0x7FF0000000000000",
            "-inf": "0xFFF0000000000000"},
    "f16": {"nan": "0x7E00", "inf": "0x7C00", "-inf": "0xFC00"},
    "bf16": {"nan": "0x7FC0", "inf": "0x7F80", "-inf": "0xFF80"},
}


@dataclass
class Value:
    """An SSA value of the function being built and its torch metadata."""

    name: str
    type: str
    meta: Any  # the fake tensor


class FunctionBuilder:
    """Builds one Kiln function from an FX graph."""

    def __init__(self, name: str = "forward"):
        self.name = name
        self.lines: list[str] = []
        self.values: dict[fx.Node, Any] = {}
        self.args: list[Value] = []
        self.counter = 0

    # -- values -------------------------------------------------------------

    def fresh(self) -> str:
        self.counter += 1
        return f"%v{self.counter}"

    def value(self, arg: Any) -> Value:
        """The Value of a node argument (an error for anything else)."""
        if isinstance(arg, fx.Node) and isinstance(self.values.get(arg), Value):
            return self.values[arg]
        raise Unsupported(f"operand {arg!r}")

    def emit(
        self,
        op: str,
        operands: list[Value],
        result_meta: Any,
        attrs: str = "",
        result_type: str | None = None,
    ) -> Value:
        """`%r = "kiln.<op>"(operands) {attrs} : (types) -> type`."""
        name = self.fresh()
        rtype = result_type or tensor_type(result_meta)
        names = ", ".join(v.name for v in operands)
        types = ", ".join(v.type for v in operands)
        attr_text = f" {{{attrs}}}" if attrs else ""
        self.lines.append(
            f'    {name} = "kiln.{op}"({names}){attr_text} : ({types}) -> {rtype}'
        )
        return Value(name, rtype, result_meta)

    def scalar(self, value: float | int | bool, dtype: torch.dtype) -> Value:
        """A rank-0 constant."""
        kd = kiln_dtype(dtype)
        if dtype == torch.bool:
            literal = "true" if value else "false"
        elif dtype.is_floating_point:
            if math.isnan(value) or math.isinf(value):
                literal = _SPECIAL_FLOATS[kd][
                    "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")]
            else:
                literal = float_literal(value)
        else:
            literal = str(int(value))
        meta = Meta((), dtype)
        return self.emit(
            "constant",
            [],
            meta,
            f"value = dense<{literal}> : tensor<{kd}>",
        )

    def cast(self, value: Value, dtype: torch.dtype) -> Value:
        """`value` converted to `dtype` (itself when it has it)."""
        if value.meta.dtype == dtype:
            return value
        return self.emit("cast", [value], Meta(value.meta.shape, dtype))

    # -- the graph ----------------------------------------------------------

    def build(self, graph: fx.Graph, converters: dict[Any, Callable]) -> None:
        for node in graph.nodes:
            if node.op == "placeholder":
                meta = node.meta.get("val")
                if isinstance(meta, torch.Tensor):
                    v = Value(f"%arg{len(self.args)}", tensor_type(meta), meta)
                    self.args.append(v)
                    self.values[node] = v
                else:
                    self.values[node] = meta  # a SymInt or a constant
            elif node.op == "call_function":
                converter = converters.get(node.target)
                if converter is None:
                    raise Unsupported(f"op {node.target}")
                self.values[node] = converter(self, node)
            elif node.op == "output":
                outputs = node.args[0]
                if not isinstance(outputs, (tuple, list)):
                    outputs = (outputs,)
                self.results = [self.value(o) for o in outputs]
            else:
                raise Unsupported(f"{node.op} node")

    def text(self, facts: str = "") -> str:
        args = ", ".join(f"{v.name}: {v.type}" for v in self.args)
        results = ", ".join(v.type for v in self.results)
        attrs = f" attributes {{kiln.facts = {facts}}}" if facts else ""
        body = "\n".join(self.lines)
        ret = ", ".join(v.name for v in self.results)
        return (
            f"func.func @{self.name}({args}) -> ({results}){attrs} {{\n"
            f"{body}\n    return {ret} : {results}\n}}\n"
        )


def import_graph(
    graph: fx.Graph, name: str = "forward", order: list[str] | None = None
) -> tuple[str, FunctionBuilder]:
    """The Kiln module text of `graph` and its builder (which knows which
    placeholders became arguments). `order` (placeholder names) sets the
    arguments' order; the graph's by default. Raises Unsupported."""
    from kiln.torch.converters import CONVERTERS

    builder = FunctionBuilder(name)
    builder.build(graph, CONVERTERS)
    if order is not None:
        by_name = {n.name: builder.values[n] for n in graph.nodes if n.op == "placeholder"}
        builder.args = [by_name[n] for n in order if isinstance(by_name.get(n), Value)]
    if not builder.results:
        raise Unsupported("a graph without results")
    facts = symbol_facts([v.meta for v in builder.args])
    return builder.text(facts), builder
