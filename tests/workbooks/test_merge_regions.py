"""A unit is one (地区, unit name, year) at every level: summaries made with another --region or
none, two counties' units of the same name, a city summary beside one of its own county
summaries, a county's corrected summary beside its first one."""

from __future__ import annotations

import os
from pathlib import Path

from tests.helpers.inbox import sheet_records, t2
from workbooks.check import workbook_paths
from workbooks.summary import merge, write_summary


def county(root: Path, name: str, units: dict[str, float], region: str = "", out: Path | None = None) -> Path:
    """A county's summary of T2s whose 全年执行数 are ``units``, written to ``out``."""
    folder = root / f"{name}-收文"
    folder.mkdir(parents=True, exist_ok=True)
    for unit, executed in units.items():
        t2(folder / f"{unit}.xlsx", unit, executed + 100, executed + 100, executed, executed / 2)
    summary = merge(list(workbook_paths([folder])), region=region, jobs=1)
    return write_summary(summary, out or root / f"{name}汇总.xlsx", region=region)


def rows(path: Path) -> list[tuple]:
    return [(r.get("地区"), r["单位名称"], r["全年执行数"]) for r in sheet_records(path, "汇总")]


def placements(summary) -> dict[str, tuple[str, str]]:
    return {p.path.name: (p.state, p.reason) for p in summary.placements}


def test_two_counties_without_a_region_keep_their_units_of_the_same_name(tmp_path):
    a = county(tmp_path, "甲县", {"教育局": 900, "甲县水利局": 450})
    b = county(tmp_path, "乙县", {"教育局": 300, "乙县水利局": 200})
    city = merge([a, b], region="某市", jobs=1)
    out = write_summary(city, tmp_path / "市.xlsx", region="某市")
    assert rows(out) == [("乙县", "乙县水利局", 200), ("乙县", "教育局", 300), ("乙县 小计", "小计", 500),
                         ("甲县", "教育局", 900), ("甲县", "甲县水利局", 450), ("甲县 小计", "小计", 1350),
                         (None, "合计（4 个）", 1850)]
    assert placements(city) == {"甲县汇总.xlsx": ("merged", "汇总表未写明地区，记为“甲县”"),
                                "乙县汇总.xlsx": ("merged", "汇总表未写明地区，记为“乙县”")}


def test_a_city_summary_and_one_of_its_county_summaries_count_the_county_once(tmp_path):
    a = county(tmp_path, "甲县", {"甲县教育局": 900, "甲县水利局": 450}, region="甲县")
    b = county(tmp_path, "乙县", {"乙县教育局": 300}, region="乙县")
    city = write_summary(merge([a, b], region="某市", jobs=1), tmp_path / "某市汇总.xlsx", region="某市")
    os.utime(a, (1_700_000_000, 1_700_000_000))             # the county's summary is the older file
    for region in ("", "某省"):
        province = merge([city, a], region=region, jobs=1)
        out = write_summary(province, tmp_path / f"省{region}.xlsx", region=region)
        assert [r for r in rows(out) if r[1] not in ("小计",)] == [
            ("某市/乙县", "乙县教育局", 300), ("某市/甲县", "甲县教育局", 900), ("某市/甲县", "甲县水利局", 450),
            (None, "合计（3 个）", 1650)]
        state, reason = placements(province)["甲县汇总.xlsx"]
        assert state == "duplicate"
        assert reason.startswith(f"地区“甲县”另有较新的汇总表 {city}，以其为准（")


def test_a_corrected_county_summary_replaces_the_first(tmp_path):
    inbox = tmp_path / "市收文"
    first = county(tmp_path, "v1", {"甲县教育局（本级）": 900, "甲县某中心": 450}, region="甲县", out=inbox / "甲县汇总.xlsx")
    os.utime(first, (1_700_000_000, 1_700_000_000))
    county(tmp_path, "v2", {"甲县教育局": 950}, region="甲县", out=inbox / "甲县汇总（第2版）.xlsx")
    city = merge(list(workbook_paths([inbox])), region="某市", jobs=1)
    out = write_summary(city, tmp_path / "市.xlsx", region="某市")
    assert rows(out) == [("甲县", "甲县教育局", 950), ("甲县 小计", "小计", 950), (None, "合计（1 个）", 950)]
    assert placements(city) == {
        "甲县汇总（第2版）.xlsx": ("merged", ""),
        "甲县汇总.xlsx": ("duplicate", f"地区“甲县”另有较新的汇总表 {inbox / '甲县汇总（第2版）.xlsx'}，以其为准"
                                       "（按文件名，“第2版”晚于未标稿次的文件名）")}
    assert city.line == "收到 2 个文件：合并 1，未合并 0，重复 1"


def test_an_earlier_summary_made_with_another_region_never_doubles_the_units(tmp_path):
    inbox = tmp_path / "收文"
    inbox.mkdir()
    t2(inbox / "甲县教育局.xlsx", "甲县教育局", 1000, 1000, 900, 450)
    t2(inbox / "甲县水利局.xlsx", "甲县水利局", 500, 500, 450, 225)
    write_summary(merge(list(workbook_paths([inbox])), region="甲县", jobs=1), inbox / "甲县汇总（上次）.xlsx", region="甲县")
    for region in ("", "甲 县", "某县"):
        summary = merge(list(workbook_paths([inbox])), region=region, jobs=1)
        out = write_summary(summary, tmp_path / f"again{region}.xlsx", region=region)
        assert [r[1:] for r in rows(out) if r[1] != "小计"] == [
            ("甲县教育局", 900), ("甲县水利局", 450), ("合计（2 个）", 1350)]
        assert placements(summary)["甲县汇总（上次）.xlsx"] == ("duplicate", "所含 2 个单位均另有本单位文件，以其为准")


def test_a_unit_file_whose_name_two_counties_list_is_not_merged_and_both_keep_theirs(tmp_path):
    inbox = tmp_path / "市收文"
    county(tmp_path, "甲县", {"教育局": 900, "甲县水利局": 450}, region="甲县", out=inbox / "甲县汇总.xlsx")
    county(tmp_path, "乙县", {"教育局": 300}, region="乙县", out=inbox / "乙县汇总.xlsx")
    t2(inbox / "教育局.xlsx", "教育局", 1100, 1100, 1000, 500)
    city = merge(list(workbook_paths([inbox])), region="某市", jobs=1)
    out = write_summary(city, tmp_path / "市.xlsx", region="某市")
    assert rows(out) == [("乙县", "教育局", 300), ("乙县 小计", "小计", 300), ("甲县", "教育局", 900),
                         ("甲县", "甲县水利局", 450), ("甲县 小计", "小计", 1350), (None, "合计（3 个）", 1650)]
    assert placements(city) == {
        "甲县汇总.xlsx": ("merged", ""), "乙县汇总.xlsx": ("merged", ""),
        "教育局.xlsx": ("not-merged", "单位“教育局”在乙县、甲县的汇总表中都有，无法确定本文件属于哪个地区；"
                                    "请交所属地区汇总，或在单位名称中写明地区")}
    assert city.line == "收到 3 个文件：合并 2，未合并 1，重复 0" and city.failed
