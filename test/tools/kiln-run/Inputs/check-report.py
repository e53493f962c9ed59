"""Reads kiln-run's stdout and checks its --report JSON line: prints the
number of JSON lines, the contract's keys, the kernel count, whether the
byte figures are integers with lower_bound <= arena <= naive, whether
compile_s is a plausible float, and, given a number N, whether
lower_bound_bytes >= N."""
import json
import sys

lines = [l for l in sys.stdin.read().splitlines() if l.startswith("{")]
print("json lines:", len(lines))
report = json.loads(lines[0])
keys = ("kernels", "arena_bytes", "naive_bytes", "lower_bound_bytes",
        "compile_s")
print("keys:", sorted(k for k in report if k in keys))
print("kernels:", report["kernels"])
arena = report["arena_bytes"]
naive = report["naive_bytes"]
low = report["lower_bound_bytes"]
if all(isinstance(v, int) for v in (arena, naive, low)) and \
        0 <= low <= arena <= naive:
    print("bytes: integers, lower_bound <= arena <= naive")
else:
    print("bytes: bad:", arena, naive, low)
compile_s = report["compile_s"]
print("compile_s:", "ok" if isinstance(compile_s, float) and
      0 < compile_s < 60 else compile_s)
if len(sys.argv) > 1:
    print("lower_bound >= hidden activation" if low >= int(sys.argv[1])
          else f"lower_bound {low} < {sys.argv[1]}")
