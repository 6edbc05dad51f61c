"""What a checked file gives the summary, made in the worker that checked it: each template's
figures for the columns its spec declares, instead of every field read.

The figures are those the checker computes from the inputs with the same definitions
(``Context.expected``): a file saved without formula results shows its computed figures, and a
total or grade typed over its formula never replaces the computed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from udfs.numbers import parse_number
from udfs.scores import grade as grade_of
from workbooks.check import FileReport
from workbooks.checks.context import Context
from workbooks.checks.findings import ERROR, Counted, Finding, shared
from workbooks.read import cell_name
from workbooks.spec import builtin_relations
from workbooks.summary.columns import Source, sources
from workbooks.summary.inbox import unit_name
from workbooks.summary.model import GRADES
from workbooks.summary.readback import ReadSummary


@dataclass(slots=True)
class Piece:
    """What one template of a submission adds to the summary."""
    table: str                          # units / projects / scores
    spec: str
    unit: str
    year: int | None
    project: str
    values: dict                        # column → figure
    fallback: dict                      # column → figure, for cells no other template filled
    cells: dict                         # column or TEMPLATE.field → (sheet, cell, value, label): where a figure was read

    def __reduce__(self) -> tuple:
        """Sent from a worker: rebuilt with its column names, sheet names and labels shared with
        every other file's (see :func:`workbooks.checks.findings.shared`)."""
        return (_arrived, (self.table, self.spec, self.unit, self.year, self.project, self.values,
                           self.fallback, self.cells))


def _arrived(table: str, spec: str, unit: str, year: int | None, project: str, values: dict, fallback: dict,
             cells: dict) -> Piece:
    cells = {key: (*shared(sheet, cell), value, *shared(label)) for key, (sheet, cell, value, label) in cells.items()}
    return Piece(*shared(table, spec), unit, year, project, _keys_shared(values), _keys_shared(fallback),
                 _keys_shared(cells))


def _keys_shared(values: dict) -> dict:
    return dict(zip(shared(*values), values.values()))


@dataclass(slots=True)
class Submission(Counted):
    path: Path
    sha256: str
    summary: bool                       # a summary of an earlier merge
    saved: str                          # docProps/core.xml modified
    findings: list[Finding]
    reason: str                         # why it cannot be merged, when it has no usable template
    pieces: list[Piece]
    read: ReadSummary | str | None = None   # a summary read back, or why it cannot be


def submission(report: FileReport) -> Submission:
    """A report as the merge keeps it (a module-level function: it runs in the checking worker,
    where a summary among the inputs was also read back)."""
    name = str(report.path)
    contexts = {id(c.extract): c for c in report.contexts}
    usable = [e for e in report.extracts if e.unit]
    reason = "" if usable or report.summary else (
        report.unreadable or next((f.message for f in report.findings if f.severity == ERROR), "")
        or ("未识别到绩效表格" if not report.extracts else "未找到单位名称"))
    pieces = [piece(contexts.get(id(e)) or Context(name, None, e)) for e in usable]
    return Submission(report.path, report.sha256, report.summary, report.saved, report.findings, reason, pieces,
                      report.read_back)


def piece(ctx: Context) -> Piece:
    spec = ctx.extract.spec
    table, _, declared = sources(spec)
    values, fallback, cells = {}, {}, {}
    for source in declared:
        value, cell = figure(ctx, source)
        if value is None:
            continue
        if isinstance(value, float):
            value = round(value, 6)             # a sum of cents, as Excel shows it
        (fallback if source.fallback else values)[source.column.key] = value
        if cell:
            cells[source.column.key] = (ctx.extract.sheet.name, cell_name(*cell), value, source.column.header)
    for name in _related(spec.id):
        value, cell = _field(ctx, name)
        if value is not None:
            cells[f"{spec.id}.{name}"] = (ctx.extract.sheet.name, cell_name(*cell) if cell else "", value,
                                          ctx.label(name))
    project = str(ctx.extract.values.get("project") or "").strip()
    return Piece(table or "units", spec.id, unit_name(ctx.extract.unit), ctx.extract.year, project, values, fallback,
                 cells)


def figure(ctx: Context, source: Source) -> tuple[object, tuple[int, int] | None]:
    """The figure of one declared column, and the cell it was read from."""
    if source.value is not None:
        return source.value, None
    if source.where is not None:
        return _group_sum(ctx, source.field, *source.where), None
    if source.column.kind == "grade":
        return _grade(ctx, source.field), ctx.extract.address(source.field)
    return _field(ctx, source.field)


def _field(ctx: Context, name: str) -> tuple[float | None, tuple[int, int] | None]:
    """A field's figure as the checker computes it; a split the layout reads as one value column
    (seed 001) where the field itself is empty."""
    value = ctx.expected.get(name)
    cell = ctx.extract.address(name)
    if not isinstance(value, int | float) or isinstance(value, bool):
        value = None
    if value is None and name.rsplit("_", 1)[0] in ctx.extract.single:
        raw, cell = ctx.extract.single[name.rsplit("_", 1)[0]]
        parsed = parse_number(raw)
        value = parsed.value if parsed.ok else None
    return value, cell


def _group_sum(ctx: Context, name: str, column: str, word: str) -> float | None:
    group, _, value_column = name.partition(".")
    raw = ctx.extract.values.get(group) or []
    rows = ctx.expected.get(group) or []
    found = [row.get(value_column) for text, row in zip(raw, rows)
             if word in str(text.get(column) or "") and isinstance(row.get(value_column), int | float)]
    return round(sum(found), 6) if found else None


def _grade(ctx: Context, name: str) -> str | None:
    """The grade the computed total gives; a grade stated only where no total can be computed."""
    total = ctx.expected.get("total_score")
    if total is not None:
        return grade_of(total)
    stated = re.split(r"[:：]", str(ctx.extract.values.get(name) or ""))[-1].strip()
    return stated if stated in GRADES else None


def _related(template: str) -> list[str]:
    """The fields of a template that relations.toml pairs with another template's."""
    names = []
    for relation in builtin_relations():
        for side in (relation["a"], relation["b"]):
            spec_id, _, name = side.partition(".")
            if spec_id == template:
                names.append(name)
    return names
