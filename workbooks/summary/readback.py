"""Reading a summary back, with the same model that wrote it, and checking it like any file: its
rows must add up to its 合计, each row's rates and grade must follow from its figures, and its
amounts must be plausible. A summary that fails is not merged; 未合并 says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from udfs.rates import ratio
from udfs.scores import grade
from workbooks.checks import type_of
from workbooks.checks.findings import Finding, figure, finding
from workbooks.checks.yuan import LIMIT as MONEY_LIMIT
from workbooks.read import cell_name
from workbooks.summary.inbox import unit_key
from workbooks.summary.model import SHEETS, SIGN_OFF, UNIT, Column, Listed, Table, table

FINDING_HEADERS = ("地区", "单位", "文件", "模板", "工作表", "单元格", "规则", "级别", "说明", "应为", "实际")
NOT_MERGED_HEADERS = ("地区", "文件", "类别", "原因", "SHA-256")
_CENT = 0.005
_NUMBERS = ("money", "people", "score", "rate")           # kinds a summary holds as numbers only
_RATE = 0.00005


@dataclass
class ReadSummary:
    """What a summary holds, as records of the model's column keys."""
    region: str
    title: str = ""
    tables: dict[str, list[dict]] = field(default_factory=dict)
    findings: list[Listed] = field(default_factory=list)
    carried: list[dict] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


def read_summary(path: Path, declared: dict[str, tuple[Column, ...]]) -> ReadSummary:
    """Read a summary; raises ``ValueError`` (a Chinese message) when it cannot be read at all."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    except Exception:  # calamine raises its own types for every broken file
        raise ValueError("汇总表无法读取：文件已损坏或不是 Excel 工作簿") from None
    units = sheets.get(SHEETS["units"], [])
    if not any(UNIT.header in row for row in units[:5]):
        raise ValueError(f"汇总表中没有“{SHEETS['units']}”工作表或其“{UNIT.header}”列，无法核对")
    title = "" if UNIT.header in units[0] else str(units[0][0] or "") if units[0] else ""
    read = ReadSummary(_about(sheets.get("说明", []), "地区"), title)
    for name, sheet in SHEETS.items():
        model = table(name, declared.get(name, ()), regional=True)
        records, total = _records(sheets.get(sheet, []), model)
        read.tables[name] = [r for r, _ in records]
        if name == "units":
            _check_units(model, records, total, str(path), read.problems)
    for record in _plain(sheets.get("问题清单", []))[1]:
        read.findings.append(Listed(str(record.get("地区") or ""), str(record.get("单位") or ""), Finding(
            type=type_of(str(record.get("规则") or "")), severity="error" if record.get("级别") == "错误" else "warning",
            message=str(record.get("说明") or ""), file=str(record.get("文件") or ""),
            template=str(record.get("模板") or ""), sheet=str(record.get("工作表") or ""),
            cell=str(record.get("单元格") or ""), expected=_value(record.get("应为")), actual=_value(record.get("实际")))))
    read.carried = _plain(sheets.get("未合并", []))[1]
    return read


def _value(value: object) -> object:
    return None if value == "" else value


def _about(rows: list[list], name: str) -> str:
    return next((str(row[1] or "").strip() for row in rows if len(row) >= 2 and row[0] == name), "")


def _plain(rows: list[list], header: str = "") -> tuple[int, list[dict]]:
    """(the header's row index, the records under it): the header is the first row holding
    ``header``, else the first row with more than one filled cell (above it: a title, and the
    填报单位 / 金额单位 line)."""
    top = next((i for i, row in enumerate(rows)
                if (header in row if header else sum(v not in (None, "") for v in row) > 1)), None)
    if top is None:
        return 0, []
    header = [str(h or "") for h in rows[top]]
    return top, [dict(zip(header, row), _row=i) for i, row in enumerate(rows[top + 1:], top + 1)
                 if any(v not in (None, "") for v in row)]


class _Cells:
    """The cell of each of a record's keys, named only when a problem needs it (a summary of a
    province has hundreds of thousands of cells, nearly all of them right)."""
    __slots__ = ("row", "positions")

    def __init__(self, row: int, positions: dict[str, int]):
        self.row, self.positions = row, positions

    def get(self, key: str, default: str = "") -> str:
        column = self.positions.get(key)
        return default if column is None else cell_name(self.row, column)


def _records(rows: list[list], model: Table) -> tuple[list[tuple[dict, int]], dict | None]:
    """The unit (or project) records of a table as model keys, and its 合计 row."""
    top, plain = _plain(rows, UNIT.header)
    columns = model.by_header()
    header = [str(h or "") for h in rows[top]] if rows else []
    positions = {columns[h].key: i for i, h in enumerate(header) if h in columns}
    records, total = [], None
    for record in plain:
        if _signed(record):
            continue
        converted = {columns[h].key: (None if v == "" else v) for h, v in record.items() if h in columns}
        converted["_cells"] = _Cells(record["_row"], positions)
        unit = str(converted.get("unit") or "").strip()
        if unit.startswith("合计"):
            total = converted
            continue
        if not unit or unit.startswith("小计") or str(converted.get("region") or "").endswith("小计"):
            continue
        for key in ("errors", "warnings"):
            if key in converted:
                converted[key] = int(converted.get(key) or 0)
        if isinstance(converted.get("year"), float):
            converted["year"] = int(converted["year"])
        records.append((converted, record["_row"]))
    return records, total


def _signed(record: dict) -> bool:
    """The sign-off line at the foot of 汇总 (单位负责人：… 制表日期：…), filled in or not."""
    return all(isinstance(v, str) and v.startswith(SIGN_OFF) for k, v in record.items() if k != "_row" and v not in (None, ""))


def _check_units(model: Table, records: list[tuple[dict, int]], total: dict | None, file: str,
                 problems: list[Finding]) -> None:
    def problem(cell: str, message: str, expected: object = None, actual: object = None) -> None:
        problems.append(finding("summary-invalid", message=message, expected=expected, actual=actual,
                                file=file, sheet="汇总", cell=cell))

    rows = [r for r, _ in records]
    if records and total is None:
        problem("", "没有合计行")
    seen: set[tuple] = set()
    for row in rows:
        key = (str(row.get("region") or ""), unit_key(row.get("unit")), row.get("year"))
        if key in seen:
            problem(row["_cells"].get("unit", ""), f"单位“{row['unit']}”出现了两次")
        seen.add(key)
    for column in model.columns:
        key, header = column.key, column.header
        if column.total == "sum" and total is not None:
            summed = round(sum(r[key] for r in rows if _number(r.get(key))), 6)
            stated = total.get(key) or 0
            if not _number(stated) or abs(summed - stated) > _CENT:
                problem(total["_cells"].get(key, ""), f"合计行“{header}”为 {figure(stated, column.kind)}，各行之和为 {figure(summed, column.kind)}",
                        round(summed, 2), stated)
        for row in rows:
            value = row.get(key)
            if value is None:
                continue
            if column.kind in _NUMBERS and value != "" and not _number(value):
                problem(row["_cells"].get(key), f"“{header}”为文本“{str(value)[:40]}”，汇总表中的数字须为数值（合计不含文本）", None, value)
            elif column.total == "ratio" and _number(value):
                computed = ratio(row.get(column.num), row.get(column.den))
                if computed is None or abs(computed - value) > _RATE:
                    problem(row["_cells"].get(key), f"“{header}”为 {figure(value, 'rate')}，按本行数据应为 {figure(computed, 'rate')}",
                            computed, value)
            elif column.kind == "money" and _number(value) and abs(value) > MONEY_LIMIT:
                problem(row["_cells"].get(key), f"“{header}”为 {figure(value, 'money')}，超过 {MONEY_LIMIT:,.0f} 万元，疑似以元填报", None, value)
            elif column.kind == "grade" and value not in (None, "") and _number(row.get("total_score")):
                expected = grade(row["total_score"])
                if expected != str(value).strip():
                    problem(row["_cells"].get(key), f"“{header}”为“{value}”，按本行自评得分 {figure(row['total_score'], 'score')} 应为“{expected}”",
                            expected, value)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)

