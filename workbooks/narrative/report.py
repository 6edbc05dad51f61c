"""Check one 自评报告: read it, read its statements, check them against each other and against the
tables of its unit. The result is a :class:`workbooks.check.FileReport` like a workbook's, so a
report's findings go wherever a workbook's go; a file that cannot be read is a finding too."""

from __future__ import annotations

from pathlib import Path

from workbooks.check import FileReport, Found
from workbooks.checks.findings import finding
from workbooks.narrative.checks import Checker
from workbooks.narrative.documents import Block, read_blocks
from workbooks.narrative.matching import match_unit, stated_units
from workbooks.narrative.statements import Reading, read_statements
from workbooks.narrative.tables import Fact
from workbooks.read import ReadError, file_digest

REPORT = "报告"
REPORT_NAME = "自评报告"
UNMATCHED = "未对应到单位的表格，只核对了报告自身"


def read_report(path: Path | str) -> tuple[list[Block], Reading]:
    """The blocks of a report and its statements; raises ReadError when it cannot be read."""
    blocks = read_blocks(Path(path))
    return blocks, read_statements(blocks)


def check_report(path: Path | str, facts: list[Fact] = ()) -> FileReport:
    """The findings about one report, against the figures of the tables checked with it (any
    units': the report is matched to its own)."""
    path = Path(path)
    report = FileReport(path, sha256=file_digest(path) if path.is_file() else "")
    try:
        blocks, reading = read_report(path)
    except ReadError as exc:
        report.unreadable = exc.message
        report.findings.append(finding(exc.type, message=exc.message, file=str(path), template=REPORT))
        return report
    unit = match_unit(path, blocks, list(facts))
    stated = stated_units(blocks)
    name = REPORT_NAME if unit else f"{REPORT_NAME}（{UNMATCHED}）"
    report.found = [Found(REPORT, name, "", unit or (stated[0] if stated else ""), None)]
    checker = Checker(str(path))
    if not reading.statements:
        report.findings.append(finding("report-no-statements", file=str(path), template=REPORT))
    report.findings.extend(checker.within(reading))
    if unit:
        report.findings.extend(checker.against(reading.statements, [f for f in facts if f.unit == unit]))
    return report
