#!/usr/bin/env python3
"""Summarises pgbench -l per-transaction logs: p99/max latency, transactions over 1 s, longest commit gap.

With --worst N it lists the N slowest transactions instead, with the wall-clock time each was scheduled
(UTC), to line them up with a server log and tell which step of a change stalled them."""
import datetime
import glob
import sys


def summarise(prefix):
    latencies, ends = [], []
    for path in glob.glob(prefix + "*"):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) < 6 or parts[2] == "skipped" or parts[2] == "failed":
                    continue
                latency_us = int(parts[2])
                latencies.append(latency_us / 1000.0)
                ends.append(int(parts[4]) + int(parts[5]) / 1e6)
    if not latencies:
        return None
    latencies.sort()
    ends.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    gap = max((b - a for a, b in zip(ends, ends[1:])), default=0) * 1000
    over = sum(1 for x in latencies if x > 1000)
    return len(latencies), p99, latencies[-1], over, gap


def worst(prefix, n):
    rows = []
    for path in glob.glob(prefix + "*"):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) < 6 or parts[2] in ("skipped", "failed"):
                    continue
                latency_ms = int(parts[2]) / 1000.0
                end = int(parts[4]) + int(parts[5]) / 1e6
                rows.append((latency_ms, end - latency_ms / 1000.0))
    for latency_ms, start in sorted(rows, reverse=True)[:n]:
        when = datetime.datetime.fromtimestamp(start, datetime.timezone.utc).strftime("%H:%M:%S.%f")[:-3]
        print("%8.1f ms  scheduled %s" % (latency_ms, when))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worst":
        worst(sys.argv[3], int(sys.argv[2]))
        sys.exit(0)
    r = summarise(sys.argv[1])
    if r is None:
        print("0 0 0 0 0")
    else:
        print("%d %.1f %.1f %d %.0f" % r)
