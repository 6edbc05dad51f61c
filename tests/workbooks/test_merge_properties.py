"""Invariants of the merge over random inboxes: our templates (with and without formula results),
the official layouts of the seeds, drafts and revisions, identical copies, units in 元, an earlier
summary and broken files, mixed.

For every inbox: every input ends in exactly one place; no unit appears twice; for every amount
column 合计 = Σ rows; every rate of 合计 is Σnum / Σden; merging the county summary again as a
city gives the same 合计."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import official
from tests.helpers.inbox import sheet_records, t1, t2, t2_without_results
from workbooks.summary import merge, write_summary
from workbooks.summary.inbox import unit_key

NAMES = ["某县教育局（本级）", "某县教育局（县实验幼儿园）", "某县民政局", "某县水利局", "某县审计局"]

unit = st.fixed_dictionaries({
    "kind": st.sampled_from(["ours", "without-results", "official", "yuan"]),
    "full": st.sampled_from([1.0, 123.45, 4567.89, 61234.07]), "ratio": st.sampled_from([70, 93, 100]),
    "t1": st.booleans(),
    "draft": st.booleans(), "copy": st.booleans(),
})
inbox = st.fixed_dictionaries({
    "units": st.lists(unit, min_size=1, max_size=4),
    "earlier": st.integers(min_value=0, max_value=3),      # units of an earlier summary left in the inbox
    "broken": st.booleans(),
})


_MADE: dict[tuple, bytes] = {}       # files already made, by what they hold: examples repeat them


def _made(path: Path, key: tuple, make) -> Path:
    if key not in _MADE:
        make(path)
        _MADE[key] = path.read_bytes()
    path.write_bytes(_MADE[key])
    return path


def _write_unit(folder: Path, name: str, spec: dict, suffix: str = "") -> list[Path]:
    path = folder / f"{name}-自评表{suffix}.xlsx"
    written = [_made(path, (name, suffix, spec["kind"], spec["full"], spec["ratio"]), lambda p: _t2(p, name, spec))]
    if spec["t1"] and not suffix:
        executed = round(spec["full"] * spec["ratio"] / 100, 2)
        projects = round(executed - round(executed / 2, 2), 2)
        written.append(_made(folder / f"{name}-基础数据表.xlsx", (name, "T1", projects), lambda p: t1(p, name, projects)))
    return written


def _t2(path: Path, name: str, spec: dict) -> None:
    full = spec["full"]
    executed = round(full * spec["ratio"] / 100, 2)
    basic = round(executed / 2, 2)
    if spec["kind"] == "official":
        official.write(path, {"自评表": official.seed_003_t2(A1="2024 年度部门整体支出绩效自评表", B2=name, C4=full, D4=full, E4=executed, C5=full, D5=full, E5=executed)})
    elif spec["kind"] == "without-results":
        t2_without_results(path, name, full, full, executed, basic)
    elif spec["kind"] == "yuan":
        t2(path, name, full * 10_000, full * 10_000, executed * 10_000, basic * 10_000)
    else:
        t2(path, name, full, full, executed, basic)


def _build(folder: Path, drawn: dict) -> list[Path]:
    paths: list[Path] = []
    for name, spec in zip(NAMES, drawn["units"]):
        own = _write_unit(folder, name, spec)
        paths += own
        if spec["draft"]:
            paths += _write_unit(folder, name, dict(spec, full=spec["full"] + 1, t1=False), "（初稿）")
        if spec["copy"]:
            paths.append(Path(shutil.copy(own[0], folder / f"{name}-自评表（副本）.xlsx")))
    if drawn["earlier"]:
        early = [p for p in paths if "初稿" not in p.name][: drawn["earlier"]]
        paths.append(write_summary(merge(early, jobs=1), folder / "县汇总（上次）.xlsx"))
    if drawn["broken"]:
        (folder / "损坏.xlsx").write_bytes(b"PK\x03\x04broken")
        paths.append(folder / "损坏.xlsx")
    return sorted(paths)


def _totals(path: Path) -> tuple[list[dict], dict]:
    rows = sheet_records(path, "汇总")
    return [r for r in rows if r["单位名称"] != "小计" and not str(r["单位名称"]).startswith("合计")], rows[-1]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inbox)
def test_random_inboxes_keep_every_invariant(drawn):
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory) / "收文"
        folder.mkdir()
        paths = _build(folder, drawn)
        summary = merge(paths, jobs=1)
        out = write_summary(summary, Path(directory) / "县汇总.xlsx")

        assert sorted(p.path for p in summary.placements) == paths                  # each input once
        merged = {str(p.path) for p in summary.placements if p.state == "merged"}
        shown = {f for r in summary.units.values() for f in r["files"]} | {r["file"] for r in summary.projects}
        assert shown <= merged and all(p.state != "merged" or p.reason for p in summary.placements
                                       if str(p.path) not in shown)               # merged, else said why
        assert all("初稿" not in p.path.name or p.state != "merged" for p in summary.placements)
        keys = [(r["region"], unit_key(r["unit"]), r["year"]) for r in summary.units.values()]
        assert len(keys) == len(set(keys))                                          # no unit twice
        assert len({unit_key(r["unit"]) for r in summary.units.values()}) == len(
            {unit_key(n) for n, _ in zip(NAMES, drawn["units"])})

        rows, total = _totals(out)
        model = summary.table("units")
        for column in model.columns:
            if column.total == "sum":
                assert round(total[column.header], 6) == round(sum(r[column.header] or 0 for r in rows), 6), column
        for column in model.columns:
            if column.total == "ratio":
                num, den = (next(c.header for c in model.columns if c.key == k) for k in (column.num, column.den))
                expected = total[num] / total[den] if total[den] else None
                assert total[column.header] == expected or abs(total[column.header] - expected) < 1e-12
        for name, spec in zip(NAMES, drawn["units"]):      # 元 shows beside T1, or above 500,000 万元
            row = next(r for r in rows if unit_key(r["单位名称"]) == unit_key(name))
            found = spec["kind"] == "yuan" and (spec["t1"] or spec["full"] * 10_000 > 500_000)
            assert (row["全年执行数"] is None) == found, name

        city = merge([out], region="某市", jobs=1)
        _, city_total = _totals(write_summary(city, Path(directory) / "市汇总.xlsx", region="某市"))
        for column in model.columns:
            if column.total in ("sum", "ratio"):
                assert city_total[column.header] == total[column.header], column
