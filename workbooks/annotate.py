"""An annotated copy of a checked workbook: every finding's cell filled (red for errors, yellow for
warnings) and commented, and a sheet 校验结果 listing the findings. The original is never touched;
text from the file is always written as text, never as a formula."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from workbooks.atomic import atomic_path
from workbooks.check import FileReport, brief
from workbooks.checks import shown_rule
from workbooks.checks.findings import SEVERITY_NAMES as SEVERITY
from workbooks.checks.findings import Finding, finding
from workbooks.display import cell_text, figure_format, os_reason, path_text
from workbooks.rowheight import LINE, lines

_log = logging.getLogger(__name__)
RESULT_SHEET = "校验结果"
FILLS = {"error": PatternFill("solid", fgColor="FFC7CE"), "warning": PatternFill("solid", fgColor="FFEB9C")}
HEADER = ["文件", "模板", "工作表", "单元格", "规则", "级别", "说明", "应为", "实际"]
_WIDTHS = (24, 8, 14, 8, 20, 6, 60, 12, 12)


def set_text(cell, value: object) -> None:
    """Write a value; a string stays a string even when it starts with ``=``."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def finding_rows(findings) -> list[list]:
    """The 校验结果 listing: a header and one row per finding, values as cells can hold them."""
    rows = [list(HEADER)]
    for f in findings:
        row = [f.file, f.template, f.sheet, f.cell, shown_rule(f.type), SEVERITY[f.severity], f.message, f.expected, f.actual]
        rows.append([cell_text(v) if isinstance(v, int | float | str) or v is None else str(v) for v in row])
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
            if figure_format(value):
                sheet.cell(r, col).number_format = figure_format(value)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHI", _WIDTHS):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    print_setup(sheet)
    today = dt.date.today()
    errors = sum(f.severity == "error" for f in findings)
    sheet.oddHeader.left.text = f"校验日期：{today.year}年{today.month}月{today.day}日"   # which check the list is
    sheet.oddHeader.right.text = f"错误 {errors} 条，提示 {len(findings) - errors} 条"
    return sheet


def print_setup(sheet) -> None:
    """校验结果 prints as the summary's lists: A4 landscape, fit to the width, the header row on every
    page, page numbers; 文件 and 说明 wrap in rows as high as they need."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = "1:1"
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    wrap, middle = Alignment(wrap_text=True, vertical="center"), Alignment(vertical="center")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap if cell.column_letter in "AG" else middle
    for path, message in zip(sheet["A"][1:], sheet["G"][1:]):
        needed = max(lines(str(path.value or ""), _WIDTHS[0], 11), lines(str(message.value or ""), _WIDTHS[6], 11))
        if needed > 1:                  # no reader fits a row to wrapped text on opening
            sheet.row_dimensions[path.row].height = needed * LINE * 11 + 4


NAME_BYTES = 255                  # the longest name of one file on most file systems


def copy_name(source: Path, tag: str = "") -> str:
    """``表.xlsx`` → ``表.校验.xlsx`` (``tag`` after the stem); a legacy or unreadable file's copy
    is an .xlsx of the same stem; a name in GBK gets its copy in UTF-8; a name too long for the
    file system once ``.校验`` is added loses the end of its stem."""
    suffix = source.suffix.lower()
    tail = f"{tag}.校验{suffix if suffix in ('.xlsx', '.xlsm') else '.xlsx'}"
    stem, room = path_text(source.stem), NAME_BYTES - len(tail.encode("utf-8", "replace"))
    while len(stem.encode("utf-8", "replace")) > room:
        stem = stem[:-1]
    return stem + tail


def copy_targets(paths: Iterable[Path], directory: Path | str) -> dict[Path, Path]:
    """A distinct copy for every input: two inputs of one name from two folders never write to
    the same copy (the second is named after its folder too, then numbered)."""
    directory, taken, targets = Path(directory), set(), {}
    for path in paths:
        tags = chain(["", f"（{path_text(path.parent.name)[:40]}）"], (f"（{n}）" for n in range(2, 1_000_000)))
        name = next(c for c in (copy_name(path, tag) for tag in tags) if c.casefold() not in taken)
        taken.add(name.casefold())
        targets[path] = directory / name
    return targets


def annotate(report: FileReport, target: Path) -> Finding | None:
    """Write the annotated copy to ``target``. When the file cannot be marked (openpyxl cannot
    load or save it) the copy holds the findings alone, and the finding saying so is returned."""
    source = report.path
    problem = None
    workbook = None
    if report.unreadable is None and source.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            workbook = _marked(report)
        except Exception as exc:  # whatever a broken file makes openpyxl raise: the copy still comes
            problem = _not_marked(report, exc)
    try:
        try:
            _save(workbook, report.findings + [problem] * bool(problem), target)
        except OSError:
            raise
        except Exception as exc:  # openpyxl cannot write back what it loaded
            problem = problem or _not_marked(report, exc)
            _save(None, report.findings + [problem], target)
    except OSError as exc:
        problem = finding("not-annotated", message=f"标注副本无法写入（{os_reason(exc)}）", file=path_text(source))
    return problem


def _not_marked(report: FileReport, exc: Exception) -> Finding:
    _log.debug("cells of %s not marked", report.path, exc_info=exc)
    return finding("not-annotated", message="无法在副本中标注单元格（工作簿中有本工具无法写回的内容），副本只含校验结果",
                   file=path_text(report.path))


def _marked(report: FileReport) -> openpyxl.Workbook:
    workbook = openpyxl.load_workbook(report.path, keep_vba=report.path.suffix.lower() == ".xlsm")
    for (sheet, ref), (severity, text) in cell_notes(report.findings).items():
        if sheet in workbook.sheetnames:
            cell = workbook[sheet][ref]
            if type(cell).__name__ == "MergedCell":
                continue
            cell.fill = FILLS[severity]
            cell.comment = Comment(text if cell.comment is None else f"{cell.comment.text}\n{text}", "jixiao")
    return workbook


def _save(workbook: openpyxl.Workbook | None, findings: list[Finding], target: Path) -> None:
    if workbook is None:                # legacy .xls, .ods, an unreadable file: the findings alone
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
    write_findings_sheet(workbook, findings)
    with atomic_path(target) as temporary:
        workbook.save(temporary)


def annotated(report: FileReport, targets: dict[Path, Path], keep_fields: bool) -> FileReport:
    """For :func:`workbooks.check.check_many`'s ``then``: the copy written in the worker that
    checked the file, the report sent back with the finding if it could not be marked."""
    problem = annotate(report, targets[report.path])
    if problem is not None:
        report.findings.append(problem)
    return report if keep_fields else brief(report)
