"""What ``jixiao merge`` keeps per file in its parent process (issue 13: 30,000 files ≤ 300 MB).

    python -m tests.bench.memory_bench [--files N] [--folder DIR] [--trace]

Generates N varied submissions (in DIR when given, reused when already there), merges them and
writes the summary, then prints the peak resident memory of this process (the merge's parent)
and of its largest worker. With ``--trace`` (a separate run: tracing costs memory and time) it
prints instead the Python memory the parent holds after the merge, per file, and its peak while
the summary is written (workers do not trace).
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from tests.bench.submissions import generate
from workbooks.summary import merge, write_summary


def inputs(folder: Path, count: int) -> list[Path]:
    paths = sorted(folder.glob("*.xlsx"))
    return paths if len(paths) == count else generate(folder, count)


def traced(paths: list[Path], output: Path) -> None:
    os.register_at_fork(after_in_child=tracemalloc.stop)
    tracemalloc.start()
    summary = merge(paths)
    held, merging = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    write_summary(summary, output)
    _, writing = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    count = len(paths)
    print(f"{count} files: held after merge {held / 1e6:.1f} MB = {held / count:,.0f} B/file; "
          f"peak while merging {merging / 1e6:.1f} MB ({merging / count:,.0f} B/file), "
          f"while writing {writing / 1e6:.1f} MB ({writing / count:,.0f} B/file)")


def resident(paths: list[Path], output: Path) -> None:
    start = time.perf_counter()
    write_summary(merge(paths), output)
    seconds = time.perf_counter() - start
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{len(paths)} files in {seconds:.0f} s: peak RSS parent {parent:.0f} MB, largest worker {workers:.0f} MB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        paths = inputs(args.folder or Path(scratch) / "in", args.files)
        (traced if args.trace else resident)(paths, Path(scratch) / "县汇总.xlsx")


if __name__ == "__main__":
    main()
