"""Insert rows into a repeating group of a filled workbook, as Excel does when a unit inserts rows.

openpyxl's ``insert_rows`` moves the cells but leaves formulas, defined names, merged ranges and
data validations pointing at the old rows. :func:`insert_rows` also shifts every reference at or
below the insertion row, expands the ranges that span it (so totals over a group grow), and gives
the new rows the styles, formulas and validations of the row above.
"""

from __future__ import annotations

import re
from copy import copy
from pathlib import Path

import openpyxl
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.formula.translate import Translator
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

from workbooks.atomic import atomic_path
from workbooks.spec import Spec

_CELL = r"\$?[A-Z]{1,3}\$?\d+"
_REFERENCE = re.compile(rf"^(?P<sheet>(?:'(?:[^']|'')+'|[^!':]+)!)?(?P<cells>{_CELL}(?::{_CELL})?)$")
_ROW = re.compile(r"(\$?[A-Z]{1,3}\$?)(\d+)")


class EditError(ValueError):
    pass


def _shift_cells(cells: str, at: int, count: int) -> str:
    return _ROW.sub(lambda m: m[1] + str(int(m[2]) + count if int(m[2]) >= at else int(m[2])), cells)


def _shift_reference(reference: str, sheet: str, at: int, count: int, formula_sheet: str) -> str:
    match = _REFERENCE.match(reference)
    if not match:
        return reference
    named = (match["sheet"] or "").rstrip("!").strip("'").replace("''", "'")
    if (named or formula_sheet) != sheet:
        return reference
    return (match["sheet"] or "") + _shift_cells(match["cells"], at, count)


def shift_formula(formula: str, sheet: str, at: int, count: int, formula_sheet: str) -> str:
    """The formula with every reference to ``sheet`` at row ``at`` or below moved down ``count``."""
    tokens = Tokenizer(formula)
    for token in tokens.items:
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            token.value = _shift_reference(token.value, sheet, at, count, formula_sheet)
    return tokens.render()


def _group_bounds(workbook: openpyxl.Workbook, spec: Spec, group: str) -> tuple[int, int]:
    prefix = spec.defined_name(group) + "_"
    for name, defined in workbook.defined_names.items():
        if name.startswith(prefix):
            cells = _REFERENCE.match(defined.attr_text)["cells"]
            rows = [int(r) for _, r in _ROW.findall(cells)]
            return min(rows), max(rows)
    raise EditError(f"工作簿中没有“{group}”行组")


def insert_rows(path: Path | str, spec: Spec, group: str, count: int = 1, output: Path | str | None = None) -> Path:
    """Insert ``count`` rows before the last row of ``group``; writes ``output`` (default: in place)."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[spec.sheet]
    first, last = _group_bounds(workbook, spec, group)
    at = last if last > first else last + 1  # inside the range, so that ranges over it grow
    source = at - 1
    sheet.insert_rows(at, count)
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" and isinstance(cell.value, str):
                cell.value = shift_formula(cell.value, spec.sheet, at, count, spec.sheet)
    for defined in workbook.defined_names.values():
        defined.attr_text = shift_formula("=" + defined.attr_text, spec.sheet, at, count, "")[1:]
    for merged in sheet.merged_cells.ranges:
        if merged.min_row >= at:
            merged.shift(0, count)
        elif merged.max_row >= at:
            merged.expand(down=count)
    for validation in sheet.data_validations.dataValidation:
        ranges = [CellRange(_shift_cells(r.coord, at, count)) for r in validation.sqref.ranges]
        validation.sqref = MultiCellRange(ranges)
    _copy_row(sheet, source, at, count)
    target = Path(output or path)
    with atomic_path(target) as temporary:
        workbook.save(temporary)
    return target


def _copy_row(sheet, source: int, at: int, count: int) -> None:
    """New rows take the styles, formulas, merges and validations of the row above them."""
    row_merges = [m for m in sheet.merged_cells.ranges if m.min_row == m.max_row == source]
    for offset in range(count):
        for merged in row_merges:
            sheet.merge_cells(start_row=at + offset, start_column=merged.min_col,
                              end_row=at + offset, end_column=merged.max_col)
        for cell in sheet[source]:
            new = sheet.cell(at + offset, cell.column)
            new._style = copy(cell._style)
            if cell.data_type == "f" and isinstance(cell.value, str):
                new.value = Translator(cell.value, origin=cell.coordinate).translate_formula(new.coordinate)
            for validation in sheet.data_validations.dataValidation:
                if cell.coordinate in validation.sqref:
                    validation.sqref = MultiCellRange([*validation.sqref.ranges, CellRange(new.coordinate)])
