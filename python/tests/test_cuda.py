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


def test_cuda_graphs_replay_reads_current_data(add_source):
    f = kiln.compile(add_source, target="cuda", cuda_graphs=True)
    x = torch.randn(64, 256, device="cuda")
    y = torch.randn(256, device="cuda")
    outs = []
    for step in range(4):
        x.mul_(2.0)  # In place: the graph reads x where it is.
        outs.append((f(x, y), x + y))
    for out, expected in outs:  # No result was overwritten by a later call.
        torch.testing.assert_close(out, expected)
    counters = f.report()["cuda_graphs"]
    assert counters["warmups"] == 1 and counters["captures"] == 1
    assert counters["replays"] == 3 and counters["failed_captures"] == 0


def test_cuda_graphs_moved_argument_is_staged(add_source):
    f = kiln.compile(add_source, target="cuda", cuda_graphs=True)
    y = torch.randn(256, device="cuda")
    keep = []
    for step in range(5):
        x = torch.randn(32, 256, device="cuda")
        keep.append(x)  # Fresh memory each call: x moves, y stays.
        torch.testing.assert_close(f(x, y), x + y)
    counters = f.report()["cuda_graphs"]
    # Captured on the second call with x staged: x never moves it again.
    assert counters["captures"] == 1 and counters["replays"] == 4


def test_cuda_graphs_per_binding_with_a_bound(add_source):
    f = kiln.compile(add_source, target="cuda", cuda_graphs=True, max_cuda_graphs=2)
    y = torch.randn(16, device="cuda")
    xs = {rows: torch.randn(rows, 16, device="cuda") for rows in (1, 2, 3)}
    for rows, x in xs.items():  # Each binding: warm-up, capture, replay.
        for _ in range(3):
            torch.testing.assert_close(f(x, y), x + y)
    counters = f.report()["cuda_graphs"]
    # The third binding evicted the first (least recently used).
    assert counters["graphs"] == 2 and counters["evictions"] == 1
    assert counters["captures"] == 3 and counters["failed_captures"] == 0
    torch.testing.assert_close(f(xs[1], y), xs[1] + y)  # A warm-up again.
    assert f.report()["cuda_graphs"]["warmups"] == 4


def test_cuda_graphs_with_cublas_and_symbols():
    source = """
      func.func @mlp(%x: !kiln.tensor<[B, 64], bf16>, %w: !kiln.tensor<[64, 128], bf16>)
          -> !kiln.tensor<[B, 128], bf16> {
        %h = "kiln.matmul"(%x, %w) : (!kiln.tensor<[B, 64], bf16>, !kiln.tensor<[64, 128], bf16>) -> !kiln.tensor<[B, 128], bf16>
        %g = "kiln.gelu"(%h) {approximate = "none"} : (!kiln.tensor<[B, 128], bf16>) -> !kiln.tensor<[B, 128], bf16>
        return %g : !kiln.tensor<[B, 128], bf16>
      }"""
    f = kiln.compile(source, target="cuda", cuda_graphs=True)
    w = torch.randn(64, 128, device="cuda", dtype=torch.bfloat16)
    for b in (1, 8, 1, 8, 8):
        x = torch.randn(b, 64, device="cuda", dtype=torch.bfloat16)
        expected = torch.nn.functional.gelu((x.float() @ w.float())).bfloat16()
        torch.testing.assert_close(f(x, w), expected, rtol=2e-2, atol=2e-2)
    assert f.report()["cuda_graphs"]["failed_captures"] == 0


def test_backend_reduce_overhead_matches_eager():
    from gpt import GPT

    torch._dynamo.reset()
    kt.reset()
    torch.manual_seed(0)
    model = GPT(vocab=128, dim=64, heads=4, layers=2, max_len=64).cuda().eval()
    compiled = torch.compile(model, backend="kiln", mode="reduce-overhead", dynamic=True)
    with torch.no_grad():
        for b, s in ((2, 16), (2, 16), (3, 40), (2, 16), (3, 40)):
            ids = torch.randint(0, 128, (b, s), device="cuda")
            torch.testing.assert_close(compiled(ids), model(ids), rtol=1e-3, atol=1e-3)
    assert kt.stats()["kiln_partitions"] >= 1
