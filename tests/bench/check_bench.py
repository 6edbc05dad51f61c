"""Benchmark of jixiao check: milliseconds per workbook, against a plain openpyxl loop.

    python -m tests.bench.check_bench [COUNT]

Generates COUNT varied submissions (default 1000), checks them all on one core and on all
cores (as ``jixiao check`` does), then reads the same fields
with ``openpyxl.load_workbook`` for the baseline, and prints both and their ratio.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from tests.bench.submissions import generate
from workbooks.check import check_many
from workbooks.read import cell_name


def main(count: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        paths = generate(Path(folder), count)
        print(f"generated {count} workbooks in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        reports = list(check_many(paths, jobs=1))
        ours = time.perf_counter() - started

        started = time.perf_counter()
        parallel_reports = list(check_many(paths))
        parallel = time.perf_counter() - started
        assert [r.rows for r in parallel_reports] == [r.rows for r in reports]

        cells = [[(e.sheet.name, cell_name(*where)) for e in r.extracts for where in e.cells.values()] for r in reports]
        started = time.perf_counter()
        for path, wanted in zip(paths, cells):
            workbook = openpyxl.load_workbook(path, data_only=True)
            _ = [workbook[sheet][cell].value for sheet, cell in wanted]
        baseline = time.perf_counter() - started

    findings = sum(len(r.findings) for r in reports)
    print(f"jixiao check : {ours:6.2f} s  {1000 * ours / count:6.2f} ms/workbook  ({findings} findings)")
    print(f"check_many   : {parallel:6.2f} s  {1000 * parallel / count:6.2f} ms/workbook  (all {os.cpu_count()} cores)")
    print(f"openpyxl loop: {baseline:6.2f} s  {1000 * baseline / count:6.2f} ms/workbook  (reading the same fields)")
    print(f"ratio        : {baseline / ours:6.1f}x faster than the baseline on one core, "
          f"{baseline / parallel:.1f}x on all cores")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
