"""Kiln's main job: a GPT-style decoder (examples/gpt.py, random weights)
compiled with torch.compile(backend="kiln", dynamic=True) on the CPU, run
at several batch sizes and sequence lengths from one Kiln compilation,
checked against eager PyTorch, and timed next to eager and Inductor."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt import GPT  # noqa: E402

import kiln.torch  # noqa: E402

SHAPES = [(2, 32), (4, 64), (2, 96), (8, 128), (3, 50)]


def median_ms(fn, ids, repeat: int) -> float:
    """The median wall time of `repeat` calls (each synchronized on CUDA,
    the same method for every system)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(ids)
        if ids.is_cuda:
            torch.cuda.synchronize()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--no-inductor", action="store_true",
                        help="skip torch.compile's default backend")
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(os.cpu_count() or 1)
    model = GPT().eval().to(args.device)
    kiln_model = torch.compile(model, backend="kiln", dynamic=True)
    inductor = None if args.no_inductor else torch.compile(model, dynamic=True)
    ok = True
    print(f"device: {args.device}")
    print(f"{'batch':>5} {'seq':>4} {'max_err':>9} {'eager ms':>9} {'kiln ms':>8}"
          + ("" if inductor is None else f" {'inductor ms':>11}"))
    with torch.no_grad():
        for batch, seq in SHAPES:
            ids = torch.randint(0, 512, (batch, seq), device=args.device)
            want, got = model(ids), kiln_model(ids)
            err = (got - want).abs().max().item()
            ok &= torch.allclose(got, want, rtol=1e-3, atol=1e-3)
            line = (f"{batch:>5} {seq:>4} {err:>9.2e} "
                    f"{median_ms(model, ids, args.repeat):>9.3f} "
                    f"{median_ms(kiln_model, ids, args.repeat):>8.3f}")
            if inductor is not None:
                inductor(ids)
                line += f" {median_ms(inductor, ids, args.repeat):>11.3f}"
            print(line)
    stats = kiln.torch.stats()
    print("kiln.torch.stats():", stats)
    print(f"{len(SHAPES)} shapes, {stats['kiln_compiles']} Kiln compiles, "
          f"{sum(stats['fallback_ops'].values())} ops in eager PyTorch "
          f"({', '.join(sorted(stats['fallback_ops']))})")
    print("check:", "ok" if ok else "FAIL (outputs differ from eager)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
