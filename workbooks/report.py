"""Reports of a check as plain data (JSON) and as text for people, grouped by file."""

from __future__ import annotations

import datetime as dt

from udfs.numbers import NumberKind, parse_number
from workbooks.check import FileReport
from workbooks.checks.findings import SEVERITY_NAMES as SEVERITY
from workbooks.locate import Extract


def _plain(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
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


def as_data(reports: list[FileReport]) -> dict:
    return {"files": [{
        "file": str(report.path),
        "templates": [{"id": e.spec.id, "sheet": e.sheet.name, "unit": e.unit, "year": _plain(e.year),
                       "fields": fields(e)} for e in report.extracts],
        "findings": [{k: _plain(v) for k, v in f.as_dict().items()} for f in report.findings],
    } for report in reports]}


def as_text(reports: list[FileReport]) -> str:
    lines = []
    for report in reports:
        found = "、".join(f"{t.id} {t.name}（{t.sheet}）" for t in report.found) or "无可识别表格"
        lines.append(f"■ {report.path}：{found}；错误 {report.errors}，提示 {report.warnings}")
        for f in report.findings:
            where = "!".join(p for p in (f.sheet, f.cell) if p) or "文件"
            lines.append(f"  [{SEVERITY[f.severity]}] {where} {f.message}（{f.type}）")
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    clean = sum(1 for r in reports if not r.errors)
    lines.append(f"共 {len(reports)} 个文件：{clean} 个无错误；错误 {errors} 条，提示 {warnings} 条")
    return "\n".join(lines)
