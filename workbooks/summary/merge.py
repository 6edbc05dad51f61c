"""Merge a folder of submitted workbooks into a county summary (县汇总表).

Every input ends in exactly one place: merged, not merged (with the reason), or a duplicate (the
same bytes twice, or a version of the same table replaced by a later one, see
:mod:`workbooks.summary.inbox`). A summary among the inputs brings its units, after it is checked
like any file; a unit that comes both inside a summary and as its own file counts once: its own
file wins.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from workbooks.check import FileReport, check_many
from workbooks.checks.findings import ERROR, figure, finding
from workbooks.narrative.batch import NOT_SENT, agreement, check_reports, with_facts
from workbooks.read import ReadError, open_workbook
from workbooks.spec import Spec, builtin_specs
from workbooks.summary.agreement import YUAN, compare_unit, looks_like_yuan
from workbooks.summary.columns import declared
from workbooks.summary.figures import Piece, Submission, submission
from workbooks.summary.inbox import Candidate, later, unit_key, version_of
from workbooks.summary.model import YUAN_NOTE, Listed, Placement, Summary, in_yuan, with_rates
from workbooks.summary.readback import ReadSummary
from workbooks.summary.regions import Opened, named_region, resolve_versions, same_region


class Merger:
    def __init__(self, region: str, specs: dict[str, Spec]):
        self.summary = Summary(columns=declared(specs))
        self.region = region
        self.first_key: dict[tuple[str, str], tuple] = {}   # (region, unit) → the key of its first row
        self.sources: dict[int, list[tuple[str, Piece]]] = {}   # id(row) → (file, piece) of its own files
        self.unit_of: dict[str, str] = {}                      # file → its unit, for 问题清单
        self.own: set[int] = set()                             # id(row) of the rows of the units' own files

    def unit_row(self, region: str, unit: str, year: object, create: bool = True) -> dict | None:
        """The row of a unit; a sheet that states no year joins the unit's row of any year, and a
        row without a year takes the first year stated for it."""
        units = self.summary.units
        key = (region, unit_key(unit), year)
        if key in units:
            return units[key]
        first = self.first_key.get(key[:2])
        if year is None and first is not None:
            return units[first]
        if not create:
            return None
        undated = (region, unit_key(unit), None)
        if undated in units:            # then the unit's only row: it takes the year
            row = units.pop(undated)
            row["year"] = year
            units[key] = row
            self.first_key[key[:2]] = key
            return row
        units[key] = {"region": region, "unit": unit, "year": year, "errors": 0, "warnings": 0, "files": [], "note": ""}
        self.first_key.setdefault(key[:2], key)
        return units[key]

    # ------------------------------------------------------------ the units' own files

    def add_submission(self, item: Submission, pieces: list[Piece]) -> None:
        name = str(item.path)
        touched = []
        for piece in pieces:
            self.unit_of.setdefault(name, piece.unit)
            if piece.table == "units":
                row = self.unit_row(self.region, piece.unit, piece.year)
                row.update(piece.values)
                row.update({k: v for k, v in piece.fallback.items() if row.get(k) is None})
                self.sources.setdefault(id(row), []).append((name, piece))
            else:
                rows = self.summary.projects if piece.table == "projects" else self.summary.scores
                rows.append(dict(piece.values, region=self.region, unit=piece.unit, project=piece.project,
                                 template=piece.spec, file=name))
                row = self.unit_row(self.region, piece.unit, piece.year)
            if row not in touched:
                touched.append(row)
        for row in touched:
            self.own.add(id(row))
            row["errors"] += item.errors
            row["warnings"] += item.warnings
            row["files"].append(name)
        self.listed(item.findings, self.unit_of.get(name, ""))

    def listed(self, findings, unit: str) -> None:
        self.summary.findings.extend(Listed(self.region, unit, f) for f in findings)

    def compare_units(self) -> None:
        """A unit's files against each other: the same quantity stated twice agrees (T1 and T2, 决算
        and 自评), and amounts 10,000 times another statement are 元 (above 500,000 万元: the checker's)."""
        for row in list(self.summary.units.values()):
            found = compare_unit(self.sources.get(id(row), []))
            for f in found:
                row["errors" if f.severity == ERROR else "warnings"] += 1
            self.listed(found, row["unit"])

    def leave_out_yuan(self) -> None:
        """Units whose amounts look like 元: amounts out of the row (so out of 合计), said in 备注."""
        yuan_files = {f.finding.file for f in self.summary.findings if f.finding.type == "unit-yuan"}
        money = [c.key for c in self.summary.table("units").columns if c.amount]
        for row in self.summary.units.values():
            if not yuan_files.intersection(row["files"]) or in_yuan(row):
                continue
            stated = [(c, row.pop(c)) for c in money if isinstance(row.get(c), int | float)]
            shown = "，".join(f"{self._header(c)} {v:,.2f}" for c, v in stated[:3])
            row["note"] = f"{YUAN_NOTE}（{shown}）" if shown else YUAN_NOTE
        project_money = [c.key for c in self.summary.table("projects").columns if c.amount]
        for row in self.summary.projects:
            if row.get("file") in yuan_files:
                for key in project_money:
                    row.pop(key, None)

    def _header(self, key: str) -> str:
        return next(c.header for c in self.summary.table("units").columns if c.key == key)

    # ------------------------------------------------------------ the units' 自评报告 (workbooks/narrative)

    def add_reports(self, reports: Iterable[FileReport], placements: dict[Path, Placement], seen: dict[str, Path]) -> None:
        """Each unit's report: 报告一致性 in its row (一致 / N 处不一致 / 无法读取; 未提交报告 where none
        came), its findings in 问题清单 and its counts in the row. A report goes to the unit it
        names, else to the only unit whose files are in its folder; one that neither places is not
        merged. Of two reports of one unit the later is kept."""
        kept: dict[int, tuple[dict, FileReport]] = {}
        for report in reports:
            placement = placements[report.path] = Placement(report.path, report.sha256)
            if report.sha256 and report.sha256 in seen:
                placement.state, placement.reason = "duplicate", f"与 {seen[report.sha256]} 内容完全相同"
                continue
            seen[report.sha256] = report.path
            unit = report.found[0].unit if report.found else ""
            row = (self.unit_row(self.region, unit, None, create=False) if unit else None) or self._row_in(report.path.parent)
            if row is None:
                placement.state = "not-merged"
                placement.reason = report.unreadable or f"自评报告未能对应到任何单位的表格（报告所述单位：{unit or '未写明'}）"
                self.listed(report.findings, unit)
                continue
            if id(row) in kept:
                newer, older, why = later(Candidate(kept[id(row)][1].path, ""), Candidate(report.path, ""))
                placements[older.path].state = "duplicate"
                placements[older.path].reason = f"同一单位另有较新的自评报告 {newer.path}（{why}）"
                report = report if newer.path == report.path else kept[id(row)][1]
            kept[id(row)] = (row, report)
        for row in self.summary.units.values():
            row.setdefault("report", NOT_SENT)
        for row, report in kept.values():
            row["report"] = agreement(report)
            row["errors"] += report.errors
            row["warnings"] += report.warnings
            row["files"].append(str(report.path))
            self.listed(report.findings, row["unit"])

    def _row_in(self, folder: Path) -> dict | None:
        """The row of the only unit whose files are in ``folder`` (a report that names no unit, or
        cannot be read, belongs to the unit it was sent with)."""
        rows = [row for row in self.summary.units.values() if any(Path(f).parent == folder for f in row["files"])]
        return rows[0] if len(rows) == 1 else None

    # ------------------------------------------------------------ summaries among the inputs

    def open_summary(self, item: Submission, placement: Placement) -> ReadSummary | None:
        """A summary read (in the worker that checked it) and checked like any file; None (and why
        in 未合并) when it fails."""
        read = item.read
        if not isinstance(read, ReadSummary):
            placement.state, placement.reason = "not-merged", read or "汇总表无法读取"
            return None
        if read.problems:
            shown = "；".join(f"{p.cell or '汇总'}：{p.message}" for p in read.problems[:3])
            placement.state = "not-merged"
            placement.reason = f"汇总表未通过校验（{len(read.problems)} 处）：{shown}"
            self.listed(read.problems, "")
            return None
        return read

    def add_summary(self, item: Opened, placement: Placement, received: set[str]) -> None:
        """A summary's units, except those of a region a later summary covers and those whose own
        file (or a later summary) this merge already holds."""
        superseded: dict[str, list[str]] = {"本单位文件": [], "较新的汇总表": []}
        taken: set[tuple[str, str]] = set()
        index = self._index()
        for record in item.read.tables["units"]:
            region = _nested_region(item.region, str(record.get("region") or ""))
            if region in item.replaced:
                continue
            own = self._matching(index, region, str(record["unit"]), record.get("year"))
            if own is not None:                 # the unit's own file (or a later summary) wins
                superseded["本单位文件" if id(own) in self.own else "较新的汇总表"].append(str(record["unit"]))
                self._against_summary(own, record, item.path)
                continue
            row = self.unit_row(region, str(record["unit"]), record.get("year"))
            row.update({k: v for k, v in record.items() if v not in (None, "") and not k.startswith("_")
                        and k not in ("region", "files")})
            row["files"] = [str(item.path)]     # the file this merge received: the summary, not the units' files
            taken.add((region, unit_key(record["unit"])))
        said = [f"地区“{region}”另有较新的汇总表 {newer}，以其为准（{why}）" for region, (newer, why) in item.replaced.items()]
        replaced = not taken and (item.replaced or any(superseded.values()))
        if replaced and any(superseded.values()):
            said.append("所含 {} 个单位均另有{}，以其为准".format(
                sum(map(len, superseded.values())), "或".join(k for k, v in superseded.items() if v)))
        else:
            said += [f"其中 {'、'.join(units)} 另有{source}，以其为准" for source, units in superseded.items() if units]
        placement.reason = "；".join(filter(None, [placement.reason, *said]))
        if replaced:
            placement.state = "duplicate"
            return
        self.summary.regional = self.summary.regional or any(region for region, _ in taken)
        self._carry(item.read, item.region, taken, received, set(item.replaced))

    def set_aside_ambiguous(self, opened: list[Opened], placements: dict[Path, Placement]) -> None:
        """A unit's own file whose unit summaries of two regions both list (教育局 in 甲县's and in
        乙县's) belongs to neither for sure: it is not merged, and each summary keeps its own row."""
        regions: dict[str, set[str]] = {}
        for item in opened:
            for record in item.read.tables["units"]:
                region = _nested_region(item.region, str(record.get("region") or ""))
                if region not in item.replaced:
                    regions.setdefault(unit_key(record["unit"]), set()).add(region)
        for key, row in list(self.summary.units.items()):
            listed = sorted(regions.get(key[1], ()))
            if id(row) not in self.own or len(listed) < 2:
                continue
            files = set(row["files"])
            for path in map(Path, files):
                placements[path].state = "not-merged"
                placements[path].reason = (f"单位“{row['unit']}”在{'、'.join(listed)}的汇总表中都有，无法确定本文件属于哪个地区；"
                                           "请交所属地区汇总，或在单位名称中写明地区")
            for other, candidate in list(self.summary.units.items()):
                if files.intersection(candidate["files"]):
                    del self.summary.units[other]
            self.summary.projects[:] = [r for r in self.summary.projects if r.get("file") not in files]
            self.summary.scores[:] = [r for r in self.summary.scores if r.get("file") not in files]

    def _index(self) -> dict[str, list[tuple]]:
        index: dict[str, list[tuple]] = {}
        for key in self.summary.units:
            index.setdefault(key[1], []).append(key)
        return index

    def _matching(self, index: dict[str, list[tuple]], region: str, unit: str, year: object) -> dict | None:
        """The row this merge already holds for a summary's unit: the unit's own file (whatever the
        region: it was sent here), or a row of the same region (``某市/甲县`` is ``甲县``) and year."""
        for key in index.get(unit_key(unit), []):
            row = self.summary.units[key]
            if (year is None or key[2] is None or key[2] == year) and (
                    id(row) in self.own or same_region(key[0], region)):
                return row
        return None

    def _against_summary(self, row: dict, record: dict, path: Path) -> None:
        """A unit's own file against its row in a summary: amounts 10,000 times the summary's are 元."""
        for (file, piece), column in ((s, c.key) for s in self.sources.get(id(row), [])
                                      for c in self.summary.table("units").columns if c.amount):
            where, theirs = piece.cells.get(column), record.get(column)
            if where is None or not isinstance(theirs, int | float) or not looks_like_yuan(where[2], theirs) \
                    or abs(where[2]) < abs(theirs):
                continue
            found = finding("unit-yuan", label=f"“{where[3]}”", actual=where[2], expected=round(where[2] / YUAN, 2),
                            kind="money", message=f"是汇总表“{path.name}”中同一单位 {figure(theirs, 'money')}的一万倍",
                            file=file, template=piece.spec, sheet=where[0], cell=where[1])
            row["errors"] += 1
            self.listed([found], row["unit"])
            return

    def _carry(self, read, outer: str, taken: set[tuple[str, str]], received: set[str], replaced: set[str]) -> None:
        """The projects, scores and findings of the units taken from a summary, and its 未合并 rows
        with their findings, except those of a file this merge received itself (the same SHA-256)
        and those of a region a later summary covers."""
        for name, target in (("projects", self.summary.projects), ("scores", self.summary.scores)):
            for record in read.tables[name]:
                region = _nested_region(outer, str(record.get("region") or ""))
                if (region, unit_key(record.get("unit"))) in taken:
                    target.append({k: v for k, v in record.items() if not k.startswith("_")} | {"region": region})
        again = {str(r.get("文件") or "") for r in read.carried if r.get("SHA-256") in received}
        for item in read.findings:
            region = _nested_region(outer, item.region)
            if (region, unit_key(item.unit)) in taken or (not item.unit and item.finding.file not in again):
                self.summary.findings.append(Listed(region, item.unit, item.finding))
        for record in read.carried:
            record["地区"] = _nested_region(outer, str(record.get("地区") or ""))
            if str(record.get("文件") or "") not in again and record["地区"] not in replaced:
                self.summary.carried.append(record)


def _nested_region(outer: str, inner: str) -> str:
    """A county summary's units already name their county; a city's get the city in front."""
    if not inner or inner == outer or not outer:
        return inner or outer
    return inner if inner.startswith(f"{outer}/") else f"{outer}/{inner}"


def merge(paths: Iterable[Path], region: str = "", jobs: int | None = None,
          progress: Callable[[int], None] | None = None, specs: dict[str, Spec] | None = None,
          reports: Iterable[Path] = ()) -> Summary:
    """Merge the given files (summaries included) into one :class:`Summary`; ``reports`` are the
    units' 自评报告, checked against the figures of the workbooks.

    Each file is read once, in a worker: its check also gives its SHA-256, its saved time and
    whether it is a summary. The first of identical files is kept, in the order given."""
    specs = specs or builtin_specs()
    paths, reports = distinct(paths), distinct(reports)
    merger = Merger(region, specs)
    placements: dict[Path, Placement] = {}
    seen: dict[str, Path] = {}
    own: dict[Path, Submission] = {}
    summaries: list[Submission] = []
    facts = []
    for item, figures in check_many(list(paths), jobs=jobs, progress=progress, specs=specs,
                                    then=partial(with_facts, then=submission)):
        facts.extend(figures)
        placement = placements[item.path] = Placement(item.path, item.sha256)
        if item.sha256 and item.sha256 in seen:
            placement.state, placement.reason = "duplicate", f"与 {seen[item.sha256]} 内容完全相同"
            continue
        seen[item.sha256] = item.path
        if item.summary:
            summaries.append(item)
        elif not item.pieces:
            placement.state, placement.reason = "not-merged", item.reason
            merger.listed(item.findings, "")
        else:
            own[item.path] = item
    kept = _latest_versions(own, placements)
    for path, item in own.items():
        if placements[path].state == "merged":
            merger.add_submission(item, kept[path])
    merger.compare_units()
    merger.leave_out_yuan()
    received = {p.sha256 for p in placements.values()}
    opened = _opened(merger, summaries, placements)
    merger.set_aside_ambiguous(opened, placements)
    for item in opened:
        merger.add_summary(item, placements[item.path], received)
    merger.add_reports(check_reports(reports, facts, progress, jobs), placements, seen)
    merger.leave_out_yuan()
    merger.summary.findings = _once(merger.summary.findings)
    merger.summary.placements = list(placements.values())
    merger.summary.regional = merger.summary.regional or bool(region)
    for name, rows in (("units", merger.summary.units.values()), ("projects", merger.summary.projects)):
        for row in rows:
            with_rates(merger.summary.table(name), row)
    return merger.summary


def _opened(merger: Merger, summaries: list[Submission], placements: dict[Path, Placement]) -> list[Opened]:
    """The summaries that pass their check, latest first, each with its region: the one it states,
    else (beside other summaries, or merged into a named region) the one its title or file name
    gives, said in 未合并; and for each region two of them cover, the later one kept."""
    opened = []
    for item in sorted(summaries, key=lambda s: Candidate(s.path, s.saved).order(), reverse=True):
        read = merger.open_summary(item, placements[item.path])
        if read is not None:
            opened.append(Opened(item.path, item.saved, read, read.region))
    for item in opened:
        if not item.region and (merger.region or len(opened) > 1):
            item.region = named_region(item.read.title, item.path)
            placements[item.path].reason = f"汇总表未写明地区，记为“{item.region}”"
        item.region = item.region or merger.region
    resolve_versions(opened, _nested_region)
    return opened


def distinct(paths: Iterable[Path]) -> list[Path]:
    """The paths in the order given, each once: a file given twice (a folder and a file in it, the
    same folder twice, ``收文/./a.xlsx``) is one input, never a duplicate of itself."""
    seen: set[str] = set()
    result = []
    for path in paths:
        where = os.path.normcase(os.path.abspath(path))
        if where not in seen:
            seen.add(where)
            result.append(Path(path))
    return result


def earlier_summary(path: Path) -> bool:
    """Whether a file is a summary written by a merge (an output may replace it)."""
    try:
        return open_workbook(path).summary
    except ReadError:
        return False


def _once(findings: list[Listed]) -> list[Listed]:
    seen, result = set(), []
    for item in findings:
        if item.key not in seen:
            seen.add(item.key)
            result.append(item)
    return result


def _latest_versions(items: dict[Path, Submission], placements: dict[Path, Placement]) -> dict[Path, list[Piece]]:
    """The same unit, year and template (and project) in two files: the later version is kept
    (see :mod:`workbooks.summary.inbox`); a table that states no year is the same as one of the
    only year stated for it, and tables of different years are versions of one table when their
    file names say they are different versions (a 草稿 of 2023 beside a 终稿 of 2024: a typo).
    A file all of whose tables were replaced is a duplicate."""
    years: dict[tuple, set] = {}
    ranks: dict[tuple, set] = {}
    for item in items.values():
        for piece in item.pieces:
            years.setdefault(_table_key(piece), set()).add(piece.year)
            version = version_of(item.path)
            ranks.setdefault(_table_key(piece), set()).add((version.rank, version.number))

    def key(piece: Piece) -> tuple:
        stated = years[_table_key(piece)] - {None}
        if len(stated) > 1 and len(ranks[_table_key(piece)]) > 1:
            return (*_table_key(piece), "versions")
        return (*_table_key(piece), piece.year if piece.year is not None or len(stated) != 1 else next(iter(stated)))

    owner: dict[tuple, Submission] = {}
    replaced: dict[Path, tuple[Path, str]] = {}
    for item in items.values():
        for piece in item.pieces:
            other = owner.get(key(piece))
            if other is None or other is item:
                owner[key(piece)] = item
                continue
            kept, lost, why = later(Candidate(other.path, other.saved), Candidate(item.path, item.saved))
            owner[key(piece)] = items[kept.path]
            stated = sorted({p.year for p in (*other.pieces, *item.pieces) if _table_key(p) == _table_key(piece)} - {None})
            replaced[lost.path] = (kept.path, why + (f"；两个版本所填年度不同（{'、'.join(map(str, stated))}）" if len(stated) > 1 else ""))
    kept: dict[Path, list[Piece]] = {}
    for path, item in items.items():
        kept[path] = [p for p in item.pieces if owner[key(p)] is item]
        if not kept[path]:
            newer, why = replaced[path]
            placements[path].state = "duplicate"
            placements[path].reason = f"同一单位同一表格另有较新的版本 {newer}，已保留该文件（{why}）"
    return kept


def _table_key(piece: Piece) -> tuple:
    return (unit_key(piece.unit), piece.spec, unit_key(piece.project))

