#!/usr/bin/env python3
"""Kiln's CPU benchmark suite: the workloads of design.md §6 on this machine.

One run measures the machine's roofs first, then every workload x dtype:

  1. copy bandwidth (bench/copy_bandwidth.c) and peak FMA throughput
     (bench/peak_flops.c), built with clang-22 into a temporary directory;
  2. each program bench/workloads/<workload>_<dtype>.mlir through kiln-run on
     random inputs, at the CPU sizes of design.md §6.

Stdout gets JSON lines only (one per roof, one per workload x dtype, then a
summary of the project's targets); progress goes to stderr. bench/README.md
explains every field. Exit status: 0 when every workload compiled, ran and
passed --check; 1 otherwise.

Usage: python3 bench/run.py [--quick] [--workloads a,b] [--dtypes f32,bf16]
                            [--repeat N] [--no-check]
"""

import argparse
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Callable, Dict, List, Optional

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
WORKLOAD_DIR = os.path.join(BENCH_DIR, "workloads")
DEFAULT_KILN_RUN = os.path.join(ROOT, "build", "bin", "kiln-run")
DEFAULT_CC = "/usr/lib/llvm-22/bin/clang"
LLVM_LIB = "/usr/lib/llvm-22/lib"  # libomp.so
DTYPES = ("f32", "bf16")
ELEMENT_BYTES = {"f32": 4, "bf16": 2}
SEED = 1


@dataclasses.dataclass
class Workload:
    """One row of design.md §6's table, as run on the CPU."""

    name: str
    # "gb_s": bandwidth-bound, counted in bytes; "gflop_s": counted in flops.
    metric: str
    # Symbol bindings (--sym) of the full CPU size and of --quick.
    sizes: Dict[str, int]
    quick_sizes: Dict[str, int]
    # Bytes or flops of one call, given the sizes and the element size.
    count: Callable[[Dict[str, int], int], float]


WORKLOADS = [
    # Bandwidth: read x + write y (the small vectors a, b, w are not counted).
    Workload("ew_chain", "gb_s", {"R": 65536 // 16}, {"R": 64},
             lambda s, e: 2.0 * s["R"] * 1024 * e),
    Workload("softmax", "gb_s", {"R": 32768 // 16}, {"R": 64},
             lambda s, e: 2.0 * s["R"] * 1024 * e),
    Workload("layernorm", "gb_s", {"R": 16384 // 16}, {"R": 16},
             lambda s, e: 2.0 * s["R"] * 4096 * e),
    # Flops: 2*m*n*k per matmul.
    Workload("mm_epilogue", "gflop_s", {"M": 1024, "K": 1024, "N": 1024},
             {"M": 128, "K": 128, "N": 128},
             lambda s, e: 2.0 * s["M"] * s["N"] * s["K"]),
    Workload("mlp", "gflop_s", {"T": 8192 // 16}, {"T": 8},
             lambda s, e: 2 * (2.0 * s["T"] * 1024 * 4096)),
    # GPU size [8, 16, 1024, 64]; on the CPU [1, 16, 256, 64] (README.md).
    Workload("attention", "gflop_s", {"B": 1, "H": 16, "S": 256},
             {"B": 1, "H": 2, "S": 64},
             lambda s, e: 2 * (2.0 * s["B"] * s["H"] * s["S"] * s["S"] * 64)),
]


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def emit(record: dict) -> None:
    print(json.dumps(record), flush=True)


def rounded(value: Optional[float], digits: int) -> Optional[float]:
    return None if value is None else round(value, digits)


# ----------------------------------------------------------------------------
# Roofs: copy bandwidth and peak flops
# ----------------------------------------------------------------------------


def build_c_tool(cc: str, source: str, output: str) -> None:
    command = [cc, "-O3", "-march=native", "-fopenmp", source, "-o", output,
               f"-L{LLVM_LIB}", f"-Wl,-rpath,{LLVM_LIB}"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"bench: cannot build {source}:\n"
                         f"{' '.join(command)}\n{result.stderr}")


def run_json_lines(command: List[str]) -> List[dict]:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed "
                         f"(exit {result.returncode}):\n{result.stderr}")
    return [json.loads(line) for line in result.stdout.splitlines()
            if line.startswith("{")]


def measure_roofs(cc: str, quick: bool, build_dir: str):
    """Returns (copy record, {dtype: peak GFLOP/s or None}); emits both."""
    copy_exe = os.path.join(build_dir, "copy_bandwidth")
    peak_exe = os.path.join(build_dir, "peak_flops")
    build_c_tool(cc, os.path.join(BENCH_DIR, "copy_bandwidth.c"), copy_exe)
    build_c_tool(cc, os.path.join(BENCH_DIR, "peak_flops.c"), peak_exe)
    log("measuring copy bandwidth")
    copy_args = ["64", "5"] if quick else ["256", "10"]
    (copy,) = run_json_lines([copy_exe] + copy_args)
    emit(copy)
    log("measuring peak flops")
    peak_args = ["2000000", "3"] if quick else ["20000000", "5"]
    peaks = {}
    for record in run_json_lines([peak_exe] + peak_args):
        emit(record)
        peaks[record["dtype"]] = record["gflop_s"]
    return copy, peaks


# ----------------------------------------------------------------------------
# Workloads through kiln-run
# ----------------------------------------------------------------------------


@dataclasses.dataclass
class KilnRun:
    """What one kiln-run invocation printed."""

    returncode: int
    check: Optional[str] = None  # "ok" or "FAIL", when --check was given
    check_line: Optional[str] = None
    median_ms: Optional[float] = None
    report: Optional[dict] = None
    error: Optional[str] = None


TIME_RE = re.compile(r"^time: min=(\S+) median=(\S+) max=(\S+)$")


def run_kiln(args, program: str, sizes: Dict[str, int],
             extra: List[str]) -> KilnRun:
    command = [args.kiln_run, program, "--random-inputs", f"--seed={SEED}"]
    for name, value in sizes.items():
        command += ["--sym", f"{name}={value}"]
    command += extra
    timeout = args.timeout
    # Shown with the kiln-run it is a copy of, to be rerun by hand.
    shown = " ".join([args.kiln_run_source] + command[1:])
    log("$ " + shown)
    try:
        result = subprocess.run(command, capture_output=True, text=True,
                                timeout=timeout)
    except subprocess.TimeoutExpired:
        return KilnRun(returncode=-1,
                       error=f"timed out after {timeout:.0f} s: " + shown)
    run = KilnRun(returncode=result.returncode)
    for line in result.stdout.splitlines():
        if line.startswith("check: "):
            run.check_line = line[len("check: "):]
            run.check = run.check_line.split()[0]
        elif (match := TIME_RE.match(line)):
            run.median_ms = float(match.group(2))
        elif line.startswith("{"):
            run.report = json.loads(line)
    if result.returncode not in (0, 1) or (result.returncode == 1
                                           and run.check != "FAIL"):
        # Exit 2: bad input or compile error; anything else: a crash.
        stderr = result.stderr.strip()
        run.error = "\n".join([f"exit {result.returncode}: {shown}"]
                              + stderr.splitlines()[-20:])
    return run


def bench_workload(workload: Workload, dtype: str, args, copy: dict,
                   peaks: Dict[str, Optional[float]]) -> dict:
    sizes = workload.quick_sizes if args.quick else workload.sizes
    program = os.path.join(WORKLOAD_DIR, f"{workload.name}_{dtype}.mlir")
    record = {"workload": workload.name, "dtype": dtype, "sizes": sizes}

    # First run: --check (against the reference interpreter), the compile
    # facts of --report, and one timed call that sizes the second run.
    first_flags = ["--repeat=1", "--report"]
    if args.check:
        first_flags.insert(0, "--check")
    first = run_kiln(args, program, sizes, first_flags)
    median_ms, runs = first.median_ms, 1
    # Second run: as many timed calls as --repeat asks, within the time
    # budget; slow workloads keep the first run's single call.
    if first.error is None and median_ms:
        repeat = min(args.repeat, int(args.budget_s * 1000.0 / median_ms))
        if repeat >= 3:
            second = run_kiln(args, program, sizes, [f"--repeat={repeat}"])
            if second.error is not None:
                first.error = second.error
            elif second.median_ms is not None:
                median_ms, runs = second.median_ms, repeat

    count = workload.count(sizes, ELEMENT_BYTES[dtype])
    rate = None
    if median_ms and first.error is None:
        rate = count / (median_ms / 1000.0) / 1e9
    record["median_ms"] = rounded(median_ms, 4)
    record["runs"] = runs if median_ms is not None else 0
    if workload.metric == "gb_s":
        record["gb_s"] = rounded(rate, 2)
        roof = copy.get("gb_s")
        record["ratio_to_copy"] = (rounded(rate / roof, 3)
                                   if rate and roof else None)
    else:
        record["gflop_s"] = rounded(rate, 2)
        roof = peaks.get(dtype)
        record["ratio_to_peak"] = (rounded(rate / roof, 4)
                                   if rate and roof else None)

    report = first.report or {}
    for key in ("kernels", "arena_bytes", "naive_bytes", "lower_bound_bytes"):
        record[key] = report.get(key)
    arena, bound = record["arena_bytes"], record["lower_bound_bytes"]
    record["arena_ratio"] = (round(arena / bound, 3)
                             if arena is not None and bound else None)
    record["compile_s"] = report.get("compile_s")
    if first.error is not None:
        record["check"] = "error"
        record["error"] = first.error
    elif not args.check:
        record["check"] = "skipped"
    else:
        record["check"] = "ok" if first.check == "ok" else "FAIL"
        if first.check != "ok":
            record["check_detail"] = first.check_line
    return record


# ----------------------------------------------------------------------------
# Targets (bench/README.md)
# ----------------------------------------------------------------------------


def summarize_targets(records: List[dict]) -> dict:
    by_key = {(r["workload"], r["dtype"]): r for r in records}
    targets = []

    def add(description, workload, field, holds):
        record = by_key.get((workload, "f32"))
        value = record.get(field) if record else None
        targets.append({"target": description, "value": value,
                        "met": None if value is None else holds(value)})

    for name in ("ew_chain", "softmax", "layernorm"):
        add(f"{name} f32 ratio_to_copy >= 0.7", name, "ratio_to_copy",
            lambda v: v >= 0.7)
    for name in ("mlp", "attention"):
        add(f"{name} f32 arena_ratio <= 1.1", name, "arena_ratio",
            lambda v: v <= 1.1)
    add("mlp f32 compile_s < 1", "mlp", "compile_s", lambda v: v < 1.0)
    return {"name": "targets", "targets": targets}


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Kiln's CPU benchmark suite (design.md §6).")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes and few repetitions (tests)")
    parser.add_argument("--workloads", default=None,
                        help="comma-separated subset of: "
                        + ",".join(w.name for w in WORKLOADS))
    parser.add_argument("--dtypes", default=",".join(DTYPES),
                        help="comma-separated subset of: f32,bf16")
    parser.add_argument("--repeat", type=int, default=None,
                        help="timed calls per workload (default 10, "
                        "--quick 3), fewer where --budget-s runs out")
    parser.add_argument("--budget-s", type=float, default=20.0,
                        help="seconds of timed calls per workload x dtype "
                        "(default 20); workloads slower than a third of "
                        "it are timed once")
    parser.add_argument("--no-check", dest="check", action="store_false",
                        help="skip the comparison with the reference "
                        "interpreter")
    parser.add_argument("--kiln-run", default=DEFAULT_KILN_RUN,
                        help="the kiln-run binary (default: build/bin)")
    parser.add_argument("--cc", default=DEFAULT_CC,
                        help="C compiler for the roof programs")
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="seconds before one kiln-run is abandoned")
    args = parser.parse_args(argv)
    if args.repeat is None:
        args.repeat = 3 if args.quick else 10
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    known = {w.name: w for w in WORKLOADS}
    names = (args.workloads.split(",") if args.workloads
             else list(known))
    unknown = [n for n in names if n not in known]
    if unknown:
        parser.error(f"unknown workload(s) {','.join(unknown)}; "
                     f"known: {','.join(known)}")
    args.selected = [known[n] for n in names]
    args.dtype_list = args.dtypes.split(",")
    bad = [d for d in args.dtype_list if d not in DTYPES]
    if bad:
        parser.error(f"unknown dtype(s) {','.join(bad)}; known: f32,bf16")
    if not os.access(args.kiln_run, os.X_OK):
        parser.error(f"{args.kiln_run} is not an executable; build it first "
                     "(scripts/build.sh kiln-run)")
    return args


def main(argv) -> int:
    args = parse_args(argv)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kiln-bench-") as build_dir:
        # Every workload runs the same kiln-run, even if the build tree is
        # rebuilt while the benchmark runs.
        snapshot = os.path.join(build_dir, "kiln-run")
        shutil.copy2(args.kiln_run, snapshot)
        log(f"kiln-run: {args.kiln_run} (modified "
            f"{time.ctime(os.path.getmtime(args.kiln_run))}), run from a copy")
        args.kiln_run_source, args.kiln_run = args.kiln_run, snapshot
        copy, peaks = measure_roofs(args.cc, args.quick, build_dir)
        records = []
        for workload in args.selected:
            for dtype in args.dtype_list:
                record = bench_workload(workload, dtype, args, copy, peaks)
                emit(record)
                records.append(record)
    emit(summarize_targets(records))
    log(f"done in {time.monotonic() - start:.0f} s")
    failed = [r for r in records if r["check"] not in ("ok", "skipped")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
