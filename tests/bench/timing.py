"""Timing for the benchmarks: this machine's speed drifts by a third within a minute (a shared
virtual machine), so the contenders run in alternation, several rounds, and each keeps its best."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(rounds: int, contenders: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Seconds of the fastest of ``rounds`` runs of each contender, run in turn round by round."""
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(rounds):
        for name, run in contenders.items():
            started = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - started)
    return best
