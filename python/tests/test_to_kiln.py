"""kiln.torch.to_kiln: torch.export to a Kiln module and its weights."""

import os
import subprocess

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import kiln  # noqa: E402
import kiln.torch as kt  # noqa: E402
from test_torch_backend import MLP  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
KILN_RUN = os.path.join(ROOT, "build", "bin", "kiln-run")


def export_mlp():
    torch.manual_seed(0)
    model = MLP()
    x = torch.randn(4, 32)
    batch = torch.export.Dim("B", min=2, max=64)
    return model, x, kt.to_kiln(model, (x,), dynamic_shapes={"x": {0: batch}})


def test_module_takes_inputs_then_weights():
    model, x, program = export_mlp()
    assert "func.func @forward" in program.text and "kiln.facts" in program.text
    assert [w.shape for w in program.weights] == [p.shape for p in model.parameters()]
    f = kiln.compile(program.text)
    dims, dtype = f.signature[0]
    assert dtype == "f32" and dims[1] == "32" and not dims[0].isdigit()
    for batch in (2, 9):
        xb = torch.randn(batch, 32)
        np.testing.assert_allclose(f(xb.numpy(), *program.weights),
                                   model(xb).detach().numpy(), rtol=1e-5, atol=1e-5)


@pytest.mark.skipif(not os.path.exists(KILN_RUN), reason="needs build/bin/kiln-run")
def test_saved_program_runs_in_kiln_run(tmp_path):
    model, x, program = export_mlp()
    program.save(tmp_path)
    np.save(tmp_path / "arg0.npy", x.numpy())
    inputs = [f"--input={tmp_path}/arg{i}.npy" for i in range(1 + len(program.weights))]
    run = subprocess.run([KILN_RUN, str(tmp_path / "forward.mlir"), *inputs,
                          f"--output={tmp_path}/out", "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "check: ok" in run.stdout
    np.testing.assert_allclose(np.load(tmp_path / "out.0.npy"),
                               model(x).detach().numpy(), rtol=1e-5, atol=1e-5)


def test_unsupported_ops_are_named():
    class Model(torch.nn.Module):
        def forward(self, x):
            return torch.flip(x, [0])

    with pytest.raises(kiln.CompileError, match="aten.flip.default"):
        kt.to_kiln(Model(), (torch.randn(3),))
