"""JX501 模板公式: in our templates a computed cell keeps its formula (a constant typed over it is an
error) and its stored result (a stale one is a warning)."""

import openpyxl

from tests.helpers.seeds import T3HN_002
from workbooks.build import build_template
from workbooks.check import check_file
from workbooks.checks import REGISTRY
from workbooks.spec import get_spec


def test_a_constant_typed_over_the_grade_formula(tmp_path):
    path = build_template(get_spec("T3-HN"), tmp_path / "p.xlsx", T3HN_002[0])
    types = REGISTRY["JX501"].types
    assert [r for r in check_file(path).rows if r[2] in types] == []
    workbook = openpyxl.load_workbook(path)
    cell = workbook.defined_names["jx_t3_hn_grade"].attr_text.split("!")[1].replace("$", "")
    workbook[get_spec("T3-HN").sheet][cell] = "良"
    workbook.save(path)
    # openpyxl saves formulas without results, as programs that do not calculate do: one warning says so
    assert [r for r in check_file(path).rows if r[2] in types] == [("项目自评表", cell, "formula-overwritten", "error"),
                                                               ("项目自评表", "", "not-recalculated", "warning")]
