"""kiln.compile and kiln.Function on NumPy arrays and torch CPU tensors."""

import numpy as np
import pytest

import kiln

TWO_RESULTS = """
func.func @f(%x: !kiln.tensor<[N], bf16>) -> (!kiln.tensor<[N], bf16>, !kiln.tensor<[], f32>) {
  %0 = kiln.exp %x : !kiln.tensor<[N], bf16>
  %1 = kiln.cast %x : !kiln.tensor<[N], bf16> -> !kiln.tensor<[N], f32>
  %2 = kiln.reduce_sum %1 {dims = array<i64: 0>} : !kiln.tensor<[N], f32> -> !kiln.tensor<[], f32>
  return %0, %2 : !kiln.tensor<[N], bf16>, !kiln.tensor<[], f32>
}
"""


def test_numpy_in_numpy_out(add_source):
    f = kiln.compile(add_source)
    assert f.entry == "add"
    assert f.signature == [(("B", "S"), "f32"), (("S",), "f32")]
    assert f.result_signature == [(("B", "S"), "f32")]
    for b, s in [(2, 3), (5, 7), (1, 1)]:
        x = np.random.rand(b, s).astype(np.float32)
        y = np.random.rand(s).astype(np.float32)
        out = f(x, y)
        assert isinstance(out, np.ndarray) and out.dtype == np.float32
        np.testing.assert_allclose(out, x + y, rtol=1e-6)


def test_path_source_and_options(tmp_path, add_source):
    path = tmp_path / "add.mlir"
    path.write_text(add_source)
    f = kiln.compile(path, entry="add", fuse=False, parallel=False)
    x = np.ones((2, 3), np.float32)
    np.testing.assert_array_equal(f(x, x[0]), 2 * x)


def test_torch_in_torch_out(add_source):
    torch = pytest.importorskip("torch")
    f = kiln.compile(add_source)
    x = torch.randn(4, 8, requires_grad=True)
    y = torch.randn(8)
    out = f(x, y)
    assert isinstance(out, torch.Tensor) and out.device.type == "cpu"
    torch.testing.assert_close(out, (x + y).detach())


def test_several_results_and_bf16():
    ml_dtypes = pytest.importorskip("ml_dtypes")
    f = kiln.compile(TWO_RESULTS)
    x = np.linspace(-1, 1, 9).astype(ml_dtypes.bfloat16)
    e, s = f(x)
    assert e.dtype == ml_dtypes.bfloat16 and s.shape == () and s.dtype == np.float32
    np.testing.assert_allclose(e.astype(np.float32), np.exp(x.astype(np.float32)), rtol=1e-2)
    np.testing.assert_allclose(s, x.astype(np.float32).sum(), atol=1e-5)
    # uint16 bit patterns are bf16 too.
    e2, _ = f(x.view(np.uint16))
    np.testing.assert_array_equal(e2, e)


def test_report(add_source):
    f = kiln.compile(add_source)
    report = f.report()
    assert report["kernels"] == 1 and report["compile_s"] > 0
    assert report["arena_bytes"] is None  # symbolic, not called yet
    f(np.ones((2, 3), np.float32), np.ones(3, np.float32))
    report = f.report()
    assert set(report) >= {"kernels", "arena_bytes", "naive_bytes", "lower_bound_bytes", "compile_s"}
    assert report["arena_bytes"] == 0


def test_results_outlive_the_function(add_source):
    f = kiln.compile(add_source)
    out = f(np.ones((2, 2), np.float32), np.ones(2, np.float32))
    del f
    np.testing.assert_array_equal(out, np.full((2, 2), 2, np.float32))


def test_zero_size_arrays(add_source):
    f = kiln.compile(add_source)
    out = f(np.zeros((0, 3), np.float32), np.ones(3, np.float32))
    assert out.shape == (0, 3)
    out = f(np.zeros((2, 0), np.float32), np.zeros(0, np.float32))
    assert out.shape == (2, 0)


def test_compile_s(add_source):
    assert kiln.compile(add_source).compile_s > 0


def test_disk_cache_hit_corrupt_entry_and_off(add_source, tmp_path, monkeypatch):
    # KILN_CACHE_DIR: the second compile of the same module in this process
    # (a fresh kiln.Function) reads the pipeline's output from disk; a
    # truncated entry is ignored and rewritten; KILN_CACHE=0 bypasses it.
    monkeypatch.setenv("KILN_CACHE_DIR", str(tmp_path / "cache"))
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    y = np.ones(3, dtype=np.float32)
    first = kiln.compile(add_source)
    assert first.report()["from_cache"] is False
    second = kiln.compile(add_source)
    assert second.report()["from_cache"] is True
    np.testing.assert_array_equal(second(x, y), x + y)
    entries = list((tmp_path / "cache").iterdir())
    assert len(entries) == 1 and entries[0].suffix == ".mlirbc"
    entries[0].write_bytes(entries[0].read_bytes()[:40])
    rebuilt = kiln.compile(add_source)
    assert rebuilt.report()["from_cache"] is False
    np.testing.assert_array_equal(rebuilt(x, y), x + y)
    assert kiln.compile(add_source).report()["from_cache"] is True
    monkeypatch.setenv("KILN_CACHE", "0")
    assert kiln.compile(add_source).report()["from_cache"] is False
