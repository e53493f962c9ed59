"""Ahead-of-time artifacts against the JIT (issue 12's targets), per
workload of bench/workloads at the sizes of bench/gpu.py: the artifact's
size, its load time and first call against the JIT's compile time and
first call, and the steady-state median of both (kiln-run --repeat, the
same inputs from --random-inputs --seed, in the same run).

Two steps, since the GPU machine has no kiln-compile:
  here:  python3 bench/artifacts.py compile --device cuda --out .device/artifacts
  there: python3 bench/artifacts.py run --device cuda --dir .device/artifacts \\
             --kiln-run /tmp/kiln-gpu/bin/kiln-run
On the CPU both steps run here (--device cpu). One JSON line per workload.
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKLOADS = os.path.join(ROOT, "bench", "workloads")
TIME_RE = re.compile(r"^time: min=(\S+) median=(\S+) max=(\S+)$")


def sizes(device):
    """Symbol bindings per workload program (bench/gpu.py's sizes)."""
    cpu = device == "cpu"
    d = 16 if cpu else 1
    mnk = 4096 // (4 if cpu else 1)
    b, h, s = (1, 16, 256) if cpu else (8, 16, 1024)
    return {
        "ew_chain": {"R": 65536 // d},
        "softmax": {"R": 32768 // d},
        "layernorm": {"R": 16384 // d},
        "mm_epilogue": {"M": mnk, "K": mnk, "N": mnk},
        "mlp": {"T": 8192 // d},
        "attention": {"B": b, "H": h, "S": s},
        "small_mlp": {"B": 1},
    }


def programs(device):
    for name, syms in sizes(device).items():
        for dtype in ("f32", "bf16"):
            yield f"{name}_{dtype}", syms


def compile_all(args):
    os.makedirs(args.out, exist_ok=True)
    kiln_compile = args.kiln_compile
    target = "cpu" if args.device == "cpu" else "cuda"
    for program, _ in programs(args.device):
        out = os.path.join(args.out, f"{program}.{target}.so")
        subprocess.run([kiln_compile, os.path.join(WORKLOADS, program + ".mlir"),
                        f"--target={target}", "-o", out], check=True)
    total = sum(os.path.getsize(os.path.join(args.out, f))
                for f in os.listdir(args.out))
    print(json.dumps({"artifacts_dir": args.out, "total_bytes": total}))


def kiln_run(args, source, syms):
    target = "cpu" if args.device == "cpu" else "cuda"
    command = [args.kiln_run, source, "--random-inputs", "--seed=1",
               f"--repeat={args.repeat}", "--report"]
    if source.endswith(".mlir"):
        command.append(f"--target={target}")
    for symbol, value in syms.items():
        command += ["--sym", f"{symbol}={value}"]
    result = subprocess.run(command, capture_output=True, text=True,
                            timeout=600)
    record = {"exit": result.returncode}
    for line in result.stdout.splitlines():
        if (match := TIME_RE.match(line)):
            record["median_ms"] = float(match.group(2))
        elif line.startswith("{\"kernels\""):
            report = json.loads(line)
            for key in ("compile_s", "load_s", "first_call_s"):
                if key in report:
                    record[key] = report[key]
    if result.returncode:
        record["error"] = result.stderr.strip().splitlines()[-3:]
    return record


def run_all(args):
    target = "cpu" if args.device == "cpu" else "cuda"
    for program, syms in programs(args.device):
        artifact = os.path.join(args.dir, f"{program}.{target}.so")
        if not os.path.exists(artifact):
            continue
        jit = kiln_run(args, os.path.join(WORKLOADS, program + ".mlir"), syms)
        aot = kiln_run(args, artifact, syms)
        record = {"workload": program, "device": args.device,
                  "artifact_bytes": os.path.getsize(artifact),
                  "jit": jit, "artifact": aot}
        if "median_ms" in jit and "median_ms" in aot:
            record["artifact_over_jit"] = round(
                aot["median_ms"] / jit["median_ms"], 3)
        if "load_s" in aot and "first_call_s" in aot:
            record["artifact_ready_ms"] = round(
                1e3 * (aot["load_s"] + aot["first_call_s"]), 2)
        print(json.dumps(record), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    c = sub.add_parser("compile")
    c.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    c.add_argument("--out", required=True)
    c.add_argument("--kiln-compile",
                   default=os.path.join(ROOT, "build", "bin", "kiln-compile"))
    r = sub.add_parser("run")
    r.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    r.add_argument("--dir", required=True)
    r.add_argument("--kiln-run",
                   default=os.path.join(ROOT, "build", "bin", "kiln-run"))
    r.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    compile_all(args) if args.step == "compile" else run_all(args)


if __name__ == "__main__":
    sys.exit(main())
