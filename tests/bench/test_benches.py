"""The benchmark scripts keep running (on a dozen files; their figures are for people, not asserts)."""

from __future__ import annotations

import re

from tests.bench import check_bench, merge_bench
from tests.bench.timing import best_of


def test_best_of_runs_the_contenders_in_turn_and_keeps_each_ones_best():
    calls = []
    best = best_of(3, {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")})
    assert calls == ["a", "b"] * 3
    assert set(best) == {"a", "b"} and all(0 <= s < 1 for s in best.values())


def test_check_bench_prints_its_figures(capsys):
    check_bench.main(12, 1)
    out = capsys.readouterr().out
    assert re.search(r"jixiao check : +[\d.]+ s +[\d.]+ ms/workbook  \(one core, \d+ findings\)", out)
    assert re.search(r"ratio +: +[\d.]+x faster than the baseline on one core, [\d.]+x on all cores", out)


def test_merge_bench_prints_its_figures(capsys):
    merge_bench.main(12, 1)
    out = capsys.readouterr().out
    assert "收到 12 个文件：合并 12，未合并 0，重复 0" in out
    assert re.search(r"jixiao merge : +[\d.]+ s .* peak \d+ MB", out) and re.search(r"ratio +: +[\d.]+x", out)
