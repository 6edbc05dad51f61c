"""What a bureau's inbox really holds (DOMAIN.md), each situation with its exact figures: 合计 to the
cent, the file kept and why, the finding's cell."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import official
from tests.helpers.inbox import fake_summary, set_saved, sheet_records, t1, t2, t2_without_results
from workbooks.check import workbook_paths
from workbooks.summary import merge, write_summary


def merged(folder: Path, out: Path | None = None, **kw):
    summary = merge(list(workbook_paths([folder])), jobs=1, **kw)
    path = write_summary(summary, out or folder.parent / "县汇总.xlsx")
    return summary, sheet_records(path, "汇总")


def findings(summary, *types):
    return [(f.unit, Path(f.finding.file).name, f.finding.sheet, f.finding.cell, f.finding.type)
            for f in summary.findings if f.finding.type in types]


def placements(summary):
    return {p.path.name: (p.state, p.reason) for p in summary.placements}


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    official.write(folder / "株洲.xlsx", {"自评表": official.seed_003_t2(**official.REASON_003)})          # 全年执行数 1387.53
    official.write(folder / "洪江-附件2-2.xlsx", {"附件2-2": official.seed_001_t2()})  # 351.25
    return folder


def test_an_earlier_summary_in_the_inbox_never_doubles_the_total(inbox):
    first, rows = merged(inbox, inbox / "县汇总（上次）.xlsx")
    assert rows[-1]["全年执行数"] == 1738.78
    again, rows = merged(inbox)
    assert again.line == "收到 3 个文件：合并 2，未合并 0，重复 1"
    assert placements(again)["县汇总（上次）.xlsx"] == ("duplicate", "所含 2 个单位均另有本单位文件，以其为准")
    assert [(r["单位名称"], r["全年执行数"]) for r in rows] == [
        ("株洲市社会保险服务中心", 1387.53), ("洪江区社会保险服务中心", 351.25), ("合计（2 个）", 1738.78)]
    assert len(again.findings) == len(first.findings)


def test_an_earlier_summary_written_with_a_region_never_doubles_a_merge_without_one(inbox):
    summary = merge(list(workbook_paths([inbox])), region="某县", jobs=1)
    write_summary(summary, inbox / "县汇总（上次）.xlsx", region="某县")
    again, rows = merged(inbox)
    assert placements(again)["县汇总（上次）.xlsx"] == ("duplicate", "所含 2 个单位均另有本单位文件，以其为准")
    assert [(r["单位名称"], r["全年执行数"]) for r in rows] == [
        ("株洲市社会保险服务中心", 1387.53), ("洪江区社会保险服务中心", 351.25), ("合计（2 个）", 1738.78)]


def test_a_unit_only_in_the_earlier_summary_comes_from_it_and_its_own_file_wins_elsewhere(inbox):
    earlier, _ = merged(inbox, inbox / "县汇总（上次）.xlsx")
    assert [r["errors"] for r in earlier.rows("units")] == [0, 1]      # 洪江: its 评价等次 blank
    (inbox / "洪江-附件2-2.xlsx").unlink()
    summary, rows = merged(inbox)
    assert summary.line == "收到 2 个文件：合并 2，未合并 0，重复 0"
    assert placements(summary)["县汇总（上次）.xlsx"] == ("merged", "其中 株洲市社会保险服务中心 另有本单位文件，以其为准")
    assert [(r["单位名称"], r["全年执行数"], r["错误数"]) for r in rows] == [
        ("株洲市社会保险服务中心", 1387.53, 0), ("洪江区社会保险服务中心", 351.25, 1), ("合计（2 个）", 1738.78, 1)]


def test_a_file_calling_itself_a_summary_with_an_implausible_unit_is_not_merged(inbox):
    fake_summary(inbox / "汇总（外来）.xlsx", [["虚构单位", 2024, 99_999_999, 99_999_999, 99_999_999, 1, 95, "优"]],
                 ["合计（1 个）", None, 99_999_999, 99_999_999, 99_999_999, 1])
    summary, rows = merged(inbox)
    assert summary.line == "收到 3 个文件：合并 2，未合并 1，重复 0"
    state, reason = placements(summary)["汇总（外来）.xlsx"]
    assert state == "not-merged"
    assert reason == ("汇总表未通过校验（3 处）：C3：“年初预算数”为 99,999,999.00 万元，超过 500,000 万元，疑似以元填报；"
                      "D3：“全年预算数”为 99,999,999.00 万元，超过 500,000 万元，疑似以元填报；"
                      "E3：“全年执行数”为 99,999,999.00 万元，超过 500,000 万元，疑似以元填报")
    assert findings(summary, "summary-invalid") == [("", "汇总（外来）.xlsx", "汇总", c, "summary-invalid") for c in ("C3", "D3", "E3")]
    assert rows[-1]["全年执行数"] == 1738.78 and "虚构单位" not in [r["单位名称"] for r in rows]


@pytest.mark.parametrize(("row", "total", "reason"), [
    (["某单位", 2024, 100, 120, 108, 0.9, 95, "优"], ["合计（1 个）", None, 100, 120, 100, 0.9],
     "汇总表未通过校验（1 处）：E4：合计行“全年执行数”为 100.00 万元，各行之和为 108.00 万元"),
    (["某单位", 2024, 100, 120, 108, 0.95, 95, "优"], ["合计（1 个）", None, 100, 120, 108, 0.9],
     "汇总表未通过校验（1 处）：F3：“执行率”为 95.00%，按本行数据应为 90.00%"),
    (["某单位", 2024, 100, 120, 108, 0.9, 85, "优"], ["合计（1 个）", None, 100, 120, 108, 0.9],
     "汇总表未通过校验（1 处）：H3：“评价等次”为“优”，按本行自评得分 85.00 应为“良”"),
    (["某单位", 2024, 50, 60, 54, 0.9, 95, "优"], ["合计（2 个）", None, 100, 120, 108, 0.9],
     "汇总表未通过校验（1 处）：A4：单位“某单位”出现了两次"),
])
def test_a_summary_whose_rows_do_not_follow_from_its_figures_is_not_merged(tmp_path, row, total, reason):
    folder = tmp_path / "收文"
    folder.mkdir()
    fake_summary(folder / "乙县.xlsx", [row] if row[2] == 100 else [row, row], total)
    summary, rows = merged(folder)
    assert placements(summary)["乙县.xlsx"] == ("not-merged", reason)
    assert rows == [dict(rows[0], 单位名称="合计（0 个）")] and rows[0]["全年执行数"] == 0


def test_a_file_calling_itself_a_summary_without_a_units_table_is_not_merged(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    fake_summary(folder / "乙县.xlsx", [["某单位", 108]], ["合计", 108], header=["名称", "金额"])
    summary, rows = merged(folder)
    assert placements(summary)["乙县.xlsx"] == ("not-merged", "汇总表中没有“汇总”工作表或其“单位名称”列，无法核对")


def test_a_valid_summary_made_elsewhere_brings_its_units(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    fake_summary(folder / "乙县.xlsx", [["某单位", 2024, 100, 120, 108, 0.9, 95, "优"]],
                 ["合计（1 个）", None, 100, 120, 108, 0.9])
    summary, rows = merged(folder)
    assert summary.line == "收到 1 个文件：合并 1，未合并 0，重复 0"
    assert [(r["单位名称"], r["全年执行数"], r["执行率"], r["评价等次"]) for r in rows] == [
        ("某单位", 108, 0.9, "优"), ("合计（1 个）", 108, 0.9, 1)]


def test_amounts_ten_thousand_times_the_units_other_file_are_yuan_and_stay_out_of_the_total(inbox):
    t1(inbox / "乙局-基础数据表.xlsx", "某县乙局", 4.5)
    t2(inbox / "乙局-自评表.xlsx", "某县乙局", 300_000, 300_000, 290_000, 245_000)     # 元: 项目支出 45,000
    summary, rows = merged(inbox)
    assert findings(summary, "unit-yuan") == [("某县乙局", "乙局-自评表.xlsx", "附件2-2", "D12", "unit-yuan")]
    [found] = [f.finding for f in summary.findings if f.finding.type == "unit-yuan"]
    assert (found.severity, found.actual, found.expected) == ("error", 45_000, 4.5)
    yi = next(r for r in rows if r["单位名称"] == "某县乙局")
    assert (yi["全年执行数"], yi["项目支出"], yi["执行率"], yi["编制数"], yi["错误数"]) == (None, None, None, 20, 1)
    assert yi["备注"] == "金额疑似以元填报，未计入合计（年初预算数 300,000.00，全年预算数 300,000.00，全年执行数 290,000.00）"
    total = rows[-1]
    assert (total["全年执行数"], total["全年预算数"], total["编制数"]) == (1738.78, 1738.78, 20)
    assert total["备注"] == "不含 某县乙局 的金额（疑似以元填报，见问题清单）"
    assert summary.failed


def test_amounts_ten_thousand_times_the_units_row_in_a_summary_are_yuan(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    t2(folder / "甲局.xlsx", "某县甲局", 10, 12, 11, 6)
    merged(folder, folder / "县汇总（上次）.xlsx")
    t2(folder / "甲局.xlsx", "某县甲局", 100_000, 120_000, 110_000, 60_000)          # sent again, in 元
    summary, rows = merged(folder)
    assert findings(summary, "unit-yuan") == [("某县甲局", "甲局.xlsx", "附件2-2", "B5", "unit-yuan")]
    [found] = [f.finding for f in summary.findings if f.finding.type == "unit-yuan"]
    assert found.message == ("“年初预算数”为 100,000.00 万元，是汇总表“县汇总（上次）.xlsx”中同一单位 10.00 万元的一万倍，"
                             "疑似以元为单位填报（应为万元）；该单位金额未计入汇总合计")
    assert [(r["单位名称"], r["全年执行数"], r["错误数"]) for r in rows] == [("某县甲局", None, 1), ("合计（1 个）", 0, 1)]


def test_a_unit_total_above_half_a_million_wan_is_yuan(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    official.write(folder / "株洲（元）.xlsx", {"自评表": official.seed_003_t2(
        C4=13_667_700, D4=13_875_300, E4=13_875_300, C5=13_667_700, D5=13_875_300)})
    summary, rows = merged(folder)
    [found] = [f.finding for f in summary.findings if f.finding.type == "unit-yuan"]
    assert (found.sheet, found.cell, found.actual, found.expected) == ("自评表", "D4", 13_875_300, 1387.53)
    assert (rows[0]["全年执行数"], rows[-1]["全年执行数"]) == (None, 0)


def test_a_header_that_says_yuan_is_read_and_converted_with_a_warning(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    official.write(folder / "株洲.xlsx", {"自评表": official.seed_003_t2(
        A3="资金情况 (元)", C4=13_667_700, D4=13_875_300, E4=13_875_300, C5=13_667_700, D5=13_875_300)})
    summary, rows = merged(folder)
    assert [(f.finding.type, f.finding.severity, f.finding.actual) for f in summary.findings
            if f.finding.type in ("amount-in-yuan", "unit-yuan")] == [("amount-in-yuan", "warning", "资金情况 (元)")]
    assert (rows[0]["年初预算数"], rows[0]["全年执行数"], rows[-1]["全年执行数"]) == (1366.77, 1387.53, 1387.53)


def test_a_file_saved_without_results_shows_its_computed_figures_and_grade(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    t2(folder / "甲局.xlsx", "某县甲局", 100, 120, 108, 60)
    t2_without_results(folder / "丙局.xlsx", "某县丙局", 50, 60, 57, 30, grade="优", scores=(30, 25, 20))
    summary, rows = merged(folder)
    bing = next(r for r in rows if r["单位名称"] == "某县丙局")
    assert (bing["年初预算数"], bing["全年预算数"], bing["全年执行数"], bing["执行率"], bing["执行率得分"]) == (50, 60, 57, 0.95, 9.5)
    assert (bing["自评得分"], bing["评价等次"], bing["项目支出"]) == (84.5, "良", 27)
    assert findings(summary, "not-recalculated", "formula-overwritten") == [
        ("某县丙局", "丙局.xlsx", "附件2-2", "H28", "formula-overwritten"), ("某县丙局", "丙局.xlsx", "附件2-2", "", "not-recalculated")]
    assert (rows[-1]["全年预算数"], rows[-1]["全年执行数"], rows[-1]["执行率"]) == (180, 165, pytest.approx(165 / 180))
    grades = {r["评价等次"]: r["单位数"] for r in sheet_records(folder.parent / "县汇总.xlsx", "等次分布")}
    assert grades == {"优": 1, "良": 1, "中": 0, "差": 0, "未评定": 0}


@pytest.mark.parametrize(("older", "newer", "why"), [
    ("审计局（初稿）", "审计局（修改稿）", "按文件名，“修改稿”晚于“初稿”"),
    ("审计局（第2稿）", "审计局（第三稿）", "按文件名，“第三稿”晚于“第2稿”"),
    ("审计局（修订稿）", "审计局（定稿）", "按文件名，“定稿”晚于“修订稿”"),
    ("审计局-修改稿", "审计局-修改稿2", "按文件名，“修改稿2”晚于“修改稿”"),
    ("审计局（草稿）", "审计局", "按文件名，未标稿次的文件名晚于“草稿”"),
])
def test_a_draft_and_its_revision_resolve_by_name_whatever_the_file_times(tmp_path, older, newer, why):
    folder = tmp_path / "收文"
    folder.mkdir()
    kept = t2(folder / f"{newer}.xlsx", "某县审计局", 100, 120, 108, 60)
    replaced = t2(folder / f"{older}.xlsx", "某县审计局", 100, 120, 100, 60)
    set_saved(replaced, "2030-01-01T00:00:00Z")                     # saved later, by its own account
    os.utime(kept, (1_600_000_000, 1_600_000_000))
    summary, rows = merged(folder)
    assert placements(summary) == {f"{newer}.xlsx": ("merged", ""), f"{older}.xlsx": (
        "duplicate", f"同一单位同一表格另有较新的版本 {kept}，已保留该文件（{why}）")}
    assert rows[-1]["全年执行数"] == 108


def test_a_revision_that_states_no_year_replaces_the_draft_of_its_year(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    t2(folder / "审计局（初稿）.xlsx", "某县审计局", 100, 120, 100, 60)
    t2(folder / "审计局（修改稿）.xlsx", "某县审计局", 100, 120, 108, 60, year=None)
    summary, rows = merged(folder)
    assert placements(summary)["审计局（初稿）.xlsx"][0] == "duplicate"
    assert [(r["单位名称"], r["年度"], r["全年执行数"]) for r in rows] == [("某县审计局", None, 108), ("合计（1 个）", None, 108)]


def test_without_a_name_that_says_the_time_saved_inside_the_file_then_the_file_time_decide(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    a = set_saved(t2(folder / "审计局-a.xlsx", "某县审计局", 100, 120, 108, 60), "2024-06-02T08:00:00Z")
    b = set_saved(t2(folder / "审计局-b.xlsx", "某县审计局", 100, 120, 100, 60), "2024-06-01T08:00:00Z")
    os.utime(b, (2_000_000_000, 2_000_000_000))
    summary, rows = merged(folder)
    assert placements(summary)["审计局-b.xlsx"] == ("duplicate", f"同一单位同一表格另有较新的版本 {a}，已保留该文件"
                                                               "（文件内保存时间 2024-06-02T08:00:00Z 晚于 2024-06-01T08:00:00Z）")
    set_saved(b, "2024-06-02T08:00:00Z")
    summary, rows = merged(folder)
    assert placements(summary)["审计局-a.xlsx"] == ("duplicate", f"同一单位同一表格另有较新的版本 {b}，已保留该文件（文件修改时间较晚）")
    assert rows[-1]["全年执行数"] == 100


def test_unit_names_differing_inside_brackets_are_two_units_and_width_of_punctuation_is_one(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    t2(folder / "本级.xlsx", "某县教育局（本级）", 100, 120, 108, 60)
    t2(folder / "幼儿园.xlsx", "某县教育局（县实验幼儿园）", 10, 12, 11, 6)
    t2(folder / "本级（修改稿）.xlsx", " 某县教育局(本级) ", 100, 120, 110, 60)
    summary, rows = merged(folder)
    assert summary.line == "收到 3 个文件：合并 2，未合并 0，重复 1"
    assert [(r["单位名称"], r["全年执行数"]) for r in rows] == [
        ("某县教育局(本级)", 110), ("某县教育局（县实验幼儿园）", 11), ("合计（2 个）", 121)]


def test_project_spending_has_one_definition_and_separate_files_that_differ_are_a_finding(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    official.write(folder / "洪江-附件2-1.xlsx", {"附件2-1": official.seed_001_t1()})    # 项目支出 106.13
    official.write(folder / "洪江-附件2-2.xlsx", {"附件2-2": official.seed_001_t2()})    # 项目支出 149.27
    t1(folder / "乙局-基础数据表.xlsx", "某县乙局", 15.31)                              # no T2: T1 fills it
    summary, rows = merged(folder)
    assert [(r["单位名称"], r["项目支出"]) for r in rows] == [
        ("某县乙局", 15.31), ("洪江区社会保险服务中心", 149.27), ("合计（2 个）", 164.58)]
    [found] = [f.finding for f in summary.findings if f.finding.type == "cross-file-mismatch"]
    assert (Path(found.file).name, found.sheet, found.cell, found.actual, found.expected, found.severity) == (
        "洪江-附件2-2.xlsx", "附件2-2", "E9", 149.27, 106.13, "error")
    assert found.message == "“项目支出·全年执行数”为 149.27 万元，“洪江-附件2-1.xlsx”中“项目支出·本年决算数”为 106.13 万元"
