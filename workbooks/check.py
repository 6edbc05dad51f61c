"""Check submitted workbooks: recognise each template, read its fields, run every rule.

A file that cannot be read is a finding like any other, never an exception: the batch goes on.
"""

from __future__ import annotations

import concurrent.futures
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import TypeVar

from workbooks.checks import RULES, run_rules
from workbooks.checks.context import Context
from workbooks.checks.cross import cross_checks
from workbooks.checks.findings import Counted, Finding, finding
from workbooks.locate import Extract, SheetText, from_labels, from_names, norm, share_year, stacked
from workbooks.read import SUFFIXES, ReadError, Workbook, file_digest, open_workbook
from workbooks.spec import Spec, builtin_specs


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
    summary: bool = False                   # a summary of an earlier merge: merged, not checked
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
    return replace(report, extracts=[], contexts=[])


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
        ours = [from_names(workbook, specs[i]) for i in workbook.template[0].split(",") if i in specs]
        if any(ours):
            return [e for e in ours if e is not None]
    extracts = []
    for whole in workbook.sheets:
        for sheet in stacked(whole, tuple(specs.values())):
            text = SheetText(sheet)
            spec = recognise(text, specs.values())
            if spec is not None:
                extracts.append(from_labels(sheet, spec, text))
    share_year(extracts)
    return extracts


def check_file(path: Path | str, specs: dict[str, Spec] | None = None) -> FileReport:
    path = Path(path)
    specs = specs or builtin_specs()
    report = FileReport(path)
    try:
        workbook = open_workbook(path)
    except ReadError as exc:
        report.sha256 = file_digest(path) if path.is_file() else ""
        report.unreadable = exc.message
        report.findings.append(finding(exc.type, message=exc.message, file=str(path)))
        return report
    report.sha256, report.summary = workbook.sha256, workbook.summary
    if workbook.summary:
        workbook.close()
        return report
    try:
        if workbook.macros:
            report.findings.append(finding("macros", file=str(path)))
        report.extracts = extract_templates(workbook, specs)
        report.found = [Found(e.spec.id, e.spec.name, e.sheet.name, e.unit, e.year) for e in report.extracts]
        if not report.extracts:
            names = "、".join(s.name for s in workbook.sheets) or "无"
            report.findings.append(finding("no-template", actual=names, file=str(path)))
        for extract in report.extracts:
            ctx = Context(str(path), workbook, extract)
            run_rules(ctx, RULES)
            report.findings.extend(ctx.findings)
            report.contexts.append(ctx)
        report.findings.extend(cross_checks(report.contexts))
    finally:
        workbook.close()
    return report


T = TypeVar("T")
PARALLEL_FROM = 48          # files; below this a process pool costs more than it saves


def check_many(paths: list[Path], jobs: int | None = None, progress: Callable[[int], None] | None = None,
               specs: dict[str, Spec] | None = None, then: Callable[[FileReport], T] | None = None) -> Iterator[T]:
    """Check files in their order, on every core for a large batch; ``progress(n)`` after each.

    ``then`` (a module-level function) turns each report into what the caller keeps, in the
    worker that checked the file: the merge sends back its figures, not every field read."""
    jobs = jobs or os.cpu_count() or 1
    work = partial(_check, specs=specs, then=then)
    if jobs > 1 and len(paths) >= PARALLEL_FROM:
        with concurrent.futures.ProcessPoolExecutor(jobs) as pool:
            for result in pool.map(work, paths, chunksize=16):
                progress and progress(1)
                yield result
        return
    for path in paths:
        result = work(path)
        progress and progress(1)
        yield result


def _check(path: Path, specs: dict[str, Spec] | None, then: Callable[[FileReport], T] | None) -> T:
    report = check_file(path, specs)
    result = then(report) if then else report
    report.contexts = []            # numbers read and recomputed: not kept beyond the file
    return result


def workbook_paths(inputs: Iterable[Path | str]) -> Iterator[Path]:
    """Files as given, and every workbook in given folders (recursively), in a stable order.

    Temporary owner files of Office (``~$name.xlsx``) are skipped."""
    for item in inputs:
        item = Path(item)
        if item.is_dir():
            for path in sorted(p for p in item.rglob("*") if p.is_file()):
                if path.suffix.lower() in SUFFIXES and not path.name.startswith("~$"):
                    yield path
        else:
            yield item
