"""Merge a folder of submitted workbooks into a county summary (县汇总表).

Every input ends in exactly one place: merged, not merged (with the reason), or a duplicate (the
same bytes twice, or the same unit and template twice: the file modified last is kept, as a
resubmission replaces what came before). A summary made by an earlier merge is itself an input:
its units come in with their 地区, so county summaries merge into a city one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from udfs.numbers import parse_number
from udfs.rounding import excel_round
from udfs.scores import grade
from workbooks.check import FileReport, check_many
from workbooks.checks.context import Context
from workbooks.checks.findings import ERROR, Counted, Finding, finding
from workbooks.locate import norm
from workbooks.spec import Spec

LEVEL1 = (("产出", "score_output"), ("效益", "score_effect"), ("满意度", "score_satisfaction"), ("成本", "score_cost"))

# (key, header, kind): the columns of 汇总, in order. Rates are formulas over the amounts.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("region", "地区", "text"), ("unit", "单位名称", "text"), ("year", "年度", "int"),
    ("initial", "年初预算数", "money"), ("full", "全年预算数", "money"), ("executed", "全年执行数", "money"),
    ("execution_rate", "执行率", "rate"), ("execution_score", "执行率得分", "score"),
    ("score_output", "产出指标得分", "score"), ("score_effect", "效益指标得分", "score"),
    ("score_satisfaction", "满意度指标得分", "score"), ("score_cost", "成本指标得分", "score"),
    ("total_score", "自评得分", "score"), ("grade", "评价等次", "text"),
    ("staff_authorized", "编制数", "people"), ("staff_actual", "实际在职人数", "people"),
    ("staff_control_rate", "控制率", "rate"),
    ("sangong_prev", "三公经费上年决算数", "money"), ("sangong_budget", "三公经费本年预算数", "money"),
    ("sangong_actual", "三公经费本年决算数", "money"), ("projects", "项目支出", "money"),
    ("final_total", "决算本年支出合计", "money"), ("final_basic", "决算基本支出", "money"),
    ("final_project", "决算项目支出", "money"), ("final_sangong_budget", "决算三公经费预算数", "money"),
    ("final_sangong_actual", "决算三公经费决算数", "money"),
    ("errors", "错误数", "int"), ("warnings", "提示数", "int"), ("files", "来源文件", "text"),
)
PROJECT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("region", "地区", "text"), ("unit", "单位名称", "text"), ("project", "项目名称", "text"),
    ("template", "表样", "text"), ("budget", "预算（计划）数", "money"), ("executed", "执行（支出）数", "money"),
    ("execution_rate", "执行率", "rate"), ("total_score", "自评得分", "score"), ("grade", "评价等次", "text"),
    ("file", "来源文件", "text"),
)
SCORE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("region", "地区", "text"), ("unit", "单位名称", "text"), ("table", "评分表", "text"),
    ("project", "项目名称", "text"), ("level_投入", "投入", "score"), ("level_过程", "过程", "score"),
    ("level_产出", "产出", "score"), ("level_效果", "效果", "score"), ("self", "自评总分", "score"),
    ("audit", "审核总分", "score"), ("file", "来源文件", "text"),
)


@dataclass
class Placement:
    path: Path
    sha256: str
    state: str = "merged"               # merged / not-merged / duplicate
    reason: str = ""


@dataclass
class Summary:
    units: dict[tuple[str, str, object], dict] = field(default_factory=dict)
    projects: list[dict] = field(default_factory=list)
    scores: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    carried: list[dict] = field(default_factory=list)     # not-merged rows of summaries merged in
    regional: bool = False

    def count(self, state: str) -> int:
        return sum(p.state == state for p in self.placements)

    @property
    def line(self) -> str:
        return (f"收到 {len(self.placements)} 个文件：合并 {self.count('merged')}，"
                f"未合并 {self.count('not-merged')}，重复 {self.count('duplicate')}")


def _number(value: object) -> float | None:
    parsed = parse_number(value)
    return parsed.value if parsed.ok else None


def _unit_key(region: str, unit: str, year: object) -> tuple[str, str, object]:
    return (region, norm(unit), year)


# ---------------------------------------------------------------- figures of one template


def _t2_figures(ctx: Context) -> dict:
    e = ctx.extract
    figures = {k: ctx.number(f"total_{c}") for k, c in (("initial", "initial"), ("full", "full"), ("executed", "executed"))}
    figures["execution_score"] = ctx.number("execution_score")
    figures["total_score"] = ctx.number("total_score")
    stated = str(e.values.get("grade") or "").strip().split(":")[-1].split("：")[-1].strip()
    # the grade the total gives; a grade typed over it or left blank is in 问题清单
    figures["grade"] = grade(figures["total_score"]) or (stated if stated in ("优", "良", "中", "差") else None)
    by_level = {key: 0.0 for _, key in LEVEL1}
    found = set()
    for i, row in enumerate(e.values.get("indicators") or []):
        score = ctx.number("indicators.score", i)
        level = str(row.get("level1") or "")
        key = next((k for word, k in LEVEL1 if word in level), None)
        if score is not None and key:
            by_level[key] += score
            found.add(key)
    figures.update({k: v for k, v in by_level.items() if k in found})
    project = ctx.number("project_executed")
    if project is None and "project" in e.single:
        project = _number(e.single["project"][0])
    if project is not None:
        figures["projects_t2"] = project
    return figures


def _t1_figures(ctx: Context) -> dict:
    expected = ctx.expected
    figures = {k: ctx.number(k) for k in ("staff_authorized", "staff_actual")}
    for column in ("prev", "budget", "actual"):
        figures[f"sangong_{column}"] = expected.get(f"sangong_{column}")
    figures["projects"] = expected.get("projects_actual")
    return figures


def _stated(ctx: Context, name: str) -> float | None:
    value = ctx.number(name)
    return value if value is not None else ctx.expected.get(name)


# template → (summary column, field): the 决算 figures of a unit; 公开表 first, 收支情况 where they are missing
FINAL_FIGURES = {
    "T6-03": (("final_total", "total_total"), ("final_basic", "total_basic"), ("final_project", "total_project")),
    "T6-07": (("final_sangong_budget", "budget_total"), ("final_sangong_actual", "actual_total")),
    "T7": (("final_total", "expense_sum_total"), ("final_basic", "expense_sum_basic"),
           ("final_project", "expense_sum_project"), ("final_sangong_actual", "sangong_sum_total")),
}
# (self-evaluation column, 决算 column, what they are called): figures that must agree, else a warning
AGREEING = (("executed", "final_total", "自评表全年执行数", "决算本年支出合计"),
            ("sangong_actual", "final_sangong_actual", "基础数据表三公经费本年决算数", "决算三公经费决算数"),
            ("projects", "final_project", "基础数据表项目支出本年决算数", "决算项目支出"))


def _final_figures(ctx: Context, piece: Piece) -> None:
    """The 公开表 state a unit's 决算 figures; 收支情况 (T7) fills only what they leave empty."""
    target = piece.fallback if ctx.extract.spec.id == "T7" else piece.figures
    for column, name in FINAL_FIGURES.get(ctx.extract.spec.id, ()):
        value = _stated(ctx, name)
        if value is not None:
            target[column] = value


def _project_row(ctx: Context, file: str) -> dict:
    e = ctx.extract
    if e.spec.id == "T3-HN":
        budget, executed = ctx.expected.get("total_planned"), ctx.expected.get("total_spent")
    else:
        budget, executed = ctx.number("total_full"), ctx.number("total_executed")
    total = ctx.number("total_score")
    stated = str(e.values.get("grade") or "").strip()
    return {"unit": e.unit, "project": str(e.values.get("project") or "").strip(), "template": e.spec.id,
            "budget": budget, "executed": executed, "total_score": total,
            "grade": grade(total) or (stated if stated in ("优", "良", "中", "差") else None), "file": file}


def _score_row(ctx: Context, file: str) -> dict:
    e = ctx.extract
    row = {"unit": e.unit, "table": "整体" if e.spec.id == "T4" else "项目",
           "project": str(e.values.get("project") or "").strip(), "file": file,
           "self": ctx.number("total_self"), "audit": ctx.number("total_audit")}
    for i, item in enumerate(e.values.get("items") or []):
        level = re.sub(r"[（(].*", "", str(item.get("level1") or "")).strip()
        value = ctx.number("items.self", i)
        if level and value is not None:
            row[f"level_{level}"] = row.get(f"level_{level}", 0.0) + value
    return row


@dataclass
class Piece:
    """What one template of a submission adds to the summary."""
    unit: str
    year: int | None
    figures: dict                       # for the unit's row of 汇总
    fallback: dict = field(default_factory=dict)   # for the cells of that row still empty
    project: dict | None = None         # a row of 项目
    score: dict | None = None           # a row of 评分


@dataclass
class Submission(Counted):
    """What the merge keeps of a checked file, made in the worker that checked it: the figures
    instead of every field read, so that little crosses between processes."""
    path: Path
    sha256: str
    summary: bool
    findings: list[Finding]
    reason: str                         # why it cannot be merged, when it has no usable template
    keys: frozenset                     # (unit, year, template, project): the same twice is a duplicate
    pieces: list[Piece]


def submission(report: FileReport) -> Submission:
    name = str(report.path)
    usable = [e for e in report.extracts if e.unit]
    reason = "" if usable else (
        report.unreadable or next((f.message for f in report.findings if f.severity == ERROR), "")
        or ("未识别到绩效表格" if not report.extracts else "未找到单位名称"))
    contexts = {id(c.extract): c for c in report.contexts}     # the rules' numbers, when at hand
    return Submission(report.path, report.sha256, report.summary, report.findings, reason, _keys(report),
                      [_piece(contexts.get(id(e)) or Context(name, None, e), name) for e in usable])


def _piece(ctx: Context, name: str) -> Piece:
    extract = ctx.extract
    piece = Piece(extract.unit, extract.year, {})
    if extract.spec.id in ("T3", "T3-HN"):
        piece.project = _project_row(ctx, name)
    elif extract.spec.id in ("T4", "T5"):
        piece.score = _score_row(ctx, name)
    if extract.spec.id == "T2":
        piece.figures.update({k: v for k, v in _t2_figures(ctx).items() if v is not None})
    elif extract.spec.id == "T1":
        piece.figures.update({k: v for k, v in _t1_figures(ctx).items() if v is not None})
    _final_figures(ctx, piece)
    return piece


def _keys(report: FileReport) -> frozenset:
    keys = set()
    for e in report.extracts:
        project = str(e.values.get("project") or "").strip() if e.spec.id in ("T3", "T3-HN", "T5") else ""
        keys.add((norm(e.unit), e.year, e.spec.id, norm(project)))
    return frozenset(keys)


# ---------------------------------------------------------------- merging


class Merger:
    def __init__(self, region: str = ""):
        self.summary = Summary()
        self.region = region
        self.first_key: dict[tuple[str, str], tuple] = {}   # (region, unit) → the key of its first row

    def unit_row(self, region: str, unit: str, year: object) -> dict:
        """The row of a unit; a sheet that states no year joins the unit's row of any year, and a
        row without a year takes the first year stated for it."""
        units = self.summary.units
        key = _unit_key(region, unit, year)
        if key in units:
            return units[key]
        first = self.first_key.get(key[:2])
        if year is None and first is not None:
            return units[first]
        undated = _unit_key(region, unit, None)
        if undated in units:            # then the unit's only row: it takes the year
            row = units.pop(undated)
            row["year"] = year
            units[key] = row
            self.first_key[key[:2]] = key
            return row
        units[key] = {"region": region, "unit": unit, "year": year, "errors": 0, "warnings": 0, "files": []}
        self.first_key.setdefault(key[:2], key)
        return units[key]

    def add_submission(self, item: Submission, placement: Placement) -> None:
        name = str(item.path)
        self.summary.findings.extend(item.findings)
        if not item.pieces:
            placement.state, placement.reason = "not-merged", item.reason
            return
        touched = []
        for piece in item.pieces:
            if piece.project is not None:
                self.summary.projects.append(dict(piece.project, region=self.region))
            if piece.score is not None:
                self.summary.scores.append(dict(piece.score, region=self.region))
            row = self.unit_row(self.region, piece.unit, piece.year)
            row.update(piece.figures)
            row.update({k: v for k, v in piece.fallback.items() if row.get(k) is None})
            if row not in touched:
                touched.append(row)
        for row in touched:
            row["errors"] += item.errors
            row["warnings"] += item.warnings
            row["files"].append(name)

    def compare_final_accounts(self) -> None:
        """A unit's 决算 against its self-evaluation: the same money, so a difference is a warning."""
        for row in self.summary.units.values():
            for mine, final, mine_name, final_name in AGREEING:
                a, b = row.get(mine), row.get(final)
                if a is None or b is None or excel_round(a, 2) == excel_round(b, 2):
                    continue
                row["warnings"] += 1
                self.summary.findings.append(finding(
                    "final-accounts-differ", label=mine_name, actual=a, expected=b, message=final_name,
                    file=(row.get("files") or [""])[0]))

    def add_summary(self, path: Path, placement: Placement) -> None:
        """Units, projects, scores, findings and not-merged files of an earlier summary."""
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
            sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
        except Exception as exc:
            placement.state, placement.reason = "not-merged", f"汇总表无法读取：{exc}"
            return
        region_of_input = _summary_region(sheets.get("说明", [])) or path.stem
        self.summary.regional = True
        for key, columns, target in (("汇总", COLUMNS, None), ("项目", PROJECT_COLUMNS, self.summary.projects),
                                     ("评分", SCORE_COLUMNS, self.summary.scores)):
            for record in _records(sheets.get(key, []), columns):
                record["region"] = region = _nested_region(region_of_input, str(record.get("region") or ""))
                if target is not None:
                    target.append(record)
                    continue
                row = self.unit_row(region, str(record["unit"]), record.get("year"))
                files = row["files"] + [f for f in str(record.get("files") or "").split("；") if f]
                row.update({k: v for k, v in record.items() if v not in (None, "")})
                row["files"] = files
        for record in _plain_records(sheets.get("问题清单", [])):
            self.summary.findings.append(Finding(
                type=str(record.get("规则", "")), severity="error" if record.get("级别") == "错误" else "warning",
                message=str(record.get("说明", "")), file=str(record.get("文件", "")), template=str(record.get("模板", "")),
                sheet=str(record.get("工作表", "")), cell=str(record.get("单元格", "")),
                expected=record.get("应为"), actual=record.get("实际")))
        self.summary.carried.extend(_plain_records(sheets.get("未合并", [])))


def _nested_region(outer: str, inner: str) -> str:
    """A county summary's units already name their county; a city's get the city in front."""
    if not inner or inner == outer:
        return outer
    return inner if inner.startswith(f"{outer}/") else f"{outer}/{inner}"


def _summary_region(rows: list[list]) -> str:
    for row in rows:
        if len(row) >= 2 and row[0] == "地区":
            return str(row[1] or "").strip()
    return ""


def _plain_records(rows: list[list]) -> list[dict]:
    """Rows under the header: the first row with more than one filled cell (above it: a title)."""
    top = next((i for i, row in enumerate(rows) if sum(v not in (None, "") for v in row) > 1), None)
    if top is None:
        return []
    header = [str(h) for h in rows[top]]
    return [dict(zip(header, row)) for row in rows[top + 1:] if any(v not in (None, "") for v in row)]


def _records(rows: list[list], columns) -> list[dict]:
    by_header = {header: key for key, header, _ in columns}
    records = []
    for record in _plain_records(rows):
        unit = str(record.get("单位名称") or "").strip()
        if not unit or unit.startswith(("合计", "小计")) or str(record.get("地区") or "").endswith("小计"):
            continue
        converted = {by_header[h]: (None if v == "" else v) for h, v in record.items() if h in by_header}
        if "year" in converted and isinstance(converted["year"], float):
            converted["year"] = int(converted["year"])
        for key in ("errors", "warnings"):
            converted[key] = int(converted.get(key) or 0)
        records.append(converted)
    return records


def merge(paths: Iterable[Path], region: str = "", jobs: int | None = None,
          progress: Callable[[int], None] | None = None, specs: dict[str, Spec] | None = None) -> Summary:
    """Merge the given files (our summaries included) into one :class:`Summary`.

    Each file is read once, in a worker: its check also gives its SHA-256 and says whether it is
    a summary of an earlier merge. The first of identical files is kept, in the order given."""
    merger = Merger(region)
    placements: dict[Path, Placement] = {}
    seen: dict[str, Path] = {}
    submissions: dict[Path, Submission] = {}
    for item in check_many(list(paths), jobs=jobs, progress=progress, then=submission, specs=specs):
        placement = placements[item.path] = Placement(item.path, item.sha256)
        if item.sha256 in seen:
            placement.state, placement.reason = "duplicate", f"与 {seen[item.sha256]} 内容完全相同"
            continue
        seen[item.sha256] = item.path
        if item.summary:
            merger.add_summary(item.path, placement)
        else:
            submissions[item.path] = item
    _same_unit_twice(submissions, placements)
    for path, item in submissions.items():
        if placements[path].state == "merged":
            merger.add_submission(item, placements[path])
    merger.compare_final_accounts()
    merger.summary.placements = list(placements.values())
    merger.summary.regional = merger.summary.regional or bool(region)
    return merger.summary


def _same_unit_twice(items: dict[Path, Submission], placements: dict[Path, Placement]) -> None:
    """The same unit, year and template (and project) in two files: the file modified last is kept."""
    owners: dict[frozenset, Path] = {}
    for path, item in items.items():
        keys = item.keys
        if not keys or any(not k[0] for k in keys):
            continue
        other = owners.get(keys)
        if other is None:
            owners[keys] = path
            continue
        newer, older = sorted((other, path), key=lambda p: (p.stat().st_mtime, str(p)), reverse=True)
        owners[keys] = newer
        placements[older].state = "duplicate"
        placements[older].reason = f"同一单位同一表格另有较新的文件 {newer}（保留修改时间较晚的文件）"


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)
