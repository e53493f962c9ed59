"""Running the tools: kiln-opt and kiln-run on a case, and what happened."""

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kilnfuzz.common import CRASH_MARKERS
from kilnfuzz.compare import compare, load_npy, save_npy
from kilnfuzz.evaluate import evaluate
from kilnfuzz.program import Program, emit


@dataclass
class Case:
    """A program with its symbol values and inputs."""

    prog: Program
    syms: dict
    inputs: dict


@dataclass
class Outcome:
    """A failure class (None: passed; "invalid": not a valid program)."""

    cls: str = None
    detail: str = ""


class Runner:
    """Runs kiln-opt and kiln-run on programs and classifies what happens."""

    def __init__(self, opts, work):
        self.opts, self.work = opts, Path(work)

    def sh(self, cmd):
        """(exit code, stdout, stderr); the code is None after a timeout."""
        kw = dict(capture_output=True, text=True, errors="replace")
        try:
            p = subprocess.run(cmd, timeout=self.opts.timeout, **kw)
        except subprocess.TimeoutExpired:
            return None, "", f"timed out after {self.opts.timeout} s"
        return p.returncode, p.stdout, p.stderr

    def classify(self, rc, err, ok_codes=(0, 1, 2)):
        """timeout or crash (signal, odd exit code, crash banner), or None."""
        if rc is None:
            return Outcome("timeout", err)
        if rc not in ok_codes or any(m in err for m in CRASH_MARKERS):
            return Outcome("crash", f"exit code {rc}\n{err[-3000:]}")
        return None

    def test(self, case):
        """The outcome of one program."""
        path = self.work / "prog.mlir"
        path.write_text(emit(case.prog))
        if self.opts.kiln_opt:
            rc, _, err = self.sh([self.opts.kiln_opt, str(path), "-o", os.devnull])
            if bad := self.classify(rc, err, (0, 1)):
                return Outcome("opt-" + bad.cls, bad.detail)
            if rc:
                return Outcome("invalid", err[-3000:])
        if self.opts.compile_only:
            gpu = ["--kiln-gpu-pipeline", "-o", os.devnull]
            rc, _, err = self.sh([self.opts.kiln_opt, str(path), *gpu])
            refused = Outcome("gpu-refused", err[-3000:]) if rc else Outcome()
            return self.classify(rc, err, (0, 1)) or refused
        try:
            return self.run(case, path)
        except Exception as e:  # The tester's own bug, not the compiler's.
            return Outcome("invalid", f"tester error: {e!r}")

    def input_flags(self, case, directory):
        """Writes the inputs; their --input flags."""
        flags = []
        for i, a in enumerate(case.prog.args):
            save_npy(Path(directory) / f"arg{i}.npy", case.inputs[a.name], a.dtype)
            flags.append(f"--input={Path(directory) / f'arg{i}.npy'}")
        return flags

    def run(self, case, path):
        """kiln-run --check --output, then the NumPy comparison."""
        prefix = self.work / "out"
        for old in self.work.glob("out.*.npy"):
            old.unlink()
        flags = self.input_flags(case, self.work) + ["--check", f"--output={prefix}"]
        cmd = [self.opts.kiln_run, str(path), *flags, f"--target={self.opts.target}"]
        rc, out, err = self.sh(cmd)
        if bad := self.classify(rc, err):
            return bad
        if rc == 2 and not self.opts.kiln_opt and "cannot parse" in err:
            return Outcome("invalid", err[-3000:])
        if rc == 2:
            cls = "compile-error" if "compilation failed" in err else "run-error"
            return Outcome(cls, err[-3000:])
        check = [line for line in out.splitlines() if line.startswith("check:")]
        if rc or not check or not check[0].startswith("check: ok"):
            return Outcome("check-fail", (check or [out])[0][:3000])
        rounded = evaluate(case.prog, case.inputs, case.syms, rounded=True)
        exact = evaluate(case.prog, case.inputs, case.syms, rounded=False)
        for i, r in enumerate(case.prog.results):
            got = load_npy(f"{prefix}.{i}.npy", r.dtype)
            if why := compare(got, rounded[r.name], exact[r.name], r.dtype):
                return Outcome("numpy-mismatch", f"result {i} ({r.type}): {why}")
        return Outcome()
