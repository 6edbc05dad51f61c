"""jixiao merge on real folders of real files: the summary's cells, the 合计 row, the grade counts,
the findings, the not-merged list, summaries merged into a city summary, and hostile text."""

from __future__ import annotations

import os
import shutil
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from addin.cli import main
from tests.helpers import official
from tests.helpers.libreoffice import convert, requires_libreoffice
from workbooks.check import PARALLEL_FROM, workbook_paths
from workbooks.summary import merge
from workbooks.summary import write_summary


def county(folder, hostile=False):
    """Six submissions of the seeds, one corrupt file, the same bytes twice, one unit sent twice."""
    folder.mkdir(parents=True, exist_ok=True)
    official.write(folder / "洪江-附件2-1.xlsx", {"附件2-1": official.seed_001_t1()})
    official.write(folder / "洪江-附件2-2.xlsx", {"附件2-2": official.seed_001_t2()})
    official.write(folder / "株洲.xlsx", {"自评表": official.seed_003_t2(
        B2='=HYPERLINK("http://x","点我")' if hostile else "株洲市社会保险服务中心")})
    official.write(folder / "湘阴-项目.xlsx", {"Sheet1": official.seed_002_project(
        B3="=cmd|' /C calc'!A0" if hostile else "湘阴县人社局")})
    official.write(folder / "桃江-附件2.xlsx", {"附件2": official.seed_004_tree("T4")})
    official.write(folder / "桃江-附件5.xlsx", {"附件5": official.seed_004_tree("T5")})
    shutil.copy(folder / "株洲.xlsx", folder / "株洲（副本）.xlsx")
    old = official.write(folder / "洪江-附件2-2（旧）.xlsx", {"附件2-2": official.seed_001_t2(H15=9)})
    os.utime(old, (1_600_000_000, 1_600_000_000))
    (folder / "损坏.xlsx").write_bytes(b"PK\x03\x04broken")
    return folder


def table(sheet):
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[2] if sheet.title == "汇总" else rows[0]     # 汇总: under its title and 填报单位 line
    body = rows[3:-2] if sheet.title == "汇总" else rows[1:]   # 汇总: over a blank row and its sign-off
    return [dict(zip(header, row)) for row in body]


@pytest.fixture
def merged(tmp_path):
    paths = list(workbook_paths([county(tmp_path / "收文")]))
    summary = merge(paths, jobs=1)
    out = write_summary(summary, tmp_path / "县汇总.xlsx")
    return summary, openpyxl.load_workbook(out, data_only=True), paths


def test_every_input_ends_in_exactly_one_place(merged):
    summary, book, paths = merged
    assert summary.line == "收到 9 个文件：合并 6，未合并 1，重复 2"
    assert sorted(str(p.path) for p in summary.placements) == sorted(map(str, paths))
    about = [[c.value for c in row] for row in book["说明"].iter_rows()]
    top = next(i for i, row in enumerate(about) if row[0] == "去向")
    where = {row[1]: row[0] for row in about[top + 1:] if row[1]}
    assert sorted(where) == sorted(map(str, paths))                     # every input listed once
    listed = {r["文件"]: r["类别"] for r in table(book["未合并"])}
    assert listed == {f: state for f, state in where.items() if state != "已合并"}
    names = {f for r in table(book["汇总"]) for f in str(r["来源文件"] or "").split("；") if f}
    names |= {r["来源文件"] for r in table(book["项目"]) if r["来源文件"]}
    assert names == {os.path.basename(f) for f, state in where.items() if state == "已合并"}
    reasons = {os.path.basename(r["文件"]): (r["类别"], r["原因"]) for r in table(book["未合并"])}
    paths_by_name = {p.name: p for p in paths}
    assert reasons["损坏.xlsx"][0] == "未合并" and "损坏" in reasons["损坏.xlsx"][1]
    assert reasons["株洲（副本）.xlsx"][0] == "重复" and "完全相同" in reasons["株洲（副本）.xlsx"][1]
    assert reasons["洪江-附件2-2（旧）.xlsx"] == ("重复", f"同一单位同一表格另有较新的版本 {paths_by_name['洪江-附件2-2.xlsx']}，"
                                              "已保留该文件（按文件名，未标稿次的文件名晚于“（旧）”）")


def test_one_row_per_unit_with_its_figures(merged):
    _, book, _ = merged
    rows = {r["单位名称"]: r for r in table(book["汇总"])}
    zhuzhou = rows["株洲市社会保险服务中心"]
    assert (zhuzhou["年度"], zhuzhou["年初预算数"], zhuzhou["全年预算数"], zhuzhou["全年执行数"]) == (2021, 1366.77, 1387.53, 1387.53)
    assert (zhuzhou["执行率得分"], zhuzhou["产出指标得分"], zhuzhou["满意度指标得分"], zhuzhou["自评得分"], zhuzhou["评价等次"]) == (
        10, 50, 9.5, 99.5, "优")
    hongjiang = rows["洪江区社会保险服务中心"]        # 附件2-1 and 附件2-2 from two files, one row
    assert (hongjiang["编制数"], hongjiang["实际在职人数"], hongjiang["三公经费本年决算数"], hongjiang["项目支出"]) == (16, 16, 0.38, 149.27)
    assert hongjiang["评价等次"] == "优"                  # blank in the file: the grade its total gives
    assert hongjiang["错误数"] == 4 and len(hongjiang["来源文件"].split("；")) == 2
    assert set(rows) == {"株洲市社会保险服务中心", "洪江区社会保险服务中心", "湘阴县人社局", "桃江县社会保险服务中心", "合计（4 个）"}


def test_total_row_sums_amounts_and_recomputes_rates(merged):
    _, book, _ = merged
    sheet = book["汇总"]
    rows = table(sheet)
    total = rows[-1]
    units = rows[:-1]
    for column in ("年初预算数", "全年预算数", "全年执行数", "三公经费本年决算数", "项目支出", "编制数", "错误数", "提示数"):
        assert total[column] == pytest.approx(sum(r[column] or 0 for r in units)), column
    assert (total["全年执行数"], total["全年预算数"]) == (pytest.approx(1738.78), pytest.approx(1738.78))


def test_rates_are_live_formulas_over_the_sums(tmp_path, merged):
    summary, stored, _ = merged
    out = write_summary(summary, tmp_path / "f.xlsx")
    sheet = openpyxl.load_workbook(out)["汇总"]
    assert table(stored["汇总"])[-1]["执行率"] == 1          # its cached value: Σ执行数 / Σ预算数
    header = [c.value for c in sheet[3]]
    rate, executed, full = (header.index(h) + 1 for h in ("执行率", "全年执行数", "全年预算数"))
    last = sheet.max_row - 2                                # 合计, over the sign-off
    formula = sheet.cell(last, rate).value
    assert formula.startswith("=IF(AND(ISNUMBER(") and f"{sheet.cell(last, executed).coordinate}/" in formula
    assert sheet.cell(last, executed).value.startswith("=SUM(")


def test_grade_counts_projects_scores_and_findings(merged):
    _, book, _ = merged
    counts = {r["评价等次"]: r["单位数"] for r in table(book["等次分布"])}
    assert counts == {"优": 2, "良": 0, "中": 0, "差": 0, "未评定": 2}
    assert book["等次分布"]._charts and book["执行率图"]._charts
    projects = table(book["项目"])
    assert [(p["单位名称"], p["项目名称"], p["执行（支出）数"], p["自评得分"]) for p in projects[:-1]] == [
        ("湘阴县人社局", "社保基金征缴经费", 50, 95)]
    scores = {(r["评分表"], r["自评总分"]) for r in table(book["评分"])}
    assert scores == {("整体", 97), ("项目", 95)}
    findings = {(os.path.basename(r["文件"]), r["工作表"] or "", r["单元格"] or "", r["规则"]) for r in table(book["问题清单"])}
    assert ("洪江-附件2-1.xlsx", "附件2-1", "C7", "合计不符 JX101") in findings
    assert ("洪江-附件2-2.xlsx", "附件2-2", "B27", "等次为空 JX401") in findings
    assert ("损坏.xlsx", "", "", "文件损坏 JX000") in findings


def test_county_summaries_merge_into_a_city_summary(tmp_path):
    for name in ("甲县", "乙县"):
        paths = list(workbook_paths([county(tmp_path / name)]))
        write_summary(merge(paths, region=name, jobs=1), tmp_path / "汇总" / f"{name}.xlsx", region=name)
    counties = [table(openpyxl.load_workbook(tmp_path / "汇总" / f"{n}.xlsx", data_only=False)["汇总"]) for n in ("甲县", "乙县")]
    city = merge(sorted((tmp_path / "汇总").iterdir()), region="某市", jobs=1)
    assert city.line == "收到 2 个文件：合并 2，未合并 0，重复 0"
    out = write_summary(city, tmp_path / "市汇总.xlsx", region="某市")
    rows = table(openpyxl.load_workbook(out, data_only=True)["汇总"])
    units = [r for r in rows if r["单位名称"] not in ("小计",) and not str(r["单位名称"]).startswith("合计")]
    assert sorted((r["地区"], r["单位名称"]) for r in units) == sorted(
        (n, u["单位名称"]) for n, c in zip(("甲县", "乙县"), counties)
        for u in c if not str(u["单位名称"]).startswith(("合计", "小计")))
    assert [r["地区"] for r in rows if r["单位名称"] == "小计"] == ["乙县 小计", "甲县 小计"]
    total = rows[-1]
    assert total["全年执行数"] == pytest.approx(2 * 1738.78)
    assert total["单位名称"] == "合计（8 个）"
    assert len(city.findings) == 2 * len([f for f in merge(list(workbook_paths([tmp_path / "甲县"])), jobs=1).findings])


def test_hostile_text_stays_text(tmp_path):
    paths = list(workbook_paths([county(tmp_path / "收文", hostile=True)]))
    out = write_summary(merge(paths, jobs=1), tmp_path / "县汇总.xlsx")
    names = [r["单位名称"] for r in table(openpyxl.load_workbook(out, data_only=True)["汇总"])]
    assert '=HYPERLINK("http://x","点我")' in names and "=cmd|' /C calc'!A0" in names
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "HYPERLINK" not in sheet and "cmd|" not in sheet          # no formula carries them
    assert 'HYPERLINK("http://x","点我")' in strings.replace("&quot;", '"')


@requires_libreoffice
@pytest.mark.libreoffice
def test_summary_recalculates_in_libreoffice_to_its_stored_values(tmp_path, merged):
    summary, _, _ = merged
    out = write_summary(summary, tmp_path / "县汇总.xlsx")
    (recalculated,) = convert([out], tmp_path / "lo")
    stored = openpyxl.load_workbook(out, data_only=True)
    again = openpyxl.load_workbook(recalculated, data_only=True)
    formulas = openpyxl.load_workbook(out)
    checked = 0
    for name in ("汇总", "项目", "等次分布"):
        for row in formulas[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    before, after = stored[name][cell.coordinate].value, again[name][cell.coordinate].value
                    assert after == pytest.approx(before) if isinstance(before, float | int) else after in (before, None, ""), (
                        name, cell.coordinate, before, after)
                    checked += 1
    assert checked >= 30
    errors = [(s.title, c.coordinate) for s in again for row in s.iter_rows() for c in row
              if isinstance(c.value, str) and c.value.startswith(("#", "Err:"))]
    assert errors == []


def test_cli_merge_exit_codes_and_final_line(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    official.write(folder / "株洲.xlsx", {"自评表": official.seed_003_t2(**official.REASON_003)})   # with its reason for 9.5 of 10
    result = CliRunner().invoke(main, ["merge", str(folder), "-o", str(tmp_path / "县汇总.xlsx")])
    assert result.exit_code == 0, result.output
    assert "收到 1 个文件：合并 1，未合并 0，重复 0" in result.output and "%|" not in result.output
    (folder / "坏.xlsx").write_bytes(b"")
    result = CliRunner().invoke(main, ["merge", str(folder), "-o", str(tmp_path / "县汇总.xlsx")])
    assert result.exit_code == 1 and "未合并 1" in result.output
    assert CliRunner().invoke(main, ["merge", str(folder)]).exit_code == 2


def test_final_accounts_join_their_unit_and_are_compared_with_its_self_evaluation(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    official.write(folder / "株洲-自评.xlsx", {"自评表": official.seed_003_t2(**official.REASON_003)})
    official.write(folder / "株洲-决算.xlsx", official.seed_003_final_accounts())
    official.write(folder / "湘阴-收支.xlsx", {"收支情况": official.seed_002_finances()})
    summary = merge(list(workbook_paths([folder])), jobs=1)
    assert summary.line == "收到 3 个文件：合并 3，未合并 0，重复 0"
    out = write_summary(summary, tmp_path / "县汇总.xlsx")
    rows = {r["单位名称"]: r for r in table(openpyxl.load_workbook(out, data_only=True)["汇总"])}
    zhuzhou = rows["株洲市社会保险服务中心"]
    assert (zhuzhou["决算本年支出合计"], zhuzhou["决算基本支出"], zhuzhou["决算项目支出"]) == (1387.53, 1333.74, 53.79)
    assert (zhuzhou["决算三公经费预算数"], zhuzhou["决算三公经费决算数"]) == (9, 7.94)
    assert zhuzhou["全年执行数"] == 1387.53 and len(zhuzhou["来源文件"].split("；")) == 2
    xiangyin = rows["湘阴县人力资源和社会保障局"]
    assert (xiangyin["决算本年支出合计"], xiangyin["决算基本支出"], xiangyin["决算三公经费决算数"]) == (48929.9, 2768.2, 8.9)
    assert not [f for f in summary.findings if f.finding.type == "final-accounts-differ"]


def test_final_accounts_that_differ_from_the_self_evaluation_are_a_warning(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    official.write(folder / "株洲-自评.xlsx", {"自评表": official.seed_003_t2(E4=1380.00)})
    official.write(folder / "株洲-决算.xlsx", official.seed_003_final_accounts())
    summary = merge(list(workbook_paths([folder])), jobs=1)
    differ = [f.finding for f in summary.findings if f.finding.type == "final-accounts-differ"]
    assert [(f.severity, f.actual, f.expected) for f in differ] == [("warning", 1380.0, 1387.53)]
    assert "全年执行数" in differ[0].message and "决算本年支出合计" in differ[0].message


@pytest.mark.parametrize("finances_name", ["株洲-a收支.xlsx", "株洲-z收支.xlsx"])
def test_the_final_accounts_tables_win_over_the_finances_table_whichever_comes_first(tmp_path, finances_name):
    folder = tmp_path / "收文"
    folder.mkdir()
    official.write(folder / "株洲-决算.xlsx", official.seed_003_final_accounts())
    official.write(folder / finances_name, {"收支情况": official.seed_002_finances(B2="株洲市社会保险服务中心")})
    summary = merge(list(workbook_paths([folder])), jobs=1)
    [row] = summary.units.values()
    assert (row["final_total"], row["final_basic"], row["final_project"]) == (1387.53, 1333.74, 53.79)
    assert (row["final_sangong_budget"], row["final_sangong_actual"]) == (9, 7.94)
    assert len(row["files"]) == 2


def test_a_large_batch_merges_on_every_core_as_on_one(tmp_path):
    folder = county(tmp_path / "收文")
    for i in range(50):
        official.write(folder / f"项目{i:02d}.xlsx", {"Sheet1": official.seed_002_project(B2=f"项目{i}")})
    paths = list(workbook_paths([folder]))
    assert len(paths) >= PARALLEL_FROM
    one, every = merge(paths, jobs=1), merge(paths, jobs=2)
    assert every.line == one.line == "收到 59 个文件：合并 56，未合并 1，重复 2"
    assert [(p.path, p.state, p.reason) for p in every.placements] == [(p.path, p.state, p.reason) for p in one.placements]
    assert every.units == one.units and every.projects == one.projects
    assert [f.key for f in every.findings] == [f.key for f in one.findings]


def test_empty_cells_are_not_written_and_take_the_tables_borders(tmp_path, merged):
    summary, _, _ = merged
    out = write_summary(summary, tmp_path / "县汇总.xlsx")
    book = openpyxl.load_workbook(out)
    for name, first_row, columns in (("汇总", 4, 31), ("问题清单", 2, 11), ("项目", 2, 9)):
        sheet = book[name]
        [rule_range] = [str(r.sqref) for r in sheet.conditional_formatting
                        if any(rule.type == "containsBlanks" for rule in r.rules)]
        last = sheet.max_row - (2 if name == "汇总" else 0)          # 汇总's sign-off is no table row
        assert rule_range == f"A{first_row}:{openpyxl.utils.get_column_letter(columns)}{last}", name
        rule = next(rule for r in sheet.conditional_formatting for rule in r.rules)
        assert rule.dxf.border.left.style == "thin"
        assert all(c.value is not None for row in sheet.iter_rows(min_row=first_row) for c in row
                   if c.has_style and c.style_id and c.border.left.style), name   # no styled empty cell
