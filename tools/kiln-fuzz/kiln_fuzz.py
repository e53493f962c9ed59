#!/usr/bin/env python3
"""kiln-fuzz: random differential testing of the Kiln compiler.

Each program is one random, valid ``func.func`` in the generic op form over the
ops of design.md §2 and §2.1 (elementwise, cmp/select, cast, reductions,
softmax, norms, matmul, transpose, reshape, broadcast_to, concat, slice, pad,
cumsum, argmax/argmin, gather/gather_elements, iota, constants), with static,
symbolic (``B``, ``B*S``, ``S + 2``, ``S ceildiv 2``), unit and zero-size dims,
ranks 0-4 and f32/f16/bf16/i32/i64/i1 tensors. For each program the tester

1. runs ``kiln-opt FILE``: a program that does not verify is a generator bug,
   printed and counted as a "generator reject", never as a compiler failure;
2. picks symbol values (0 and 1 included), writes the inputs as .npy (bf16 as
   uint16 bit patterns) and runs ``kiln-run FILE --input=... --check
   --output=PREFIX --target=T``: the compiled code against the interpreter;
3. compares the compiled results with its own NumPy evaluator, per element
   ``|got - want| <= atol + rtol * |want|``, where ``want`` is the point nearest
   to ``got`` between the float64 answer and the answer rounded after each op;
   NaN and infinities must be in place, integers and i1 equal.

A failure is a crash (a signal, an exit code other than 0/1/2, LLVM's crash
banner), a compile error ("compilation failed") or another run-time error on a
valid program, a hang, ``check: FAIL`` or a NumPy mismatch. A failing program
is shrunk (ops replaced by an operand or an earlier value of their type,
results and unused arguments dropped) while it fails in the same class; the
original, the shrunk program, its inputs and a repro line go to ``--out``.

Values stay meaningful: inputs are normals clipped to [-4, 4] (some with NaN,
infinities and -0.0), positives in [0.5, 2.5] or small integers; symbols take
0-9, 17, 33 or 64 with at most 20000 elements per tensor. The generator tracks
a bound on each value's magnitude, its sign and whether it is exact (free of
rounding), so that log, sqrt, div and pow get positive operands (``abs(x) +
0.5`` guards), discontinuous ops (floor, round, cmp, argmax, rem, casts to
integers) only exact ones and rounded values are never widened.

Run a batch (program I of seed N alone: ``--first I --count 1``)::

    python3 tools/kiln-fuzz/kiln_fuzz.py --kiln-run build/bin/kiln-run \\
        --kiln-opt build/bin/kiln-opt --seed 1 --count 200

A long batch: ``--seed $RANDOM --count 1000000 --time-limit 3600`` (add
``--no-static-empty`` to look past the bugs that static zero-size dims hit).
On the GPU machine add ``--target cuda``; ``--kiln-opt`` may be left out there
(kiln-run's parse errors then count as rejects). Without a GPU,
``--compile-only`` runs ``kiln-opt FILE --kiln-gpu-pipeline`` and reports its
crashes and refusals. The last line is ``kiln-fuzz: K programs, F failures, G
generator rejects (seed N)``, K counting the rejects; the exit code is 1 if F
> 0.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from kilnfuzz import driver  # noqa: E402


def main(argv=None):
    """Runs the batch; prints the summary line; 1 if anything failed."""
    return driver.main(argv, description=__doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
