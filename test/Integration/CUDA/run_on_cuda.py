"""Runs the `kiln-run %s ... --check` RUN lines of the CPU integration
programs with --target=cuda and reports each failure, then a summary."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

kiln_run, cpu_dir = sys.argv[1], Path(sys.argv[2])
runs = failed = 0
for test in sorted(cpu_dir.glob("*.mlir")):
    for line in test.read_text().splitlines():
        m = re.match(r"//\s*RUN:\s*kiln-run %s (.*--check.*?)\s*\|\s*FileCheck", line)
        if not m or "parallel-runtime" in m.group(1):
            continue
        args = [a for a in shlex.split(m.group(1))]
        cmd = [kiln_run, str(test), *args, "--target=cuda"]
        runs += 1
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if out.returncode != 0 or "check: ok" not in out.stdout:
            failed += 1
            print(f"FAIL: {test.name} {' '.join(args)}: "
                  f"{(out.stdout + out.stderr).strip()[:300]}")
print(f"cuda: {runs} runs, {failed} failed")
