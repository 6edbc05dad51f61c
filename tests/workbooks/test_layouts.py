"""Layouts people make, checked for the exact findings and the fields read."""

from __future__ import annotations

import openpyxl

from tests.helpers import layouts, official
from tests.helpers.libreoffice import convert, requires_libreoffice
from tests.helpers.seeds import T2_003, T3HN_002
from workbooks.build import build_template
from workbooks.check import check_file
from workbooks.spec import get_spec


def test_a_finances_table_followed_by_the_self_evaluation_on_the_same_sheet(tmp_path):
    report = check_file(official.write(tmp_path / "湘阴.xlsx", {"收支": layouts.finances_002_with_self_evaluation()}))
    (extract,) = report.extracts
    assert extract.spec.id == "T7" and report.rows == []
    assert [row["name"] for row in extract.values["assets_units"]] == ["1、局机关", "2、二级机构", "3、二级机构"]
    assert extract.rows["assets_units"] == [27, 28, 29]


def test_a_defect_in_the_last_block_is_still_found_at_its_cell(tmp_path):
    path = official.write(tmp_path / "湘阴.xlsx", {"收支": layouts.finances_002_with_self_evaluation(D29=5000)})
    # 5,000 typed as 在用固定资产 of an institution whose 合计 is blank
    assert check_file(path).rows == [("收支", "C27", "sum-mismatch", "error"), ("收支", "D27", "sum-mismatch", "error"),
                                     ("收支", "C29", "sum-mismatch", "error")]


def test_two_templates_stacked_on_one_sheet_are_both_found(tmp_path):
    report = check_file(official.write(tmp_path / "洪江.xlsx", {"自评": layouts.stacked_001()}))
    assert [(e.spec.id, e.unit, e.year) for e in report.extracts] == [
        ("T1", "洪江区社会保险服务中心", 2023), ("T2", "洪江区社会保险服务中心", 2023)]   # T2 takes the year of T1
    assert report.extracts[1].inherited == {"year": "自评!C4"}
    t2 = report.extracts[1]
    assert (t2.cells["unit"], t2.values["total_executed"], t2.cells["grade"]) == ((34, 1), 351.25, (58, 1))
    # T1's 三公经费 left blank; T2's project spending against T1's; T2's “100分”; its grade left blank
    assert report.rows == [("自评", "C7", "sum-mismatch", "error"), ("自评", "D7", "sum-mismatch", "error"),
                           ("自评", "B58", "number-as-text", "warning"), ("自评", "B59", "grade-blank", "error"),
                           ("自评", "E41", "cross-sheet-mismatch", "error")]


def _as_a_person_makes_it(path, rows, merges, widths=(22, 30, 16, 16, 16, 8, 8, 8, 30)):
    """Rows written with openpyxl as typed in Excel: merged cells, wide columns."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "附件2-2"
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                sheet.cell(r, c, value)
    for merged in merges:
        sheet.merge_cells(merged)
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(65 + i)].width = width
    workbook.save(path)
    return path


def test_a_blank_unit_name_is_missing_on_its_own_cell(tmp_path):
    rows = official.seed_001_t2(B3=None)
    path = _as_a_person_makes_it(tmp_path / "blank.xlsx", rows, ["B3:I3", "A4:B4", "A12:A13"])
    report = check_file(path)
    (extract,) = report.extracts
    assert extract.unit == "" and extract.cells["unit"] == (2, 1)
    assert report.rows == [("附件2-2", "B3", "required-missing", "error"), ("附件2-2", "", "field-not-found", "warning"),
                           ("附件2-2", "B26", "number-as-text", "warning"), ("附件2-2", "B27", "grade-blank", "error")]


def test_a_cell_holding_the_name_and_the_date_gives_the_name(tmp_path):
    rows = official.seed_004_tree("T4", A3="评价单位：桃江县社会保险服务中心   填报日期：2022年5月24日", F3=None)
    report = check_file(official.write(tmp_path / "桃江.xlsx", {"附件2": rows}, merges={"附件2": ["A3:H3"]}))
    (extract,) = report.extracts
    assert (extract.unit, extract.values["fill_date"], extract.year) == ("桃江县社会保险服务中心", "2022年5月24日", 2021)
    assert report.rows == [("附件2", "G22", "blank-score", "warning"), ("附件2", "G30", "blank-score", "warning")]


def test_a_project_name_after_a_half_width_colon_is_found(tmp_path):
    rows = official.seed_004_tree("T5")
    report = check_file(official.write(tmp_path / "桃江5.xlsx", {"附件5": rows}))
    (extract,) = report.extracts
    assert (extract.values["project"], extract.cells["project"]) == ("县财政对城乡居民养老保险基础养老金补助和缴费补助", (2, 5))


def test_the_year_of_a_project_period_serves_the_other_templates_of_the_workbook(tmp_path):
    # the self-evaluation table states no year; the project table's 项目起止时间 does
    sheets = {"项目": official.seed_002_project(), "附件2-2": official.seed_001_t2()}
    report = check_file(official.write(tmp_path / "湘阴.xlsx", sheets))
    assert [(e.spec.id, e.year, e.inherited) for e in report.extracts] == [
        ("T3-HN", 2021, {}), ("T2", 2021, {"year": "项目!B7"})]
    assert "field-not-found" not in [f.type for f in report.findings]


@requires_libreoffice
def test_our_templates_saved_as_xls_by_libreoffice_are_recognised_and_checked(tmp_path):
    # .xls keeps neither our marker nor our names: the tables are found by their labels
    built = [build_template(get_spec("T3-HN"), tmp_path / "项目.xlsx", T3HN_002[0]),
             build_template(get_spec("T2"), tmp_path / "整体.xlsx", T2_003)]
    project, whole = convert(built, tmp_path / "xls", to="xls")
    report = check_file(project)
    assert [(e.spec.id, e.ours, e.unit, e.year) for e in report.extracts] == [("T3-HN", False, "湘阴县人社局", 2021)]
    assert report.extracts[0].values["grade"] == "优" and report.errors == 0
    report = check_file(whole)
    assert [(e.spec.id, e.values["grade"]) for e in report.extracts] == [("T2", "优")]
    assert report.rows == [("附件2-2", "I24", "score-below-rule", "warning"), ("附件2-2", "J24", "reason-missing", "error")]


def test_a_number_where_the_grade_formula_stands_is_computed_not_a_grade_0(tmp_path):
    report = check_file(official.write(tmp_path / "洪江.xlsx", {"附件2-2": official.seed_001_t2(B27=0)}))
    grade = [f for f in report.findings if f.cell == "B27"]
    assert [(f.type, f.severity, f.expected, f.actual) for f in grade] == [("grade-uncached", "warning", "优", 0)]
