"""jixiao merge with the units' 自评报告: 报告一致性 in each unit's row, the reports' findings in
问题清单, every report in exactly one place."""

from __future__ import annotations

import python_calamine
from click.testing import CliRunner

from addin.cli import main
from tests.helpers.reports import requires_seeds, seed_docx, seed_workbook
from workbooks.check import gather
from workbooks.narrative.batch import take_reports
from workbooks.summary import merge, write_summary

pytestmark = requires_seeds


def inbox(tmp_path):
    folder = tmp_path / "收文"
    for number, unit in (("001", "洪江"), ("003", "株洲"), ("004", "桃江")):
        (folder / unit).mkdir(parents=True)
        seed_workbook(number, folder / unit / "附件.xlsx")
    seed_docx("001", folder / "洪江" / "自评报告.docx")
    seed_docx("001", folder / "洪江" / "自评报告（初稿）.docx", {"项目支出149.27万元。": "项目支出139.27万元。"})
    seed_docx("003", folder / "株洲" / "自评报告.docx")
    (folder / "开福").mkdir()
    seed_docx("000", folder / "开福" / "自评报告.docx")
    return folder


def test_each_units_row_says_whether_its_report_agrees(tmp_path):
    folder = inbox(tmp_path)
    found = gather([folder])
    reports = take_reports(found)
    summary = merge(found.paths, reports=reports)
    assert sorted((row["unit"], row["report"]) for row in summary.units.values()) == [
        ("株洲市社会保险服务中心", "一致"), ("桃江县社会保险服务中心", "未提交报告"), ("洪江区社会保险服务中心", "6 处不一致")]
    placed = {p.path.relative_to(folder).as_posix(): (p.state, p.reason) for p in summary.placements
              if p.path.suffix == ".docx"}
    assert placed == {
        "开福/自评报告.docx": ("not-merged", "自评报告未能对应到任何单位的表格（报告所述单位：未写明）"),
        "株洲/自评报告.docx": ("merged", ""),
        "洪江/自评报告.docx": ("merged", ""),
        "洪江/自评报告（初稿）.docx": ("duplicate", f"同一单位另有较新的自评报告 {folder / '洪江' / '自评报告.docx'}（按文件名，未标稿次的文件名晚于“初稿”）"),
    }
    listed = [(item.unit, item.finding.type, item.finding.cell) for item in summary.findings
              if item.finding.template == "报告"]
    assert listed == [
        ("", "report-part-exceeds", "第3段"),
        ("洪江区社会保险服务中心", "report-part-misses", "第27段"),
        ("洪江区社会保险服务中心", "report-part-exceeds", "第29段"),
        ("洪江区社会保险服务中心", "report-table-mismatch", "第21段"),
        ("洪江区社会保险服务中心", "report-table-mismatch", "第29段"),
        ("洪江区社会保险服务中心", "report-table-mismatch", "第29段"),
        ("洪江区社会保险服务中心", "report-table-mismatch", "第47段")]


def test_the_column_is_written_and_read_back(tmp_path):
    folder = inbox(tmp_path)
    result = CliRunner().invoke(main, ["merge", str(folder), "-o", str(tmp_path / "县汇总.xlsx")])
    assert result.exit_code == 1                       # 开福's report has no tables; 洪江's workbook has errors
    rows = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "县汇总.xlsx")).get_sheet_by_name("汇总").to_python()
    header = next(row for row in rows if "报告一致性" in row)
    column, unit = header.index("报告一致性"), header.index("单位名称")
    assert sorted((row[unit], row[column]) for row in rows[rows.index(header) + 1:] if row[column]) == [
        ("株洲市社会保险服务中心", "一致"), ("桃江县社会保险服务中心", "未提交报告"), ("洪江区社会保险服务中心", "6 处不一致")]
    city = CliRunner().invoke(main, ["merge", str(tmp_path / "县汇总.xlsx"), "-o", str(tmp_path / "市汇总.xlsx")])
    assert "未合并 0" in city.output
