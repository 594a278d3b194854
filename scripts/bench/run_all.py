#!/usr/bin/python3
"""Runs engram's benchmark suite and its PyTorch eager peer side by side and prints one table.

Started by scripts/bench/run-all.sh (which builds first); see docs/BENCHMARKS.md. Every figure of the table is
measured in this one run, on the same number of threads: engram's cases by engram.bench.PerfSuite (one JVM
per case, so that peak RSS belongs to it), the peer's by scripts/bench/torch_peer.py (one process per case),
the machine's fp32 matmul peak by both libraries. Results go to target/bench/ as JSON lines and Markdown.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "target", "bench")
PEER = [sys.executable, os.path.join(ROOT, "scripts", "bench", "torch_peer.py")]
SHAPES = ("gpt2-small", "small", "embedded")
EDIT = {"id": "fact-00000", "prompt": "Kremthu Quekix was born in", "targetNew": " Roposk Krisk"}


def is_shim(lib):
    return "mkl_intel_path" in lib


def is_tcmalloc(lib):
    return "tcmalloc" in lib


def preloaded(kind):
    return any(kind(lib) for lib in os.environ.get("LD_PRELOAD", "").split(":"))


def log(message):
    print(message, file=sys.stderr, flush=True)


class Suite:
    def __init__(self, args):
        self.args = args
        self.threads = args.threads
        self.results = []
        tools = os.path.join(ROOT, "scripts", "tools", "target")   # engram-tools; its class path lists shared-model's
        with open(os.path.join(tools, "run-classpath.txt")) as f:
            self.classpath = ":".join([os.path.join(tools, "classes"), os.path.join(tools, "test-classes"),
                                       f.read().strip()])
        self.data = os.path.abspath(os.environ.get("ENGRAM_DATA", os.path.join(ROOT, "..", "shared", "data")))

    # ------------------------------------------------------------------ processes

    def env(self, shim=True, tcmalloc=True):
        """The environment of a case: same threads everywhere; the MKL shim only for engram's MKL (unless shim is
        False), tcmalloc (scripts/native/malloc-preload.sh) for both sides alike when it is preloaded (unless
        tcmalloc is False)."""
        env = dict(os.environ, OMP_NUM_THREADS=str(self.threads), OPENBLAS_NUM_THREADS=str(self.threads),
                   MKL_NUM_THREADS=str(self.threads), DJL_OFFLINE="true",
                   DJL_CACHE_DIR=os.environ.get("DJL_CACHE_DIR", os.path.join(ROOT, "target", "djl-cache")))
        kept = [lib for lib in env.get("LD_PRELOAD", "").split(":")
                if lib and (shim or not is_shim(lib)) and (tcmalloc or not is_tcmalloc(lib))]
        if kept:
            env["LD_PRELOAD"] = ":".join(kept)
        else:
            env.pop("LD_PRELOAD", None)
        return env

    def java_command(self, *args, heap="8g"):
        return ["java", f"-Xmx{heap}", "-Dai.djl.offline=true", f"-Dai.djl.pytorch.num_threads={self.threads}",
                "-Dai.djl.pytorch.num_interop_threads=1", f"-Dengram.data={self.data}", "-cp", self.classpath,
                "engram.bench.PerfSuite", *args]

    def run(self, command, env, label):
        shown = command[command.index("engram.bench.PerfSuite") + 1:] if command[0] == "java" else command[2:]
        log(f"  {label}: {' '.join(shown)}")
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            log(done.stdout[-3000:] + done.stderr[-3000:])
            raise RuntimeError(f"{label} failed with exit code {done.returncode}")
        out = []
        for line in done.stdout.splitlines():
            line = line[len("RESULT "):] if line.startswith("RESULT ") else line
            if line.startswith("{"):
                out.append(json.loads(line))
        for r in out:
            r["variant"] = label
            self.results.append(r)
        return out

    def engram(self, *args, shim=True, tcmalloc=True, label="engram"):
        return self.run(self.java_command(*args), self.env(shim, tcmalloc), label)

    def peer(self, *args):
        return self.run(PEER + ["--threads", str(self.threads), *args], self.env(shim=False), "pytorch")

    # ------------------------------------------------------------------ cases

    def matmul(self):
        log("matmul peak")
        self.engram("matmul")
        if preloaded(is_shim):
            self.engram("matmul", shim=False, label="engram-no-shim")
        self.peer("matmul")

    def training(self):
        for shape in self.args.shapes:
            # about five seconds of timed steps per case, so that a short hiccup of the machine cannot dominate
            steps = str(self.args.steps or {"gpt2-small": 7, "small": 25, "embedded": 41}[shape])
            warmup = str(self.args.warmup)
            for mode in ("full", "lora"):
                log(f"training {shape} {mode}")
                self.engram("train", shape, mode, steps, warmup)
                if self.args.no_shim_too and preloaded(is_shim) and mode == "full":
                    self.engram("train", shape, mode, steps, warmup, shim=False, label="engram-no-shim")
                if self.args.no_tcmalloc_too and preloaded(is_tcmalloc) and mode == "full":
                    self.engram("train", shape, mode, steps, warmup, tcmalloc=False, label="engram-glibc")
                self.peer("--steps", steps, "--warmup", warmup, "train", shape, mode)

    def score(self):
        items = os.path.join(OUT, "score-items.json")
        for batch in self.args.batch:
            log(f"score-knowledge, batch {batch}")
            self.engram("score", str(self.args.items), str(batch), items)
            self.peer("--batch", str(batch), "score", items)

    def generate(self):
        log("generation")
        self.engram("generate", "200")
        self.peer("generate", "200")

    def edits(self):
        log("edit, warm")
        self.engram("edit-warm", "5")
        log("edit, cold (process start to result)")
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            proc = subprocess.Popen(self.java_command("edit-cold", heap="2g"), cwd=ROOT, env=self.env(),
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            for line in proc.stdout:
                if line.startswith("RESULT "):
                    result = json.loads(line[len("RESULT "):])
                    result["seconds"] = time.perf_counter() - start
                    runs.append(result)
                    break
            proc.wait()
        best = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
        best.update(variant="engram", runs=len(runs))
        self.results.append(best)

    def http(self):
        log("apply-edit over HTTP: process start to first response")
        jar = os.path.join(ROOT, "functions", "target", "quarkus-app", "quarkus-run.jar")
        store = tempfile.mkdtemp(prefix="engram-bench-store-")
        try:
            shutil.copytree(os.path.join(ROOT, "models", "engram-world"),
                            os.path.join(store, "engram", "models", "engram-world"),
                            ignore=shutil.ignore_patterns("world"))
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            env = self.env()
            env.update(ENGRAM_STORE_LOCAL_ROOT=store, ENGRAM_CACHE_DIR=os.path.join(store, "cache"),
                       QUARKUS_HTTP_PORT=str(port), QUARKUS_HTTP_HOST="127.0.0.1")
            command = ["java", "-Dai.djl.offline=true", f"-Dai.djl.pytorch.num_threads={self.threads}",
                       "-Dai.djl.pytorch.num_interop_threads=1", "-jar", jar]
            start = time.perf_counter()
            proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                first, ready = self.post_until_answered(port, "bench-http-1", start)
                warm_start = time.perf_counter()
                self.post(port, "bench-http-2")
                warm = time.perf_counter() - warm_start
            finally:
                proc.terminate()
                proc.wait(timeout=30)
            self.results.append(dict(case="http/apply-edit", side="engram", variant="engram", seconds=first,
                                     port_open_seconds=ready, warm_seconds=warm))
        finally:
            shutil.rmtree(store, ignore_errors=True)

    @staticmethod
    def post(port, run_id):
        body = json.dumps({"runId": run_id, "model": "models/engram-world/", "inlineEdits": [EDIT],
                           "edit": {"method": "LORA"}}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/apply-edit", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.loads(response.read())
        if "adapter" not in answer:
            raise RuntimeError(f"apply-edit answered {answer}")
        return answer

    def post_until_answered(self, port, run_id, start):
        ready = None
        while time.perf_counter() - start < 120:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    ready = ready or time.perf_counter() - start
                self.post(port, run_id)
                return time.perf_counter() - start, ready
            except (ConnectionRefusedError, urllib.error.URLError, ConnectionResetError):
                time.sleep(0.01)
        raise RuntimeError("apply-edit did not answer within 120 s")


# ---------------------------------------------------------------------- the table

def machine(threads, load_before):
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        memory = int(f.readline().split()[1]) / 2 ** 20
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    torch = subprocess.run([PEER[0], "-c", "import torch; print(torch.__version__)"], capture_output=True,
                           text=True).stdout.strip()
    flags = open("/proc/cpuinfo").read()
    isa = "AVX-512" if " avx512f" in flags else "AVX2" if " avx2" in flags else "SSE"
    return (f"{model} ({isa}), {os.cpu_count()} cores, {memory:.0f} GiB, Linux {platform.release()}; {java}; "
            f"engram on libtorch 2.7.1 (DJL 0.35.1){' + MKL Intel-path shim' if preloaded(is_shim) else ''}; "
            f"PyTorch eager {torch} (Debian, OpenBLAS); {threads} threads on both sides"
            f"{'; tcmalloc on both sides' if preloaded(is_tcmalloc) else ''}; "
            f"load average before the run {load_before:.2f}")


def table(results, threads):
    def find(case, side="engram", variant=None, batch=None):
        for r in results:
            if (r["case"] == case and r["side"] == side and (variant is None or r["variant"] == variant)
                    and (batch is None or r.get("batch") == batch)):
                return r
        return None

    peaks = [r["gflops"] for r in results if r["case"] == "matmul"]
    peak = max(peaks) if peaks else float("nan")
    rows = []

    def row(measure, case, mine, theirs, ratio, target, met):
        rows.append(f"| {measure} | {case} | {mine} | {theirs} | {ratio} | {target} | {met} |")

    def verdict(ok):
        return "met" if ok else "**missed**"

    m = find("matmul")
    p = find("matmul", "pytorch")
    n = find("matmul", variant="engram-no-shim")
    if m:
        row("fp32 matmul peak, GFLOP/s (best of n³, n = 1024/2048/4096)", f"{threads} threads",
            f"{m['gflops']:.0f} (MKL{' Intel path' if n else ''})"
            + (f"; {n['gflops']:.0f} (MKL AMD path)" if n else ""),
            f"{p['gflops']:.0f} (OpenBLAS)" if p else "–", f"{m['gflops'] / p['gflops']:.2f}" if p else "–",
            f"peak = {peak:.0f}", "")
    for shape in SHAPES:
        for mode in ("full", "lora"):
            e, t = find(f"train/{shape}/{mode}"), find(f"train/{shape}/{mode}", "pytorch")
            if not e:
                continue
            case = f"{shape}, {'full fine-tune' if mode == 'full' else 'LoRA r8 attention'}"
            flops = e["flops_per_step"]
            ratio = e["tokens_per_second"] / t["tokens_per_second"] if t else float("nan")
            row("training tokens/s", case, f"{e['tokens_per_second']:.0f}",
                f"{t['tokens_per_second']:.0f}" if t else "–", f"{ratio:.2f}", "≥ 2", verdict(ratio >= 2))
            share = flops / e["seconds_per_step"] / 1e9 / peak
            target = {"gpt2-small": 0.85, "small": 0.60}.get(shape) if mode == "full" else None
            row("training GFLOP/s (% of matmul peak)", case,
                f"{flops / e['seconds_per_step'] / 1e9:.0f} ({100 * share:.0f} %)",
                f"{flops / t['seconds_per_step'] / 1e9:.0f} ({100 * flops / t['seconds_per_step'] / 1e9 / peak:.0f} %)"
                if t else "–", "", f"≥ {100 * target:.0f} %" if target else "–",
                verdict(share >= target) if target else "")
            def gib(r):
                return f"{r['training_peak_rss_bytes'] / 2 ** 30:.2f} ({r['peak_rss_bytes'] / 2 ** 30:.2f})"
            if "matmul_only_seconds" in e:
                bound = e["matmul_only_flops"] / e["matmul_only_seconds"] / 1e9
                row("the step's matmuls alone, GFLOP/s (% of peak)", case, f"{bound:.0f} ({100 * bound / peak:.0f} %)",
                    "", "", "(ceiling)", "")
            rss = e["training_peak_rss_bytes"] / t["training_peak_rss_bytes"] if t else float("nan")
            row("peak RSS, GiB: training (whole process)", case, gib(e), gib(t) if t else "–", f"{rss:.2f}", "≤ 1.5",
                verdict(rss <= 1.5))
            for variant, measure in (("engram-no-shim", "training tokens/s, MKL AMD path"),
                                     ("engram-glibc", "training tokens/s, glibc malloc (no tcmalloc)")):
                v = find(f"train/{shape}/{mode}", variant=variant)
                if v:
                    r = v["tokens_per_second"] / t["tokens_per_second"] if t else float("nan")
                    row(measure, case, f"{v['tokens_per_second']:.0f}",
                        f"{t['tokens_per_second']:.0f}" if t else "–", f"{r:.2f}", "(no target)", "")
    batches = sorted({r["batch"] for r in results if r["case"].startswith("score/")})
    for batch, (kind, label) in [(b, k) for b in batches for k in (("forced", "teacher forcing"),
                                                                  ("generation", "teacher forcing + greedy generation"))]:
        e, t = find(f"score/{kind}", batch=batch), find(f"score/{kind}", "pytorch", batch=batch)
        if e:
            ratio = e["items_per_second"] / t["items_per_second"] if t else float("nan")
            row("score-knowledge items/s", f"embedded, {e['items']} facts, batch {e['batch']}, {label}",
                f"{e['items_per_second']:.0f}", f"{t['items_per_second']:.0f}" if t else "–", f"{ratio:.2f}",
                "≥ 2", verdict(ratio >= 2))
    e, t = find("generate/stories260K"), find("generate/stories260K", "pytorch")
    if e:
        row("generation tokens/s, KV cache", "stories260K, 200 tokens, batch 1", f"{e['tokens_per_second']:.0f}",
            f"{t['tokens_per_second']:.0f}" if t else "–",
            f"{e['tokens_per_second'] / t['tokens_per_second']:.2f}" if t else "–", "–", "")
    e = find("edit/warm")
    if e:
        row("single edit, warm, s", f"embedded, one counterfactual, LoRA ({e['steps']} steps)", f"{e['seconds']:.3f}",
            "–", "–", "< 1", verdict(e["seconds"] < 1))
    e = find("edit/cold")
    if e:
        row("single edit, cold (process start → result), s",
            f"embedded; JVM {e['jvm_to_main_ms']} ms, engine {e['engine_load_ms']} ms, model "
            f"{e['model_and_tokenizer_ms']} ms, edit {e['edit_ms']} ms", f"{e['seconds']:.2f}", "–", "–", "< 3",
            verdict(e["seconds"] < 3))
    e = find("http/apply-edit")
    if e:
        row("function start → first response, s",
            f"apply-edit over HTTP (port open after {e['port_open_seconds']:.2f} s; next call {e['warm_seconds']:.2f} s)",
            f"{e['seconds']:.2f}", "–", "–", "–", "")
    header = ("| measure | case | engram | PyTorch eager | engram / PyTorch | target | |\n"
              "|---|---|---|---|---|---|---|")
    return header + "\n" + "\n".join(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--steps", type=int, default=0, help="timed steps (default by shape: 7, 25, 41; the median counts)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--batch", type=int, nargs="+", default=[64, 256])
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES))
    parser.add_argument("--only", nargs="+", default=["matmul", "training", "score", "generate", "edits", "http"])
    parser.add_argument("--quiet", type=float, default=1.5, help="load average below which figures count")
    parser.add_argument("--wait", type=int, default=600, help="seconds to wait for that load before starting")
    parser.add_argument("--no-shim-too", action="store_true",
                        help="also train the full fine-tunes without the MKL shim (one more row each)")
    parser.add_argument("--no-tcmalloc-too", action="store_true",
                        help="also train the full fine-tunes on glibc's malloc instead of tcmalloc (one more row each)")
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    waited = 0
    while os.getloadavg()[0] >= args.quiet and waited < args.wait:   # the build just before raised it too
        if waited == 0:
            log(f"waiting up to {args.wait} s for the 1-minute load average to fall below {args.quiet} ...")
        time.sleep(10)
        waited += 10
    load_before = os.getloadavg()[0]
    if load_before >= args.quiet:
        log(f"WARNING: load average {load_before:.2f} >= {args.quiet}: other work shares the CPU, "
            "figures are not publishable")
    suite = Suite(args)
    started = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in args.only:
        getattr(suite, name)()
    load_after = os.getloadavg()[0]
    text = (f"Machine: {machine(args.threads, load_before)} (after: {load_after:.2f}).\n\n"
            f"Command: `scripts/bench/run-all.sh {' '.join(sys.argv[1:])}`".rstrip() + f" ({started})\n\n"
            + table(suite.results, args.threads) + "\n")
    with open(os.path.join(OUT, f"results-{started}.jsonl"), "w") as f:
        for r in suite.results:
            f.write(json.dumps(r) + "\n")
    with open(os.path.join(OUT, f"table-{started}.md"), "w") as f:
        f.write(text)
    print(text)
    log(f"written: target/bench/table-{started}.md and results-{started}.jsonl")


if __name__ == "__main__":
    main()
