"""Check submitted workbooks: recognise each template, read its fields, run every rule.

A file that cannot be read is a finding like any other, never an exception: the batch goes on.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from itertools import zip_longest
from pathlib import Path
from typing import TypeVar

from workbooks.checks import RULES, run_rules
from workbooks.checks.context import Context
from workbooks.checks.cross import cross_checks
from workbooks.checks.findings import Counted, Finding, finding
from workbooks.display import path_text
from workbooks.isolate import MEMORY, TIME, Failure, isolated
from workbooks.locate import Extract, SheetText, from_labels, from_names, norm, share_year, stacked
from workbooks.read import SUFFIXES, ReadError, Workbook, file_digest, open_workbook
from workbooks.spec import Spec, builtin_specs
from workbooks.versions import by_labels, stamped


@dataclass(frozen=True)
class Found:
    """A template found in a file, as a report names it."""
    id: str
    name: str
    sheet: str
    unit: str
    year: int | None


@dataclass
class FileReport(Counted):
    path: Path
    extracts: list[Extract] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unreadable: str | None = None           # the reason, when the file could not be read at all
    sha256: str = ""
    summary: bool = False                   # a summary of an earlier merge: checked by reading it back
    read_back: object = None                # that summary as read (ReadSummary), or why it cannot be
    saved: str = ""                         # when the file says it was saved (docProps/core.xml)
    found: list[Found] = field(default_factory=list)   # the templates, also in a brief report
    contexts: list[Context] = field(default_factory=list, repr=False, compare=False)  # the rules' numbers

    @property
    def rows(self) -> list[tuple[str, str, str, str]]:
        return [f.row for f in self.findings]

    def __getstate__(self) -> dict:
        """The rules' working state stays in the process that checked the file."""
        return dict(self.__dict__, contexts=[])


def brief(report: FileReport) -> FileReport:
    """The report without the fields read (``found`` still names the templates): what a text
    report needs. Sending it back from a worker costs an eighth less of the whole check."""
    return replace(report, extracts=[], contexts=[], read_back=None)


def recognise(text: SheetText, specs: Iterable[Spec]) -> Spec | None:
    """The spec whose title words the sheet's first rows hold most of (at least two)."""
    best, best_score = None, 1
    for spec in specs:
        score = sum(map(text.head.__contains__, _titles(spec)))
        if score > best_score:
            best, best_score = spec, score
    return best


@lru_cache(maxsize=64)
def _titles(spec: Spec) -> tuple[str, ...]:
    return tuple(norm(title) for title in spec.titles)


def extract_templates(workbook: Workbook, specs: dict[str, Spec]) -> list[Extract]:
    if workbook.template:
        ids, stamps = workbook.template
        ours = [from_names(workbook, stamped(specs[i], stamp or "", workbook.names))
                for i, stamp in zip_longest(ids.split(","), stamps.split(",")) if i in specs]
        if any(ours):
            return [e for e in ours if e is not None]
    extracts = []
    for whole in workbook.sheets:
        for sheet in stacked(whole, tuple(specs.values())):
            text = SheetText(sheet)
            spec = recognise(text, specs.values())
            if spec is not None:
                extracts.append(from_labels(sheet, by_labels(spec, text), text))
    share_year(extracts)
    return extracts


def check_file(path: Path | str, specs: dict[str, Spec] | None = None) -> FileReport:
    path = Path(path)
    specs = specs or builtin_specs()
    try:
        workbook = open_workbook(path)
    except ReadError as exc:
        return unreadable(path, exc.type, exc.message, exc.sha256)
    report = FileReport(path)
    report.sha256, report.summary, report.saved = workbook.sha256, workbook.summary, workbook.saved
    if workbook.summary:
        workbook.close()
        return summary_report(report, specs)
    name = path_text(path)
    try:
        if workbook.macros:
            report.findings.append(finding("macros", file=name))
        for kind, target in workbook.links:
            report.findings.append(finding("dde-link" if kind == "dde" else "external-link", actual=target, file=name))
        report.extracts = extract_templates(workbook, specs)
        report.found = [Found(e.spec.id, e.spec.name, e.sheet.name, e.unit, e.year) for e in report.extracts]
        if not report.extracts:
            names = "、".join(s.name for s in workbook.sheets) or "无"
            report.findings.append(finding("no-template", actual=names, file=name))
        for extract in report.extracts:
            ctx = Context(name, workbook, extract)
            run_rules(ctx, RULES)
            report.findings.extend(ctx.findings)
            report.contexts.append(ctx)
        report.findings.extend(cross_checks(report.contexts))
    finally:
        workbook.close()
    return report


def summary_report(report: FileReport, specs: dict[str, Spec]) -> FileReport:
    """A summary of an earlier merge, read back and checked as the merge checks it (its rows add up
    to its 合计, its rates and grades follow from its figures)."""
    from workbooks.summary.columns import declared
    from workbooks.summary.readback import read_summary

    report.found = [Found("", "jixiao 汇总表", "汇总", "", None)]
    try:
        report.read_back = read_summary(report.path, declared(specs))
    except ValueError as exc:
        report.read_back = str(exc)
    except Exception:  # a file that calls itself a summary and is not one costs only itself
        report.read_back = "汇总表无法读取：文件内容不完整或格式不符"
    if isinstance(report.read_back, str):
        report.findings.append(finding("summary-invalid", message=report.read_back, file=path_text(report.path)))
    else:
        report.findings.extend(report.read_back.problems)
    return report


def unreadable(path: Path, type_: str, message: str, sha256: str = "") -> FileReport:
    """The report of a file that could not be read: one finding naming the file; its digest is
    taken from the file when the reader did not get as far as its bytes."""
    report = FileReport(path, sha256=sha256 or file_digest(path), unreadable=message)
    report.findings.append(finding(type_, message=message, file=path_text(path)))
    return report


FAILED = {
    "crashed": "读取“{name}”时读取程序意外终止，此文件未能校验；其余文件照常处理",
    "too-large": "读取“{name}”所需内存超过 {detail} MB 的限制，已停止读取此文件（文件过大或结构异常）；其余文件照常处理",
    "timeout": "读取“{name}”超过 {detail} 秒仍未完成，已停止读取此文件（文件过大或结构异常）；其余文件照常处理",
}


def failed(path: Path, failure: Failure) -> FileReport:
    """The report of a file whose reading was stopped by its bulkhead."""
    return unreadable(path, failure.kind, FAILED[failure.kind].format(name=path.name, detail=failure.detail))


T = TypeVar("T")
PARALLEL_FROM = 48          # files; below this one worker costs less than several


def check_many(paths: list[Path], jobs: int | None = None, progress: Callable[[int], None] | None = None,
               specs: dict[str, Spec] | None = None, then: Callable[[FileReport], T] | None = None) -> Iterator[T]:
    """Check files in their order, each in a worker process with a memory and a time limit (a
    file that crashes its reader, or exhausts either limit, gets a finding and costs nothing
    else); on every core for a large batch; ``progress(n)`` after each.

    ``then`` (a module-level function) turns each report into what the caller keeps, in the
    worker that checked the file: the merge sends back its figures, not every field read. For a
    file whose worker failed, ``then`` runs here, on the report that says so."""
    jobs = jobs or os.cpu_count() or 1
    workers = jobs if len(paths) >= PARALLEL_FROM else 1
    specs = specs or builtin_specs()        # read once, here, not in every worker
    for path, result in zip(paths, isolated(partial(_check, specs=specs, then=then), paths, workers)):
        if isinstance(result, Failure):
            report = failed(path, result)
            result = then(report) if then else report
        progress and progress(1)
        yield result


def _check(path: Path, specs: dict[str, Spec] | None, then: Callable[[FileReport], T] | None) -> T:
    report = check_file(path, specs)
    result = then(report) if then else report
    report.contexts = []            # numbers read and recomputed: not kept beyond the file
    return result


# Office's lock files (Excel ``~$name.xlsx``, WPS ``.~name.xlsx``): never a submission
_LOCK = re.compile(r"^(~\$|\.~)")
# what workbooks/atomic.py leaves when killed while writing: ``.name.k3j_x9q2.xlsx``
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.[A-Za-z]{3,4}$")
@dataclass
class Inputs:
    """The files to read, and every other file found in the folders given, with why it is not read."""
    paths: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def gather(inputs: Iterable[Path | str]) -> Inputs:
    """Files as given, and every workbook in given folders (recursively), in a stable order.

    Nothing in a folder goes unaccounted for: lock files of Office and WPS and temporary files
    left by an interrupted run are skipped quietly; other files, special files, unreadable
    folders and links that lead out of the folder are listed in ``skipped`` with the reason.
    Links are never followed out of the folder given."""
    found = Inputs()
    for item in inputs:
        item = Path(item)
        if item.is_dir():
            _walk(item, found)
        else:
            found.paths.append(item)
    return found


def _walk(folder: Path, found: Inputs) -> None:
    root = os.path.realpath(folder)
    entries = []
    for here, dirs, files in os.walk(folder, onerror=lambda exc: found.skipped.append(
            (Path(exc.filename or folder), "无法读取此文件夹（没有权限或已不存在），其中的文件未读取"))):
        dirs.sort()
        for name in list(dirs):
            if os.path.islink(os.path.join(here, name)):
                dirs.remove(name)
                found.skipped.append((Path(here, name), "指向别处的文件夹链接，未进入"))
        entries.extend(Path(here, name) for name in files)
    for path in sorted(entries):
        reason = _why_not(path, root)
        if reason is None:
            found.paths.append(path)
        elif reason:
            found.skipped.append((path, reason))


def _why_not(path: Path, root: str) -> str | None:
    """None for a workbook to read; "" for a file skipped quietly; else why it is skipped."""
    name = path.name
    if _LOCK.match(name) or _TEMPORARY.match(name):
        return ""
    try:
        info = os.stat(path)
    except OSError:
        return "链接指向的文件不存在，未读取"
    if os.path.islink(path) and os.path.commonpath([root, os.path.realpath(path)]) != root:
        return "链接指向所给文件夹之外的文件，未读取"
    if not stat.S_ISREG(info.st_mode):
        return "不是普通文件（设备、管道等），未读取"
    if path.suffix.lower() not in SUFFIXES:
        return "不是工作簿，已跳过"
    return None


def workbook_paths(inputs: Iterable[Path | str]) -> Iterator[Path]:
    """The files to read of :func:`gather`."""
    yield from gather(inputs).paths
