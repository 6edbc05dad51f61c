"""The benchmark scripts keep running (on a dozen files; their figures are for people, not asserts)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from tests.bench import check_bench, hostile_bench, memory_bench, merge_bench
from tests.bench.timing import paired_rounds


def test_paired_rounds_run_ours_on_everything_and_the_baseline_on_each_slice_once():
    calls = []
    timings = paired_rounds(3, {"a": lambda: calls.append("a")}, list(range(7)), lambda part: calls.append(list(part)))
    assert calls == ["a", [0, 1, 2], "a", [3, 4, 5], "a", [6]]
    assert len(timings.ours["a"]) == 3 and 0 <= timings.baseline < 1
    assert timings.median("a") == sorted(timings.ours["a"])[1]


def test_check_bench_prints_its_figures(capsys):
    check_bench.main(12, 2)
    out = capsys.readouterr().out
    assert re.search(r"jixiao check : +[\d.]+ s +[\d.]+ ms/workbook  \(one core, \d+ findings; [\d.]+–[\d.]+ s\)", out)
    assert re.search(r"ratio +: +[\d.]+x faster than the baseline on one core, [\d.]+x on all cores", out)


def test_merge_bench_prints_its_figures(capsys):
    merge_bench.main(12, 2)
    out = capsys.readouterr().out
    assert "收到 12 个文件：合并 12，未合并 0，重复 0" in out
    assert re.search(r"jixiao merge : +[\d.]+ s .* peak \d+ MB", out) and re.search(r"ratio +: +[\d.]+x", out)


def test_memory_bench_prints_its_figures(capsys, tmp_path):
    memory_bench.main(["--files", "12", "--folder", str(tmp_path)])
    memory_bench.main(["--files", "12", "--folder", str(tmp_path), "--trace"])
    out = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"12 files in \d+ s: peak RSS parent \d+ MB, largest worker \d+ MB", out[0])
    assert re.fullmatch(r"12 files: held after merge [\d.]+ MB = [\d,]+ B/file; peak while merging [\d.]+ MB "
                        r"\([\d,]+ B/file\), while writing [\d.]+ MB \([\d,]+ B/file\)", out[1])


def test_fuzz_campaign_runs_every_command_and_counts_what_goes_wrong(tmp_path):
    from tests.bench import fuzz_campaign
    from tests.helpers.hostile import xlsb
    from tests.workbooks.test_bad_input_hostile import good

    source = good(tmp_path / "seed")
    made = fuzz_campaign.mutants(source, random.Random(5), 3)
    assert made == fuzz_campaign.mutants(source, random.Random(5), 3) and len(made) == 3      # a seed, a corpus
    folder = tmp_path / "收文"
    good(folder)
    xlsb(folder / "远.xlsb", {"表": {(0, 0): "单位", (1048575, 16383): 1.0}})
    for i, (kind, data) in enumerate(made):
        (folder / f"{i}-{kind}.xlsx").write_bytes(data)
    tally = fuzz_campaign.campaign([folder], tmp_path / "work")
    assert (tally["files"], tally["crashes"], tally["hangs"], tally["unaccounted"], tally["control"]) == (5, [], [], [], [])
    assert tally["exits"] == {1: 4} and tally["contained"] == {"too-large": 1} and tally["peak"] > 0
    assert Path(tally["slowest"][2]).parent == folder
    assert fuzz_campaign._accounted({"a", "b"}, ["a", "a", "c"]) == ["missing b", "2x a", "unknown c"]


def test_hostile_bench_prints_start_up_and_batch_figures_against_their_budgets(capsys, tmp_path):
    hostile_bench.startup(1)
    inbox = hostile_bench.inbox_of(tmp_path / "many", 12)
    assert hostile_bench.inbox_of(tmp_path / "many", 12) == inbox          # generated once, then reused
    hostile_bench.batch(inbox, 12, tmp_path)
    out = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"python -m addin\.cli --version: best +[\d.]+ s, median +[\d.]+ s wall, +[\d.]+ s CPU of 1 "
                        r"\(budget 0\.15 s\); python -c pass .*", out[0])
    assert re.fullmatch(r"generated 12 files in \d+ s", out[-7]) and sum(line.startswith("generated") for line in out) == 1
    assert [re.sub(r"peak \d+ MB", "peak N MB", line) for line in out[-3:]] == [
        "check (text) 12 files: peak N MB (budget 300 MB)", "check --format json 12 files: peak N MB (budget 300 MB)",
        "merge 12 files: peak N MB (budget 300 MB)"]
    assert (tmp_path / "报告.json").stat().st_size > 0 and (tmp_path / "县汇总.xlsx").is_file()
