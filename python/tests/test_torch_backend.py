"""torch.compile(backend="kiln") against eager PyTorch on the CPU."""

import os
import subprocess
import sys

import pytest

torch = pytest.importorskip("torch")
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import kiln.torch as kt  # noqa: E402

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples")
sys.path.insert(0, EXAMPLES)
from gpt import GPT, Block  # noqa: E402


class MLP(nn.Module):
    def __init__(self, dim=32, hidden=64):
        super().__init__()
        self.a = nn.Linear(dim, hidden)
        self.b = nn.Linear(hidden, dim)

    def forward(self, x):
        return x + self.b(F.gelu(self.a(x)))


@pytest.fixture(autouse=True)
def fresh():
    torch._dynamo.reset()
    kt.reset()
    torch.manual_seed(0)
    yield


def close(a, b, tol=1e-4):
    torch.testing.assert_close(a, b, rtol=tol, atol=tol)


def test_registered_as_a_dynamo_backend():
    assert "kiln" in torch._dynamo.list_backends()


def test_mlp_matches_eager_for_every_batch():
    model = MLP()
    compiled = torch.compile(model, backend="kiln", dynamic=True)
    with torch.no_grad():
        for batch in (2, 3, 7, 16):
            x = torch.randn(batch, 32)
            close(compiled(x), model(x))
    stats = kt.stats()
    assert stats["kiln_compiles"] == 1 and stats["fallback_ops"] == {}


def test_one_kiln_compile_for_twenty_sequence_lengths():
    model = MLP()
    compiled = torch.compile(model, backend="kiln", dynamic=True)
    with torch.no_grad():
        for seq in range(2, 22):
            x = torch.randn(2, seq, 32)
            close(compiled(x), model(x))
    assert kt.stats()["kiln_compiles"] == 1


def test_transformer_block_matches_eager():
    block = Block(64, 4, 64).eval()
    compiled = torch.compile(block, backend="kiln", dynamic=True)
    with torch.no_grad():
        for b, s in ((2, 8), (3, 16), (2, 33)):
            x = torch.randn(b, s, 64)
            close(compiled(x), block(x))
    stats = kt.stats()
    # One Kiln function for the whole block (the causal mask's slice and
    # the q/k/v split are kiln.slice), one compile for every shape.
    assert stats["kiln_partitions"] == 1 and stats["fallback_ops"] == {}


def test_gpt_decoder_causal_mask_matches_eager():
    model = GPT(vocab=128, dim=64, heads=4, layers=2, max_len=64).eval()
    compiled = torch.compile(model, backend="kiln", dynamic=True)
    with torch.no_grad():
        for b, s in ((2, 16), (3, 24), (1, 40)):
            ids = torch.randint(0, 128, (b, s))
            close(compiled(ids), model(ids), tol=1e-3)
    stats = kt.stats()
    # The whole decoder is one Kiln function: embeddings (kiln.gather), the
    # positions' arange (kiln.iota), the blocks and the tied head.
    # Each Dynamo graph is one Kiln partition; batch 1 is a second graph
    # (Dynamo specializes sizes 0 and 1).
    assert stats["fallback_ops"] == {} and stats["eager_partitions"] == 0
    assert stats["kiln_partitions"] == stats["kiln_compiles"] == 2


def test_unsupported_op_falls_back_to_eager():
    class Model(nn.Module):
        def forward(self, x):
            return torch.flip(torch.exp(x), dims=[-1]) * 2.0

    model = Model()
    compiled = torch.compile(model, backend="kiln")
    x = torch.randn(4, 8)
    close(compiled(x), model(x))
    assert kt.stats()["fallback_ops"] == {"aten.flip.default": 1}


def test_training_gradients_match_eager():
    for model in (MLP(), Block(32, 4, 16)):
        compiled = torch.compile(model, backend="kiln", dynamic=True)
        x = torch.randn(2, 8, 32)
        compiled(x).square().sum().backward()
        grads = [p.grad.clone() for p in model.parameters()]
        model.zero_grad()
        model(x).square().sum().backward()
        for got, want in zip(grads, (p.grad for p in model.parameters())):
            close(got, want, tol=1e-3)
        assert kt.stats()["kiln_partitions"] >= 2  # forward and backward


def test_bf16_matches_eager():
    model = MLP().to(torch.bfloat16)
    compiled = torch.compile(model, backend="kiln")
    with torch.no_grad():
        x = torch.randn(8, 32, dtype=torch.bfloat16)
        close(compiled(x).float(), model(x).float(), tol=5e-2)
    stats = kt.stats()
    assert stats["kiln_partitions"] == 1 and stats["eager_partitions"] == 0


def test_same_graph_compiles_once_per_process():
    first, second = MLP(), MLP()  # different weights, the same graph
    x = torch.randn(4, 32)
    with torch.no_grad():
        close(torch.compile(first, backend="kiln")(x), first(x))
        torch._dynamo.reset()
        close(torch.compile(second, backend="kiln")(x), second(x))
    stats = kt.stats()
    assert stats["kiln_compiles"] == 1 and stats["cache_hits"] >= 1


def test_options_reach_the_pipeline():
    model = MLP()
    compiled = torch.compile(model, backend="kiln", options={"parallel": False, "fuse": False})
    with torch.no_grad():
        x = torch.randn(4, 32)
        close(compiled(x), model(x))
    bad = torch.compile(MLP(), backend="kiln", options={"no_such_option": 1})
    with torch.no_grad():  # Kiln rejects the options: the graph runs eagerly
        bad(x)
    assert kt.stats()["eager_partitions"] == 1


def test_kiln_log_names_fallbacks():
    code = (
        "import torch, kiln.torch\n"
        "f = torch.compile(lambda x: torch.flip(x.exp(), [0]), backend='kiln')\n"
        "f(torch.randn(4))\n"
    )
    env = dict(os.environ, KILN_LOG="partitions")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "aten.flip.default runs in eager PyTorch: no converter" in run.stderr


def test_slices_and_splits():
    class Model(nn.Module):
        def forward(self, x):
            a, b, c = x.split([2, 3, 3], dim=-1)
            return a[:, 1:] * 2 + b[:, :-1] - c[:, ::2][:, : a.shape[1] - 1]

    model = Model()
    compiled = torch.compile(model, backend="kiln", dynamic=True)
    for rows, cols in ((4, 8), (7, 8)):
        x = torch.randn(rows, cols)
        close(compiled(x), model(x))
    stats = kt.stats()
    assert stats["fallback_ops"] == {} and stats["eager_partitions"] == 0
    assert stats["kiln_partitions"] >= 1


def test_arange_is_kiln_iota():
    class Model(nn.Module):
        def forward(self, x):
            return x * torch.arange(x.shape[-1], dtype=x.dtype) + torch.arange(2, 2 * x.shape[-1] + 2, 2)

    model = Model()
    compiled = torch.compile(model, backend="kiln", dynamic=True)
    for cols in (5, 9, 33):
        x = torch.randn(3, cols)
        close(compiled(x), model(x))
    stats = kt.stats()
    assert stats["fallback_ops"] == {} and stats["eager_partitions"] == 0
    assert stats["kiln_partitions"] >= 1


def test_kiln_cache_0_turns_the_cache_off(monkeypatch):
    monkeypatch.setenv("KILN_CACHE", "0")
    x = torch.randn(4, 32)
    with torch.no_grad():
        for model in (MLP(), MLP()):
            torch._dynamo.reset()
            close(torch.compile(model, backend="kiln")(x), model(x))
    stats = kt.stats()
    assert stats["kiln_compiles"] == 2 and stats["cache_hits"] == 0


def test_gpt_decoder_static_shapes():
    # Without dynamic=True Dynamo's first graph is static: a partition with
    # no tensor input (the positions' arange) runs eagerly, never returning
    # NumPy arrays into the graph.
    model = GPT(vocab=128, dim=64, heads=4, layers=1, max_len=64).eval()
    compiled = torch.compile(model, backend="kiln")
    with torch.no_grad():
        ids = torch.randint(0, 128, (2, 12))
        close(compiled(ids), model(ids), tol=1e-3)
    assert kt.stats()["kiln_partitions"] >= 1


def test_comparisons_promote_as_torch_does():
    class Model(nn.Module):
        def forward(self, x, t, flags):
            half = (x.half() > t).float()  # t: a 0-dim f32 tensor
            return half + (flags == 2).float() + (x > 0.5).float()

    model = Model()
    compiled = torch.compile(model, backend="kiln")
    x = torch.tensor([0.1, 0.30004, 0.7, 2.0])
    t = torch.tensor(0.3)
    flags = torch.tensor([True, False, True, False])
    close(compiled(x, t, flags), model(x, t, flags))


def test_arange_in_half_types():
    # Computed in f32 and rounded once; torch's CPU kernel computes the upper
    # half of the range down from `end`, so a few elements may differ by one
    # bf16 ulp.
    class Model(nn.Module):
        def forward(self, x):
            return x + torch.arange(0.1, 0.1 + 0.3 * x.shape[0], 0.3, dtype=torch.bfloat16)

    model = Model()
    compiled = torch.compile(model, backend="kiln")
    x = torch.zeros(40, dtype=torch.bfloat16)
    torch.testing.assert_close(compiled(x), model(x), rtol=8e-3, atol=0)


def test_zero_size_tensors():
    model = MLP()
    compiled = torch.compile(model, backend="kiln", dynamic=True)
    with torch.no_grad():
        for batch in (3, 5):
            x = torch.randn(batch, 32)
            close(compiled(x), model(x))
        empty = torch.randn(0, 32)
        assert compiled(empty).shape == (0, 32)


def test_mutations_aliases_and_views_behave_as_in_eager():
    class Model(nn.Module):
        def forward(self, x, y):
            y.add_(1.0)              # an input mutation
            z = torch.exp(x) + y
            return z, z.t(), x        # a view of an output, an input itself

    model = Model()
    compiled = torch.compile(model, backend="kiln")
    x = torch.randn(3, 4)
    y_eager, y_kiln = torch.randn(3, 4), None
    y_kiln = y_eager.clone()
    want = model(x, y_eager)
    got = compiled(x, y_kiln)
    for g, w in zip(got, want):
        close(g, w)
    close(y_kiln, y_eager)              # the mutation happened
    assert got[2] is x or got[2].data_ptr() == x.data_ptr()
    # z.t() is a view of z, as in eager (the view stays out of Kiln).
    assert got[1].data_ptr() == got[0].data_ptr()
    assert kt.stats()["kiln_partitions"] >= 1


def test_rounding_logical_and_remainder_ops():
    class Model(nn.Module):
        def forward(self, x, n):
            mask = (x > 0.5) & ~(x > 1.5) | (n % 3 == 0)
            r = torch.where(mask, torch.floor(x * 4) + torch.ceil(x) - torch.round(x * 2), torch.sign(x))
            ints = (n ^ 5) | (n & 12)
            return r + torch.log1p(x.abs()) + torch.remainder(x, -0.75), ints, torch.remainder(n, 4)

    model = Model()
    compiled = torch.compile(model, backend="kiln", dynamic=True)
    for size in (7, 33):
        x = torch.randn(3, size) * 2
        n = torch.randint(-20, 20, (3, size))
        for got, want in zip(compiled(x, n), model(x, n)):
            close(got, want)
    stats = kt.stats()
    assert stats["fallback_ops"] == {} and stats["eager_partitions"] == 0


def test_prod_any_all_reductions():
    class Model(nn.Module):
        def forward(self, x):
            big = x > 0
            return (
                torch.prod(1 + x * 0.1, dim=-1),
                big.any(dim=-1),
                big.all(dim=0, keepdim=True),
                big.all(),
                torch.prod(x),
            )

    model = Model()
    compiled = torch.compile(model, backend="kiln", dynamic=True)
    for rows in (4, 9):
        x = torch.randn(rows, 6)
        for got, want in zip(compiled(x), model(x)):
            close(got, want)
    assert kt.stats()["fallback_ops"] == {}


def test_embedding_index_select_gather_and_select():
    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.table = nn.Embedding(20, 8)

        def forward(self, ids, x, picks):
            e = self.table(ids)  # [B, S, 8]
            rows = torch.index_select(x, 1, ids[0])  # [R, S]
            chosen = torch.gather(torch.log_softmax(x, dim=-1), 1, picks)
            return (e.sum(-1) * 2, rows + 1, chosen, x[:, ids[0] - 20], x[:, -1], x.select(0, 1),
                    x.clamp(-0.5, 0.5), x.clamp(min=0.1), x.clamp(max=0),
                    torch.full_like(x, 2.5) + x, torch.zeros_like(ids) + 1)

    model = Model()
    compiled = torch.compile(model, backend="kiln", dynamic=True)
    for b, s in ((2, 5), (3, 9)):
        ids = torch.randint(0, 20, (b, s))
        x = torch.randn(4, 20)
        picks = torch.randint(0, 20, (4, 3))
        with torch.no_grad():  # the embedding's backward is not Kiln's
            for got, want in zip(compiled(ids, x, picks), model(ids, x, picks)):
                close(got, want)
    stats = kt.stats()
    assert stats["fallback_ops"] == {} and stats["eager_partitions"] == 0


def test_index_out_of_range_is_an_error_not_a_read():
    table = nn.Embedding(10, 4)
    compiled = torch.compile(lambda ids: table(ids) * 2, backend="kiln", dynamic=True)
    with torch.no_grad():
        ok = torch.tensor([[0, 9, 3]])
        close(compiled(ok), table.weight[ok] * 2)
        # Too large, or negative (which torch.nn.Embedding rejects too).
        for bad in ([[0, 10, 3]], [[0, -1, 3]]):
            with pytest.raises(Exception, match="kiln.gather at .*: an index is out of range for dim 0"):
                compiled(torch.tensor(bad))


def test_pad_cumsum_argmax():
    class Model(nn.Module):
        def forward(self, x, mask):
            positions = torch.cumsum(mask, dim=1) * mask - 1  # Hugging Face's position ids
            return (
                F.pad(x, (1, 2, 0, 1), value=-3.0),
                torch.cumsum(x, dim=0),
                positions,
                x.argmax(dim=-1),
                x.argmin(dim=0, keepdim=True),
                x.argmax(),
            )

    model = Model()
    compiled = torch.compile(model, backend="kiln", dynamic=True)
    for rows, cols in ((3, 7), (5, 12)):
        x = torch.randn(rows, cols)
        mask = (torch.rand(rows, cols) > 0.3).long()
        for got, want in zip(compiled(x, mask), model(x, mask)):
            close(got, want)
    stats = kt.stats()
    assert stats["fallback_ops"] == {} and stats["eager_partitions"] == 0


def test_scaled_dot_product_attention():
    def f(q, k, v, keep, bias):
        return (
            F.scaled_dot_product_attention(q, k, v, is_causal=True),
            F.scaled_dot_product_attention(q, k, v, attn_mask=keep),
            F.scaled_dot_product_attention(q, k, v, attn_mask=bias, scale=0.3),
        )

    compiled = torch.compile(f, backend="kiln", dynamic=True)
    for s in (6, 17):
        q, k, v = (torch.randn(2, 3, s, 16) for _ in range(3))
        keep = torch.rand(s, s) > 0.3
        keep[:, 0] = True  # no row fully masked (NaN in eager and in Kiln)
        bias = torch.randn(2, 1, s, s)
        for got, want in zip(compiled(q, k, v, keep, bias), f(q, k, v, keep, bias)):
            close(got, want)
    stats = kt.stats()
    assert stats["fallback_ops"] == {} and stats["eager_partitions"] == 0
    assert stats["kiln_compiles"] == 1


class SmallCNN(nn.Module):
    """conv + batch norm + relu, a strided grouped conv, max and average
    pooling, global pooling and a linear head (ResNet's pieces)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=2)
        self.pool = nn.MaxPool2d(3, 2, 1)
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        y = F.relu(self.bn(self.conv(x)))
        y = F.avg_pool2d(self.pool(F.relu(self.conv2(y))), 2)
        return self.fc(F.adaptive_avg_pool2d(y, 1).flatten(1))


def test_cnn_matches_eager_for_several_image_sizes():
    model = SmallCNN().eval()
    with torch.no_grad():  # batch-norm statistics as in inference
        model.bn.running_mean.uniform_(-1, 1)
        model.bn.running_var.uniform_(0.5, 2)
    compiled = torch.compile(model, backend="kiln", dynamic=True)
    with torch.no_grad():
        for n, hw in ((2, 16), (3, 20), (2, 24)):
            x = torch.randn(n, 3, hw, hw)
            close(compiled(x), model(x))
    stats = kt.stats()
    assert stats["fallback_ops"] == {} and stats["eager_partitions"] == 0


def test_reduce_overhead_mode_on_the_cpu_runs_without_graphs():
    model = MLP()
    compiled = torch.compile(model, backend="kiln", mode="reduce-overhead")
    x = torch.randn(4, 32)
    with torch.no_grad():
        close(compiled(x), model(x))
    assert kt.stats()["kiln_partitions"] >= 1


def test_unsupported_mode_is_a_clear_error():
    compiled = torch.compile(MLP(), backend="kiln", mode="max-autotune")
    with pytest.raises(Exception, match="mode 'max-autotune' is not supported"):
        with torch.no_grad():
            compiled(torch.randn(4, 32))
