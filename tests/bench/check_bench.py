"""Benchmark of jixiao check: milliseconds per workbook, against a plain openpyxl loop.

    python -m tests.bench.check_bench [COUNT] [ROUNDS]

Generates COUNT varied submissions (default 1000), checks them all on one core and on all cores
(as ``jixiao check`` does for its text report), reads the same fields with
``openpyxl.load_workbook`` for the baseline, and prints milliseconds per workbook and the ratios,
over ROUNDS paired rounds (default 5; see :mod:`tests.bench.timing`).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from tests.bench.submissions import generate
from tests.bench.timing import paired_rounds
from workbooks.check import brief, check_many
from workbooks.read import cell_name


def openpyxl_loop(work: list[tuple[Path, list[tuple[str, str]]]]) -> None:
    for path, wanted in work:
        workbook = openpyxl.load_workbook(path, data_only=True)
        _ = [workbook[sheet][cell].value for sheet, cell in wanted]


def main(count: int = 1000, rounds: int = 5) -> None:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        paths = generate(Path(folder), count)
        print(f"generated {count} workbooks in {time.perf_counter() - started:.1f} s")
        reports = list(check_many(paths, jobs=1))
        assert [r.rows for r in check_many(paths)] == [r.rows for r in reports]
        cells = [[(e.sheet.name, cell_name(*where)) for e in r.extracts for where in e.cells.values()] for r in reports]
        timings = paired_rounds(rounds, {     # as ``jixiao check`` runs for its text report
            "one core": lambda: list(check_many(paths, jobs=1, then=brief)),
            "all cores": lambda: list(check_many(paths, then=brief)),
        }, list(zip(paths, cells)), openpyxl_loop)

    findings = sum(len(r.findings) for r in reports)
    ours, parallel, baseline = timings.median("one core"), timings.median("all cores"), timings.baseline
    print(f"{rounds} paired rounds; ours: median round (range), the baseline: every file once")
    print(f"jixiao check : {ours:6.2f} s  {1000 * ours / count:6.2f} ms/workbook  (one core, {findings} findings; "
          f"{timings.spread('one core')})")
    print(f"check_many   : {parallel:6.2f} s  {1000 * parallel / count:6.2f} ms/workbook  (all {os.cpu_count()} cores; "
          f"{timings.spread('all cores')})")
    print(f"openpyxl loop: {baseline:6.2f} s  {1000 * baseline / count:6.2f} ms/workbook  (reading the same fields)")
    print(f"ratio        : {baseline / ours:6.1f}x faster than the baseline on one core, "
          f"{baseline / parallel:.1f}x on all cores")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
