"""The county summary and the annotated copy print as a 财政局 prints a table: A4 landscape, fit to
the width, header rows on every page, page numbers, 金额单位 over the tables of amounts, a title
naming the county and year; 执行率图 names every unit and holds no 小计."""

from __future__ import annotations

import datetime

import openpyxl
import pytest

from tests.workbooks.test_merge import county
from workbooks.annotate import write_findings_sheet
from workbooks.check import check_file, workbook_paths
from workbooks.summary import merge, write_summary
from workbooks.summary.write import shared_region

TABLES = {"汇总": "$1:$3", "项目": "$1:$1", "评分": "$1:$1", "问题清单": "$1:$1", "未合并": "$1:$1", "执行率图": "$1:$1"}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("print")
    summary = merge(list(workbook_paths([county(folder / "收文")])), jobs=1)
    return openpyxl.load_workbook(write_summary(summary, folder / "县汇总.xlsx"))


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_prints_on_a4_landscape_fit_to_width(book, name):
    sheet = book[name]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth or 1, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == TABLES[name]
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert sheet.oddHeader.right.text == ("金额单位：万元" if name == "项目" else None)   # 汇总: in its title rows


def test_the_title_names_the_year_and_the_unit_of_amounts(book):
    sheet = book["汇总"]
    assert sheet.max_column == 31 and sheet["AE3"].value == "来源文件"     # on screen, outside the print area
    assert sheet["A1"].value == "2021、2023年度预算绩效自评汇总表"     # four counties: no shared name
    # no region: the bureau is left blank for the hand, never a made-up name
    assert (sheet["A2"].value, sheet["P2"].value) == ("填报单位：　　　　　　　　（盖章）", "金额单位：万元")
    assert {str(r) for r in sheet.merged_cells.ranges if r.min_row <= 2} == {"A1:AD1", "A2:O2", "P2:AD2"}
    assert (sheet["A2"].alignment.horizontal, sheet["P2"].alignment.horizontal) == ("left", "right")
    assert [c.value for c in sheet[3]][:3] == ["序号", "单位名称", "年度"]
    assert sheet.print_area == "'汇总'!$A$1:$AD$10"


def test_the_foot_of_the_table_is_signed_and_dated_by_the_run(book):
    sheet = book["汇总"]
    made = book["说明"]["B1"].value                                         # 生成时间: 2026-11-30 16:55:02
    year, month, day = (int(part) for part in made[:10].split("-"))
    foot = [(c.coordinate, c.value) for c in sheet[10] if c.value is not None]
    assert [c.value for c in sheet[8]][1] == "合计（4 个）" and all(c.value is None for c in sheet[9])
    assert foot == [("A10", "单位负责人："), ("G10", "财务负责人："), ("M10", "填表人："), ("S10", "联系电话："),
                    ("Y10", f"制表日期：{year}年{month}月{day}日")]
    assert {str(r) for r in sheet.merged_cells.ranges if r.min_row == 10} == {"A10:F10", "G10:L10", "M10:R10", "S10:X10",
                                                                               "Y10:AD10"}


@pytest.mark.parametrize(("region", "bureau", "shown"), [
    ("甲县", None, "甲县财政局"), ("某市/甲县", None, "甲县财政局"), ("某省", None, "某省财政厅"),
    ("广西壮族自治区", None, "广西壮族自治区财政厅"), ("甲县", "甲县财政局绩效股", "甲县财政局绩效股"), ("甲县", "", "　" * 8),
])
def test_the_bureau_is_the_regions_unless_named(tmp_path, region, bureau, shown):
    summary = merge(list(workbook_paths([county(tmp_path / "收文")])), region=region, jobs=1)
    sheet = openpyxl.load_workbook(write_summary(summary, tmp_path / "汇总.xlsx", region=region, bureau=bureau))["汇总"]
    assert sheet["A2"].value == f"填报单位：{shown}（盖章）"


@pytest.mark.parametrize(("units", "region"), [
    (["示例县交通运输局", "示例县教育局"], "示例县"), (["示例县人力资源和社会保障局", "示例县人民医院"], "示例县"),
    (["株洲市社会保险服务中心"], "株洲市"), (["洪江区社会保险服务中心", "湘阴县人社局"], ""), ([], ""),
])
def test_a_title_without_region_takes_the_county_all_units_name(units, region):
    assert shared_region(units) == region


def test_the_rates_chart_names_every_unit_and_no_subtotal(book):
    rows = [[c.value for c in row] for row in book["执行率图"].iter_rows(max_col=2)]
    units = [r[0] for r in rows[1:]]
    assert rows[0] == ["单位名称", "执行率"] and len(units) == 4
    assert all(u.startswith("=汇总!$B$") for u in units)


def test_the_annotated_copys_findings_print_on_a4_landscape(tmp_path):
    path = tmp_path / "附件.xlsx"
    folder = county(tmp_path / "收文")
    report = check_file(folder / "株洲.xlsx")
    workbook = openpyxl.Workbook()
    sheet = write_findings_sheet(workbook, report.findings)
    workbook.save(path)
    sheet = openpyxl.load_workbook(path)["校验结果"]
    today = datetime.date.today()
    assert sheet.oddHeader.left.text == f"校验日期：{today.year}年{today.month}月{today.day}日"
    assert sheet.oddHeader.right.text == "错误 1 条，提示 1 条" and sheet.max_row == 3
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth or 1, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.print_title_rows == "$1:$1" and sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert [sheet.column_dimensions[c].width for c in "ABCDEFGHI"] == [24, 8, 14, 8, 20, 6, 60, 12, 12]
    assert sheet["A2"].alignment.wrap_text and sheet["G2"].alignment.wrap_text
    paths = [row for row in range(2, sheet.max_row + 1) if len(str(sheet.cell(row, 1).value)) > 12]
    assert paths and all(sheet.row_dimensions[row].height > 30 for row in paths)   # a long path takes its lines


def test_a_city_summarys_rates_chart_holds_units_not_subtotals(tmp_path):
    for name in ("甲县", "乙县"):
        paths = list(workbook_paths([county(tmp_path / name)]))
        write_summary(merge(paths, region=name, jobs=1), tmp_path / "汇总" / f"{name}.xlsx", region=name)
    city = openpyxl.load_workbook(write_summary(merge(sorted((tmp_path / "汇总").iterdir()), region="某市", jobs=1),
                                                tmp_path / "市汇总.xlsx", region="某市"), data_only=True)
    units = [row[0].value for row in city["执行率图"].iter_rows(min_row=2, max_col=1)]
    listed = [row[2].value for row in city["汇总"].iter_rows(min_row=4) if row[2].value and row[2].value != "小计"
              and not str(row[2].value).startswith("合计")]
    numbers = [row[0].value for row in city["汇总"].iter_rows(min_row=4, max_row=city["汇总"].max_row - 2)
               if row[0].value is not None]
    assert numbers == list(range(1, 9))                                   # 序号 over the units, not the 小计
    assert units == listed and len(units) == 8
    assert city["汇总"]["A1"].value == "某市2021、2023年度预算绩效自评汇总表"
    assert city["汇总"]["A2"].value == "填报单位：某市财政局（盖章）"


@pytest.mark.parametrize("name", ["汇总", "问题清单", "未合并", "说明"])
def test_long_text_in_a_table_wraps_in_rows_made_high_for_it(book, name):
    sheet = book[name]
    merged = {cell for r in sheet.merged_cells.ranges for row in sheet[r.coord] for cell in row}
    texts = [c for row in sheet.iter_rows(min_row=2) for c in row
             if isinstance(c.value, str) and len(c.value) > 12 and c.data_type != "f" and c not in merged]
    assert texts and [c.coordinate for c in texts if not c.alignment.wrap_text] == []


def test_a_findings_figures_print_in_fixed_decimals_in_the_summary_and_the_annotated_copy(book):
    from workbooks.annotate import write_findings_sheet
    from workbooks.checks.findings import finding

    sheet = book["问题清单"]
    columns = [c.column for c in sheet[1] if c.value in ("应为", "实际")]
    figures = [sheet.cell(r, c) for r in range(2, sheet.max_row + 1) for c in columns
               if type(sheet.cell(r, c).value) is float]
    assert figures and {c.number_format for c in figures} == {"#,##0.00##"}
    copy = openpyxl.Workbook()
    write_findings_sheet(copy, [finding("overstaffed", actual=117 / 115, file="甲.xlsx", sheet="附件2-1", cell="D5"),
                                finding("sum-mismatch", label="合计", expected=3697400.0, actual=37, file="甲.xlsx")])
    listed = copy["校验结果"]
    assert [(c.value, c.number_format) for c in (listed["H2"], listed["I2"], listed["H3"], listed["I3"])] == [
        (None, "General"), (117 / 115, "#,##0.00##"), (3697400.0, "#,##0.00##"), (37, "General")]
