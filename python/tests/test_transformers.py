"""Hugging Face models (built from small configs, random weights, nothing
downloaded) under torch.compile(backend="kiln", dynamic=True) on the CPU:
each forward matches eager, the whole graph is Kiln's, and two shapes share
one Kiln compile."""

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

import kiln.torch as kt  # noqa: E402


def _models():
    from transformers import (BertConfig, BertModel, GPT2Config, GPT2LMHeadModel,
                              LlamaConfig, LlamaForCausalLM)

    return {
        "bert": lambda: BertModel(BertConfig(
            hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
            intermediate_size=128, vocab_size=500)),
        "gpt2": lambda: GPT2LMHeadModel(GPT2Config(
            n_embd=64, n_layer=2, n_head=4, vocab_size=500, n_positions=128,
            bos_token_id=0, eos_token_id=0)),
        # Grouped-query attention: 4 query heads over 2 k/v heads.
        "llama": lambda: LlamaForCausalLM(LlamaConfig(
            hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, intermediate_size=128, vocab_size=500)),
    }


@pytest.mark.parametrize("name", ["bert", "gpt2", "llama"])
def test_model_matches_eager_in_one_kiln_function(name):
    torch._dynamo.reset()
    kt.reset()
    torch.manual_seed(0)
    model = _models()[name]().eval()
    compiled = torch.compile(model, backend="kiln", dynamic=True)
    with torch.no_grad():
        for b, s in ((2, 16), (3, 24)):
            ids = torch.randint(0, 500, (b, s))
            got, want = compiled(input_ids=ids), model(input_ids=ids)
            torch.testing.assert_close(got[0], want[0], rtol=1e-4, atol=1e-4)
    stats = kt.stats()
    assert stats["fallback_ops"] == {} and stats["eager_partitions"] == 0
    assert stats["kiln_compiles"] == 1
