#!/usr/bin/env python3
"""Time and call count per (operator, input shapes) of a PyTorch profiler trace, largest first.

    scripts/bench/profile_shapes.py trace.json [operator ...]
"""
import json
import sys
from collections import defaultdict

trace = json.load(open(sys.argv[1]))
events = trace["traceEvents"] if isinstance(trace, dict) else trace
wanted = set(sys.argv[2:])
agg = defaultdict(lambda: [0, 0.0])
for e in events:
    if e.get("ph") == "X" and (not wanted or e["name"] in wanted):
        key = (e["name"], str(e.get("shape", e.get("args", {}).get("Input Dims"))))
        agg[key][0] += 1
        agg[key][1] += e["dur"]
for (name, shape), (n, t) in sorted(agg.items(), key=lambda kv: -kv[1][1])[:40]:
    print(f"{t / 1000:9.1f} ms {n:5d}  {name} {shape[:120]}")
