"""Contradictions planted in seed 003 (a report that agrees with itself and its tables): each is
found, quoted and placed; the clean report gives none (test_seeds)."""

from __future__ import annotations

import pytest

from tests.helpers.reports import requires_seeds, seed_docx, seed_facts
from workbooks.narrative.report import check_report

pytestmark = requires_seeds

PLANTED = {
    "share": ({"基本支出1333.74万元，占96.1%": "基本支出1333.74万元，占94.1%"}, [
        ("report-share-mismatch", "第229段", "96.1%", "94.1%"),
        ("report-shares-total", "第229段", "100%", "98.0%")]),
    "part": ({"其中工资和福利支出为 967.99 万元": "其中工资和福利支出为 977.99 万元"}, [
        ("report-part-exceeds", "第316段", "1333.74万元", "1343.74万元")]),
    "project": ({"其中基本支出 1333.74 万元, 项目支出 53.79 万元, 结余结转": "其中基本支出 1333.74 万元, 项目支出 63.79 万元, 结余结转"}, [
        ("report-part-exceeds", "第316段", "1387.53万元", "1397.53万元"),
        ("report-stated-twice", "第316段", "53.79万元", "63.79万元"),
        ("report-table-mismatch", "第316段", "53.79万元", "63.79万元")]),
    "grade": ({"绩效评价结果为优": "绩效评价结果为良"}, [
        ("report-stated-twice", "第372段", "良", "优"),
        ("report-table-mismatch", "第288段", "优", "良")]),
    "sangong": ({"支出预算为9万元，支出决算为7.94万元": "支出预算为9万元，支出决算为8.94万元"}, [
        ("report-share-mismatch", "第265段", "21.7%", "24.4%"),
        ("report-share-mismatch", "第265段", "67.1%", "75.6%"),
        ("report-table-mismatch", "第259段", "7.94万元", "8.94万元")]),
}


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    return seed_facts("003", tmp_path_factory.mktemp("tables"))


@pytest.mark.parametrize("name", PLANTED)
def test_planted_contradiction_is_found(name, facts, tmp_path):
    changes, expected = PLANTED[name]
    report = check_report(seed_docx("003", tmp_path / "报告.docx", changes), facts)
    assert [(f.type, f.cell, f.expected, f.actual) for f in report.findings] == expected


def test_table_mismatch_names_every_cell_holding_the_figure(facts, tmp_path):
    changes, _ = PLANTED["project"]
    report = check_report(seed_docx("003", tmp_path / "报告.docx", changes), facts)
    assert report.findings[2].message == (
        "报告中“项目支出”为 63.79万元，表格中为 53.79万元（003-附件.xlsx“公开03表”E7（合计·项目支出）、"
        "003-附件.xlsx“公开05表”E7（合计·项目支出）；第316段：“2021 年支出 1387.53 万元, 其中基本支出 1333.74 万元, "
        "项目支出 63.79 万元, 结余结转 0 万元。”）")
