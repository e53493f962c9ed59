"""cuBLASLt padding of misaligned 2-d products (lib/Runtime/CudaBlas.cpp,
padOperands), measured on the GPU machine: for each shape and each
KILN_CUBLAS_PAD mode (0: off, 1: N, K and row pitches padded), the
elements more than one bf16 ulp from the float64 product and the time per
call (CUDA events around back-to-back calls, the median of 5 runs of 20).
One JSON line per shape and mode. Run there:
KILN_GPU_CMD="python3 bench/cublas_pad.py" bash scripts/run-gpu.sh exec"""
import json
import os
import subprocess
import sys

SHAPES = [  # M, K, N, B transposed
    (5, 12, 7, False), (15, 12, 7, False), (16, 12, 7, False),
    (17, 12, 7, False), (33, 12, 7, False), (64, 12, 7, False),
    (15, 64, 7, False), (15, 12, 50, False), (64, 12, 50, True),
    (15, 12, 1025, False), (128, 100, 1000, False),
    (4096, 768, 50257, True), (4096, 770, 3072, False),
]

SOURCE = """
func.func @mm(%a: !kiln.tensor<[M, K], bf16>, %b: !kiln.tensor<[K, N], bf16>)
    -> !kiln.tensor<[M, N], bf16> {
  %0 = kiln.matmul %a, %b : !kiln.tensor<[M, K], bf16>, !kiln.tensor<[K, N], bf16> -> !kiln.tensor<[M, N], bf16>
  return %0 : !kiln.tensor<[M, N], bf16>
}
func.func @mm_t(%a: !kiln.tensor<[M, K], bf16>, %b: !kiln.tensor<[N, K], bf16>)
    -> !kiln.tensor<[M, N], bf16> {
  %t = kiln.transpose %b {perm = array<i64: 1, 0>} : !kiln.tensor<[N, K], bf16> -> !kiln.tensor<[K, N], bf16>
  %0 = kiln.matmul %a, %t : !kiln.tensor<[M, K], bf16>, !kiln.tensor<[K, N], bf16> -> !kiln.tensor<[M, N], bf16>
  return %0 : !kiln.tensor<[M, N], bf16>
}
"""


def measure(mode):
    import torch

    import kiln

    functions = {t: kiln.compile(SOURCE, entry="mm_t" if t else "mm",
                                 target="cuda") for t in (False, True)}
    torch.manual_seed(0)
    for m, k, n, transposed in SHAPES:
        a = torch.randn(m, k, device="cuda").bfloat16()
        b = torch.randn(n, k, device="cuda").bfloat16()
        b = b if transposed else b.t().contiguous()
        fn = functions[transposed]
        got = fn(a, b).double()
        ref = a.double() @ (b.t() if transposed else b).double()
        # One bf16 ulp at |ref| (2^-7 relative), floored at the spacing of
        # the terms' rounding error (K products of unit size).
        ulp = torch.clamp(ref.abs(), min=2.0**-10) * 2.0**-7
        bad = (got - ref).abs() > ulp * 1.01
        where = bad.nonzero()[:6].tolist()
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        runs = []
        for _ in range(5):
            start.record()
            for _ in range(20):
                fn(a, b)
            end.record()
            torch.cuda.synchronize()
            runs.append(start.elapsed_time(end) / 20)
        print(json.dumps({
            "mode": mode, "m": m, "k": k, "n": n, "transposed_b": transposed,
            "bad": int(bad.sum()), "elements": m * n, "first_bad": where,
            "max_ulps": float(((got - ref).abs() / ulp).max()),
            "ms": round(sorted(runs)[2], 4)}), flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        measure(sys.argv[1])
        sys.exit(0)
    status = 0
    for mode in ("0", "1"):
        env = dict(os.environ, KILN_CUBLAS_PAD=mode)
        status |= subprocess.call([sys.executable, __file__, mode], env=env)
    sys.exit(status)
