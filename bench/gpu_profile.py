#!/usr/bin/env python3
"""Nsight Compute profiles of Kiln's and Inductor's kernels, side by side.

For every workload x dtype asked for, on the GPU machine:

  1. `ncu` profiles one `kiln-run --target=cuda` call of
     bench/workloads/<workload>_<dtype>.mlir (random inputs);
  2. `ncu` profiles one call of the same function compiled by
     torch.compile (default mode), after warm-up, between
     torch.cuda.profiler.start() and stop();

and prints one JSON line per profiled kernel with who ran it, its name,
duration, DRAM throughput (% of peak and bytes), achieved and theoretical
occupancy, registers per thread, block and grid size, issue-slot use and
the warp cycles per issued instruction. The full `ncu --csv --page details`
output is kept in --out-dir.

ncu runs with `--clock-control none` (the clocks stay as the machine sets
them, as for the benchmark). ncu replays each kernel once per metric pass,
so durations are the kernel alone, without launch overhead.

Usage (on the GPU machine; scripts/run-gpu.sh profile runs it):
  python3 bench/gpu_profile.py --kiln-run /tmp/kiln-gpu/bin/kiln-run
      [--cases softmax:f32,mm_epilogue:bf16] [--out-dir DIR]
"""

import argparse
import csv
import io
import json
import os
import subprocess
import sys

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH_DIR)

SECTIONS = ["SpeedOfLight", "Occupancy", "LaunchStats", "SchedulerStats",
            "WarpStateStats", "MemoryWorkloadAnalysis"]
# (JSON key, ncu metric name as the details page prints it)
METRICS = [
    ("duration", "Duration"),
    ("dram_pct", "DRAM Throughput"),
    ("memory_pct", "Memory Throughput"),
    ("sm_pct", "Compute (SM) Throughput"),
    ("achieved_occupancy", "Achieved Occupancy"),
    ("theoretical_occupancy", "Theoretical Occupancy"),
    ("registers", "Registers Per Thread"),
    ("shared_per_block", "Static Shared Memory Per Block"),
    ("issue_slots_busy", "Issue Slots Busy"),
    ("no_eligible", "No Eligible"),
    ("cycles_per_issue", "Warp Cycles Per Issued Instruction"),
    ("l2_hit", "L2 Hit Rate"),
    ("mem_busy", "Mem Busy"),
]
DEFAULT_CASES = ("ew_chain:f32,softmax:f32,layernorm:f32,"
                 "mm_epilogue:bf16,mlp:bf16")


def ncu_command(args, report):
    return ["ncu", "--clock-control", "none", "--csv", "--page", "details",
            "--log-file", report] + \
        [item for s in SECTIONS for item in ("--section", s)]


def summarize(who, case, report):
    """One record per profiled kernel of an ncu --csv details log."""
    with open(report, newline="") as f:
        text = f.read()
    # The CSV starts at the header line; ncu may log lines before it.
    start = text.find('"ID"')
    if start < 0:
        return [{"who": who, "case": case, "error": "no kernels profiled"}]
    kernels = {}
    for row in csv.DictReader(io.StringIO(text[start:])):
        kernel = kernels.setdefault(row["ID"], {
            "who": who, "case": case, "id": int(row["ID"]),
            "kernel": row["Kernel Name"][:120],
            "block": row.get("Block Size"), "grid": row.get("Grid Size")})
        for key, name in METRICS:
            if row.get("Metric Name") == name:
                unit = row.get("Metric Unit", "")
                kernel[key] = f"{row['Metric Value']} {unit}".strip()
    return list(kernels.values())


def profile_kiln(args, name, dtype):
    import gpu
    _, sizes, _, _, _ = gpu.workloads()[name]
    program = os.path.join(BENCH_DIR, "workloads", f"{name}_{dtype}.mlir")
    report = os.path.join(args.out_dir, f"kiln-{name}-{dtype}.csv")
    command = ncu_command(args, report) + [
        args.kiln_run, program, "--target=cuda", "--random-inputs"]
    for symbol, value in sizes.items():
        command += ["--sym", f"{symbol}={value}"]
    result = subprocess.run(command, capture_output=True, text=True,
                            timeout=args.timeout)
    if result.returncode != 0:
        return [{"who": "kiln", "case": f"{name}:{dtype}",
                 "error": (result.stdout + result.stderr)[-2000:]}]
    return summarize("kiln", f"{name}:{dtype}", report)


def profile_torch(args, cases):
    report = os.path.join(args.out_dir, "inductor.csv")
    command = ncu_command(args, report) + [
        "--profile-from-start", "off", sys.executable,
        os.path.abspath(__file__), "--torch-child", "--cases",
        ",".join(cases)]
    result = subprocess.run(command, capture_output=True, text=True,
                            timeout=args.timeout * len(cases))
    if result.returncode != 0:
        return [{"who": "inductor", "error":
                 (result.stdout + result.stderr)[-2000:]}]
    records = summarize("inductor", "", report)
    # The child fills a marker tensor before each case: those fill kernels
    # split the kernels, in launch order, by case.
    kept, case = [], -1
    for record in sorted(records, key=lambda r: r.get("id", 0)):
        if "FillFunctor" in record.get("kernel", ""):
            case += 1
            continue
        record["case"] = cases[case] if 0 <= case < len(cases) else "?"
        kept.append(record)
    return kept


def torch_child(cases):
    """Under ncu: compile and warm up every case, then profile one call of
    each, after a marker fill kernel."""
    import torch
    import gpu
    torch.backends.cuda.matmul.allow_tf32 = False
    specs = gpu.workloads()
    calls = []
    for case in cases:
        name, dtype = case.split(":")
        _, _, shapes, fn, _ = specs[name]
        generator = torch.Generator(device="cuda").manual_seed(1)
        inputs = [torch.randn(shape, device="cuda", dtype=gpu.DTYPES[dtype],
                              generator=generator) for shape in shapes]
        compiled = torch.compile(fn)
        for _ in range(3):
            compiled(*inputs)
        calls.append((compiled, inputs))
    marker = torch.zeros(1, device="cuda")
    torch.cuda.synchronize()
    torch.cuda.profiler.start()
    for compiled, inputs in calls:
        marker.fill_(1.0)
        compiled(*inputs)
    torch.cuda.synchronize()
    torch.cuda.profiler.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiln-run")
    parser.add_argument("--cases", default=DEFAULT_CASES,
                        help="workload:dtype,... (default: the targets)")
    parser.add_argument("--out-dir", default=os.environ.get("OUT", "/tmp"))
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--torch-child", action="store_true",
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    cases = args.cases.split(",")
    if args.torch_child:
        torch_child(cases)
        return 0
    if not args.kiln_run:
        parser.error("--kiln-run is required")
    os.makedirs(args.out_dir, exist_ok=True)
    records = []
    for case in cases:
        name, dtype = case.split(":")
        records += profile_kiln(args, name, dtype)
    records += profile_torch(args, cases)
    for record in records:
        print(json.dumps(record), flush=True)
    return 0 if all("error" not in r for r in records) else 1


if __name__ == "__main__":
    sys.exit(main())
