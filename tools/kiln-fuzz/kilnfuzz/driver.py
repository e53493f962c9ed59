"""The driver: the batch of programs, the command line and the summary line."""

import argparse
import random
import sys
import tempfile
import time
import traceback

import numpy as np

from kilnfuzz.compare import make_inputs, pick_symbols
from kilnfuzz.generator import Generator
from kilnfuzz.program import emit
from kilnfuzz.runner import Case, Runner
from kilnfuzz.shrink import save_failure, shrink


def make_case(seed, index, static_empty=True):
    """Program ``index`` of ``seed``, with its symbol values and inputs."""
    rng = random.Random(seed * 1_000_003 + index)
    prog = Generator(rng, static_empty).generate()
    syms = pick_symbols(prog, rng)
    inputs = make_inputs(prog, syms, np.random.default_rng(rng.getrandbits(64)))
    return Case(prog, syms, inputs)


def fuzz_one(opts, runner, index, deadline):
    """Tests program ``index``: None, "reject" or "failure"."""
    tag = f"seed{opts.seed}-prog{index}"
    try:
        case = make_case(opts.seed, index, not opts.no_static_empty)
    except Exception:  # The generator's bug: reported, and the batch goes on.
        print(f"kiln-fuzz: generator error ({tag}):", file=sys.stderr)
        traceback.print_exc()
        return "reject"
    outcome = runner.test(case)
    if outcome.cls is None:
        return None
    if outcome.cls == "invalid":
        why = f"{outcome.detail}\n{emit(case.prog)}"
        print(f"kiln-fuzz: generator reject ({tag}):\n{why}", file=sys.stderr)
        return "reject"
    small = shrink(case, outcome, runner, max(deadline, time.time() + 120))
    d = save_failure(opts, tag, case, small, outcome, runner)
    syms = {k: small.syms[k] for k in small.prog.symbols()}
    print(
        f"kiln-fuzz: FAIL {outcome.cls} ({tag}, symbols {syms}): "
        f"{outcome.detail.strip()[:800]}\nshrunk from {len(case.prog.ops)} to "
        f"{len(small.prog.ops)} ops, saved in {d}:\n{emit(small.prog)}",
        file=sys.stderr,
    )
    return "failure"


def parse_args(argv, description=None):
    """The command line."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--kiln-run", required=True, help="path of kiln-run")
    p.add_argument("--kiln-opt", help="path of kiln-opt (optional with --target cuda)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--count", type=int, default=100, help="programs to generate")
    p.add_argument("--first", type=int, default=0, help="index of the first program")
    p.add_argument("--target", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--compile-only", action="store_true", help="GPU pipeline only")
    p.add_argument("--out", default="/tmp/kiln-fuzz", help="where failures are saved")
    p.add_argument("--time-limit", type=float, help="no program starts after it (s)")
    help = "no static zero-size dims (to look past bugs that they trigger)"
    p.add_argument("--no-static-empty", action="store_true", help=help)
    p.add_argument("--timeout", type=float, default=120, help="seconds per tool run")
    opts = p.parse_args(argv)
    if opts.compile_only and not opts.kiln_opt:
        p.error("--compile-only needs --kiln-opt")
    return opts


def main(argv=None, description=None):
    """Runs the batch; prints the summary line; 1 if anything failed."""
    opts = parse_args(argv, description)
    deadline = time.time() + (opts.time_limit or float("inf"))
    counts = {"programs": 0, "failure": 0, "reject": 0, None: 0}
    with tempfile.TemporaryDirectory(prefix="kiln-fuzz-") as work:
        runner = Runner(opts, work)
        for index in range(opts.first, opts.first + opts.count):
            if time.time() >= deadline:
                break
            counts["programs"] += 1
            counts[fuzz_one(opts, runner, index, deadline)] += 1
    print(
        f"kiln-fuzz: {counts['programs']} programs, {counts['failure']} failures, "
        f"{counts['reject']} generator rejects (seed {opts.seed})"
    )
    return 1 if counts["failure"] else 0
