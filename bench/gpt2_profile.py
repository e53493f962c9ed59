"""GPT-2 small bf16 (batch 4, sequence 1024) under backend="kiln" on CUDA:
where the cold compile goes (a Python profile of the first call, and each
Kiln function's own compile_s), time per forward, host time per call, the
CUDA graph counters with --graphs (mode="reduce-overhead"), a Python
profile of the call and the top kernels of one profiled forward
(torch.profiler). Run on the GPU machine:
KILN_GPU_CMD="python3 bench/gpt2_profile.py [--graphs]" bash scripts/run-gpu.sh exec"""
import cProfile
import json
import pstats
import sys
import time

import torch
import transformers as tf
from torch.profiler import ProfilerActivity, profile

import kiln.torch
from kiln.torch import cache

graphs = "--graphs" in sys.argv
torch.manual_seed(0)
model = tf.GPT2LMHeadModel(tf.GPT2Config()).eval().to("cuda", torch.bfloat16)
ids = torch.randint(0, 50257, (4, 1024), device="cuda")
fn = torch.compile(model, backend="kiln",
                   mode="reduce-overhead" if graphs else None)


def kiln_functions():
    return list(cache._functions.values())


with torch.no_grad():
    pr = cProfile.Profile()
    t = time.time()
    pr.enable()
    fn(input_ids=ids)
    torch.cuda.synchronize()
    pr.disable()
    print("compile_s", round(time.time() - t, 1))
    for f in kiln_functions():
        r = f.report()
        print("kiln function: compile_s", round(r["compile_s"], 2), "kernels",
              r["kernels"], "from_cache", r["from_cache"])
    pstats.Stats(pr).sort_stats("cumulative").print_stats(30)
    for _ in range(3):
        fn(input_ids=ids)
    torch.cuda.synchronize()
    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    times = []
    for _ in range(10):
        s.record()
        fn(input_ids=ids)
        e.record()
        torch.cuda.synchronize()
        times.append(s.elapsed_time(e))
    print("forward_ms median", sorted(times)[5])
    for f in kiln_functions():
        print("cuda_graphs", f.report().get("cuda_graphs"))
    host = []
    for _ in range(10):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        fn(input_ids=ids)
        host.append((time.perf_counter() - t0) * 1e3)
    torch.cuda.synchronize()
    print("host_ms (call returns, no sync) median", sorted(host)[5])
    pr = cProfile.Profile()
    pr.enable()
    for _ in range(5):
        fn(input_ids=ids)
    pr.disable()
    torch.cuda.synchronize()
    pstats.Stats(pr).sort_stats("tottime").print_stats(10)
    with profile(activities=[ProfilerActivity.CUDA], record_shapes=False) as prof:
        fn(input_ids=ids)
        torch.cuda.synchronize()
    prof.export_chrome_trace("/tmp/trace.json")
tr = json.load(open("/tmp/trace.json"))
ks = [ev for ev in tr["traceEvents"] if ev.get("cat") == "kernel"]
print("kernels", len(ks), "total_ms", round(sum(k["dur"] for k in ks) / 1000, 3))
agg = {}
for i, k in enumerate(ks):
    a = k.get("args", {})
    key = (k["name"][:60], str(a.get("grid")), str(a.get("block")))
    v = agg.setdefault(key, [0, 0.0, i])
    v[0] += 1
    v[1] += k["dur"]
for key, (n, d, first) in sorted(agg.items(), key=lambda x: -x[1][1])[:25]:
    print(f"{d/1000:8.3f} ms  x{n:3d}  first#{first:3d}  {key[0]}  grid={key[1]} block={key[2]}")
