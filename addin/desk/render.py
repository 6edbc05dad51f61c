"""A stored workbook as HTML tables: every sheet's values, merged cells spanned, and the cells
with findings coloured (red error, yellow warning) with the messages as their title. The
template escapes every text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from addin.desk import library
from workbooks.checks.findings import figure

MAX_ROWS, MAX_COLS = 300, 40


@dataclass
class Cell:
    text: str
    ref: str
    rowspan: int = 1
    colspan: int = 1
    severity: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Grid:
    name: str
    columns: list[str]
    rows: list[tuple[int, list[Cell]]]
    marked: int


def detail(value: object) -> str:
    """A finding's 应为 or 实际 as its message shows a figure (是/否, never nan); nothing as nothing."""
    return "" if value is None else figure(value)


def shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)


def grids(path: Path, findings: list[dict]) -> list[Grid]:
    marks: dict[tuple[str, str], list[dict]] = {}
    for f in findings:
        if f.get("sheet") and f.get("cell"):
            marks.setdefault((f["sheet"], f["cell"]), []).append(f)
    return [_grid(name, rows, merged, marks) for name, rows, merged in library.sheets(path, MAX_ROWS, MAX_COLS)]


def _grid(name: str, rows: list[list], merged, marks) -> Grid:
    width = max((len(r) for r in rows), default=0)
    covered, spans = set(), {}
    for r1, c1, r2, c2 in merged:
        if r1 >= len(rows) or c1 >= width:
            continue
        r2, c2 = min(r2, len(rows) - 1), min(c2, width - 1)
        spans[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
    out, marked = [], 0
    for r, values in enumerate(rows):
        cells = []
        for c in range(width):
            if (r, c) in covered:
                continue
            ref = f"{get_column_letter(c + 1)}{r + 1}"
            found = marks.get((name, ref), [])
            rowspan, colspan = spans.get((r, c), (1, 1))
            severity = "error" if any(f["severity"] == "error" for f in found) else "warning" if found else ""
            marked += bool(found)
            cells.append(Cell(shown(values[c] if c < len(values) else None), ref, rowspan, colspan, severity,
                              [f"[{library.SEVERITY_NAMES[f['severity']]}] {f['message']}" for f in found]))
        out.append((r + 1, cells))
    return Grid(name, [get_column_letter(c + 1) for c in range(width)], out, marked)
