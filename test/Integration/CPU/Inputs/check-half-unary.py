"""Compares kiln-run's bf16/f16 unary results (half-precision-accuracy.test)
with exact values at PyTorch's default assert_close tolerances; prints one
`inaccurate` line per op that misses them."""
import math
import sys

import numpy as np

OPS = ["neg", "abs", "exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "relu",
       "silu", "erf", "sin", "cos", "reciprocal", "gelu", "gelu_tanh"]
erf = np.vectorize(math.erf)


def exact(op, v):
    a = np.abs(v)
    return {
        "neg": lambda: -v, "abs": lambda: a, "exp": lambda: np.exp(v),
        "log": lambda: np.log(a), "sqrt": lambda: np.sqrt(a),
        "rsqrt": lambda: 1 / np.sqrt(a), "tanh": lambda: np.tanh(v),
        "sigmoid": lambda: 1 / (1 + np.exp(-v)),
        "relu": lambda: np.maximum(v, 0), "silu": lambda: v / (1 + np.exp(-v)),
        "erf": lambda: erf(v), "sin": lambda: np.sin(v), "cos": lambda: np.cos(v),
        "reciprocal": lambda: 1 / a,
        "gelu": lambda: 0.5 * v * (1 + erf(v / math.sqrt(2))),
        "gelu_tanh": lambda: 0.5 * v * (1 + np.tanh(
            math.sqrt(2 / math.pi) * (v + 0.044715 * v**3))),
    }[op]()


def bf16_to_f64(bits):
    return (bits.astype(np.uint32) << 16).view(np.float32).astype(np.float64)


def main(tmp):
    inputs = {"bf16": bf16_to_f64(np.load(f"{tmp}/xb.npy")),
              "f16": np.load(f"{tmp}/xh.npy").astype(np.float64)}
    rtols = {"bf16": 1.6e-2, "f16": 1e-3}
    print("comparing")
    checked = 0
    for dtype, prefix in (("bf16", "b"), ("f16", "h")):
        x = inputs[dtype]
        for i, op in enumerate(OPS):
            raw = np.load(f"{tmp}/{prefix}.{i}.npy")
            got = bf16_to_f64(raw) if dtype == "bf16" else raw.astype(np.float64)
            want = exact(op, x)
            err = np.abs(got - want) - (1e-5 + rtols[dtype] * np.abs(want))
            checked += 1
            if (err > 0).any():
                j = int(np.argmax(err))
                print(f"inaccurate: {dtype} {op}: {int((err > 0).sum())} of "
                      f"{len(x)} points, e.g. x={x[j]:g}: got {got[j]:g}, "
                      f"exact {want[j]:g}")
    print(f"checked {checked} results")


if __name__ == "__main__":
    main(sys.argv[1])
