"""Rows inserted inside each repeating group (with openpyxl) are covered by the totals and the
defined names once LibreOffice recalculates."""

from __future__ import annotations

import re

import openpyxl
import pytest

from tests.helpers.fill import built_and_filled, counts_of
from tests.helpers.libreoffice import convert, requires_libreoffice
from tests.helpers.seeds import FILLS
from workbooks.edit import _group_bounds, insert_rows, shift_formula
from workbooks.model import compute, initial_values
from workbooks.spec import get_spec, layout

# (fill, group, column that takes a number in the new rows, total field over that column)
CASES = [
    ("T1-001", "specials", "actual", "special_actual"),
    ("T2-003", "indicators", "score", "total_score"),
    ("T3-003", "indicators", "score", "total_score"),
    ("T3-HN-002a", "expenses", "amount", "expense_total"),
    ("T4-004", "items", "self", "total_self"),
    ("T5-004", "items", "self", "total_self"),
    ("T7-002", "sangong_units", "reception", "sangong_sum_reception"),
]


def test_shift_formula_moves_only_references_at_or_below_the_row():
    formula = "=SUM($B$5:$B$9)+C4+'附件2-1'!D12+other!D12+jx_t1_unit"
    assert shift_formula(formula, "附件2-1", 6, 2, "附件2-1") == "=SUM($B$5:$B$11)+C4+'附件2-1'!D14+other!D12+jx_t1_unit"


@pytest.fixture(scope="module")
def inserted(tmp_path_factory):
    directory = tmp_path_factory.mktemp("insert")
    results = {}
    for case, group, column, total in CASES:
        template_id, values = FILLS[case]
        path, out = built_and_filled(template_id, values, directory / f"{case}.xlsx")
        spec = get_spec(template_id)
        before = _group_bounds(openpyxl.load_workbook(path), spec, group)
        insert_rows(path, spec, group, 2)
        workbook = openpyxl.load_workbook(path)
        first, last = _group_bounds(workbook, spec, group)
        col = out.groups[group].columns[column].col + 1
        for row in (last - 2, last - 1):          # the two new rows, inside the group
            workbook[spec.sheet].cell(row, col, 0.25)
        workbook.save(path)
        results[case] = (path, out, before, (first, last), total)
    return results


@requires_libreoffice
@pytest.mark.libreoffice
def test_totals_and_names_cover_inserted_rows(inserted, tmp_path):
    cases = sorted(inserted)
    converted = dict(zip(cases, convert([inserted[c][0] for c in cases], tmp_path / "lo")))
    for case in cases:
        path, out, before, after, total = inserted[case]
        assert after == (before[0], before[1] + 2), case
        spec = out.spec
        workbook = openpyxl.load_workbook(converted[case], data_only=True)
        name = spec.defined_name(total)
        cell = workbook.defined_names[name].attr_text.split("!")[1]
        stated = workbook[spec.sheet][cell.replace("$", "")].value
        original = _stated_total(case, total)
        assert stated == pytest.approx(original + 0.5), case
        assert _group_bounds(workbook, spec, next(g for c, g, *_ in CASES if c == case)) == after


def _stated_total(case, total):
    template_id, values = FILLS[case]
    out = layout(get_spec(template_id), counts_of(values))
    return compute(out, initial_values(out, values))[total]


@requires_libreoffice
@pytest.mark.libreoffice
def test_per_row_formulas_are_copied_into_new_rows(inserted):
    path, out, _, (first, last), _ = inserted["T2-003"]
    sheet = openpyxl.load_workbook(path)[out.spec.sheet]
    reference = out.groups["indicators"].columns["reference"].col + 1
    formula = sheet.cell(last - 1, reference).value
    assert formula.startswith("=IF(AND(ISNUMBER(") and set(re.findall(r"[A-Z]+(\d+)", formula)) == {str(last - 1)}
