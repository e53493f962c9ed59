"""kiln.compile(target="cuda") and the backend on CUDA tensors (run on the
GPU machine; skipped where torch sees no GPU, as the lit CUDA tests are)."""

import os
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")

import kiln  # noqa: E402
import kiln.torch as kt  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples"))


def test_device_tensors_stay_on_the_device(add_source):
    f = kiln.compile(add_source, target="cuda")
    x = torch.randn(64, 256, device="cuda")
    y = torch.randn(256, device="cuda")
    out = f(x, y)
    assert out.is_cuda and out.shape == (64, 256)
    torch.testing.assert_close(out, x + y)
    # Results are fresh device memory: an identity result is a copy.
    same = kiln.compile("""
      func.func @id(%x: !kiln.tensor<[N], f32>) -> !kiln.tensor<[N], f32> {
        return %x : !kiln.tensor<[N], f32>
      }""", target="cuda")
    z = same(y)
    assert z.data_ptr() != y.data_ptr()
    torch.testing.assert_close(z, y)


def test_host_arrays_on_a_cuda_function(add_source):
    f = kiln.compile(add_source, target="cuda")
    x = np.ones((3, 5), np.float32)
    np.testing.assert_array_equal(f(x, x[0]), 2 * x)


def test_non_default_stream_is_ordered(add_source):
    f = kiln.compile(add_source, target="cuda")
    stream = torch.cuda.Stream()
    with torch.cuda.stream(stream):
        x = torch.randn(1024, 1024, device="cuda")
        y = torch.randn(1024, device="cuda")
        out = f(x * 2, y) - y
    stream.synchronize()
    torch.testing.assert_close(out, x * 2)


def test_wrong_device_and_mixed_devices(add_source):
    cpu_fn = kiln.compile(add_source)
    x = torch.randn(2, 3, device="cuda")
    with pytest.raises(kiln.InputError, match='compile with target="cuda"'):
        cpu_fn(x, x[0])
    cuda_fn = kiln.compile(add_source, target="cuda")
    with pytest.raises(kiln.InputError, match="on another device"):
        cuda_fn(x, torch.randn(3))


def test_backend_on_cuda_matches_eager():
    from gpt import GPT

    torch._dynamo.reset()
    kt.reset()
    torch.manual_seed(0)
    model = GPT(vocab=128, dim=64, heads=4, layers=2, max_len=64).cuda().eval()
    compiled = torch.compile(model, backend="kiln", dynamic=True)
    with torch.no_grad():
        for b, s in ((2, 16), (3, 40)):
            ids = torch.randint(0, 128, (b, s), device="cuda")
            torch.testing.assert_close(compiled(ids), model(ids), rtol=1e-3, atol=1e-3)
    assert kt.stats()["kiln_partitions"] >= 1
