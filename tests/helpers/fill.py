"""Fill a built template's input cells with openpyxl, as a unit typing into it would.

openpyxl saves formulas without cached values, so whatever reads the file afterwards has to
recalculate: the tests use that to make LibreOffice prove our formulas."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from workbooks.build import build_template
from workbooks.spec import Layout, get_spec, layout


def counts_of(values: dict) -> dict[str, int]:
    return {k: len(v) for k, v in values.items() if isinstance(v, list)}


def built_and_filled(template_id: str, values: dict, path: Path) -> tuple[Path, Layout]:
    spec = get_spec(template_id)
    out = layout(spec, counts_of(values))
    build_template(spec, path, counts=counts_of(values))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[spec.sheet]
    for name, value in values.items():
        if isinstance(value, list):
            group = out.groups[name]
            for i, row in enumerate(value):
                for column, v in row.items():
                    f = group.columns[column]
                    if not f.computed:
                        sheet.cell(group.first_row + i + 1, f.col + 1, v)
        else:
            f = out.fields[name]
            sheet.cell(f.row + 1, f.col + 1, value)
    workbook.save(path)
    return path, out
