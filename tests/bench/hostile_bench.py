"""Benchmark of what hostile files and large batches cost: seconds and peak memory of ``jixiao``
run as a user runs it (a separate process, its workers included), and its start-up time.

    python -m tests.bench.hostile_bench [--files N] [--rounds R] [--folder DIR]

Prints, each against its budget (issue 13):
- ``jixiao --version``, run as ``python -m addin.cli`` and as the installed console script: best
  and median of R runs, and ``python -c pass`` in the same run as the floor;
- one hostile file at a time (``jixiao check FILE``): seconds and peak memory;
- ``jixiao check`` (text and JSON) and ``jixiao merge`` of N files (default 2,000; the issue's
  figure is for ``--files 30000``, which takes a few minutes to generate: ``--folder`` keeps the
  generated files there and reuses them): seconds, ms per file and peak memory; then one line per
  budget, e.g. ``merge 30000 files: peak 212 MB (budget 300 MB)``.

Peak memory is measured two ways: the largest single process (the kernel's maximum resident set
of the command and its workers) and the whole tree, sampled every 20 ms as the sum of each
process's proportional set size (pages shared after a fork counted once).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import shutil
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
BUDGET_MB = 300                               # peak memory of one file, of a check and of a merge (issue 13)


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


def measure(*args: str, to: Path | None = None, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            limit: float | None = None) -> tuple[float, float, float, float, int]:
    """(seconds, CPU seconds, largest process MB, whole tree MB, exit code) of ``jixiao ARGS``, its
    output into the file ``to`` (else ``stdout``); CPU seconds of the command and its workers say
    more than seconds on a busy machine. The largest process is each process's high-water mark as
    last sampled (the kernel's figure after the end would include this script's own memory,
    inherited through fork). With ``limit`` (seconds) a command that overruns it is stopped with
    its workers, and its exit code is -1."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    with open(to, "wb") if to else contextlib.nullcontext(stdout) as output:
        process = subprocess.Popen([sys.executable, "-m", "addin.cli", *args], stdout=output, stderr=stderr, env=env,
                                   cwd=ROOT, start_new_session=limit is not None)
    tree = largest = 0
    while True:
        pid, status = os.waitpid(process.pid, os.WNOHANG)
        if pid:
            break
        pids = [process.pid, *_children(process.pid)]
        tree = max(tree, sum(_kb(p, "smaps_rollup", b"Pss:") for p in pids))
        largest = max(largest, *(_kb(p, "status", b"VmHWM:") for p in pids))
        if limit is not None and time.perf_counter() - started > limit:
            os.killpg(process.pid, 9)                 # the command and its workers
            os.waitpid(process.pid, 0)
            return time.perf_counter() - started, 0.0, largest / 1024, tree / 1024, -1
        time.sleep(0.02)
    seconds, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, largest / 1024, tree / 1024, os.waitstatus_to_exitcode(status)


def startup(rounds: int) -> None:
    """Wall and CPU seconds of ``jixiao --version``, as a module and as the console script that
    installing makes (when there is one); CPU seconds say more on a busy machine."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))

    def once(command: list[str]) -> tuple[float, float]:
        before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, env=env, cwd=ROOT, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.perf_counter() - started, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    floor = [once([sys.executable, "-c", "pass"]) for _ in range(rounds)]
    floor_wall, floor_cpu = (statistics.median(t[i] for t in floor) for i in (0, 1))
    script = Path(sys.prefix) / "bin" / "jixiao"
    commands = {"python -m addin.cli --version": [sys.executable, "-m", "addin.cli", "--version"]}
    if script.is_file():
        commands[f"{script} --version"] = [str(script), "--version"]
    for label, command in commands.items():
        ours = [once(command) for _ in range(rounds)]
        best, wall, cpu = min(t[0] for t in ours), *(statistics.median(t[i] for t in ours) for i in (0, 1))
        print(f"{label}: best {best:5.2f} s, median {wall:5.2f} s wall, {cpu:5.2f} s CPU of {rounds} (budget 0.15 s); "
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


def inbox_of(folder: Path, count: int) -> Path:
    """The ``count`` files of ``folder``/收文, generated unless a run before left them there."""
    inbox = folder / "收文"
    if inbox.is_dir() and sum(1 for _ in inbox.iterdir()) == count:
        return inbox
    started = time.perf_counter()
    shutil.rmtree(folder, ignore_errors=True)
    inbox = many(folder, count)
    print(f"generated {count} files in {time.perf_counter() - started:.0f} s")
    return inbox


def batch(inbox: Path, count: int, output: Path) -> None:
    """check (text and JSON, to a file) and merge of the inbox's ``count`` files, each line against
    the budget, and the peak of each (the larger of the two ways of measuring it) in the end."""
    peaks = {}
    for label, args, to in (("check (text)", ["check", str(inbox)], None),
                            ("check --format json", ["check", str(inbox), "--format", "json"], output / "报告.json"),
                            ("merge", ["merge", str(inbox), "-o", str(output / "县汇总.xlsx")], None)):
        seconds, cpu, largest, tree, code = measure(*args, to=to)
        peaks[label] = max(largest, tree)
        print(f"{label:20s}: {seconds:6.1f} s ({cpu:6.1f} s CPU), {1000 * seconds / count:5.2f} ms/file, largest process "
              f"{largest:4.0f} MB, tree {tree:4.0f} MB, exit {code}  ({count} files, {os.cpu_count()} cores; "
              "budget 300 MB)")
    for label, peak in peaks.items():
        print(f"{label} {count} files: peak {peak:.0f} MB (budget {BUDGET_MB} MB)")


def main(count: int = 2000, rounds: int = 5, keep: Path | None = None) -> None:
    startup(rounds)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for name, path in hostile_files(folder / "hostile").items():
            seconds, cpu, largest, tree, code = measure("check", str(path))
            print(f"hostile {name:34s}: {seconds:5.2f} s ({cpu:5.2f} s CPU), largest process {largest:4.0f} MB, "
                  f"tree {tree:4.0f} MB, exit {code}  (budget 5 s, {BUDGET_MB} MB; {path.stat().st_size / 1e6:.1f} MB file)")
        batch(inbox_of(keep or folder / "many", count), count, folder)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--folder", type=Path, help="where the generated files are kept and reused")
    options = parser.parse_args()
    main(options.files, options.rounds, options.folder)
