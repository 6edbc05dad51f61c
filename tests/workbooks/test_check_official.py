"""Workbooks in the official layouts of the seeds, each with its expected findings as a small
table of (sheet, cell, rule, severity)."""

from __future__ import annotations

import pickle

import pytest

from tests.helpers import official
from workbooks.check import check_file


def findings_of(tmp_path, sheets, name="unit.xlsx"):
    report = check_file(official.write(tmp_path / name, sheets))
    return report, report.rows


def test_seed_001_basic_data_table_has_its_sangong_totals_left_blank(tmp_path):
    report, rows = findings_of(tmp_path, {"附件2-1": official.seed_001_t1()})
    assert [(e.spec.id, e.unit, e.year) for e in report.extracts] == [("T1", "洪江区社会保险服务中心", 2023)]
    assert rows == [("附件2-1", "C7", "sum-mismatch", "error"), ("附件2-1", "D7", "sum-mismatch", "error")]
    assert [(f.expected, f.actual) for f in report.findings] == [(0.5, None), (0.38, None)]


def test_seed_001_self_evaluation_leaves_its_grade_blank_under_100(tmp_path):
    report, rows = findings_of(tmp_path, {"附件2-2": official.seed_001_t2()})
    assert rows == [
        ("附件2-2", "", "field-not-found", "warning"),       # the table states no year
        ("附件2-2", "B26", "number-as-text", "warning"),     # “100分”
        ("附件2-2", "B27", "grade-blank", "error"),
    ]
    grade = report.findings[2]
    assert grade.expected == "优" and "优" in grade.message and "100" in grade.message


def test_seed_001_split_by_source_and_kind_each_match_a_total(tmp_path):
    report, _ = findings_of(tmp_path, {"附件2-2": official.seed_001_t2()})
    assert {k: v[0] for k, v in report.extracts[0].single.items()} == {
        "general": 351.25, "fund": 0, "nontax": 0, "other": 0, "basic": 201.98, "project": 149.27}


def test_seed_001_split_matching_no_total_is_an_error(tmp_path):
    _, rows = findings_of(tmp_path, {"附件2-2": official.seed_001_t2(E9=150.27)})
    assert ("附件2-2", "E7", "split-mismatch", "error") in rows


def test_seed_003_deducts_half_a_point_from_a_met_satisfaction_target(tmp_path):
    report, rows = findings_of(tmp_path, {"自评表": official.seed_003_t2()})
    # a hint for the score, and an error for the reason the 偏差原因 column does not give
    assert rows == [("自评表", "H21", "score-below-rule", "warning"), ("自评表", "I21", "reason-missing", "error")]
    extract = report.extracts[0]
    assert (extract.unit, extract.year, extract.values["total_score"], extract.values["grade"]) == (
        "株洲市社会保险服务中心", 2021, 99.5, "优")


@pytest.mark.parametrize(("changes", "expected"), [
    ({"H22": 98.5}, [("自评表", "H22", "sum-mismatch", "error")]),
    ({"I22": "等级: 良"}, [("自评表", "I22", "grade-mismatch", "error")]),
    ({"H12": 13, "H22": 100}, [("自评表", "H12", "score-out-of-range", "error")]),
    ({"F12": "4.40 万人", "H21": 10, "H22": 100}, [("自评表", "H12", "score-above-rule", "error"),
                                                  ("自评表", "I12", "reason-missing", "error")]),
    ({"G4": 0.98}, [("自评表", "G4", "rate-mismatch", "error")]),
    ({"H4": 9}, [("自评表", "H4", "score-below-rule", "warning")]),
    ({"D4": "1,387.53"}, [("自评表", "D4", "number-as-text", "warning")]),
    ({"D4": "一千多"}, [("自评表", "D4", "not-a-number", "error")]),
])
def test_seed_003_with_injected_defects(tmp_path, changes, expected):
    _, rows = findings_of(tmp_path, {"自评表": official.seed_003_t2(**changes)})
    own = {("自评表", "H21", "score-below-rule", "warning"), ("自评表", "I21", "reason-missing", "error")}
    assert [r for r in rows if r not in own] == expected


def test_error_value_in_an_input_is_reported(tmp_path):
    _, rows = findings_of(tmp_path, {"自评表": official.seed_003_t2(C5="#REF!")})
    assert ("自评表", "C5", "error-value", "error") in rows


def test_seed_002_project_table(tmp_path):
    report, rows = findings_of(tmp_path, {"Sheet1": official.seed_002_project()})
    assert rows == [("Sheet1", "B35", "number-as-text", "warning")]
    extract = report.extracts[0]
    assert extract.spec.id == "T3-HN"
    assert (extract.values["project"], extract.values["total_planned"], extract.values["county_spent"]) == (
        "社保基金征缴经费", 50, 50)
    assert [row["amount"] for row in extract.values["expenses"]] == [23, 13.7, 11.4, 0.2, 0.4, 1.3]


def test_seed_002_expense_total_off_by_more_than_rounding(tmp_path):
    _, rows = findings_of(tmp_path, {"Sheet1": official.seed_002_project(B23=51)})
    assert ("Sheet1", "B23", "sum-mismatch", "error") in rows


@pytest.mark.parametrize(("template", "sheet", "blank_rows"), [("T4", "附件2", ["G22", "G30"]), ("T5", "附件5", ["G24", "G31"])])
def test_seed_004_score_tables(tmp_path, template, sheet, blank_rows):
    report, rows = findings_of(tmp_path, {sheet: official.seed_004_tree(template)})
    assert report.extracts[0].spec.id == template and report.extracts[0].unit == "桃江县社会保险服务中心"
    assert rows == [(sheet, cell, "blank-score", "warning") for cell in blank_rows]


def test_seed_004_tree_defects(tmp_path):
    rows_of = lambda **c: findings_of(tmp_path, {"附件2": official.seed_004_tree("T4", **c)})[1]
    assert ("附件2", "B5", "tree-points", "error") in rows_of(B5="设定目标（8分）")
    assert ("附件2", "G14", "step-rule", "warning") in rows_of(G14=0.7, G51=96.7)   # 重点支出安排率 gives 0 or 1
    assert ("附件2", "G5", "score-out-of-range", "error") in rows_of(G5=2, G51=98)
    assert ("附件2", "G51", "sum-mismatch", "error") in rows_of(G51=99)


def test_seed_004_weights_that_deviate_are_hints(tmp_path):
    # one more point under 投入: 11 against the county's weight of 10, and the labels no longer add up
    report, rows = findings_of(tmp_path, {"附件2": official.seed_004_tree("T4", F5=2, G51=98)})
    deviate = [f for f in report.findings if f.type == "weights-deviate"]
    assert [(f.cell, f.severity, f.actual, f.expected) for f in deviate] == [("A5", "warning", 11, 10)]
    assert {("附件2", c, "tree-points", "error") for c in ("A5", "B5", "C5", "F51")} <= set(rows)


def test_seed_001_states_its_project_spending_differently_on_its_two_sheets(tmp_path):
    sheets = {"附件2-1": official.seed_001_t1(), "附件2-2": official.seed_001_t2()}
    report, rows = findings_of(tmp_path, sheets)
    assert [e.spec.id for e in report.extracts] == ["T1", "T2"]
    cross = [f for f in report.findings if f.type == "cross-sheet-mismatch"]
    assert [(f.sheet, f.cell, f.expected, f.actual) for f in cross] == [("附件2-2", "E9", 106.13, 149.27)]


def test_the_same_project_spending_on_both_sheets_agrees(tmp_path):
    sheets = {"附件2-1": official.seed_001_t1(), "附件2-2": official.seed_001_t2(E9=106.13, E7=245.12)}
    _, rows = findings_of(tmp_path, sheets)
    assert [r for r in rows if r[2] in ("cross-sheet-mismatch", "split-mismatch")] == []


def test_truncated_rate_is_a_hint(tmp_path):
    # 15 / 17 = 88.235…%: rounded 88.24%, cut off 88.23%
    _, rows = findings_of(tmp_path, {"附件2-1": official.seed_001_t1(B5=17, C5=15, D5=0.8823, C7=0.5, D7=0.38)})
    assert rows == [("附件2-1", "D5", "rate-truncated", "warning")]


def test_overstaffing_is_a_hint(tmp_path):
    _, rows = findings_of(tmp_path, {"附件2-1": official.seed_001_t1(C5=18, D5=1.125, C7=0.5, D7=0.38)})
    assert rows == [("附件2-1", "D5", "overstaffed", "warning")]


def test_parts_of_public_funds_above_their_total(tmp_path):
    _, rows = findings_of(tmp_path, {"附件2-1": official.seed_001_t1(B21=200, C7=0.5, D7=0.38)})
    assert rows == [("附件2-1", "B20", "part-exceeds-total", "error")]


def test_a_report_crosses_processes_without_the_rules_working_state(tmp_path):
    report = check_file(official.write(tmp_path / "株洲.xlsx", {"自评表": official.seed_003_t2()}))
    assert [c.extract for c in report.contexts] == report.extracts
    copy = pickle.loads(pickle.dumps(report))
    assert copy.contexts == [] and copy.rows == report.rows and copy.extracts[0].values == report.extracts[0].values
