"""Every call of the desk into the library (``workbooks``), in one place.

The desk keeps what a check says as plain data (JSON in its database): this module turns the
library's reports into that data and back. Nothing here decides anything about a workbook.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
from pathlib import Path

import openpyxl

from workbooks.annotate import annotate, copy_name, set_text, write_findings_sheet
from workbooks.atomic import atomic_path
from workbooks.build import build_workbook
from workbooks.check import brief, check_file, check_many
from workbooks.checks.findings import SEVERITY_NAMES, Finding, finding
from workbooks.read import SUFFIXES, ReadError, open_workbook
from workbooks.spec import builtin_specs, bundles
from workbooks.summary import merge, write_summary

__all__ = ["SEVERITY_NAMES", "SUFFIXES", "annotated_copy", "blank_template", "check_files", "failure",
           "findings_workbook", "safe_name", "sheets", "summary_workbook", "table_workbook", "template_names", "warm"]


def _plain(value: object) -> object:
    return value if value is None or isinstance(value, int | float | str) else str(value)


def check_files(paths: list[Path]) -> list[dict]:
    """The checks of stored files as JSON-ready data: the templates found and every finding. The
    library reads them in a worker process with its memory and time limits: a hostile file gets
    a finding and costs nothing else."""
    return [_plain_report(r) for r in check_many(paths, jobs=1, then=brief)]


def _plain_report(report) -> dict:
    return {"found": [{"id": f.id, "name": f.name, "sheet": f.sheet, "unit": f.unit, "year": f.year}
                      for f in report.found],
            "findings": [{k: _plain(v) for k, v in f.as_dict().items() if k != "file"} for f in report.findings]}


def warm() -> None:
    """Load the specs in a fresh worker (its readers inherit them), so that the first unit's check
    is as fast as the rest."""
    builtin_specs()


def failure(message: str) -> dict:
    """The result of a file whose check did not finish (a crashed or runaway worker)."""
    item = finding("unreadable", message=message).as_dict()
    item.pop("file")
    return {"found": [], "findings": [item]}


def _named_copy(source: Path, name: str, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    shutil.copyfile(source, target)
    return target


def annotated_copy(source: Path, name: str, directory: Path) -> Path:
    """The annotated copy (cells coloured and commented, a 校验结果 sheet) of a stored file, named
    after the name the unit gave it, written atomically into ``directory``; returns its path."""
    work = directory / f".work-{os.getpid()}-{threading.get_ident()}"
    try:
        copy = _named_copy(source, name, work)
        target = directory / copy_name(copy)
        annotate(check_file(copy), target)
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)


def summary_workbook(files: list[tuple[str, str, Path, dt.datetime]], region: str, target: Path) -> str:
    """The county summary of ``(unit, file name, stored path, received)`` files, by the same merge as
    ``jixiao merge``: each file under its unit's folder and modified when it was received, so a
    resubmission replaces what came before. Returns the merge's line (收到 … 个文件 …)."""
    work = target.parent / f".merge-{os.getpid()}-{target.stem}"
    try:
        paths = []
        for n, (unit, name, stored, received) in enumerate(files):
            path = _named_copy(stored, f"{n:04d}-{name}", work / safe_name(unit))
            stamp = received.timestamp()
            os.utime(path, (stamp, stamp))
            paths.append(path)
        summary = merge(paths, region=region)
        write_summary(summary, target, region=region, inputs=[f"{unit}/{name}" for unit, name, _, _ in files])
        return summary.line
    finally:
        shutil.rmtree(work, ignore_errors=True)


def safe_name(name: str) -> str:
    return "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in name).strip(". ") or "_"


def findings_workbook(findings: list[tuple[str, dict]], target: Path) -> Path:
    """问题清单: every finding as ``jixiao check --annotate`` lists them, the file named ``单位/文件``."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    write_findings_sheet(workbook, [Finding(**dict(item, file=file)) for file, item in findings], "问题清单")
    with atomic_path(target) as temporary:
        workbook.save(temporary)
    return target


def template_names() -> dict[str, str]:
    """The blank templates a round can ask for: bundle id → its attachment and name."""
    return {key: f"{specs[0].attachment} {specs[0].bundle_name or specs[0].name}" for key, specs in bundles().items()}


def blank_template(bundle: str, unit: str, year: int, target: Path) -> Path:
    """A blank template with the unit's name and the year already filled."""
    specs = bundles()[bundle]
    return build_workbook(specs, target, {s.id: {"unit": unit, "year": year} for s in specs})


def sheets(path: Path, max_rows: int, max_cols: int) -> list[tuple[str, list[list], list[tuple[int, int, int, int]]]]:
    """The sheets of a stored file as values (at most ``max_rows`` × ``max_cols``) and merged ranges;
    empty when the file cannot be read."""
    try:
        workbook = open_workbook(path)
    except ReadError:
        return []
    try:
        return [(s.name, [row[:max_cols] for row in s.rows[:max_rows]], s.merged) for s in workbook.sheets]
    finally:
        workbook.close()


def table_workbook(title: str, header: list[str], rows: list[list], target: Path) -> Path:
    """A plain table (the board's export); text stays text even when it starts with ``=``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for r, row in enumerate([header, *rows], 1):
        for c, value in enumerate(row, 1):
            set_text(sheet.cell(r, c), value)
    sheet.freeze_panes = "A2"
    with atomic_path(target) as temporary:
        workbook.save(temporary)
    return target
