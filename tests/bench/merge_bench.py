"""Benchmark of jixiao merge: seconds, milliseconds per workbook and peak memory, against a naive
baseline (openpyxl load_workbook of each file, pandas concat, to_excel).

    python -m tests.bench.merge_bench [COUNT] [ROUNDS]

Over ROUNDS paired rounds (default 5; see :mod:`tests.bench.timing`); the peak memory is that
of the first merge, measured before the baseline runs.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
from pathlib import Path

import openpyxl
import pandas

from tests.bench.submissions import generate
from tests.bench.timing import paired_rounds
from workbooks.summary import merge
from workbooks.summary import write_summary


def peak_mb() -> float:
    """Peak resident memory of this process and of its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def naive(paths: list[Path], output: Path) -> None:
    frames = []
    for path in paths:
        workbook = openpyxl.load_workbook(path, data_only=True)
        for sheet in workbook:
            rows = list(sheet.iter_rows(values_only=True))
            frames.append(pandas.DataFrame(rows).assign(file=str(path), sheet=sheet.title))
    pandas.concat(frames).to_excel(output, index=False)


def main(count: int = 1000, rounds: int = 5) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        paths = generate(folder / "in", count)
        before = peak_mb()
        summary = merge(paths)
        write_summary(summary, folder / "县汇总.xlsx")
        ours_peak = peak_mb()
        timings = paired_rounds(rounds, {"merge": lambda: write_summary(merge(paths), folder / "县汇总.xlsx")},
                                paths, lambda part: naive(list(part), folder / "naive.xlsx"))
    ours, baseline = timings.median("merge"), timings.baseline
    print(summary.line)
    print(f"{rounds} paired rounds; ours: median round (range), the baseline: every file once")
    print(f"jixiao merge : {ours:6.2f} s  {1000 * ours / count:6.2f} ms/workbook  ({timings.spread('merge')}; "
          f"peak {ours_peak:.0f} MB, before: {before:.0f} MB, {os.cpu_count()} cores)")
    print(f"naive        : {baseline:6.2f} s  {1000 * baseline / count:6.2f} ms/workbook  (openpyxl + pandas concat + to_excel)")
    print(f"ratio        : {baseline / ours:6.1f}x faster than the baseline")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
