"""An annotated copy of a checked workbook: every finding's cell filled (red for errors, yellow for
warnings) and commented, and a sheet 校验结果 listing the findings. The original is never touched;
text from the file is always written as text, never as a formula."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from workbooks.atomic import atomic_path
from workbooks.check import FileReport
from workbooks.checks.findings import SEVERITY_NAMES as SEVERITY

RESULT_SHEET = "校验结果"
FILLS = {"error": PatternFill("solid", fgColor="FFC7CE"), "warning": PatternFill("solid", fgColor="FFEB9C")}
HEADER = ["文件", "模板", "工作表", "单元格", "规则", "级别", "说明", "应为", "实际"]


def set_text(cell, value: object) -> None:
    """Write a value; a string stays a string even when it starts with ``=``."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def finding_rows(findings) -> list[list]:
    """The 校验结果 listing: a header and one row per finding, values as cells can hold them."""
    rows = [list(HEADER)]
    for f in findings:
        row = [f.file, f.template, f.sheet, f.cell, f.type, SEVERITY[f.severity], f.message, f.expected, f.actual]
        rows.append([v if isinstance(v, int | float | str) or v is None else str(v) for v in row])
    return rows


def cell_notes(findings) -> dict[tuple[str, str], tuple[str, str]]:
    """Each finding cell's (sheet, cell) → its fill (error over warning) and its comment: every
    finding of the cell, one a line. The command line and the ribbon annotate with it."""
    notes: dict[tuple[str, str], tuple[str, str]] = {}
    for f in findings:
        if f.sheet and f.cell:
            line = f"[{SEVERITY[f.severity]}] {f.message}"
            severity, text = notes.get((f.sheet, f.cell), (f.severity, ""))
            notes[(f.sheet, f.cell)] = (severity if severity == "error" else f.severity, f"{text}\n{line}" if text else line)
    return notes


def write_findings_sheet(workbook: openpyxl.Workbook, findings, title: str = RESULT_SHEET):
    if title in workbook.sheetnames:
        del workbook[title]
    sheet = workbook.create_sheet(title, 0)
    for r, row in enumerate(finding_rows(findings), 1):
        for col, value in enumerate(row, 1):
            set_text(sheet.cell(r, col), value)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHI", (24, 8, 14, 8, 20, 6, 60, 12, 12)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return sheet


def annotate(report: FileReport, directory: Path | str) -> Path:
    """Write the annotated copy into ``directory``; returns its path."""
    source = report.path
    directory = Path(directory)
    readable = report.unreadable is None and source.suffix.lower() in (".xlsx", ".xlsm")
    if readable:
        keep_vba = source.suffix.lower() == ".xlsm"
        workbook = openpyxl.load_workbook(source, keep_vba=keep_vba)
        for (sheet, ref), (severity, text) in cell_notes(report.findings).items():
            if sheet in workbook.sheetnames:
                cell = workbook[sheet][ref]
                if type(cell).__name__ == "MergedCell":
                    continue
                cell.fill = FILLS[severity]
                cell.comment = Comment(text if cell.comment is None else f"{cell.comment.text}\n{text}", "jixiao")
        target = directory / f"{source.stem}.校验{source.suffix.lower()}"
    else:  # legacy .xls, .ods or an unreadable file: the findings alone
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        target = directory / f"{source.name}.校验.xlsx"
    write_findings_sheet(workbook, report.findings)
    with atomic_path(target) as temporary:
        workbook.save(temporary)
    return target
