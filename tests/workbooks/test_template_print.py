"""The templates print as the official attachments: A4 in the orientation their columns need, fit to
the page width, header rows on every page, page numbers; 宋体 text and 黑体 titles; the 附件 or
公开0X表 label on top; every text fits its cells at the stored row heights (nothing row over row),
and a 得分 cell accepts no more than its row's 分值. Renders: README, Development notes."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from workbooks.build import BODY_FONT, DEFAULT_HEIGHT, TITLE_FONT
from workbooks.rowheight import PADDING_UNITS, Text, height, units
from workbooks.spec import builtin_specs, bundles, get_spec, layout

TEMPLATES = Path(__file__).resolve().parents[2] / "workbooks" / "templates"
FILE_OF = {spec.id: name for name, specs in bundles().items() for spec in specs}
ORIENTATION = {
    "T1": "portrait", "T2": "landscape", "T3": "landscape", "T3-HN": "portrait", "T4": "landscape",
    "T5": "landscape", "T6-01": "portrait", "T6-02": "landscape", "T6-03": "landscape", "T6-04": "portrait",
    "T6-05": "portrait", "T6-06": "portrait", "T6-07": "portrait", "T6-08": "landscape", "T6-09": "portrait",
    "T7": "portrait",
}
LABEL = {"T7": "附表"}     # the others show their attachment: 附件2-1 … 公开01表


@pytest.fixture(scope="module", params=sorted(builtin_specs()))
def sheet(request):
    spec = get_spec(request.param)
    return spec, openpyxl.load_workbook(TEMPLATES / f"{FILE_OF[spec.id]}.xlsx")[spec.sheet]


def test_every_template_has_its_orientation():
    assert sorted(ORIENTATION) == sorted(builtin_specs())


def test_a4_fit_to_width_header_rows_and_page_numbers(sheet):
    spec, ws = sheet
    setup = ws.page_setup
    fit = (setup.fitToWidth or 1, setup.fitToHeight)         # openpyxl reads the default 1 as None
    assert (setup.orientation, setup.paperSize, *fit) == (ORIENTATION[spec.id], 9, 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == f"$1:${spec.header_rows}"
    assert ws.print_area == f"'{spec.sheet}'!$A$1:${get_column_letter(len(spec.widths))}${layout(spec).rows}"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_song_for_text_hei_for_titles(sheet):
    spec, ws = sheet
    fonts = {(c.font.name, c.font.sz) for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert fonts <= {(BODY_FONT, 10), (TITLE_FONT, 16), (TITLE_FONT, 12)}
    title = next(c for c in layout(spec).cells if c.style == "title")
    assert (ws.cell(title.row + 1, 1).font.name, ws.cell(title.row + 1, 1).font.sz) == (TITLE_FONT, 16)


def test_the_attachment_label_is_on_top(sheet):
    spec, ws = sheet
    assert ws["A1"].value == LABEL.get(spec.id, spec.attachment)
    expected = "right" if spec.id.startswith("T6") else None
    assert ws["A1"].alignment.horizontal == expected


def _widths(ws) -> dict[int, float]:
    """Column widths by 1-based column (a <col> element may cover several columns)."""
    return {c: d.width for d in ws.column_dimensions.values() for c in range(d.min, d.max + 1)}


def _merged(ws) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of each merged range's first cell → (rows, cols) it spans."""
    return {(r.min_row, r.min_col): (r.max_row - r.min_row + 1, r.max_col - r.min_col + 1) for r in ws.merged_cells.ranges}


def test_every_text_fits_its_cells(sheet):
    spec, ws = sheet
    merged, widths = _merged(ws), _widths(ws)
    short = []
    for row in ws.iter_rows(max_col=len(spec.widths)):
        for c in row:
            if c.data_type != "s" or not c.value:
                continue
            rows, cols = merged.get((c.row, c.column), (1, 1))
            width = sum(widths[c.column + i] for i in range(cols))
            have = sum(ws.row_dimensions[c.row + i].height or DEFAULT_HEIGHT for i in range(rows))
            if not c.alignment.wrap_text and units(c.value, c.font.sz) > width:
                short.append((c.coordinate, c.value, "不换行"))
            elif have < height(Text(c.row, rows, width, c.value, c.font.sz)) - 0.5:
                short.append((c.coordinate, c.value, have))
    assert short == []


def test_the_points_of_a_node_stay_on_one_line():
    for template_id in ("T4", "T5"):
        spec = get_spec(template_id)
        ws = openpyxl.load_workbook(TEMPLATES / f"{template_id}.xlsx")[spec.sheet]
        first = layout(spec).groups["items"].first_row + 1
        for col in (1, 2, 3):
            label = ws.cell(first, col).value
            name, points = label.split("\n")
            assert points.startswith("（") and points.endswith("分）"), label
            assert units(points, 10) <= _widths(ws)[col] - PADDING_UNITS


@pytest.mark.parametrize(("template_id", "group", "column"), [
    ("T2", "indicators", "score"), ("T3", "indicators", "score"), ("T4", "items", "self"), ("T4", "items", "audit"),
    ("T5", "items", "self"),
])
def test_a_score_is_validated_up_to_its_rows_points(template_id, group, column):
    spec = get_spec(template_id)
    out = layout(spec)
    ws = openpyxl.load_workbook(TEMPLATES / f"{FILE_OF[template_id]}.xlsx")[spec.sheet]
    g = out.groups[group]
    score, points = g.columns[column].col + 1, g.columns["points"].col + 1
    bounds = {str(v.sqref): (v.type, v.operator or "between", v.formula1, v.formula2) for v in ws.data_validations.dataValidation}
    for r in g.rows:
        cell = f"{get_column_letter(score)}{r + 1}"
        assert bounds[cell] == ("decimal", "between", "0", f"{get_column_letter(points)}{r + 1}")


def test_income_and_expense_of_01_stand_side_by_side():
    out = layout(get_spec("T6-01"))
    income, expense = out.fields["general_amount"], out.fields["f01_amount"]
    assert (income.row, income.col, expense.row, expense.col) == (5, 1, 5, 3)
    assert out.fields["income_grand_amount"].col == 1 and out.fields["expense_grand_amount"].col == 3
