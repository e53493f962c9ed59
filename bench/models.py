#!/usr/bin/env python3
"""Real PyTorch models under eager, torch.compile (Inductor) and
torch.compile(backend="kiln") in ONE run on the GPU machine (issue 16).

Models come from `transformers` configs (random weights, nothing is
downloaded) and, when installed, torchvision: BERT-base (batch 8, sequence
128 and 512), GPT-2 small (batch 4, sequence 1024), a Llama-style decoder
(4 layers, hidden 2048, sequence 2048) and ResNet-50 (batch 32, 224x224).
Per model x dtype x system, one JSON line on stdout:

  forward_ms   median of CUDA-event timings of back-to-back forwards
               (same method for every system)
  compile_s    the first call's wall time in this process (Dynamo +
               backend; a warm process: imports and CUDA init excluded)
  peak_mib     torch.cuda.max_memory_allocated during the timed calls
  max_err      max |out - eager| / max |eager| (relative to the output)
  kiln stats   graphs, Kiln compiles, fallback ops (backend="kiln")

With --lengths N, Kiln and Inductor (dynamic=True) also run N random
sequence lengths; the line gives the compiles each needed and Kiln's
per-shape time next to its static compile's.

Usage: python3 bench/models.py [--models bert,gpt2,llama,resnet50]
         [--dtypes f32,bf16] [--systems eager,inductor,kiln] [--lengths 50]
         (systems also: inductor-graphs and kiln-graphs, mode="reduce-overhead")
         [--max-autotune]
"""

import argparse
import json
import random
import statistics
import sys
import time

import torch


def log(message):
    print(message, file=sys.stderr, flush=True)


def emit(record):
    print(json.dumps(record), flush=True)


def build(name, dtype):
    """(model, make_inputs(seq) -> kwargs, default seq or None)."""
    import transformers as tf

    if name.startswith("bert"):
        model = tf.BertModel(tf.BertConfig())
        seq = int(name.split("-")[1]) if "-" in name else 128
        batch, vocab = 8, 30522
    elif name == "gpt2":
        model = tf.GPT2LMHeadModel(tf.GPT2Config())
        seq, batch, vocab = 1024, 4, 50257
    elif name == "llama":
        config = tf.LlamaConfig(hidden_size=2048, intermediate_size=5632,
                                num_hidden_layers=4, num_attention_heads=16,
                                num_key_value_heads=4, vocab_size=32000,
                                max_position_embeddings=4096)
        model = tf.LlamaForCausalLM(config)
        seq, batch, vocab = 2048, 1, 32000
    elif name == "resnet50":
        import torchvision

        model = torchvision.models.resnet50()
        model = model.to("cuda", dtype).eval()
        return model, lambda s: {"x": torch.randn(32, 3, 224, 224, device="cuda", dtype=dtype)}, None
    else:
        raise SystemExit(f"unknown model {name}")
    model = model.to("cuda", dtype).eval()

    def inputs(s, batch=batch, vocab=vocab):
        return {"input_ids": torch.randint(0, vocab, (batch, s), device="cuda")}

    return model, inputs, seq


def first_output(out):
    if isinstance(out, torch.Tensor):
        return out
    if hasattr(out, "logits"):
        return out.logits
    return out[0]


def time_forward(fn, kwargs, calls=20):
    """Median ms of `calls` back-to-back calls, CUDA events around each."""
    with torch.no_grad():
        for _ in range(3):
            fn(**kwargs)
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        times = []
        for _ in range(calls):
            start = torch.cuda.Event(enable_timing=True)
            stop = torch.cuda.Event(enable_timing=True)
            start.record()
            fn(**kwargs)
            stop.record()
            stop.synchronize()
            times.append(start.elapsed_time(stop))
    return statistics.median(times), torch.cuda.max_memory_allocated() / 2**20


def make_system(system, model, dynamic, max_autotune):
    torch._dynamo.reset()
    if system == "eager":
        return model
    if system == "inductor":
        mode = "max-autotune" if max_autotune else None
        return torch.compile(model, mode=mode, dynamic=dynamic)
    if system == "inductor-graphs":
        return torch.compile(model, mode="reduce-overhead", dynamic=dynamic)
    import kiln.torch as kt

    kt.reset()
    mode = "reduce-overhead" if system == "kiln-graphs" else None
    return torch.compile(model, backend="kiln", mode=mode, dynamic=dynamic)


def run(name, dtype_name, systems, lengths, max_autotune):
    dtype = {"f32": torch.float32, "bf16": torch.bfloat16}[dtype_name]
    torch.manual_seed(0)
    model, inputs, seq = build(name, dtype)
    kwargs = inputs(seq)
    with torch.no_grad():
        reference = first_output(model(**kwargs)).float()
    scale = reference.abs().max().item() or 1.0
    for system in systems:
        record = {"model": name, "dtype": dtype_name, "system": system}
        try:
            fn = make_system(system, model, dynamic=system.startswith("kiln"),
                             max_autotune=max_autotune)
            start = time.perf_counter()
            with torch.no_grad():
                out = first_output(fn(**kwargs)).float()
            torch.cuda.synchronize()
            record["compile_s"] = round(time.perf_counter() - start, 3)
            record["max_err"] = (out - reference).abs().max().item() / scale
            record["forward_ms"], record["peak_mib"] = time_forward(fn, kwargs)
            if system.startswith("kiln"):
                import kiln.torch as kt

                record["kiln"] = kt.stats()
            if lengths and seq and system in ("kiln", "inductor"):
                record.update(run_lengths(system, model, inputs, seq, lengths))
        except Exception as error:  # a failure is a result, not a crash
            record["error"] = f"{type(error).__name__}: {str(error)[:300]}"
        log(f"{name} {dtype_name} {system}: {record}")
        emit(record)


def run_lengths(system, model, inputs, seq, count):
    """`count` random sequence lengths under dynamic=True: compiles needed
    and the per-shape time against a static compile of the longest."""
    rng = random.Random(0)
    lengths = sorted(rng.randint(seq // 4, seq) for _ in range(count))
    fn = make_system(system, model, dynamic=True, max_autotune=False)
    with torch.no_grad():
        for s in lengths:
            fn(**inputs(s))
    result = {"lengths": count}
    if system == "kiln":
        import kiln.torch as kt

        result["length_stats"] = kt.stats()
    else:
        from torch._dynamo.utils import counters

        result["length_frames"] = dict(counters["stats"])
    dynamic_ms, _ = time_forward(fn, inputs(lengths[-1]))
    static = make_system(system, model, dynamic=False, max_autotune=False)
    static_ms, _ = time_forward(static, inputs(lengths[-1]))
    result["dynamic_ms"], result["static_ms"] = dynamic_ms, static_ms
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="bert-128,bert-512,gpt2,llama,resnet50")
    parser.add_argument("--dtypes", default="f32,bf16")
    parser.add_argument("--systems", default="eager,inductor,kiln")
    parser.add_argument("--lengths", type=int, default=0)
    parser.add_argument("--max-autotune", action="store_true")
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    emit({"device": torch.cuda.get_device_name(), "torch": torch.__version__})
    for name in args.models.split(","):
        for dtype in args.dtypes.split(","):
            run(name, dtype, args.systems.split(","), args.lengths, args.max_autotune)


if __name__ == "__main__":
    main()
