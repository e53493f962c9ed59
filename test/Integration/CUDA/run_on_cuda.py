"""Runs the `kiln-run %s ... --check` RUN lines of the CPU integration
programs with --target=cuda and reports each failure, then a summary.

    run_on_cuda.py KILN_RUN CPU_DIR [--jobs N] [--wrapper 'CMD ...']
                   [--kiln-args 'ARGS ...']

--wrapper runs each kiln-run under a tool, e.g. `compute-sanitizer --tool
memcheck --error-exitcode 97`: a run fails when the tool reports (its exit
code) or the check fails. --kiln-args adds flags to every kiln-run. --jobs
runs that many at once.
"""

import argparse
import re
import shlex
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

RUN_LINE = re.compile(r"//\s*RUN:\s*kiln-run %s (.*--check.*?)\s*\|\s*FileCheck")


def collect(cpu_dir, pattern):
    """(program, args) for every --check RUN line of the CPU programs whose
    names match `pattern`."""
    for test in sorted(cpu_dir.glob(pattern)):
        for line in test.read_text().splitlines():
            m = RUN_LINE.match(line)
            if m and "parallel-runtime" not in m.group(1):
                yield test, shlex.split(m.group(1))


def run(kiln_run, wrapper, extra, test, args):
    cmd = [*wrapper, kiln_run, str(test), *args, "--target=cuda", *extra]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return f"FAIL: {test.name} {' '.join(args)}: timed out"
    if out.returncode != 0 or "check: ok" not in out.stdout:
        # The check's verdict and the errors, not the result summaries.
        # (compute-sanitizer reports on stdout, lines starting "=========".)
        lines = [
            l
            for l in out.stdout.splitlines()
            if l.startswith("check:") or l.startswith("=========")
        ][:40]
        lines += [l for l in out.stderr.splitlines() if l.strip()][-12:]
        text = "\n  ".join(lines)[:2000]
        return f"FAIL: {test.name} {' '.join(args)} (exit {out.returncode}):\n  {text}"
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kiln_run")
    parser.add_argument("cpu_dir", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--wrapper", default="")
    parser.add_argument("--kiln-args", default="")
    parser.add_argument("--filter", default="*.mlir",
                        help="glob of the programs to run (default: all)")
    opts = parser.parse_args()
    wrapper = shlex.split(opts.wrapper)
    extra = shlex.split(opts.kiln_args)
    cases = list(collect(opts.cpu_dir, opts.filter))
    with ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        failures = [
            f
            for f in pool.map(lambda c: run(opts.kiln_run, wrapper, extra, *c), cases)
            if f
        ]
    for failure in failures:
        print(failure)
    label = f"cuda{' under ' + wrapper[0] if wrapper else ''}"
    print(f"{label}: {len(cases)} runs, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
