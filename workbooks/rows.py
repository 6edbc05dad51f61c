"""Write sheets given as rows of values into a real workbook, as units lay out the official
attachments by hand (the sample county and the tests use it). Strings stay strings."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from workbooks.atomic import atomic_path

Rows = list[list]


def write_rows(path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is not None:
                    cell = sheet.cell(r, c)
                    cell.value = value
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"
        for merged in (merges or {}).get(name, []):
            sheet.merge_cells(merged)
    with atomic_path(Path(path)) as temporary:
        workbook.save(temporary)
    return Path(path)
