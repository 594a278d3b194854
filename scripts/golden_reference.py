#!/usr/bin/python3
"""Independent PyTorch reference that writes golden fixtures for the Java transformer tests.

Builds three tiny random models (Llama, Qwen2, GPT-2) with fixed seeds, saves each one as a
Hugging Face checkpoint folder (config.json + model.safetensors) and writes the expected outputs
of a forward pass to golden.json. The math is written out by hand in plain torch (nanoGPT style);
it does not use, and must not use, Hugging Face transformers or our Java code.

Weights are stored as float32; the reference math runs in float64 on those float32 weights, so the
golden values are as exact as possible and a float32 implementation should match to ~1e-5.

Usage: /usr/bin/python3 scripts/golden_reference.py --out shared-model/src/test/resources/golden
"""
import argparse
import json
import math
import os
import struct

import torch

DTYPE = torch.float64  # compute dtype of the reference
B, T = 3, 10           # batch size, sequence length of the golden inputs
PAD_ID = 0

COMMON_LLAMA = dict(vocab_size=97, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                    num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64,
                    hidden_act="silu", bos_token_id=1, eos_token_id=2, torch_dtype="float32")
CONFIGS = {
    "tiny-llama": dict(COMMON_LLAMA, architectures=["LlamaForCausalLM"], model_type="llama",
                       rope_theta=10000.0, rms_norm_eps=1e-5, tie_word_embeddings=False,
                       attention_bias=False),
    # Qwen2 has no attention_bias key: q/k/v always carry a bias, o_proj never does.
    "tiny-qwen2": dict(COMMON_LLAMA, architectures=["Qwen2ForCausalLM"], model_type="qwen2",
                       rope_theta=1000000.0, rms_norm_eps=1e-6, tie_word_embeddings=True),
    "tiny-gpt2": dict(architectures=["GPT2LMHeadModel"], model_type="gpt2", vocab_size=97, n_embd=32,
                      n_layer=2, n_head=4, n_positions=64, n_inner=None, activation_function="gelu_new",
                      layer_norm_epsilon=1e-5, bos_token_id=96, eos_token_id=96,
                      tie_word_embeddings=True, torch_dtype="float32"),
}
SEEDS = {"tiny-llama": 1000, "tiny-qwen2": 1037, "tiny-gpt2": 1288}  # picked so greedy output is not degenerate
INPUT_SEED = 42


# ----------------------------------------------------------------------------- random weights

def make_llama_weights(cfg, seed, qkv_bias):
    g = torch.Generator().manual_seed(seed)
    rnd = lambda *shape, s=0.2: torch.randn(*shape, generator=g) * s           # float32
    norm = lambda n: 1.0 + 0.1 * torch.randn(n, generator=g)                    # random, not ones
    V, H, I = cfg["vocab_size"], cfg["hidden_size"], cfg["intermediate_size"]
    nh, nkv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = H // nh
    w = {"model.embed_tokens.weight": rnd(V, H, s=0.5)}                        # [V,H]
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        w[p + "input_layernorm.weight"] = norm(H)
        w[p + "self_attn.q_proj.weight"] = rnd(nh * hd, H)                      # [nh*hd, H]
        w[p + "self_attn.k_proj.weight"] = rnd(nkv * hd, H)                     # [nkv*hd, H]
        w[p + "self_attn.v_proj.weight"] = rnd(nkv * hd, H)                     # [nkv*hd, H]
        if qkv_bias:
            w[p + "self_attn.q_proj.bias"] = rnd(nh * hd, s=0.1)
            w[p + "self_attn.k_proj.bias"] = rnd(nkv * hd, s=0.1)
            w[p + "self_attn.v_proj.bias"] = rnd(nkv * hd, s=0.1)
        w[p + "self_attn.o_proj.weight"] = rnd(H, nh * hd)                      # [H, nh*hd]
        w[p + "post_attention_layernorm.weight"] = norm(H)
        w[p + "mlp.gate_proj.weight"] = rnd(I, H)                               # [I,H]
        w[p + "mlp.up_proj.weight"] = rnd(I, H)                                 # [I,H]
        w[p + "mlp.down_proj.weight"] = rnd(H, I)                               # [H,I]
    w["model.norm.weight"] = norm(H)
    if not cfg["tie_word_embeddings"]:
        w["lm_head.weight"] = rnd(V, H, s=0.5)                                  # [V,H]
    return w


def make_gpt2_weights(cfg, seed):
    g = torch.Generator().manual_seed(seed)
    rnd = lambda *shape, s=0.2: torch.randn(*shape, generator=g) * s
    norm = lambda n: 1.0 + 0.1 * torch.randn(n, generator=g)
    V, C, P = cfg["vocab_size"], cfg["n_embd"], cfg["n_positions"]
    F = cfg["n_inner"] or 4 * C
    w = {"transformer.wte.weight": rnd(V, C, s=0.5),                            # [V,C]
         "transformer.wpe.weight": rnd(P, C, s=0.3)}                            # [P,C]
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        w[p + "ln_1.weight"], w[p + "ln_1.bias"] = norm(C), rnd(C, s=0.1)
        w[p + "attn.c_attn.weight"], w[p + "attn.c_attn.bias"] = rnd(C, 3 * C), rnd(3 * C, s=0.1)  # Conv1D [in,out]
        w[p + "attn.c_proj.weight"], w[p + "attn.c_proj.bias"] = rnd(C, C), rnd(C, s=0.1)
        w[p + "ln_2.weight"], w[p + "ln_2.bias"] = norm(C), rnd(C, s=0.1)
        w[p + "mlp.c_fc.weight"], w[p + "mlp.c_fc.bias"] = rnd(C, F), rnd(F, s=0.1)            # [C,4C]
        w[p + "mlp.c_proj.weight"], w[p + "mlp.c_proj.bias"] = rnd(F, C), rnd(C, s=0.1)        # [4C,C]
    w["transformer.ln_f.weight"], w["transformer.ln_f.bias"] = norm(C), rnd(C, s=0.1)
    return w


# ----------------------------------------------------------------------------- shared pieces

def allowed_keys(mask):
    """mask [B,T] (1 real, 0 pad) -> bool [B,1,T,T]: query t may attend key s iff s <= t and key s is real."""
    Tn = mask.shape[1]
    causal = torch.tril(torch.ones(Tn, Tn, dtype=torch.bool))                  # [T,T]
    return causal[None, None] & mask.bool()[:, None, None, :]                   # [B,1,T,T]


def attend(q, k, v, allowed):
    """q,k,v [B,nh,T,hd] -> [B,nh,T,hd]. Masked scores get the dtype minimum (as HF does), so a query
    with no allowed key (a left-pad position) gets a uniform, finite distribution instead of NaN."""
    att = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])                      # [B,nh,T,T]
    att = att.masked_fill(~allowed, torch.finfo(att.dtype).min)
    return att.softmax(-1) @ v                                                  # [B,nh,T,hd]


def position_ids_from_mask(mask):
    return (mask.cumsum(-1) - 1).clamp(min=0)                                   # [B,T]


# ----------------------------------------------------------------------------- Llama / Qwen2

def rms_norm(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w           # [...,H]


def rope_cos_sin(pos, hd, theta):
    inv_freq = 1.0 / (theta ** (torch.arange(0, hd, 2, dtype=DTYPE) / hd))     # [hd/2]
    freqs = pos.to(DTYPE)[..., None] * inv_freq                                 # [B,T,hd/2]
    emb = torch.cat([freqs, freqs], dim=-1)                                     # [B,T,hd]
    return emb.cos()[:, None], emb.sin()[:, None]                               # [B,1,T,hd] each


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat([-x[..., h:], x[..., :h]], dim=-1)


def llama_forward(cfg, w, ids, mask, pos):
    """ids, mask, pos [B,T] -> (logits [B,T,V], list of per-block outputs [B,T,H])."""
    w = {k: v.to(DTYPE) for k, v in w.items()}
    lin = lambda x, name: x @ w[name + ".weight"].T + (w[name + ".bias"] if name + ".bias" in w else 0)
    Bn, Tn = ids.shape
    H, nh, nkv = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd, eps = H // nh, cfg["rms_norm_eps"]
    cos, sin = rope_cos_sin(pos, hd, cfg["rope_theta"])
    allowed = allowed_keys(mask)
    x = w["model.embed_tokens.weight"][ids]                                     # [B,T,H]
    blocks = []
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        h = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = lin(h, p + "self_attn.q_proj").view(Bn, Tn, nh, hd).transpose(1, 2)   # [B,nh,T,hd]
        k = lin(h, p + "self_attn.k_proj").view(Bn, Tn, nkv, hd).transpose(1, 2)  # [B,nkv,T,hd]
        v = lin(h, p + "self_attn.v_proj").view(Bn, Tn, nkv, hd).transpose(1, 2)  # [B,nkv,T,hd]
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(nh // nkv, dim=1)                               # [B,nh,T,hd]: kv head j serves
        v = v.repeat_interleave(nh // nkv, dim=1)                               # query heads j*rep..(j+1)*rep-1
        y = attend(q, k, v, allowed).transpose(1, 2).reshape(Bn, Tn, nh * hd)   # [B,T,nh*hd]
        x = x + lin(y, p + "self_attn.o_proj")                                  # [B,T,H]
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        gate = lin(h, p + "mlp.gate_proj")                                      # [B,T,I]
        x = x + lin(torch.nn.functional.silu(gate) * lin(h, p + "mlp.up_proj"), p + "mlp.down_proj")
        blocks.append(x)
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else w["lm_head.weight"]
    return x @ head.T, blocks                                                   # [B,T,V]


# ----------------------------------------------------------------------------- GPT-2

def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdim=True)
    var = (x - mu).pow(2).mean(-1, keepdim=True)                                # biased variance
    return (x - mu) / torch.sqrt(var + eps) * w + b


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


def gpt2_forward(cfg, w, ids, mask, pos):
    w = {k: v.to(DTYPE) for k, v in w.items()}
    conv1d = lambda x, name: x @ w[name + ".weight"] + w[name + ".bias"]         # Conv1D: W is [in,out]
    Bn, Tn = ids.shape
    C, nh, eps = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"]
    hd = C // nh
    allowed = allowed_keys(mask)
    x = w["transformer.wte.weight"][ids] + w["transformer.wpe.weight"][pos]     # [B,T,C]
    blocks = []
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        h = layer_norm(x, w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        q, k, v = conv1d(h, p + "attn.c_attn").split(C, dim=-1)                 # 3 x [B,T,C]
        q, k, v = (t.view(Bn, Tn, nh, hd).transpose(1, 2) for t in (q, k, v))   # [B,nh,T,hd]
        y = attend(q, k, v, allowed).transpose(1, 2).reshape(Bn, Tn, C)         # [B,T,C]
        x = x + conv1d(y, p + "attn.c_proj")
        h = layer_norm(x, w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        x = x + conv1d(gelu_new(conv1d(h, p + "mlp.c_fc")), p + "mlp.c_proj")   # [B,T,4C] -> [B,T,C]
        blocks.append(x)
    x = layer_norm(x, w["transformer.ln_f.weight"], w["transformer.ln_f.bias"], eps)
    return x @ w["transformer.wte.weight"].T, blocks                            # tied head, [B,T,V]


# ----------------------------------------------------------------------------- model registry

def build(name):
    cfg = CONFIGS[name]
    if cfg["model_type"] == "gpt2":
        return cfg, make_gpt2_weights(cfg, SEEDS[name]), gpt2_forward
    return cfg, make_llama_weights(cfg, SEEDS[name], qkv_bias=cfg["model_type"] == "qwen2"), llama_forward


def golden_inputs():
    g = torch.Generator().manual_seed(INPUT_SEED)
    ids = torch.randint(3, 96, (B, T), generator=g)                             # [B,T] in [3,96)
    mask = torch.ones(B, T, dtype=torch.long)
    mask[1, 6:] = 0                                                             # row 1: right-padded, 6 real
    mask[2, :3] = 0                                                             # row 2: left-padded, 7 real
    ids = ids.masked_fill(mask == 0, PAD_ID)
    return ids, mask, position_ids_from_mask(mask)


def greedy(cfg, w, forward, prompt, n_new):
    ids = prompt.clone()                                                        # [1,t]
    for _ in range(n_new):
        mask = torch.ones_like(ids)
        logits, _ = forward(cfg, w, ids, mask, position_ids_from_mask(mask))   # full forward, no cache
        ids = torch.cat([ids, logits[:, -1].argmax(-1, keepdim=True)], dim=1)
    return ids[0, prompt.shape[1]:]


# ----------------------------------------------------------------------------- writers

def write_safetensors(path, tensors):
    header, chunks, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        data = tensors[name].contiguous().to(torch.float32).numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    hjson = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hjson += b" " * (-len(hjson) % 8)                                           # pad to a multiple of 8
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hjson)) + hjson + b"".join(chunks))


def r7(x):
    """Nested lists of floats rounded to 7 significant digits."""
    if isinstance(x, list):
        return [r7(v) for v in x]
    assert math.isfinite(x)
    return float(f"{x:.7g}")


def golden(cfg, w, forward):
    ids, mask, pos = golden_inputs()
    logits, blocks = forward(cfg, w, ids, mask, pos)                            # [B,T,V]
    logp = logits.log_softmax(-1)
    real = mask.bool()
    out_logits = [[r7(logits[b, t].tolist()) if real[b, t] else None for t in range(T)] for b in range(B)]
    out_logp = [[r7(logp[b, t, ids[b, t + 1]].item()) if real[b, t] and real[b, t + 1] else None
                 for t in range(T - 1)] for b in range(B)]
    prompt = ids[:1, :4]                                                        # [1,4], row 0 has no padding
    return {"input_ids": ids.tolist(), "attention_mask": mask.tolist(), "position_ids": pos.tolist(),
            "logits": out_logits, "log_probs": out_logp, "hidden_states": r7(blocks[0][0].tolist()),
            "greedy_prompt": prompt[0].tolist(), "greedy": greedy(cfg, w, forward, prompt, 8).tolist()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="folder that receives one sub-folder per model")
    args = ap.parse_args()
    torch.set_num_threads(1)                                                    # bitwise-reproducible math
    for name in CONFIGS:
        cfg, w, forward = build(name)
        d = os.path.join(args.out, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "config.json"), "w") as f:
            f.write(json.dumps(cfg, indent=2, sort_keys=True) + "\n")
        write_safetensors(os.path.join(d, "model.safetensors"), w)
        with open(os.path.join(d, "golden.json"), "w") as f:
            f.write(json.dumps(golden(cfg, w, forward), separators=(",", ":")) + "\n")
        print(f"wrote {d}")


if __name__ == "__main__":
    main()
