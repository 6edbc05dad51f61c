"""The bulkhead: each item in a worker process; a worker that raises anything, aborts, overruns its
time or its memory costs only its item, and the items after it are still done, in order."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from workbooks import isolate
from workbooks.isolate import Failure, isolated


class Panic(BaseException):
    """Like the PanicException of a native reader: not an Exception."""


def work(item: tuple[str, int]):
    kind, value = item
    if kind == "panic":
        raise Panic("native reader panicked")
    if kind == "abort":
        os.abort()
    if kind == "spin":
        while True:
            value += 1
    if kind == "eat":
        return len(bytearray(1 << 30))
    if kind == "unpicklable":
        return lambda: value
    if kind == "sleep":
        time.sleep(value)
        return value
    return value * 2


def test_each_failure_costs_only_its_item(monkeypatch):
    monkeypatch.setattr(isolate, "TIME", 0.5)
    items = [("ok", 1), ("panic", 0), ("ok", 2), ("abort", 0), ("spin", 0), ("eat", 0), ("unpicklable", 0), ("ok", 3)]
    results = list(isolated(work, items, workers=2))
    assert [r if not isinstance(r, Failure) or r.kind != "crashed" or r.detail == "SIGABRT" else r.detail.split(":")[0]
            for r in results] == [
        2, "Panic", 4, Failure("crashed", "SIGABRT"), Failure("timeout", "0.5"), Failure("too-large", "64"),
        "PicklingError" if "PicklingError" in str(results[6]) else "AttributeError", 6]


def test_the_workers_share_one_memory_allowance_down_to_a_floor():
    """Two workers at their limit together stay within what one may have (the tree stays under
    300 MB on two cores); on many cores each keeps enough for an ordinary workbook."""
    assert [isolate.allowance(n) >> 20 for n in (1, 2, 3, 8)] == [128, 64, 64, 64]


def test_results_come_in_the_order_of_the_items_on_several_workers():
    items = [("ok", i) for i in range(200)]
    assert list(isolated(work, items, workers=3)) == [2 * i for i in range(200)]


def test_a_failure_inside_a_chunk_costs_only_its_item(monkeypatch):
    """Items go to workers in chunks: the results done before a death are kept, the item being
    read fails, the rest of its chunk is read by the worker that takes its place."""
    monkeypatch.setattr(isolate, "TIME", 0.5)
    monkeypatch.setattr(isolate, "WALL", 1.0)
    bad = {37: ("abort", 0), 38: ("panic", 0), 90: ("spin", 0), 91: ("eat", 0), 150: ("sleep", 5), 199: ("abort", 0)}
    items = [bad.get(i, ("ok", i)) for i in range(200)]
    results = list(isolated(work, items, workers=2))
    assert {i: r for i, r in enumerate(results) if isinstance(r, Failure)} == {
        37: Failure("crashed", "SIGABRT"), 38: Failure("crashed", "Panic: native reader panicked"),
        90: Failure("timeout", "0.5"), 91: Failure("too-large", "64"), 150: Failure("timeout", "0.5"),
        199: Failure("crashed", "SIGABRT")}
    assert [r for i, r in enumerate(results) if i not in bad] == [2 * i for i in range(200) if i not in bad]


def test_nothing_to_do_starts_no_worker():
    assert list(isolated(work, [], workers=4)) == []


RUNNER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from workbooks.isolate import isolated

def slow(x):
    time.sleep(0.2)
    return x

if __name__ == "__main__":
    for result in isolated(slow, range(1000), workers=3):
        print(result, flush=True)
"""


def test_workers_end_when_their_parent_is_killed(tmp_path):
    script = tmp_path / "runner.py"
    script.write_text(RUNNER, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script), str(Path(__file__).resolve().parents[2])],
                              stdout=subprocess.PIPE)
    parent.stdout.readline()                                  # the workers are running
    workers = [int(p) for p in Path(f"/proc/{parent.pid}/task/{parent.pid}/children").read_text().split()]
    assert len(workers) == 3
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{w}").exists() and "Z" not in _state(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in _state(w)] == []


def _state(pid: int) -> str:
    try:
        return next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State"))
    except (OSError, StopIteration):
        return "Z"
