"""GPT-2 small bf16 (batch 4, sequence 1024) under backend="kiln" on CUDA: time per
forward, host time per call, a Python profile of the call and the top
kernels of one profiled forward (torch.profiler). Run on the GPU machine:
KILN_GPU_CMD="python3 bench/gpt2_profile.py" bash scripts/run-gpu.sh exec"""
import sys, json, time, torch, transformers as tf
import kiln.torch
from torch.profiler import profile, ProfilerActivity
torch.manual_seed(0)
model = tf.GPT2LMHeadModel(tf.GPT2Config()).eval().to("cuda", torch.bfloat16)
ids = torch.randint(0, 50257, (4, 1024), device="cuda")
fn = torch.compile(model, backend="kiln")
with torch.no_grad():
    t = time.time(); fn(input_ids=ids); torch.cuda.synchronize(); print("compile_s", round(time.time() - t, 1))
    for _ in range(3): fn(input_ids=ids)
    torch.cuda.synchronize()
    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    times = []
    for _ in range(10):
        s.record(); fn(input_ids=ids); e.record(); torch.cuda.synchronize(); times.append(s.elapsed_time(e))
    print("forward_ms median", sorted(times)[5])
    host = []
    for _ in range(10):
        torch.cuda.synchronize(); t0 = time.perf_counter(); fn(input_ids=ids); host.append((time.perf_counter() - t0) * 1e3)
    torch.cuda.synchronize()
    print("host_ms (call returns, no sync) median", sorted(host)[5])
    import cProfile, pstats
    pr = cProfile.Profile(); pr.enable()
    for _ in range(5): fn(input_ids=ids)
    pr.disable(); torch.cuda.synchronize()
    pstats.Stats(pr).sort_stats("tottime").print_stats(10)
    with profile(activities=[ProfilerActivity.CUDA], record_shapes=False) as prof:
        fn(input_ids=ids); torch.cuda.synchronize()
    prof.export_chrome_trace("/tmp/trace.json")
tr = json.load(open("/tmp/trace.json"))
ks = [ev for ev in tr["traceEvents"] if ev.get("cat") == "kernel"]
print("kernels", len(ks), "total_ms", round(sum(k["dur"] for k in ks) / 1000, 3))
agg = {}
for i, k in enumerate(ks):
    a = k.get("args", {})
    key = (k["name"][:60], str(a.get("grid")), str(a.get("block")))
    v = agg.setdefault(key, [0, 0.0, i])
    v[0] += 1; v[1] += k["dur"]
for key, (n, d, first) in sorted(agg.items(), key=lambda x: -x[1][1])[:25]:
    print(f"{d/1000:8.3f} ms  x{n:3d}  first#{first:3d}  {key[0]}  grid={key[1]} block={key[2]}")
