"""Reports of a check as plain data (JSON) and as text for people, grouped by file; both written
file by file as the check goes, so that a report of 30,000 files is never held whole. Text from
the files (names, sheet names, cells) is shown with its control characters escaped: an escape
sequence in a sheet name never reaches the terminal raw."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path

from udfs.numbers import NumberKind, parse_number
from workbooks.check import FileReport
from workbooks.checks import shown_rule
from workbooks.checks.findings import SEVERITY_NAMES as SEVERITY
from workbooks.display import json_text, path_text, terminal_text
from workbooks.locate import Extract


def _plain(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)                       # JSON has no NaN nor infinity
        if value.is_integer():
            return int(value)
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def _read(value: object, numeric: bool) -> dict:
    """A cell's value; a number cell holding text gives the number it reads as (None for a
    placeholder such as ``/``) with the text as written beside it."""
    if numeric and isinstance(value, str):
        parsed = parse_number(value)
        if parsed.kind is not NumberKind.INVALID:
            return {"value": _plain(parsed.value), "text": value}
    return {"value": _plain(value)}


def fields(extract: Extract) -> dict:
    """Every field read, keyed by its name in the spec with its label beside it (two fields may
    share a label); a repeating group as its label, its columns' labels and its rows."""
    out = extract.layout
    result: dict = {}
    for name, f in out.fields.items():
        if f.group is None and name in extract.values:
            result[name] = {"label": f.label, **_read(extract.values[name], f.numeric)}
    for name, group in out.groups.items():
        if name in extract.values:
            columns = group.columns
            result[name] = {
                "label": group.label, "columns": {c: f.label for c, f in columns.items()},
                "rows": [{c: _read(v, columns[c].numeric) for c, v in row.items() if c in columns}
                         for row in extract.values[name]],
            }
    return result


def file_data(report: FileReport) -> dict:
    return {
        "file": path_text(report.path),
        "templates": [{"id": e.spec.id, "sheet": e.sheet.name, "unit": e.unit, "year": _plain(e.year),
                       "fields": fields(e)} for e in report.extracts],
        "findings": [{k: _plain(v) for k, v in f.as_dict().items()} for f in report.findings],
    }


def as_data(reports: Iterable[FileReport]) -> dict:
    return {"files": [file_data(report) for report in reports]}


def json_chunks(reports: Iterable[FileReport], skipped: list[tuple[Path, str]] = ()) -> Iterator[str]:
    """``{"files": [...], "skipped": [...]}`` written a file at a time, each as soon as its report
    comes; ``skipped``: the files found in the folders that are not read, and why."""
    yield '{"files": ['
    for i, report in enumerate(reports):
        text = json.dumps(file_data(report), ensure_ascii=False, indent=1, default=str, allow_nan=False)
        yield ("\n" if i == 0 else ",\n") + json_text(text)
    rest = [{"file": path_text(path), "reason": reason} for path, reason in skipped]
    yield f"\n], \"skipped\": {json_text(json.dumps(rest, ensure_ascii=False, indent=1))}}}"


def text_lines(report: FileReport) -> list[str]:
    found = "、".join(" ".join(filter(None, (t.id, t.name))) + (f"（{t.sheet}）" if t.sheet else "")
                     for t in report.found) or "无可识别表格"
    lines = [f"■ {path_text(report.path)}：{found}；错误 {report.errors}，提示 {report.warnings}"]
    for f in report.findings:
        where = "!".join(p for p in (f.sheet, f.cell) if p) or "文件"
        lines.append(f"  [{SEVERITY[f.severity]}] {where} {f.message}（{shown_rule(f.type)}）")
    return [terminal_text(line) for line in lines]


class Totals:
    """Counts of a report written file by file, for its last line."""

    def __init__(self) -> None:
        self.files = self.clean = self.errors = self.warnings = 0

    def add(self, report: FileReport) -> FileReport:
        self.files += 1
        self.clean += not report.errors
        self.errors += report.errors
        self.warnings += report.warnings
        return report

    @property
    def line(self) -> str:
        return f"共 {self.files} 个文件：{self.clean} 个无错误；错误 {self.errors} 条，提示 {self.warnings} 条"


def as_text(reports: Iterable[FileReport]) -> str:
    totals = Totals()
    lines = [line for report in reports for line in text_lines(totals.add(report))]
    return "\n".join([*lines, totals.line])
