"""The county summary as a table model: columns with kinds and how each totals, rows, the 合计
rule. The writers (xlsx, csv, parquet) and the reader of a summary use this one model, so that what
is written and what is read back cannot drift.

Which template field feeds which column is declared by the specs (the ``[summary]`` section of
each ``workbooks/specs/*.toml``, see :mod:`workbooks.summary.columns`); this module holds the
columns every table has (unit, year, counts, source files) and the rules of a total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from udfs.rates import ratio
from workbooks.checks.findings import Finding

TOTALS = ("sum", "ratio", "count", "none")
YUAN_NOTE = "金额疑似以元填报，未计入合计"
GRADES = ("优", "良", "中", "差")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str                    # text / int / money / people / rate / score / grade
    total: str = "none"          # sum / ratio (of the sums of num and den) / count / none
    num: str = ""
    den: str = ""

    @property
    def amount(self) -> bool:
        return self.kind == "money"


@dataclass(frozen=True)
class Table:
    name: str                    # the sheet: 汇总 / 项目 / 评分
    columns: tuple[Column, ...]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def by_header(self) -> dict[str, Column]:
        return {c.header: c for c in self.columns}


REGION = Column("region", "地区", "text")
UNIT = Column("unit", "单位名称", "text")
HEAD = {"units": (UNIT, Column("year", "年度", "int")),
        "projects": (UNIT, Column("project", "项目名称", "text"), Column("template", "表样", "text")),
        "scores": (UNIT, Column("project", "项目名称", "text"))}
COUNTS = (Column("errors", "错误数", "int", "sum"), Column("warnings", "提示数", "int", "sum"))
TAIL = {"units": (*COUNTS, Column("report", "报告一致性", "text"), Column("note", "备注", "text"),
                  Column("files", "来源文件", "text")),
        "projects": (Column("file", "来源文件", "text"),),
        "scores": (Column("file", "来源文件", "text"),)}
SHEETS = {"units": "汇总", "projects": "项目", "scores": "评分"}
# the sign-off line at the foot of 汇总, as a 财政局's table ends: filled by hand, 制表日期 by the run
SIGN_OFF = ("单位负责人", "财务负责人", "填表人", "联系电话", "制表日期")


def table(name: str, declared: tuple[Column, ...], regional: bool) -> Table:
    """A table's columns: 地区 (when regions are merged), the head, the spec-declared, the tail."""
    return Table(SHEETS[name], ((REGION,) if regional else ()) + HEAD[name] + declared + TAIL[name])


def total_of(column: Column, rows: list[dict], totals: dict) -> object:
    """The 合计 of one column over ``rows``: sums of amounts, rates recomputed from the sums (never
    an average of rates), counts of filled cells; ``totals`` holds the sums already made."""
    if column.total == "sum":
        return round(sum(r[column.key] for r in rows if _numeric(r.get(column.key))), 6)
    if column.total == "ratio":
        return ratio(totals.get(column.num), totals.get(column.den))
    if column.total == "count":
        return sum(r.get(column.key) not in (None, "") for r in rows)
    return None


def totals(table_: Table, rows: list[dict]) -> dict:
    """The 合计 row's values (sums first: the ratios read them)."""
    result: dict = {}
    for column in sorted(table_.columns, key=lambda c: c.total == "ratio"):
        result[column.key] = total_of(column, rows, result)
    return result


def with_rates(table_: Table, row: dict) -> dict:
    """A row with its rates worked out from its own figures (num / den of each rate column)."""
    for column in table_.columns:
        if column.total == "ratio":
            row[column.key] = ratio(row.get(column.num), row.get(column.den))
    return row


def _numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


STATES = {"merged": "已合并", "not-merged": "未合并", "duplicate": "重复"}     # a placement's state, shown


@dataclass(slots=True)
class Placement:
    """Where one input went: merged, not merged (why), or a duplicate (of which file, and why)."""
    path: Path
    sha256: str
    state: str = "merged"               # merged / not-merged / duplicate
    reason: str = ""


@dataclass(slots=True)
class Listed:
    """A finding as the summary lists it: with the 地区 and the 单位 of its file."""
    region: str
    unit: str
    finding: Finding

    @property
    def key(self) -> tuple:
        f = self.finding
        return (self.region, self.unit, f.file, f.sheet, f.cell, f.type, f.message)


@dataclass
class Summary:
    units: dict[tuple, dict] = field(default_factory=dict)     # (region, unit key, year) → its row
    projects: list[dict] = field(default_factory=list)
    scores: list[dict] = field(default_factory=list)
    findings: list[Listed] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    carried: list[dict] = field(default_factory=list)          # 未合并 rows of summaries merged in
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # entries of the folders not read, and why
    columns: dict[str, tuple[Column, ...]] = field(default_factory=dict)   # table → declared columns
    regional: bool = False

    def count(self, state: str) -> int:
        return sum(p.state == state for p in self.placements)

    @property
    def line(self) -> str:
        return (f"收到 {len(self.placements)} 个文件：合并 {self.count('merged')}，"
                f"未合并 {self.count('not-merged')}，重复 {self.count('duplicate')}")

    def table(self, name: str) -> Table:
        return table(name, self.columns.get(name, ()), self.regional)

    def rows(self, name: str) -> list[dict]:
        """A table's rows in the order they are shown (by 地区, then unit)."""
        rows = {"units": list(self.units.values()), "projects": self.projects, "scores": self.scores}[name]
        return sorted(rows, key=lambda r: (str(r.get("region") or ""), str(r.get("unit") or ""),
                                           str(r.get("project") or "")))

    def excluded(self) -> list[str]:
        """The units whose amounts are left out of 合计 (amounts that look like 元)."""
        return [str(r["unit"]) for r in self.rows("units") if in_yuan(r)]

    def total_note(self) -> str:
        left_out = self.excluded()
        return f"不含 {'、'.join(left_out)} 的金额（疑似以元填报，见问题清单）" if left_out else ""

    @property
    def failed(self) -> bool:
        """Whether the merge found what must be fixed: a file not merged, or an error."""
        return bool(self.count("not-merged")) or any(r.get("errors") for r in self.units.values())


def in_yuan(row: dict) -> bool:
    """Whether a row's amounts were left out as 元 (said in its 备注, also in a summary read back)."""
    return str(row.get("note") or "").startswith(YUAN_NOTE)


def shown_row(row: dict) -> dict:
    """A row's values as the tables show them: files by name, joined."""
    values = dict(row)
    files = row.get("files")
    if isinstance(files, list):
        values["files"] = "；".join(Path(str(f)).name for f in files)
    if "file" in row:
        values["file"] = Path(str(row.get("file") or "")).name
    return values
