"""The bulkhead: each item in a worker process; a worker that raises anything, aborts, overruns its
time or its memory costs only its item, and the items after it are still done, in order."""

from __future__ import annotations

import os

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
    return value * 2


def test_each_failure_costs_only_its_item(monkeypatch):
    monkeypatch.setattr(isolate, "TIME", 0.5)
    items = [("ok", 1), ("panic", 0), ("ok", 2), ("abort", 0), ("spin", 0), ("eat", 0), ("unpicklable", 0), ("ok", 3)]
    results = list(isolated(work, items, workers=2))
    assert [r if not isinstance(r, Failure) or r.kind != "crashed" or r.detail == "SIGABRT" else r.detail.split(":")[0]
            for r in results] == [
        2, "Panic", 4, Failure("crashed", "SIGABRT"), Failure("timeout", "0.5"), Failure("too-large", "256"),
        "PicklingError" if "PicklingError" in str(results[6]) else "AttributeError", 6]


def test_results_come_in_the_order_of_the_items_on_several_workers():
    items = [("ok", i) for i in range(200)]
    assert list(isolated(work, items, workers=3)) == [2 * i for i in range(200)]


def test_nothing_to_do_starts_no_worker():
    assert list(isolated(work, [], workers=4)) == []
