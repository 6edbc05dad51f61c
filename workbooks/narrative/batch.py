"""Reports in a batch of files, for ``jixiao check`` and ``jixiao merge``: which inputs are reports,
the tables' figures kept from each workbook's check (in the worker that checked it), each report
checked against them, and the word the summary shows for a unit's report."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from workbooks.check import PARALLEL_FROM, FileReport, Inputs, check_many, failed
from workbooks.isolate import Failure, isolated
from workbooks.narrative.documents import CONVERTED, SUFFIXES
from workbooks.narrative.report import check_report
from workbooks.narrative.tables import Fact, table_facts

NOT_A_WORKBOOK = "不是工作簿，已跳过"         # why gather skips a file: a report among them is read here
NOT_SENT = "未提交报告"
AGREES = "一致"
UNREADABLE = "无法读取"
_READING = frozenset({"report-no-statements"})
_REPORT_NAME = re.compile(r"报告|自评|绩效|评价")


def is_report(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def take_reports(found: Inputs) -> list[Path]:
    """The reports among the files :func:`workbooks.check.gather` found, taken out of them: those
    given, and those in the folders that it skipped as not workbooks whose names say they are
    reports (报告, 自评, 绩效, 评价): other documents in an inbox stay skipped, as before."""
    given = [p for p in found.paths if is_report(p)]
    walked = [p for p, why in found.skipped if why == NOT_A_WORKBOOK and is_report(p) and _REPORT_NAME.search(p.stem)]
    found.paths[:] = [p for p in found.paths if not is_report(p)]
    found.skipped[:] = [(p, why) for p, why in found.skipped if p not in walked]
    return given + walked


def with_facts(report: FileReport, then: Callable[[FileReport], object] | None = None) -> tuple[object, list[Fact]]:
    """What the caller keeps of a workbook's check, and the figures a report may state (for
    ``check_many(..., then=partial(with_facts, then=...))``)."""
    return (then(report) if then else report), table_facts(report.contexts)


def check_reports(paths: Iterable[Path], facts: list[Fact], progress: Callable[[int], None] | None = None,
                  jobs: int | None = None) -> Iterator[FileReport]:
    """Each report against the figures, in order. Reports are read in bulkhead workers (memory and
    time limits, :mod:`workbooks.isolate`), but for ``.doc``/``.wps``: LibreOffice, which converts
    them, needs more memory than a worker gives, and runs with its own time limit."""
    paths = list(paths)
    direct = [p for p in paths if p.suffix.lower() not in CONVERTED]
    workers = (jobs or os.cpu_count() or 1) if len(direct) >= PARALLEL_FROM else 1
    read = iter(isolated(partial(check_report, facts=facts), direct, workers))
    for path in paths:
        result = check_report(path, facts) if path.suffix.lower() in CONVERTED else next(read)
        yield failed(path, result) if isinstance(result, Failure) else result
        progress and progress(1)


def check_with_reports(workbooks: list[Path], reports: list[Path], jobs: int | None = None,
                       progress: Callable[[int], None] | None = None,
                       then: Callable[[FileReport], object] | None = None, specs: dict | None = None) -> Iterator:
    """The workbooks checked as :func:`workbooks.check.check_many` checks them (``then`` applied in
    the worker), each as it comes, then the reports against the workbooks' figures."""
    facts: list[Fact] = []
    for result, figures in check_many(workbooks, jobs, progress=progress, then=partial(with_facts, then=then), specs=specs):
        facts.extend(figures)
        yield result
    yield from check_reports(reports, facts, progress, jobs)


def agreement(report: FileReport | None) -> str:
    """一致, N 处不一致, 无法读取 or 未提交报告: the summary's word for a unit's report."""
    if report is None:
        return NOT_SENT
    if report.unreadable:
        return UNREADABLE
    count = sum(f.type.startswith("report-") and f.type not in _READING for f in report.findings)
    return f"{count} 处不一致" if count else AGREES
