// attention_causal (issue 11): scaled_dot_product_attention(q, k, v,
// is_causal=True), bf16, q, k, v [B, H, S, 64] with B, H, S symbolic
// (--sym B=.. --sym H=.. --sym S=..); scale 1/sqrt(64). The benchmark
// counts the flops of both products over the causal half:
// 2 * 2 * B * H * S * S * 64 / 2.

!qkv = !kiln.tensor<[B, H, S, 64], bf16>

func.func @attention_causal(%q: !qkv, %k: !qkv, %v: !qkv) -> !qkv {
  %y = kiln.attention %q, %k, %v {causal = true} : !qkv, !qkv, !qkv -> !qkv
  return %y : !qkv
}
