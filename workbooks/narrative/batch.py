"""Reports in a batch of files, for ``jixiao check`` and ``jixiao merge``: which inputs are reports,
the tables' figures kept from each workbook's check (in the worker that checked it), each report
checked against them, and the word the summary shows for a unit's report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from workbooks.check import FileReport, check_many
from workbooks.narrative.documents import SUFFIXES
from workbooks.narrative.report import check_report
from workbooks.narrative.tables import Fact, table_facts

NOT_SENT = "未提交报告"
AGREES = "一致"
UNREADABLE = "无法读取"
_READING = frozenset({"report-no-statements"})


def is_report(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def report_paths(inputs: Iterable[Path | str]) -> Iterator[Path]:
    """Report files given, and every report in given folders (recursively), in a stable order;
    Office's owner files (``~$报告.docx``) are skipped."""
    for item in map(Path, inputs):
        if item.is_dir():
            yield from sorted(p for p in item.rglob("*") if p.is_file() and is_report(p) and not p.name.startswith("~$"))
        elif is_report(item):
            yield item


def with_facts(report: FileReport, then: Callable[[FileReport], object] | None = None) -> tuple[object, list[Fact]]:
    """What the caller keeps of a workbook's check, and the figures a report may state (for
    ``check_many(..., then=partial(with_facts, then=...))``)."""
    return (then(report) if then else report), table_facts(report.contexts)


def check_reports(paths: Iterable[Path], facts: list[Fact], progress: Callable[[int], None] | None = None) -> list[FileReport]:
    checked = []
    for path in paths:
        checked.append(check_report(path, facts))
        progress and progress(1)
    return checked


def check_with_reports(paths: list[Path], progress: Callable[[int], None] | None = None,
                       then: Callable[[FileReport], object] | None = None) -> list:
    """The workbooks among ``paths`` checked as :func:`workbooks.check.check_many` checks them
    (``then`` applied in the worker), then the reports among them against the workbooks' figures."""
    workbooks = [p for p in paths if not is_report(p)]
    kept = list(check_many(workbooks, progress=progress, then=partial(with_facts, then=then)))
    facts = [fact for _, figures in kept for fact in figures]
    return [result for result, _ in kept] + check_reports([p for p in paths if is_report(p)], facts, progress)


def agreement(report: FileReport | None) -> str:
    """一致, N 处不一致, 无法读取 or 未提交报告: the summary's word for a unit's report."""
    if report is None:
        return NOT_SENT
    if report.unreadable:
        return UNREADABLE
    count = sum(f.type.startswith("report-") and f.type not in _READING for f in report.findings)
    return f"{count} 处不一致" if count else AGREES
