"""Timing for the benchmarks. This machine's speed drifts by a third within a minute (a shared
virtual machine), so ours and the baseline are measured in the same minutes: each round runs our
contenders on the whole set, then the baseline on the round's slice of it; over all rounds the
baseline reads every file once. Ours is reported by its median round."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass
class Timings:
    ours: dict[str, list[float]]        # seconds of each round, per contender, over the whole set
    baseline: float                      # seconds over the whole set, summed over the slices

    def median(self, name: str) -> float:
        return statistics.median(self.ours[name])

    def spread(self, name: str) -> str:
        return f"{min(self.ours[name]):.2f}–{max(self.ours[name]):.2f} s"


def seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def slices(items: Sequence, count: int) -> list[Sequence]:
    """``count`` consecutive slices covering ``items`` once."""
    size = -(-len(items) // count)
    return [items[i * size:(i + 1) * size] for i in range(count)]


def paired_rounds(rounds: int, ours: dict[str, Callable[[], object]], items: Sequence,
                  baseline: Callable[[Sequence], object]) -> Timings:
    timings = Timings({name: [] for name in ours}, 0.0)
    for part in slices(items, rounds):
        for name, run in ours.items():
            timings.ours[name].append(seconds(run))
        timings.baseline += seconds(lambda part=part: baseline(part))
    return timings
