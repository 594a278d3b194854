#!/usr/bin/env python3
"""Summarises a PyTorch profiler Chrome trace: self time and call count per operator, largest first.

    scripts/bench/profile_summary.py trace.json [top=30]
"""
import json
import sys
from collections import defaultdict


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    with open(path) as f:
        trace = json.load(f)
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    by_thread = defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and "dur" in e:
            by_thread[(e.get("pid"), e.get("tid"))].append(e)
    self_time = defaultdict(float)
    calls = defaultdict(int)
    total = 0.0
    for evs in by_thread.values():
        evs.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack = []  # (end, name)
        for e in evs:
            start, dur = float(e["ts"]), float(e["dur"])
            while stack and stack[-1][0] <= start:
                stack.pop()
            if stack:
                self_time[stack[-1][1]] -= dur
            else:
                total += dur
            self_time[e["name"]] += dur
            calls[e["name"]] += 1
            stack.append((start + dur, e["name"]))
    print(f"{'operator':44s} {'calls':>7s} {'self ms':>10s} {'share':>6s}")
    for name, t in sorted(self_time.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{name[:44]:44s} {calls[name]:7d} {t / 1000:10.1f} {100 * t / total:5.1f}%")
    print(f"{'top-level operators, total':44s} {sum(1 for _ in calls):7d} {total / 1000:10.1f}")
    print(f"operator calls: {sum(calls.values())}")


if __name__ == "__main__":
    main()
