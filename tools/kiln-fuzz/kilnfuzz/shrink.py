"""Shrinking failing programs and saving the failures."""

import dataclasses
import time
from pathlib import Path

from kilnfuzz.evaluate import evaluate
from kilnfuzz.program import Val, emit
from kilnfuzz.runner import Case


def prune(prog):
    """``prog`` without the ops no result depends on."""
    live, kept = {id(v) for v in prog.results}, []
    for op in reversed(prog.ops):
        if id(op.result) in live:
            kept.append(op)
            live |= {id(v) for v in op.operands}
    return dataclasses.replace(prog, ops=kept[::-1])


def substitute(prog, old, new):
    """``prog`` with the uses of ``old`` replaced by ``new``, pruned."""
    swap = lambda vals: [new if v is old else v for v in vals]  # noqa: E731
    ops = [dataclasses.replace(op, operands=swap(op.operands)) for op in prog.ops]
    return prune(dataclasses.replace(prog, ops=ops, results=swap(prog.results)))


def candidates(case):
    """Smaller variants: a result dropped, an op replaced by an operand or an
    earlier value of its type or by a new argument holding its value, an
    unused argument dropped."""
    prog, same = case.prog, lambda p, inputs=case.inputs: Case(p, case.syms, inputs)
    for r in prog.results if len(prog.results) > 1 else []:
        yield same(
            prune(
                dataclasses.replace(
                    prog, results=[v for v in prog.results if v is not r]
                )
            )
        )
    earlier, swaps = list(prog.args), []
    for op in prog.ops:
        r = op.result
        news = [v for v in op.operands + earlier if v.type == r.type]
        swaps += [(r, v) for v in dict.fromkeys(news)]
        earlier.append(r)
    for old, new in reversed(swaps):
        yield same(substitute(prog, old, new))
    values = evaluate(prog, case.inputs, case.syms, rounded=True)
    for r in [op.result for op in reversed(prog.ops) if op.operands]:
        arg = Val("%in" + r.name[1:], r.shape, r.dtype)
        with_arg = dataclasses.replace(prog, args=prog.args + [arg])
        yield same(
            substitute(with_arg, r, arg), case.inputs | {arg.name: values[r.name]}
        )
    used = {id(v) for op in prog.ops for v in op.operands}
    used |= {id(v) for v in prog.results}
    for a in [a for a in prog.args if id(a) not in used]:
        yield same(dataclasses.replace(prog, args=[b for b in prog.args if b is not a]))


def shrink(case, outcome, runner, deadline, budget=300):
    """The smallest variant of ``case`` found that fails in the same class."""
    best, changed = case, True
    while changed and budget > 0 and time.time() < deadline:
        changed = False
        for cand in candidates(best):
            budget -= 1
            if runner.test(cand).cls == outcome.cls:
                best, changed = cand, True
                break
            if budget <= 0 or time.time() >= deadline:
                break
    return best


def save_failure(opts, tag, case, small, outcome, runner):
    """Writes the original and shrunk programs, the inputs and a repro line."""
    d = Path(opts.out) / tag
    d.mkdir(parents=True, exist_ok=True)
    (d / "original.mlir").write_text(emit(case.prog))
    (d / "shrunk.mlir").write_text(emit(small.prog))
    if opts.kiln_opt:
        rc, out, _ = runner.sh([opts.kiln_opt, str(d / "shrunk.mlir")])
        (d / "shrunk-pretty.mlir").write_text(out if rc == 0 else "")
    flags = " ".join(runner.input_flags(small, d) + ["--check"])
    repro = f"{opts.kiln_run} {d / 'shrunk.mlir'} {flags} --target={opts.target}"
    if opts.compile_only:
        repro = f"{opts.kiln_opt} {d / 'shrunk.mlir'} --kiln-gpu-pipeline -o /dev/null"
    syms = " ".join(f"{k}={small.syms[k]}" for k in small.prog.symbols())
    text = f"class: {outcome.cls}\nsymbols: {syms}\nrepro: {repro}\n\n"
    text += f"original:\n{outcome.detail}\n\nshrunk:\n{runner.test(small).detail}\n"
    (d / "failure.txt").write_text(text)
    return d
