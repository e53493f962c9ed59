#!/usr/bin/env python3
"""Kiln's GPU benchmark: the workloads of design.md §6 (plus conv_block and
attention_causal at S = 1024 and 4096) on the GPU machine, run by Kiln,
PyTorch eager and torch.compile (default mode) in ONE run. `--device cpu`
runs the same comparison on this machine's CPU at the CPU sizes (leading
dims / 16), torch on `--threads` threads, timed by the wall clock.

For every workload x dtype (f32, bf16):

  1. random normal inputs (torch, fixed seed) are written as .npy files;
  2. kiln-run --target=cuda runs bench/workloads/<workload>_<dtype>.mlir on
     them (--repeat timed calls, CUDA events; results written as .npy);
  3. Kiln's result is checked against PyTorch eager on the same inputs
     (relative RMS error; f32 matmuls without TF32);
  4. torch eager and torch.compile are timed with CUDA events around
     --calls back-to-back calls after warm-up.

A device-to-device copy (1 GiB) measured first gives the copy bandwidth.
Stdout gets JSON lines only (one for the device and copy, one per
workload x dtype, then a summary of the targets); progress goes to stderr.

Usage (on the GPU machine, see scripts/run-gpu.sh):
  python3 bench/gpu.py --kiln-run /tmp/kiln-gpu/bin/kiln-run
                       [--workloads a,b] [--dtypes f32,bf16] [--repeat N]
Exit status: 0 when every workload ran and its check passed; 1 otherwise.
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn.functional as F

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
WORKLOAD_DIR = os.path.join(BENCH_DIR, "workloads")
TIME_RE = re.compile(r"^time: min=(\S+) median=(\S+) max=(\S+)$")
DTYPES = {"f32": torch.float32, "bf16": torch.bfloat16}
# Relative RMS error allowed against torch eager (Kiln computes half types
# in f32 and rounds once; eager rounds after every op).
TOLERANCE = {"f32": 1e-4, "bf16": 2e-2}


def log(message):
    print(f"[gpu-bench] {message}", file=sys.stderr, flush=True)


def emit(record):
    print(json.dumps(record), flush=True)


class Workload:
    """One benchmark row: `program` (bench/workloads/<program>_<dtype>.mlir)
    at symbol sizes `sizes`, inputs of `shapes`, `fn` the torch equivalent
    and `count(element bytes)` the bytes or flops that `metric` divides."""

    def __init__(self, name, program, metric, sizes, shapes, fn, count,
                 dtypes=("f32", "bf16"), make_inputs=None, graphs=False):
        self.name, self.program, self.metric = name, program, metric
        self.sizes, self.shapes, self.fn, self.count = sizes, shapes, fn, count
        self.dtypes, self.make_inputs = dtypes, make_inputs
        # Also timed with CUDA graphs (kiln-run --cuda-graphs, Inductor's
        # mode="reduce-overhead").
        self.graphs = graphs


def workloads(device):
    """The workloads at the GPU sizes of design.md §6, or on the CPU with
    the leading dims divided by 16 (bench/README.md)."""
    def ew_chain(x, a, b):
        return F.gelu(x * a + b) * torch.sigmoid(x)

    def softmax(x):
        return torch.softmax(x, dim=-1)

    def layernorm(x, w, b):
        return F.layer_norm(x, (x.shape[-1],), w, b, eps=1e-5)

    def mm_epilogue(x, w, b):
        return torch.relu(x @ w + b)

    def mlp(x, w1, b1, w2, b2):
        return x + (F.gelu(x @ w1 + b1) @ w2 + b2)

    def attention(q, k, v):
        return torch.softmax((q @ k.transpose(-1, -2)) * 0.125, dim=-1) @ v

    def attention_causal(q, k, v):
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)

    def conv_block(x, w, mean, var, gamma, beta):
        y = F.conv2d(x, w, padding=1)
        y = F.batch_norm(y, mean.flatten(), var.flatten(), gamma.flatten(),
                         beta.flatten(), training=False, eps=1e-5)
        return torch.relu(y)

    def small_mlp(x, *ws):
        for w in ws:
            x = F.gelu(x @ w)
        return x

    def small_mlp_inputs(shapes, dtype, generator):
        # He-scaled weights: activations of order 1 through the 8 layers.
        return [torch.randn(shape, device=device, dtype=torch.float32,
                            generator=generator).mul(1.0 if i == 0 else
                                                     (2.0 / 1024) ** 0.5)
                .to(dtype) for i, shape in enumerate(shapes)]

    def conv_inputs(shapes, dtype, generator):
        x, w, mean, var, gamma, beta = [
            torch.randn(shape, device=device, dtype=dtype,
                        generator=generator) for shape in shapes]
        # He-scaled weights and positive variances: activations of order 1.
        w = w * (2.0 / (64 * 9)) ** 0.5
        var = var.abs() + 0.5
        return [x, w, mean, var, gamma, beta]

    cpu = device == "cpu"
    d = 16 if cpu else 1
    R1, R2, R3 = 65536 // d, 32768 // d, 16384 // d
    M = N = K = 4096 // (4 if cpu else 1)
    T = 8192 // d
    B, H, S = (1, 16, 256) if cpu else (8, 16, 1024)
    CB, CH = (1, 8) if cpu else (8, 16)
    NB = 32 // d
    rows = [
        Workload("ew_chain", "ew_chain", "gb_s", {"R": R1},
                 [(R1, 1024), (1024,), (1024,)], ew_chain,
                 lambda e: 2.0 * R1 * 1024 * e),
        Workload("softmax", "softmax", "gb_s", {"R": R2}, [(R2, 1024)],
                 softmax, lambda e: 2.0 * R2 * 1024 * e),
        Workload("layernorm", "layernorm", "gb_s", {"R": R3},
                 [(R3, 4096), (4096,), (4096,)], layernorm,
                 lambda e: 2.0 * R3 * 4096 * e),
        Workload("mm_epilogue", "mm_epilogue", "tflop_s",
                 {"M": M, "K": K, "N": N}, [(M, K), (K, N), (N,)],
                 mm_epilogue, lambda e: 2.0 * M * N * K),
        Workload("mlp", "mlp", "tflop_s", {"T": T},
                 [(T, 1024), (1024, 4096), (4096,), (4096, 1024), (1024,)],
                 mlp, lambda e: 2 * (2.0 * T * 1024 * 4096)),
        Workload("attention", "attention", "tflop_s",
                 {"B": B, "H": H, "S": S}, [(B, H, S, 64)] * 3, attention,
                 lambda e: 2 * (2.0 * B * H * S * S * 64)),
        Workload("conv_block", "conv_block", "tflop_s",
                 {"N": NB, "H": 56, "W": 56},
                 [(NB, 64, 56, 56), (64, 64, 3, 3)] + [(64, 1, 1)] * 4,
                 conv_block, lambda e: 2.0 * NB * 64 * 56 * 56 * 64 * 9,
                 make_inputs=conv_inputs),
    ]
    rows.append(Workload(
        "small_mlp", "small_mlp", "gb_s", {"B": 1},
        [(1, 1024)] + [(1024, 1024)] * 8, small_mlp,
        lambda e: 8.0 * 1024 * 1024 * e, make_inputs=small_mlp_inputs,
        graphs=not cpu))
    for length in (1024, 4096):
        rows.append(Workload(
            f"attention_causal_{length}", "attention_causal", "tflop_s",
            {"B": CB, "H": CH, "S": length}, [(CB, CH, length, 64)] * 3,
            attention_causal,
            lambda e, n=length: 2.0 * CB * CH * n * n * 64, dtypes=("bf16",)))
    return {row.name: row for row in rows}


def time_ms(device, fn, calls):
    """Mean milliseconds per call of `calls` back-to-back calls, the best of
    three timings: CUDA events on the GPU, the wall clock on the CPU."""
    if device == "cpu":
        fn()
        best = math.inf
        for _ in range(3):
            started = time.perf_counter()
            for _ in range(calls):
                fn()
            best = min(best, (time.perf_counter() - started) * 1e3 / calls)
        return best
    return cuda_time_ms(fn, calls)


def cuda_time_ms(fn, calls):
    """Mean milliseconds per call of `calls` back-to-back calls."""
    fn()
    torch.cuda.synchronize()
    start = torch.cuda.Event(enable_timing=True)
    stop = torch.cuda.Event(enable_timing=True)
    best = math.inf
    for _ in range(3):
        start.record()
        for _ in range(calls):
            fn()
        stop.record()
        stop.synchronize()
        best = min(best, start.elapsed_time(stop) / calls)
    return best


def copy_bandwidth():
    n = 1 << 28  # 1 GiB of f32
    x = torch.randn(n, device="cuda")
    y = torch.empty_like(x)
    ms = cuda_time_ms(lambda: y.copy_(x), 10)
    return 2.0 * n * 4 / (ms * 1e-3) / 1e9, ms


def save_npy(tensor, path):
    if tensor.dtype == torch.bfloat16:
        array = tensor.view(torch.int16).cpu().numpy().view(np.uint16)
    else:
        array = tensor.cpu().numpy()
    np.save(path, array)


def load_npy(path, dtype):
    array = np.load(path)
    if dtype == torch.bfloat16:
        return torch.from_numpy(array.view(np.int16)).view(torch.bfloat16)
    return torch.from_numpy(array)


def run_kiln(args, name, dtype_name, sizes, inputs, workdir, extra=()):
    program = os.path.join(WORKLOAD_DIR, f"{name}_{dtype_name}.mlir")
    target = "cpu" if args.device == "cpu" else "cuda"
    command = [args.kiln_run, program, f"--target={target}",
               f"--repeat={args.repeat}", "--report",
               f"--output={os.path.join(workdir, 'out')}", *extra]
    for i, tensor in enumerate(inputs):
        path = os.path.join(workdir, f"in{i}.npy")
        save_npy(tensor, path)
        command.append(f"--input={path}")
    for symbol, value in sizes.items():
        command += ["--sym", f"{symbol}={value}"]
    log("$ " + " ".join(command))
    started = time.time()
    result = subprocess.run(command, capture_output=True, text=True,
                            timeout=args.timeout)
    record = {"kiln_exit": result.returncode,
              "kiln_wall_s": round(time.time() - started, 2)}
    for line in result.stdout.splitlines():
        if (match := TIME_RE.match(line)):
            record["kiln_ms"] = float(match.group(2))
            record["kiln_min_ms"] = float(match.group(1))
        elif line.startswith("{"):
            record.update(json.loads(line))
    if result.returncode != 0:
        record["kiln_error"] = result.stderr.strip().splitlines()[-5:]
    return record, os.path.join(workdir, "out.0.npy")


def bench(args, row, dtype_name, copy_gb_s):
    dtype = DTYPES[dtype_name]
    device = args.device
    element = torch.finfo(dtype).bits // 8
    generator = torch.Generator(device=device).manual_seed(1)
    if row.make_inputs:
        inputs = row.make_inputs(row.shapes, dtype, generator)
    else:
        inputs = [torch.randn(shape, device=device, dtype=dtype,
                              generator=generator) for shape in row.shapes]
    fn, metric = row.fn, row.metric
    record = {"workload": row.name, "dtype": dtype_name, "sizes": row.sizes}
    with tempfile.TemporaryDirectory(dir=args.workdir) as workdir:
        kiln, output = run_kiln(args, row.program, dtype_name, row.sizes,
                                inputs, workdir)
        record.update(kiln)
        expected = fn(*inputs)
        if os.path.exists(output) and kiln["kiln_exit"] == 0:
            got = load_npy(output, dtype).to(device).float()
            want = expected.float()
            error = (torch.linalg.vector_norm(got - want) /
                     torch.linalg.vector_norm(want).clamp_min(1e-30)).item()
            record["rel_rms_error"] = error
            record["check"] = "ok" if error <= TOLERANCE[dtype_name] \
                else "FAIL"
        else:
            record["check"] = "FAIL"
        if row.graphs:
            graphs, _ = run_kiln(args, row.program, dtype_name, row.sizes,
                                 inputs, workdir, extra=["--cuda-graphs"])
            record["kiln_graphs_ms"] = graphs.get("kiln_ms")
            record["kiln_graphs_exit"] = graphs["kiln_exit"]
            if graphs["kiln_exit"] != 0:
                record["kiln_graphs_error"] = graphs.get("kiln_error")
    del expected
    record["eager_ms"] = time_ms(device, lambda: fn(*inputs), args.calls)
    compiled = torch.compile(fn)
    record["inductor_ms"] = time_ms(device, lambda: compiled(*inputs),
                                    args.calls)
    if row.graphs:
        overhead = torch.compile(fn, mode="reduce-overhead")
        record["inductor_graphs_ms"] = time_ms(
            device, lambda: overhead(*inputs), args.calls)
        if record.get("kiln_graphs_ms"):
            record["kiln_graphs_over_inductor_graphs"] = round(
                record["inductor_graphs_ms"] / record["kiln_graphs_ms"], 3)
    amount = row.count(element)
    for who in ("kiln", "eager", "inductor"):
        ms = record.get(f"{who}_ms")
        if ms:
            value = amount / (ms * 1e-3) / (1e9 if metric == "gb_s" else 1e12)
            record[f"{who}_{metric}"] = round(value, 2)
    if record.get("kiln_ms"):
        record["kiln_over_inductor"] = round(
            record["inductor_ms"] / record["kiln_ms"], 3)
        record["kiln_over_eager"] = round(
            record["eager_ms"] / record["kiln_ms"], 3)
        if metric == "gb_s" and copy_gb_s:
            record["kiln_over_copy"] = round(
                record["kiln_gb_s"] / copy_gb_s, 3)
            record["inductor_over_copy"] = round(
                record["inductor_gb_s"] / copy_gb_s, 3)
    emit(record)
    return record


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiln-run", required=True)
    parser.add_argument("--device", choices=("cuda", "cpu"), default="cuda",
                        help="cpu: the CPU sizes (leading dims / 16), torch "
                        "on --threads threads, no copy roof")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workloads", default=None,
                        help="comma-separated names (default: all)")
    parser.add_argument("--dtypes", default="f32,bf16")
    parser.add_argument("--repeat", type=int, default=20,
                        help="timed kiln-run calls (median reported)")
    parser.add_argument("--calls", type=int, default=20,
                        help="back-to-back torch calls per timing")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--workdir", default=None)
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False

    if args.device == "cpu":
        torch.set_num_threads(args.threads)
        gb_s = None
        emit({"device": "cpu", "threads": args.threads,
              "torch": torch.__version__})
    else:
        gb_s, ms = copy_bandwidth()
        emit({"device": torch.cuda.get_device_name(),
              "torch": torch.__version__, "copy_gb_s": round(gb_s, 1),
              "copy_ms_1gib": round(ms, 3)})
    rows = workloads(args.device)
    names = args.workloads.split(",") if args.workloads else list(rows)
    records = []
    for name in names:
        for dtype_name in args.dtypes.split(","):
            if dtype_name not in rows[name].dtypes:
                continue
            try:
                records.append(bench(args, rows[name], dtype_name, gb_s))
            except Exception as error:  # report and go on with the rest
                log(f"{name} {dtype_name}: {error!r}")
                records.append({"workload": name, "dtype": dtype_name,
                                "check": "FAIL", "error": repr(error)})
                emit(records[-1])

    def ratio(name, dtype):
        for r in records:
            if r["workload"] == name and r["dtype"] == dtype:
                return r.get("kiln_over_inductor")
        return None

    targets = {}
    for name in ("ew_chain", "softmax", "layernorm"):
        value = ratio(name, "f32")
        targets[f"{name}_f32_vs_inductor>=1.0"] = (
            None if value is None else value >= 1.0)
    for name in ("mm_epilogue", "mlp"):
        value = ratio(name, "bf16")
        targets[f"{name}_bf16_vs_inductor>=0.95"] = (
            None if value is None else value >= 0.95)
    # Issue 11: the new workloads against Inductor (GPU) or eager (CPU).
    peer = "eager" if args.device == "cpu" else "inductor"
    minimum = 1.0 if args.device == "cpu" else 1.1
    for name, dtypes in (("attention_causal_1024", ("bf16",)),
                         ("attention_causal_4096", ("bf16",)),
                         ("conv_block", ("f32", "bf16"))):
        need = 1.0 if name == "conv_block" else minimum
        for dtype in dtypes:
            value = next((r.get(f"kiln_over_{peer}") for r in records
                          if r["workload"] == name and r["dtype"] == dtype),
                         None)
            targets[f"{name}_{dtype}_vs_{peer}>={need}"] = (
                None if value is None else value >= need)
    all_ok = all(r.get("check") == "ok" for r in records)
    emit({"targets": targets, "all_checks_ok": all_ok})
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
