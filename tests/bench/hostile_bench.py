"""Benchmark of what hostile files and large batches cost: seconds and peak memory of ``jixiao``
run as a user runs it (a separate process, its workers included), and its start-up time.

    python -m tests.bench.hostile_bench [--files N] [--rounds R]

Prints, each against its budget (issue 13):
- ``jixiao --version``: median of R runs, and ``python -c pass`` in the same run as the floor;
- one hostile file at a time (``jixiao check FILE``): seconds and peak memory;
- ``jixiao check`` (text and JSON) and ``jixiao merge`` of N files (default 2,000; the issue's
  figure is for ``--files 30000``, which takes a while to generate): seconds, ms per file and
  peak memory.

Peak memory is measured two ways: the largest single process (the kernel's maximum resident set
of the command and its workers) and the whole tree, sampled every 20 ms as the sum of each
process's proportional set size (pages shared after a fork counted once).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl

from tests.bench.submissions import generate
from tests.helpers.hostile import number_row, package, sheet_xml

ROOT = Path(__file__).resolve().parents[2]
BASE = 60                                     # distinct generated files; the rest are renamed copies


def _kb(pid: int, file: str, key: bytes) -> int:
    try:
        with open(f"/proc/{pid}/{file}", "rb") as handle:
            for line in handle:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", "rb") as handle:
            return [int(c) for c in handle.read().split()]
    except OSError:
        return []


def measure(*args: str) -> tuple[float, float, float, float, int]:
    """(seconds, CPU seconds, largest process MB, whole tree MB, exit code) of ``jixiao ARGS``; CPU
    seconds of the command and its workers say more than seconds on a busy machine. The largest
    process is each process's high-water mark as last sampled (the kernel's figure after the
    end would include this script's own memory, inherited through fork)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "addin.cli", *args], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    tree = largest = 0
    while True:
        pid, status = os.waitpid(process.pid, os.WNOHANG)
        if pid:
            break
        pids = [process.pid, *_children(process.pid)]
        tree = max(tree, sum(_kb(p, "smaps_rollup", b"Pss:") for p in pids))
        largest = max(largest, *(_kb(p, "status", b"VmHWM:") for p in pids))
        time.sleep(0.02)
    seconds, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, largest / 1024, tree / 1024, os.waitstatus_to_exitcode(status)


def startup(rounds: int) -> None:
    """Wall and CPU seconds of ``jixiao --version``; CPU seconds say more on a busy machine."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))

    def once(command: list[str]) -> tuple[float, float]:
        before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, env=env, cwd=ROOT, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.perf_counter() - started, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    ours = [once([sys.executable, "-m", "addin.cli", "--version"]) for _ in range(rounds)]
    floor = [once([sys.executable, "-c", "pass"]) for _ in range(rounds)]
    wall, cpu = (statistics.median(t[i] for t in ours) for i in (0, 1))
    floor_wall, floor_cpu = (statistics.median(t[i] for t in floor) for i in (0, 1))
    print(f"jixiao --version : {wall:5.2f} s wall, {cpu:5.2f} s CPU, median of {rounds} (budget 0.15 s); "
          f"python -c pass {floor_wall:5.2f} s wall, {floor_cpu:5.2f} s CPU")


def hostile_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True)
    corner = openpyxl.Workbook()
    corner.active["A1"], corner.active["XFD1048576"] = "单位", 1
    corner.save(folder / "corner.xlsx")
    rng = random.Random(3)
    comment = "".join(chr(0x4E00 + rng.randrange(20000)) for _ in range(10_000_000))     # ~29 MB
    errors = "".join(f'<row r="{r}"><c r="A{r}" t="e"><f/></c></row>' for r in range(1, 100_001))
    bomb = folder / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(200):
                sheet.write(b" " * (1 << 20))
    return {
        "cell at XFD1048576": folder / "corner.xlsx",
        "cells A1 and ZZ100000, no range": package(folder / "far.xlsx", {"表": sheet_xml(
            number_row(1, {"A": "1"}) + number_row(100000, {"ZZ": "2"}))}),
        "100,000 <c t=e><f/></c>": package(folder / "errors.xlsx", {"表": sheet_xml(errors)}),
        "29 MB comment in workbook.xml": package(folder / "comment.xlsx", {"表": sheet_xml(number_row(1, {"A": "1"}))},
                                                  workbook_inside=f"<!-- {comment} -->"),
        "zip bomb (200 MB of spaces)": bomb,
    }


def _referenced(text: str) -> bytes:
    """``text`` as some writers put it in XML: every non-ASCII character as a reference."""
    return "".join(c if c.isascii() else f"&#{ord(c)};" for c in text).encode()


def many(folder: Path, count: int) -> Path:
    """``count`` files: BASE generated ones, and renamed copies of them whose unit and project names
    are changed in the XML (as UTF-8 and as character references), so that every file is a distinct
    unit and all are merged."""
    base = generate(folder / "base", min(BASE, count))
    inbox = folder / "收文"
    inbox.mkdir()
    originals = [(path, {name: zipfile.ZipFile(path).read(name) for name in zipfile.ZipFile(path).namelist()})
                 for path in base]
    for k in range(count):
        i = k % len(originals)
        path, parts = originals[i]
        if k < len(originals):
            (inbox / path.name).write_bytes(path.read_bytes())
            continue
        names = [(f"第{i}单位", f"第{k}单位"), (f"项目{i}", f"项目{k}"), (f"{i:04d}", f"{k:05d}")]
        old = [text.encode() for text, _ in names] + [_referenced(text) for text, _ in names]
        new = [text.encode() for _, text in names] + [_referenced(text) for _, text in names]
        with zipfile.ZipFile(inbox / f"{k:05d}.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                if name.endswith(".xml"):
                    for a, b in zip(old, new):
                        data = data.replace(a, b)
                z.writestr(name, data)
    return inbox


def main(count: int = 2000, rounds: int = 5) -> None:
    startup(rounds)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for name, path in hostile_files(folder / "hostile").items():
            seconds, cpu, largest, tree, code = measure("check", str(path))
            print(f"hostile {name:34s}: {seconds:5.2f} s ({cpu:5.2f} s CPU), largest process {largest:4.0f} MB, "
                  f"tree {tree:4.0f} MB, exit {code}  (budget 5 s, 300 MB; {path.stat().st_size / 1e6:.1f} MB file)")
        started = time.perf_counter()
        inbox = many(folder / "many", count)
        print(f"generated {count} files in {time.perf_counter() - started:.0f} s")
        for label, args in (("check (text)", ["check", str(inbox)]),
                            ("check --format json", ["check", str(inbox), "--format", "json"]),
                            ("merge", ["merge", str(inbox), "-o", str(folder / "县汇总.xlsx")])):
            seconds, cpu, largest, tree, code = measure(*args)
            print(f"{label:20s}: {seconds:6.1f} s ({cpu:6.1f} s CPU), {1000 * seconds / count:5.2f} ms/file, largest process "
                  f"{largest:4.0f} MB, tree {tree:4.0f} MB, exit {code}  ({count} files, {os.cpu_count()} cores; "
                  "budget 300 MB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    main(options.files, options.rounds)
