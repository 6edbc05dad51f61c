"""决算 tables (公开01–09表, seed 003) and 部门收支情况 tables (seed 002), in their official layouts."""

from __future__ import annotations

from tests.helpers import official
from workbooks.check import check_file

TAILS = [("公开02表", "C8", "code-tree-tail", "warning"), ("公开02表", "D8", "code-tree-tail", "warning"),
         ("公开03表", "C8", "code-tree-tail", "warning"), ("公开03表", "D8", "code-tree-tail", "warning"),
         ("公开05表", "C8", "code-tree-tail", "warning"), ("公开05表", "D8", "code-tree-tail", "warning")]


def rows_of(tmp_path, **changes):
    report = check_file(official.write(tmp_path / "决算.xlsx", official.seed_003_final_accounts(**changes)))
    return report, report.rows


def test_seed_003_gives_exactly_its_rounding_tails_and_no_error(tmp_path):
    report, rows = rows_of(tmp_path)
    assert [e.spec.id for e in report.extracts] == ["T6-01", "T6-02", "T6-03", "T6-04", "T6-05", "T6-07", "T6-08", "T6-09"]
    assert {(e.unit, e.year) for e in report.extracts} == {("株洲市社会保险服务中心", 2021)}
    assert rows == TAILS
    tail = report.findings[0]
    assert (tail.expected, tail.actual) == (1387.54, 1387.53) and "208" in tail.message


def test_a_changed_child_row_is_an_error_at_its_parent(tmp_path):
    _, rows = rows_of(tmp_path, **{"公开02表!C11": 52.45, "公开02表!D11": 52.45})
    assert [r for r in rows if r not in TAILS] == [("公开02表", "C9", "code-tree", "error"),
                                                  ("公开02表", "D9", "code-tree", "error")]


def test_a_class_row_missing_from_the_total(tmp_path):
    report, rows = rows_of(tmp_path, **{"公开03表!A19": "221", "公开03表!B19": "住房保障支出",
                                        "公开03表!C19": 10, "公开03表!D19": 10})
    assert [r for r in rows if r not in TAILS] == [("公开03表", "C7", "sum-mismatch", "error"),
                                                  ("公开03表", "D7", "sum-mismatch", "error")]
    assert [f.expected for f in report.findings if f.cell == "C7"] == [1397.53]


def test_a_changed_sangong_part(tmp_path):
    _, rows = rows_of(tmp_path, **{"公开07表!F8": 4.00})
    assert [r for r in rows if r not in TAILS] == [("公开07表", "A8", "sum-mismatch", "error")]


def test_totals_across_tables(tmp_path):
    _, rows = rows_of(tmp_path, **{"公开01表!C33": 1388.53, "公开01表!C37": 1388.53, "公开01表!C7": 1388.53})
    assert ("公开02表", "C7", "cross-sheet-mismatch", "error") in rows      # 01's 本年收入合计 against 02's 合计
    assert ("公开01表", "F37", "cross-sheet-mismatch", "error") not in rows
    _, rows = rows_of(tmp_path, **{"公开01表!F37": 1380})
    assert ("公开01表", "F37", "sum-mismatch", "error") in rows            # 支出总计 = 本年支出合计 + …
    _, rows = rows_of(tmp_path, **{"公开05表!C7": 1380, "公开05表!C8": 1380, "公开05表!D8": 1326.21, "公开05表!D7": 1326.21})
    assert ("公开05表", "C7", "cross-sheet-mismatch", "error") in rows      # 03 = 05: all money is 财政拨款


def test_seed_002_finances_are_clean_and_defects_are_found(tmp_path):
    report = check_file(official.write(tmp_path / "收支.xlsx", {"收支情况": official.seed_002_finances()}))
    assert [e.spec.id for e in report.extracts] == ["T7"] and report.rows == []
    assert report.extracts[0].values["sangong_units"][0]["name"] == "1、局机关"
    report = check_file(official.write(tmp_path / "收支2.xlsx", {"收支情况": official.seed_002_finances(B22=7.9)}))
    assert report.rows == [("收支情况", "B21", "sum-mismatch", "error"), ("收支情况", "B22", "sum-mismatch", "error")]
    report = check_file(official.write(tmp_path / "收支3.xlsx", {"收支情况": official.seed_002_finances(C15=2700)}))
    assert report.rows == [("收支情况", "C15", "sum-mismatch", "error")]       # 基本支出 ≠ 人员支出 + 公用支出
