"""Files that mislead the merge, each with its exact figures: a unit's file carrying the summaries'
marker, a summary whose amounts are text, a unit's corrupt resubmission beside the earlier summary."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Border, Side

from tests.helpers import official
from tests.helpers.inbox import sheet_records, t1, t2
from workbooks.check import workbook_paths
from workbooks.read import SUMMARY_MARKER
from workbooks.summary import merge, write_summary
from workbooks.summary.inbox import version_of


def merged(folder: Path, **kw):
    summary = merge(list(workbook_paths([folder])), jobs=1, **kw)
    path = write_summary(summary, folder.parent / "县汇总.xlsx", **kw)
    return summary, [(r["单位名称"], r["全年执行数"], r["来源文件"]) for r in sheet_records(path, "汇总")]


def placements(summary) -> dict[str, tuple[str, str]]:
    return {p.path.name: (p.state, p.reason) for p in summary.placements}


def marked(path: Path) -> Path:
    """The file with the custom property our summaries carry, as a unit's file made from a summary has."""
    with zipfile.ZipFile(path) as source:
        parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    custom = parts["docProps/custom.xml"].decode()
    pid = max(int(x) for x in re.findall(r'pid="(\d+)"', custom)) + 1
    parts["docProps/custom.xml"] = custom.replace("</Properties>", (
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{SUMMARY_MARKER}">'
        "<vt:lpwstr>1</vt:lpwstr></property></Properties>")).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_a_units_file_carrying_the_summary_marker_is_merged_as_a_units_file(tmp_path):
    inbox = tmp_path / "收文"
    inbox.mkdir()
    t2(inbox / "甲县教育局.xlsx", "甲县教育局", 1000, 1000, 900, 450)
    marked(t2(inbox / "甲县水利局.xlsx", "甲县水利局", 500, 500, 450.25, 225))
    summary, rows = merged(inbox)
    assert summary.line == "收到 2 个文件：合并 2，未合并 0，重复 0"
    assert rows == [("甲县教育局", 900, "甲县教育局.xlsx"), ("甲县水利局", 450.25, "甲县水利局.xlsx"),
                    ("合计（2 个）", 1350.25, None)]
    assert not summary.failed


@pytest.mark.parametrize(("t2_name", "t1_name", "shown"), [
    ("庚县教育局", "庚县教育局\u200b", "庚县教育局"),                      # a zero-width space pasted from a chat
    ("庚县教育局", "\ufeff庚县教育局", "庚县教育局"),
    ("庚县教育局（本级）", "庚县教育局【本级】", "庚县教育局【本级】"),
    ("庚县教育局[本级]", "庚县教育局［本级］", "庚县教育局［本级］"),
    ("庚县教育局", "单位名称：庚县教育局   填报日期：2025年3月1日", "庚县教育局"),
])
def test_a_units_name_written_differently_in_its_two_files_is_one_unit(tmp_path, t2_name, t1_name, shown):
    inbox = tmp_path / "收文"
    inbox.mkdir()
    t1(inbox / "基础数据表.xlsx", t1_name, 450)
    t2(inbox / "自评表.xlsx", t2_name, 1000, 1000, 900, 450)
    summary = merge(list(workbook_paths([inbox])), jobs=1)
    rows = sheet_records(write_summary(summary, tmp_path / "县汇总.xlsx"), "汇总")
    assert [(r["单位名称"], r["全年执行数"], r["编制数"], r["来源文件"]) for r in rows] == [
        (shown, 900, 20, "基础数据表.xlsx；自评表.xlsx"), ("合计（1 个）", 900, 20, None)]


def test_a_draft_whose_name_differs_by_an_invisible_character_is_replaced_by_its_final(tmp_path):
    inbox = tmp_path / "收文"
    inbox.mkdir()
    t2(inbox / "自评表（初稿）.xlsx", "庚县教育局\u200b", 1000, 1000, 900, 450)
    t2(inbox / "自评表（终稿）.xlsx", "庚县教育局", 1000, 1000, 950, 450)
    summary, rows = merged(inbox)
    assert rows == [("庚县教育局", 950, "自评表（终稿）.xlsx"), ("合计（1 个）", 950, None)]
    assert placements(summary)["自评表（初稿）.xlsx"] == (
        "duplicate", f"同一单位同一表格另有较新的版本 {inbox / '自评表（终稿）.xlsx'}，已保留该文件（按文件名，“终稿”晚于“初稿”）")


@pytest.mark.parametrize(("draft_year", "final_year", "years"), [
    (None, 2024, ""), (2024, None, ""), (2023, 2024, "；两个版本所填年度不同（2023、2024）")])
def test_a_draft_with_no_year_or_another_year_never_stands_beside_its_final(tmp_path, draft_year, final_year, years):
    inbox = tmp_path / "收文"
    inbox.mkdir()
    t2(inbox / "自评表（草稿）.xlsx", "辛县水务局", 1000, 1000, 900, 450, year=draft_year)
    t2(inbox / "自评表（定稿）.xlsx", "辛县水务局", 1000, 1000, 950, 450, year=final_year)
    summary, rows = merged(inbox)
    assert rows == [("辛县水务局", 950, "自评表（定稿）.xlsx"), ("合计（1 个）", 950, None)]
    assert [r["year"] for r in summary.rows("units")] == [final_year]
    assert placements(summary)["自评表（草稿）.xlsx"] == (
        "duplicate", f"同一单位同一表格另有较新的版本 {inbox / '自评表（定稿）.xlsx'}，已保留该文件（按文件名，“定稿”晚于“草稿”{years}）")


def test_one_units_tables_of_two_years_stay_two_rows(tmp_path):
    inbox = tmp_path / "收文"
    inbox.mkdir()
    t2(inbox / "自评表2023.xlsx", "辛县水务局", 1000, 1000, 900, 450, year=2023)
    t2(inbox / "自评表2024.xlsx", "辛县水务局", 1000, 1000, 950, 450, year=2024)
    summary, rows = merged(inbox)
    assert summary.line == "收到 2 个文件：合并 2，未合并 0，重复 0"
    assert sorted((r["year"], r["executed"]) for r in summary.rows("units")) == [(2023, 900), (2024, 950)]


def test_a_summary_whose_amount_is_text_is_not_merged(tmp_path):
    county = tmp_path / "甲县"
    county.mkdir()
    t2(county / "甲县教育局.xlsx", "甲县教育局", 1000, 1000, 900, 450)
    t2(county / "甲县水利局.xlsx", "甲县水利局", 500, 500, 450, 225)
    path = write_summary(merge(list(workbook_paths([county])), jobs=1), tmp_path / "市收文" / "甲县汇总.xlsx")
    book = openpyxl.load_workbook(path)          # retyped by hand in a text cell; 合计 recalculated without it
    sheet = book["汇总"]
    column = next(c.column_letter for c in sheet[3] if c.value == "全年执行数")
    sheet[f"{column}4"].value = "900.00"
    for cell in sheet[6]:                        # the sums as the program shows them (SUM skips text)
        if str(cell.value).startswith("=SUM("):
            cell.value = sum(v for r in (4, 5) if isinstance(v := sheet.cell(r, cell.column).value, int | float))
    book.save(path)
    summary = merge([path], region="某市", jobs=1)
    state, reason = placements(summary)["甲县汇总.xlsx"]
    assert (state, reason) == ("not-merged", f"汇总表未通过校验（1 处）：{column}4：“全年执行数”为文本“900.00”，"
                                             "汇总表中的数字须为数值（合计不含文本）")
    assert summary.units == {} and summary.failed


def test_a_yuan_header_is_not_undone_by_an_indicator_that_mentions_wan(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    official.write(folder / "株洲.xlsx", {"自评表": official.seed_003_t2(
        A3="资金情况（元）", C4=13_667_700, D4=13_875_300, E4=13_875_300, C5=13_667_700, D5=13_875_300,
        E11="≥0.5万元/人", F11="0.6万元/人")})
    summary = merge(list(workbook_paths([folder])), jobs=1)
    rows = sheet_records(write_summary(summary, tmp_path / "县汇总.xlsx"), "汇总")
    assert [(f.finding.type, f.finding.severity, f.finding.actual) for f in summary.findings
            if f.finding.type in ("amount-in-yuan", "unit-yuan")] == [("amount-in-yuan", "warning", "资金情况（元）")]
    assert [(r["单位名称"], r["年初预算数"], r["全年执行数"]) for r in rows] == [
        ("株洲市社会保险服务中心", 1366.77, 1387.53), ("合计（1 个）", 1366.77, 1387.53)]


@pytest.mark.parametrize(("older", "newer"), [
    ("表（第２稿）", "表（第３稿）"), ("表（第９稿）", "表（第10稿）"), ("表【初稿】", "表【终稿】"),
    ("表（终稿）（作废）", "表（第2稿）"), ("表【旧】", "表"), ("表[旧版]", "表"), ("表（旧版）", "表"),
    ("初稿/表", "终稿/表"), ("表-草稿", "表-修改稿"), ("表", "表（修改后）"), ("表", "表（最新）"), ("表", "表（更正）"),
])
def test_a_files_name_says_which_version_is_later(older, newer):
    assert version_of(Path(f"收文/{older}.xlsx")) < version_of(Path(f"收文/{newer}.xlsx"))


def test_a_file_marked_void_is_never_kept_over_a_live_one(tmp_path):
    inbox = tmp_path / "收文"
    inbox.mkdir()
    t2(inbox / "丁县林业局（第2稿）.xlsx", "丁县林业局", 300, 300, 200, 100)
    void = t2(inbox / "丁县林业局（终稿）（作废）.xlsx", "丁县林业局", 300, 300, 100, 50)
    os.utime(void, (1_900_000_000, 1_900_000_000))           # saved last
    summary, rows = merged(inbox)
    assert rows == [("丁县林业局", 200, "丁县林业局（第2稿）.xlsx"), ("合计（1 个）", 200, None)]
    assert placements(summary)["丁县林业局（终稿）（作废）.xlsx"] == (
        "duplicate", f"同一单位同一表格另有较新的版本 {inbox / '丁县林业局（第2稿）.xlsx'}，已保留该文件（按文件名，“第2稿”晚于“作废”）")


def test_a_units_file_formatted_down_to_the_last_row_is_merged(tmp_path):
    inbox = tmp_path / "收文"
    inbox.mkdir()
    path = t2(inbox / "甲县教育局.xlsx", "甲县教育局", 1000, 1000, 900, 450)
    book = openpyxl.load_workbook(path)           # a border given to whole columns: empty cells to row 1,048,576
    for column in range(1, 11):
        book.worksheets[0].cell(1_048_576, column).border = Border(bottom=Side(style="thin"))
    book.save(path)
    summary, rows = merged(inbox)
    assert summary.line == "收到 1 个文件：合并 1，未合并 0，重复 0"
    assert rows == [("甲县教育局", 900, "甲县教育局.xlsx"), ("合计（1 个）", 900, None)]


def test_a_row_taken_from_an_earlier_summary_names_the_summary_not_a_corrupt_resubmission(tmp_path):
    county = tmp_path / "甲县"
    county.mkdir()
    t2(county / "甲县教育局.xlsx", "甲县教育局", 1000, 1000, 900, 450)
    t2(county / "甲县水利局.xlsx", "甲县水利局", 500, 500, 450, 225)
    inbox = tmp_path / "收文"
    write_summary(merge(list(workbook_paths([county])), jobs=1), inbox / "甲县汇总（上次）.xlsx")
    good = t2(tmp_path / "新.xlsx", "甲县教育局", 1000, 1000, 950, 450).read_bytes()
    (inbox / "甲县教育局.xlsx").write_bytes(good[: len(good) // 3])           # the resubmission, cut short
    t2(inbox / "甲县水利局.xlsx", "甲县水利局", 500, 500, 450, 225)
    summary, rows = merged(inbox)
    assert rows == [("甲县教育局", 900, "甲县汇总（上次）.xlsx"), ("甲县水利局", 450, "甲县水利局.xlsx"),
                    ("合计（2 个）", 1350, None)]
    assert {name: state for name, (state, _) in placements(summary).items()} == {
        "甲县教育局.xlsx": "not-merged", "甲县水利局.xlsx": "merged", "甲县汇总（上次）.xlsx": "merged"}
    assert summary.failed
