"""Layouts people make, checked for the exact findings and the fields read."""

from __future__ import annotations

import openpyxl

from tests.helpers import layouts, official
from workbooks.check import check_file


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
