"""Built templates, filled with the seeds' figures, recalculated by LibreOffice headless and by the
``formulas`` package: every computed cell equals the formula library's result, and no cell of any
template shows an error value."""

from __future__ import annotations

import warnings

import openpyxl
import pytest

from tests.helpers.fill import built_and_filled
from tests.helpers.libreoffice import convert, requires_libreoffice
from tests.helpers.seeds import FILLS
from workbooks.build import build_template
from workbooks.model import compute, initial_values
from workbooks.spec import builtin_specs, get_spec, layout

ERRORS = ("#DIV/0!", "#VALUE!", "#NAME?", "#REF!", "#N/A", "#NUM!", "#NULL!", "Err:")


def computed_cells(out, values):
    """(field name, row index or None, 1-based row, 1-based col, expected value) of every computed cell."""
    for name, f in out.fields.items():
        if not f.computed:
            continue
        if f.group is None:
            yield name, None, f.row + 1, f.col + 1, values.get(name)
        else:
            for i, row in enumerate(values[f.group]):
                yield name, i, out.groups[f.group].first_row + i + 1, f.col + 1, row.get(f.column)


def same(actual, expected) -> bool:
    if expected is None or expected == "":
        return actual in (None, "")
    if isinstance(expected, str):
        return actual == expected
    return isinstance(actual, int | float) and actual == pytest.approx(expected, rel=1e-9, abs=1e-9)


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    directory = tmp_path_factory.mktemp("filled")
    cases = {}
    for case, (template_id, values) in FILLS.items():
        path, out = built_and_filled(template_id, values, directory / f"{case}.xlsx")
        cases[case] = (path, out, compute(out, initial_values(out, values)))
    return cases


@pytest.fixture(scope="module")
def recalculated(filled, tmp_path_factory):
    outdir = tmp_path_factory.mktemp("recalculated")
    empty = [build_template(spec, outdir / f"empty-{spec.id}.xlsx") for spec in builtin_specs().values()]
    paths = [path for path, _, _ in filled.values()]
    converted = convert(paths + empty, outdir / "lo", work=outdir)
    return dict(zip([*filled, *(p.stem for p in empty)], converted))


@requires_libreoffice
@pytest.mark.libreoffice
@pytest.mark.parametrize("case", sorted(FILLS))
def test_libreoffice_recalculates_to_the_formula_library(case, filled, recalculated):
    _, out, expected = filled[case]
    sheet = openpyxl.load_workbook(recalculated[case], data_only=True)[out.spec.sheet]
    wrong = [(name, i, sheet.cell(r, c).coordinate, sheet.cell(r, c).value, value)
             for name, i, r, c, value in computed_cells(out, expected)
             if not same(sheet.cell(r, c).value, value)]
    assert wrong == []


@requires_libreoffice
@pytest.mark.libreoffice
def test_no_cell_of_any_template_shows_an_error(recalculated):
    shown = []
    for case, path in recalculated.items():
        for sheet in openpyxl.load_workbook(path, data_only=True):
            shown += [(case, c.coordinate, c.value) for row in sheet.iter_rows() for c in row
                      if isinstance(c.value, str) and c.value.startswith(ERRORS)]
    assert shown == []


@requires_libreoffice
@pytest.mark.libreoffice
def test_seed_figures_come_out_as_the_seeds_state_them(filled, recalculated):
    def value(case, name):
        _, out, _ = filled[case]
        f = out.fields[name]
        sheet = openpyxl.load_workbook(recalculated[case], data_only=True)[out.spec.sheet]
        return sheet.cell(f.row + 1, f.col + 1).value

    assert value("T1-001", "staff_control_rate") == 1                       # 16/16 = 100.00%
    assert value("T1-001", "special_actual") == pytest.approx(106.13)       # 1.93 + 87.34 + 16.86
    assert value("T1-001", "sangong_actual") == pytest.approx(0.38)         # left blank in the seed
    assert value("T2-003", "execution_rate") == 1 and value("T2-003", "execution_score") == 10
    assert value("T2-003", "total_score") == pytest.approx(99.5) and value("T2-003", "grade") == "优"
    assert value("T2-001", "total_score") == 100 and value("T2-001", "grade") == "优"   # blank in the seed
    assert value("T3-HN-002a", "expense_total") == pytest.approx(50)
    assert value("T3-HN-002b", "expense_total") == pytest.approx(30)
    assert value("T4-004", "total_self") == 97 and value("T4-004", "total_points") == 100
    assert value("T5-004", "total_self") == 95
    assert [value("T4-004", f"level1_{i}_points") for i in range(1, 5)] == [10, 30, 30, 30]
    assert [value("T5-004", f"level1_{i}_points") for i in range(1, 5)] == [15, 25, 30, 30]
    assert value("T6-02-003", "total_total") == pytest.approx(1387.53)       # 合计 over the 类 row only
    assert value("T6-03-003", "total_basic") == pytest.approx(1333.74)
    assert value("T6-07-003", "budget_total") == pytest.approx(9) and value("T6-07-003", "actual_total") == pytest.approx(7.94)
    assert value("T6-01-003", "income_grand_amount") == value("T6-01-003", "expense_grand_amount") == pytest.approx(1387.53)
    assert value("T7-002", "expense_sum_total") == pytest.approx(48929.9)
    assert value("T7-002", "sangong_sum_total") == pytest.approx(8.9)


@pytest.mark.parametrize("case", sorted(FILLS))
def test_formulas_package_recalculates_to_the_formula_library(case, filled):
    formulas = pytest.importorskip("formulas")
    path, out, expected = filled[case]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    by_cell = {}
    for key, result in solution.items():
        ref = str(key).upper().rpartition("!")[2]
        if ":" not in ref:
            by_cell[ref] = result.value[0][0] if hasattr(result, "value") else result
    wrong = []
    for name, i, r, c, value in computed_cells(out, expected):
        got = by_cell.get(openpyxl.utils.get_column_letter(c) + str(r))
        got = None if got is None or str(got) in ("", "empty") else got
        got = float(got) if hasattr(got, "dtype") or isinstance(got, int) else got
        if not same(got, value):
            wrong.append((name, i, r, c, got, value))
    assert wrong == []


@requires_libreoffice
@pytest.mark.libreoffice
@pytest.mark.parametrize("template_id", ["T2", "T3"])
def test_an_empty_form_shows_no_total_and_no_grade(recalculated, template_id):
    out = layout(get_spec(template_id))
    sheet = openpyxl.load_workbook(recalculated[f"empty-{template_id}"], data_only=True)[out.spec.sheet]
    for name in ("total_score", "grade", "execution_rate", "execution_score"):
        f = out.fields[name]
        assert sheet.cell(f.row + 1, f.col + 1).value in (None, ""), name
