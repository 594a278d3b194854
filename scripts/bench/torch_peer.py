#!/usr/bin/python3
"""PyTorch eager peer of engram's benchmark suite: the same cases, shapes, threads and step definition,
written independently in plain torch (nanoGPT style). It never calls, reads or imports engram's Java code;
the only things it shares with the Java side are the numbers of the shapes (below), the embedded model's
files, and the token ids of the score-knowledge items (so both sides score the very same inputs).

Runs on Debian's python3-torch (1.13, OpenBLAS): scripts/install-bench-tools.sh. One case per process, so
that peak RSS belongs to that case. Prints one JSON line per result to stdout.

    /usr/bin/python3 scripts/bench/torch_peer.py --threads 2 train gpt2-small full
    /usr/bin/python3 scripts/bench/torch_peer.py --threads 2 train small lora
    /usr/bin/python3 scripts/bench/torch_peer.py --threads 2 score target/bench/score-items.json
    /usr/bin/python3 scripts/bench/torch_peer.py --threads 2 generate
    /usr/bin/python3 scripts/bench/torch_peer.py --threads 2 matmul

Step definition (identical on both sides): batch 4 x sequence 128 of random token ids (seed-independent of
the Java side; the ids do not change the cost), forward, mean cross-entropy over every next token, backward,
global gradient-norm clip at 1.0, AdamW (lr 1e-4, betas 0.9/0.999, eps 1e-8, no weight decay), gradients
cleared. Full fine-tune trains every parameter; LoRA (rank 8, alpha 16) trains A and B on the attention
projections only (q/k/v/o for Llama, c_attn and attn.c_proj for GPT-2) with the base frozen.
"""
import argparse
import gc
import json
import math
import os
import resource
import struct
import sys
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EMBEDDED = os.path.join(ROOT, "models", "engram-world")
DATA = os.environ.get("ENGRAM_DATA", os.path.join(ROOT, "..", "shared", "data"))
BATCH, SEQUENCE = 4, 128

# name -> (architecture, vocab, width, intermediate, layers, heads, kv heads, head size, positions, tied)
SHAPES = {
    "gpt2-small": ("gpt2", 50257, 768, 3072, 12, 12, 12, 64, 1024, True),
    "small": ("llama", 4096, 256, 1024, 6, 4, 4, 64, 256, True),
}


def emit(**fields):
    print(json.dumps(fields), flush=True)


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def status(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return -1


def reset_peak_rss():
    """Starts the training-phase peak, as engram's side does: garbage collected, the kernel's mark reset."""
    gc.collect()
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    return status("VmRSS:")


# ----------------------------------------------------------------------------- models

class Lora(nn.Module):
    """y = base(x) + (alpha / r) * x A^T B^T, peft's LoRA Linear; A (r, in), B (out, r)."""

    def __init__(self, base, fan_in, fan_out, rank, alpha):
        super().__init__()
        self.base = base
        self.a = nn.Parameter(torch.empty(rank, fan_in).uniform_(-1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in)))
        self.b = nn.Parameter(torch.zeros(fan_out, rank))
        self.scaling = alpha / rank

    def forward(self, x):
        return self.base(x) + (x @ self.a.t() @ self.b.t()) * self.scaling


class Conv1D(nn.Module):
    """GPT-2's linear map with weight stored (in, out): y = x W + b."""

    def __init__(self, fan_in, fan_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(fan_in, fan_out) * 0.02)
        self.bias = nn.Parameter(torch.zeros(fan_out))

    def forward(self, x):
        return torch.addmm(self.bias, x.reshape(-1, x.shape[-1]), self.weight).view(*x.shape[:-1], -1)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class LlamaBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        d, inter, heads, kv, hd = c["width"], c["inter"], c["heads"], c["kv"], c["hd"]
        self.heads, self.kv, self.hd, self.eps = heads, kv, hd, c["eps"]
        self.norm1 = nn.Parameter(torch.ones(d))
        self.norm2 = nn.Parameter(torch.ones(d))
        self.q = nn.Linear(d, heads * hd, bias=False)
        self.k = nn.Linear(d, kv * hd, bias=False)
        self.v = nn.Linear(d, kv * hd, bias=False)
        self.o = nn.Linear(heads * hd, d, bias=False)
        self.gate = nn.Linear(d, inter, bias=False)
        self.up = nn.Linear(d, inter, bias=False)
        self.down = nn.Linear(inter, d, bias=False)

    def rms(self, x, w):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * w

    def forward(self, x, cos, sin, mask, cache=None):
        B, T, C = x.shape
        h = self.rms(x, self.norm1)
        q = self.q(h).view(B, T, self.heads, self.hd).transpose(1, 2)              # (B, H, T, D)
        k = self.k(h).view(B, T, self.kv, self.hd).transpose(1, 2)                 # (B, KV, T, D)
        v = self.v(h).view(B, T, self.kv, self.hd).transpose(1, 2)                 # (B, KV, T, D)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if cache is not None:
            if cache[0] is not None:
                k = torch.cat((cache[0], k), dim=2)                                # (B, KV, S, D)
                v = torch.cat((cache[1], v), dim=2)
            cache[0], cache[1] = k, v
        if self.kv != self.heads:
            k = k.repeat_interleave(self.heads // self.kv, dim=1)                  # (B, H, S, D)
            v = v.repeat_interleave(self.heads // self.kv, dim=1)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(self.hd))               # (B, H, T, S)
        if mask is not None:
            att = att + mask
        y = F.softmax(att, dim=-1) @ v                                             # (B, H, T, D)
        x = x + self.o(y.transpose(1, 2).reshape(B, T, self.heads * self.hd))
        h = self.rms(x, self.norm2)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


class Llama(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.embed = nn.Embedding(c["vocab"], c["width"])
        self.blocks = nn.ModuleList(LlamaBlock(c) for _ in range(c["layers"]))
        self.norm = nn.Parameter(torch.ones(c["width"]))
        self.head = None if c["tied"] else nn.Linear(c["width"], c["vocab"], bias=False)
        inv = 1.0 / (c["theta"] ** (torch.arange(0, c["hd"], 2, dtype=torch.float32) / c["hd"]))
        angles = torch.outer(torch.arange(c["positions"], dtype=torch.float32), inv)
        angles = torch.cat((angles, angles), dim=-1)                               # (P, D)
        self.register_buffer("cos", angles.cos(), persistent=False)
        self.register_buffer("sin", angles.sin(), persistent=False)

    def forward(self, ids, positions=None, mask=None, caches=None, rows=None):
        """Logits (B, T, V); with rows, (N, V) for those positions b * T + t of the flattened batch only."""
        B, T = ids.shape
        if positions is None:
            positions = torch.arange(T).expand(B, T)
        if mask is None and T > 1:
            mask = torch.full((T, T), float("-inf")).triu(1)                       # causal (T, T)
        cos = self.cos[positions].unsqueeze(1)                                     # (B, 1, T, D)
        sin = self.sin[positions].unsqueeze(1)
        x = self.embed(ids)
        for i, block in enumerate(self.blocks):
            x = block(x, cos, sin, mask, None if caches is None else caches[i])
        if rows is not None:
            x = x.reshape(B * T, -1)[rows]                                         # (N, C)
        h = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.c["eps"]) * self.norm
        return h @ self.embed.weight.t() if self.head is None else self.head(h)


class Gpt2Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c["width"]
        self.heads = c["heads"]
        self.ln1 = nn.LayerNorm(d, eps=c["eps"])
        self.ln2 = nn.LayerNorm(d, eps=c["eps"])
        self.c_attn = Conv1D(d, 3 * d)
        self.attn_proj = Conv1D(d, d)
        self.c_fc = Conv1D(d, c["inter"])
        self.mlp_proj = Conv1D(c["inter"], d)

    def forward(self, x, mask):
        B, T, C = x.shape
        q, k, v = self.c_attn(self.ln1(x)).split(C, dim=2)
        q = q.view(B, T, self.heads, C // self.heads).transpose(1, 2)               # (B, H, T, D)
        k = k.view(B, T, self.heads, C // self.heads).transpose(1, 2)
        v = v.view(B, T, self.heads, C // self.heads).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1))) + mask     # (B, H, T, T)
        y = (F.softmax(att, dim=-1) @ v).transpose(1, 2).reshape(B, T, C)
        x = x + self.attn_proj(y)
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln2(x)), approximate="tanh"))


class Gpt2(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.wte = nn.Embedding(c["vocab"], c["width"])
        self.wpe = nn.Embedding(c["positions"], c["width"])
        self.blocks = nn.ModuleList(Gpt2Block(c) for _ in range(c["layers"]))
        self.ln_f = nn.LayerNorm(c["width"], eps=c["eps"])

    def forward(self, ids):
        B, T = ids.shape
        mask = torch.full((T, T), float("-inf")).triu(1)
        x = self.wte(ids) + self.wpe(torch.arange(T))
        for block in self.blocks:
            x = block(x, mask)
        return self.ln_f(x) @ self.wte.weight.t()                                  # tied head (B, T, V)


def config_of(shape):
    if shape == "embedded":
        with open(os.path.join(EMBEDDED, "config.json")) as f:
            h = json.load(f)
        return dict(arch="llama", vocab=h["vocab_size"], width=h["hidden_size"], inter=h["intermediate_size"],
                    layers=h["num_hidden_layers"], heads=h["num_attention_heads"],
                    kv=h.get("num_key_value_heads", h["num_attention_heads"]),
                    hd=h.get("head_dim", h["hidden_size"] // h["num_attention_heads"]),
                    positions=h["max_position_embeddings"], tied=h.get("tie_word_embeddings", False),
                    theta=h.get("rope_theta", 10000.0), eps=h.get("rms_norm_eps", 1e-5))
    arch, vocab, width, inter, layers, heads, kv, hd, positions, tied = SHAPES[shape]
    return dict(arch=arch, vocab=vocab, width=width, inter=inter, layers=layers, heads=heads, kv=kv, hd=hd,
                positions=positions, tied=tied, theta=10000.0, eps=1e-5)


def build(shape):
    c = config_of(shape)
    model = Gpt2(c) if c["arch"] == "gpt2" else Llama(c)
    if shape == "embedded":
        load_llama_safetensors(model, os.path.join(EMBEDDED, "model.safetensors"))
    else:
        with torch.no_grad():                                                      # as engram initialises:
            for p in model.parameters():                                           # normal(0, 0.02) matrices,
                if p.dim() == 2:                                                   # unit norms, zero biases
                    p.normal_(0.0, 0.02)
    return model, c


def read_safetensors(path):
    """The safetensors format: u64 header length, a JSON header, then raw little-endian tensors."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {info['dtype']}, the peer reads F32 only")
        start, end = info["data_offsets"]
        out[name] = torch.frombuffer(bytearray(blob[8 + n + start:8 + n + end]), dtype=torch.float32) \
            .reshape(info["shape"])
    return out


def load_llama_safetensors(model, path):
    w = read_safetensors(path)
    with torch.no_grad():
        model.embed.weight.copy_(w.pop("model.embed_tokens.weight"))
        model.norm.copy_(w.pop("model.norm.weight"))
        for i, b in enumerate(model.blocks):
            p = f"model.layers.{i}."
            b.norm1.copy_(w.pop(p + "input_layernorm.weight"))
            b.norm2.copy_(w.pop(p + "post_attention_layernorm.weight"))
            for mine, theirs in (("q", "self_attn.q_proj"), ("k", "self_attn.k_proj"), ("v", "self_attn.v_proj"),
                                 ("o", "self_attn.o_proj"), ("gate", "mlp.gate_proj"), ("up", "mlp.up_proj"),
                                 ("down", "mlp.down_proj")):
                getattr(b, mine).weight.copy_(w.pop(p + theirs + ".weight"))
        w.pop("lm_head.weight", None)
    if w:
        raise ValueError(f"{path}: unexpected tensors {sorted(w)[:5]}")


def attach_lora(model, c, rank=8, alpha=16.0):
    for p in model.parameters():
        p.requires_grad_(False)
    trainable = []
    for b in model.blocks:
        if c["arch"] == "gpt2":
            targets = (("c_attn", c["width"], 3 * c["width"]), ("attn_proj", c["width"], c["width"]))
        else:
            qo, kv = c["heads"] * c["hd"], c["kv"] * c["hd"]
            targets = (("q", c["width"], qo), ("k", c["width"], kv), ("v", c["width"], kv), ("o", qo, c["width"]))
        for name, fan_in, fan_out in targets:
            wrapped = Lora(getattr(b, name), fan_in, fan_out, rank, alpha)
            setattr(b, name, wrapped)
            trainable += [wrapped.a, wrapped.b]
    return trainable


# ----------------------------------------------------------------------------- cases

def train(shape, mode, steps, warmup):
    torch.manual_seed(1)
    model, c = build(shape)
    if mode == "lora":
        params = attach_lora(model, c)
    else:
        params = list(model.parameters())
    sequence = min(SEQUENCE, c["positions"])
    ids = torch.randint(0, c["vocab"], (BATCH, sequence), generator=torch.Generator().manual_seed(5))
    optimiser = torch.optim.AdamW(params, lr=1e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    build_peak = peak_rss_bytes()
    built = reset_peak_rss()

    def step():
        logits = model(ids)[:, :-1]                                                # (B, T-1, V)
        loss = F.cross_entropy(logits.reshape(-1, c["vocab"]), ids[:, 1:].reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimiser.step()
        optimiser.zero_grad(set_to_none=True)
        return loss.item()

    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        loss = step()
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)                  # the median step, as engram's: a hiccup cannot dominate
    emit(case=f"train/{shape}/{mode}", side="pytorch", seconds_per_step=seconds,
         tokens_per_second=BATCH * sequence / seconds, tokens_per_step=BATCH * sequence,
         parameters=sum(p.numel() for p in model.parameters()),
         trainable=sum(p.numel() for p in params), peak_rss_bytes=max(build_peak, peak_rss_bytes()),
         training_peak_rss_bytes=status("VmHWM:"), rss_after_build_bytes=built, loss=loss)


def score_batch(model, prompts, targets):
    """Right-padded teacher forcing: per item the target tokens' log-probs, top-1 hits, first-token rank. Only the
    positions that predict a target token get logits, as in engram's scorer."""
    rows = len(prompts)
    length = max(len(p) + len(t) for p, t in zip(prompts, targets))
    ids = torch.zeros(rows, length, dtype=torch.long)
    chosen, following, first = [], [], []
    for r, (p, t) in enumerate(zip(prompts, targets)):
        ids[r, :len(p) + len(t)] = torch.tensor(p + t)
        first.append(len(chosen))
        chosen += [r * length + len(p) - 1 + i for i in range(len(t))]
        following += t
    logp = F.log_softmax(model(ids, rows=torch.tensor(chosen)), dim=-1)            # (N, V)
    own = logp.gather(-1, torch.tensor(following).unsqueeze(-1))                   # (N, 1)
    predicted = logp.argmax(-1)                                                    # (N)
    ranks = (logp > own).sum(-1)                                                   # (N)
    own = own.squeeze(-1)
    out = []
    for r, t in enumerate(targets):
        at = first[r]
        hits = (predicted[at:at + len(t)] == torch.tensor(t)).float().mean().item()
        out.append((own[at:at + len(t)].mean().item(), hits, int(ranks[at])))
    return out


def generate(model, prompts, new_tokens, stop):
    """Greedy continuation of left-padded prompts with a KV cache; stops when every row has hit `stop`."""
    rows, width = len(prompts), max(len(p) for p in prompts)
    ids = torch.zeros(rows, width, dtype=torch.long)
    mask = torch.zeros(rows, width + new_tokens, dtype=torch.long)
    for r, p in enumerate(prompts):
        ids[r, width - len(p):] = torch.tensor(p)
        mask[r, width - len(p):width] = 1
    caches = [[None, None] for _ in model.blocks]
    out = [[] for _ in range(rows)]
    done = [False] * rows
    seen = width
    step_ids = ids
    for _ in range(new_tokens):
        visible = mask[:, :seen]                                                   # (B, S)
        steps = step_ids.shape[1]
        positions = (visible.cumsum(-1) - 1).clamp(min=0)[:, seen - steps:]        # (B, T)
        causal = torch.ones(steps, seen, dtype=torch.bool).tril(seen - steps)     # (T, S)
        allowed = causal.unsqueeze(0) & visible.bool().unsqueeze(1)                # (B, T, S)
        bias = torch.zeros(rows, 1, steps, seen).masked_fill(~allowed.unsqueeze(1), -1e9)
        logits = model(step_ids, positions, bias, caches)[:, -1]                   # (B, V)
        step_ids = logits.argmax(-1, keepdim=True)                                 # (B, 1)
        mask[:, seen] = 1
        seen += 1
        for r in range(rows):
            if not done[r]:
                token = int(step_ids[r, 0])
                out[r].append(token)
                done[r] = token == stop
        if all(done):
            break
    return out


SCORE_PASSES = 3  # timed passes over the items per score case, on both sides; the fastest counts


def score(items_file, batch, extra_tokens):
    with open(items_file) as f:
        spec = json.load(f)
    items = spec["items"]
    model, c = build("embedded")
    model.eval()
    prompts = [it["prompt"] for it in items]
    targets = [it["target"] for it in items]
    for generation in (False, True):
        with torch.no_grad():
            score_batch(model, prompts[:batch], targets[:batch])                   # warm-up
            seconds = float("inf")
            for _ in range(SCORE_PASSES):                                          # the fastest pass, as engram's
                start = time.perf_counter()
                scores, exact = [], 0
                for i in range(0, len(items), batch):
                    p, t = prompts[i:i + batch], targets[i:i + batch]
                    scores += score_batch(model, p, t)
                    if generation:
                        longest = max(len(x) for x in t)
                        continuations = generate(model, p, longest + extra_tokens, spec["eos"])
                        exact += sum(1 for g, x in zip(continuations, t) if g[:len(x)] == x)
                seconds = min(seconds, time.perf_counter() - start)
        emit(case="score/" + ("generation" if generation else "forced"), side="pytorch", batch=batch,
             items=len(items), items_per_second=len(items) / seconds,
             mean_log_probability=sum(s[0] for s in scores) / len(scores),
             mean_token_accuracy=sum(s[1] for s in scores) / len(scores),
             generation_token_match=exact / len(items) if generation else None)


def read_llama2c(path):
    """llama2.c legacy checkpoint: 7 int32 (dim, hidden, layers, heads, kv heads, vocab, seq), fp32 weights."""
    with open(path, "rb") as f:
        blob = f.read()
    dim, hidden, layers, heads, kv, vocab, seq = struct.unpack("<7i", blob[:28])
    shared = vocab > 0
    vocab = abs(vocab)
    data = torch.frombuffer(bytearray(blob[28:]), dtype=torch.float32)
    hd = dim // heads
    offset = 0

    def take(*shape):
        nonlocal offset
        n = math.prod(shape)
        t = data[offset:offset + n].reshape(shape)
        offset += n
        return t

    w = dict(embed=take(vocab, dim), att_norm=take(layers, dim), wq=take(layers, heads * hd, dim),
             wk=take(layers, kv * hd, dim), wv=take(layers, kv * hd, dim), wo=take(layers, dim, heads * hd),
             ffn_norm=take(layers, dim), w1=take(layers, hidden, dim), w2=take(layers, dim, hidden),
             w3=take(layers, hidden, dim), norm=take(dim))
    take(seq, hd // 2)
    take(seq, hd // 2)                                                             # freq_cis real/imag (unused)
    w["cls"] = w["embed"] if shared else take(vocab, dim)
    return dict(dim=dim, hidden=hidden, layers=layers, heads=heads, kv=kv, vocab=vocab, seq=seq, hd=hd), w


def llama2c_forward(cfg, w, token, pos, caches, freqs):
    """One token through llama2.c's model.py math (interleaved-pair RoPE), caching k and v per layer."""
    hd, heads, kv = cfg["hd"], cfg["heads"], cfg["kv"]

    def rms(x, weight):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * weight

    def rope(x):                                                                   # (H, D) -> pairs rotated
        pairs = x.reshape(*x.shape[:-1], hd // 2, 2)
        re, im = pairs[..., 0], pairs[..., 1]
        cos, sin = freqs[0][pos], freqs[1][pos]
        return torch.stack((re * cos - im * sin, re * sin + im * cos), dim=-1).reshape(x.shape)

    x = w["embed"][token]                                                          # (C)
    for l in range(cfg["layers"]):
        h = rms(x, w["att_norm"][l])
        q = rope((w["wq"][l] @ h).view(heads, hd))                                 # (H, D)
        k = rope((w["wk"][l] @ h).view(kv, hd))                                    # (KV, D)
        v = (w["wv"][l] @ h).view(kv, hd)
        caches[l][0] = k.unsqueeze(1) if caches[l][0] is None else torch.cat((caches[l][0], k.unsqueeze(1)), 1)
        caches[l][1] = v.unsqueeze(1) if caches[l][1] is None else torch.cat((caches[l][1], v.unsqueeze(1)), 1)
        keys = caches[l][0].repeat_interleave(heads // kv, dim=0)                  # (H, S, D)
        values = caches[l][1].repeat_interleave(heads // kv, dim=0)
        att = F.softmax((keys @ q.unsqueeze(-1)).squeeze(-1) / math.sqrt(hd), dim=-1)  # (H, S)
        y = (att.unsqueeze(1) @ values).reshape(heads * hd)
        x = x + w["wo"][l] @ y
        h = rms(x, w["ffn_norm"][l])
        x = x + w["w2"][l] @ (F.silu(w["w1"][l] @ h) * (w["w3"][l] @ h))
    return w["cls"] @ rms(x, w["norm"])                                            # (V)


def decode_llama2c(tokens, tok_path, vocab):
    """run.c's decode: pieces from tok512.bin, <0xXX> raw bytes, no leading space right after BOS."""
    pieces = []
    with open(tok_path, "rb") as f:
        f.read(4)
        for _ in range(vocab):
            f.read(4)
            (n,) = struct.unpack("<i", f.read(4))
            pieces.append(f.read(n))
    text, previous = b"", 1
    for t in tokens:
        piece = pieces[t]
        if previous == 1 and piece.startswith(b" "):
            piece = piece[1:]
        if len(piece) == 6 and piece.startswith(b"<0x") and piece.endswith(b">"):
            piece = bytes([int(piece[3:5], 16)])
        text += piece
        previous = t
    return text.decode("utf-8", errors="replace")


def generate_stories(count):
    folder = os.path.join(DATA, "stories260K")
    cfg, w = read_llama2c(os.path.join(folder, "stories260K.bin"))
    inv = 1.0 / (10000.0 ** (torch.arange(0, cfg["hd"], 2, dtype=torch.float32) / cfg["hd"]))
    angles = torch.outer(torch.arange(cfg["seq"], dtype=torch.float32), inv)
    freqs = (angles.cos(), angles.sin())

    def run():
        caches = [[None, None] for _ in range(cfg["layers"])]
        token, out = 1, []
        for pos in range(count):
            token = int(llama2c_forward(cfg, w, token, pos, caches, freqs).argmax())
            out.append(token)
        return out

    with torch.no_grad():
        for _ in range(3):
            run()                                                                  # warm-up, as engram's side
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            tokens = run()
            runs.append(time.perf_counter() - start)
        seconds = sorted(runs)[len(runs) // 2]                                     # median of 5
    end = tokens.index(1) if 1 in tokens else len(tokens)
    text = decode_llama2c(tokens[:end], os.path.join(folder, "tok512.bin"), cfg["vocab"]) + "\n"
    with open(os.path.join(folder, "reference_greedy_200.txt"), encoding="utf-8") as f:
        matches = text == f.read() if count == 200 else None
    emit(case="generate/stories260K", side="pytorch", tokens=count, tokens_per_second=count / seconds,
         matches_run_c=matches)


def matmul(threads):
    best = {}
    for n in (1024, 2048, 4096):
        a, b = torch.randn(n, n), torch.randn(n, n)
        a @ b
        rates = []
        for _ in range(5 if n < 4096 else 3):
            start = time.perf_counter()
            a @ b
            rates.append(2.0 * n ** 3 / (time.perf_counter() - start) / 1e9)
        best[n] = max(rates)
    emit(case="matmul", side="pytorch", library="OpenBLAS " + ("(Debian python3-torch %s)" % torch.__version__),
         gflops=max(best.values()), by_size={str(k): v for k, v in best.items()}, threads=threads)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--extra-tokens", type=int, default=4)
    parser.add_argument("case", choices=["train", "score", "generate", "matmul"])
    parser.add_argument("args", nargs="*")
    a = parser.parse_args()
    torch.set_num_threads(a.threads)
    if a.case == "train":
        train(a.args[0], a.args[1], a.steps, a.warmup)
    elif a.case == "score":
        score(a.args[0], a.batch, a.extra_tokens)
    elif a.case == "generate":
        generate_stories(int(a.args[0]) if a.args else 200)
    else:
        matmul(a.threads)


if __name__ == "__main__":
    main()
