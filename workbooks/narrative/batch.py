"""Reports in a batch of files, for ``jixiao check`` and ``jixiao merge``: which inputs are reports,
the tables' figures kept from each workbook's check (in the worker that checked it), each report
checked against them, and the word the summary shows for a unit's report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from workbooks.check import FileReport
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


def check_reports(paths: Iterable[Path], facts: list[Fact]) -> list[FileReport]:
    return [check_report(path, facts) for path in paths]


def agreement(report: FileReport | None) -> str:
    """一致, N 处不一致, 无法读取 or 未提交报告: the summary's word for a unit's report."""
    if report is None:
        return NOT_SENT
    if report.unreadable:
        return UNREADABLE
    count = sum(f.type.startswith("report-") and f.type not in _READING for f in report.findings)
    return f"{count} 处不一致" if count else AGREES
