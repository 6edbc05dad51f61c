"""What every rule sees: the template found in a sheet, its values with numbers read, the
values its formulas give, and how to point at a cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from udfs.compare import number as _number
from workbooks import expressions
from workbooks.checks.findings import Finding, finding
from workbooks.locate import Extract
from workbooks.model import Values, compute, inputs
from workbooks.read import Workbook, cell_name
from workbooks.spec import Field


@dataclass
class Context:
    file: str
    workbook: Workbook
    extract: Extract
    findings: list[Finding] = field(default_factory=list)
    _columns: dict[str, list] = field(default_factory=dict, repr=False)
    memo: dict[str, object] = field(default_factory=dict, repr=False)   # what several rules work out once

    @property
    def layout(self):
        return self.extract.layout

    @cached_property
    def numbers(self) -> Values:
        """The values with every numeric field read as a number (None when it is not one)."""
        numbers: Values = dict(self.extract.values)
        numeric, columns = self.layout.numeric, self.layout.numeric_columns
        for name, value in numbers.items():
            if isinstance(value, list):
                wanted = columns[name]
                numbers[name] = [_row_numbers(row, wanted) for row in value]
            elif name in numeric:
                numbers[name] = _number(value)
        return numbers

    @cached_property
    def expected(self) -> Values:
        """The values with the computed fields recomputed; a total none of whose parts holds a
        number keeps the figure the unit stated, so that what depends on it is checked against that."""
        keep = frozenset(name for name, f in self.layout.computed.items()
                         if f.group is None and self.numbers.get(name) is not None
                         and not self.has_input(f.formula))
        return compute(self.layout, self.numbers, keep)

    def has_input(self, formula: str) -> bool:
        """Whether any field the formula reads, directly or through other formulas, holds a number."""
        singles, columns = inputs(self.layout, formula)
        numbers = self.numbers
        return (any(numbers.get(name) is not None for name in singles)
                or any(v is not None for name in columns for v in self.column_numbers(name)))

    def column_numbers(self, name: str) -> list:
        """The numbers of a group column, ``group.column`` or rows of it, ``group.column[0:7]``
        (read-only: cached, as the totals of a 评分表 read the same columns again and again)."""
        values = self._columns.get(name)
        if values is None:
            base, rows = expressions.split_slice(name)
            f = self.layout.fields[base]
            values = [row.get(f.column) for row in self.numbers.get(f.group) or []]
            values = self._columns[name] = values[rows] if rows else values
        return values

    def number(self, name: str, index: int | None = None) -> float | None:
        numbers = self.numbers
        if index is None:
            return numbers.get(name)
        f = self.extract.layout.fields[name]
        rows = numbers.get(f.group)
        return rows[index].get(f.column) if rows and index < len(rows) else None

    def label(self, name: str, index: int | None = None) -> str:
        """What a finance officer calls the cell: the field's label; in a row of a table, the row by
        its name (``三级指标“培训人次”（第17行）得分``), by its number where it has none (``第17行得分``)."""
        f: Field = self.layout.fields[name]
        if index is None:
            return f.label
        where = self.extract.address(name, index)
        column = f.label.rpartition("·")[2]
        if where is None:
            return column
        named = self.row_name(f.group, index)
        return f"{named}（第{where[0] + 1}行）{column}" if named else f"第{where[0] + 1}行{column}"

    def row_name(self, group: str, index: int) -> str:
        """A row of a table by the name it holds (三级指标“培训人次”, 科目“2080101 行政运行”), or ""."""
        columns = self.layout.groups[group].columns
        column = next((c for c in _NAME_COLUMNS if c in columns), None)
        if column is None:
            return ""
        rows = self.extract.values.get(group) or []
        row = rows[index] if index < len(rows) else {}
        name = " ".join(str(row.get(c) or "").strip() for c in ("code", column) if c in columns).strip()
        return f"{_noun(columns[column].label)}“{name}”" if name else ""

    def position(self, name: str | None = None, index: int | None = None, cell: tuple[int, int] | None = None) -> dict:
        where = cell or (self.extract.address(name, index) if name else None)
        return {"file": self.file, "template": self.extract.spec.id, "sheet": self.extract.sheet.name,
                "cell": cell_name(*where) if where else ""}

    def emit(self, type_: str, name: str | None = None, index: int | None = None, *,
             cell: tuple[int, int] | None = None, label: str | None = None, **details) -> None:
        self.findings.append(self.finding(type_, name, index, cell=cell, label=label, **details))

    def finding(self, type_: str, name: str | None = None, index: int | None = None, *,
                cell: tuple[int, int] | None = None, label: str | None = None, kind: str | None = None,
                **details) -> Finding:
        """A finding at the field's cell (or ``cell``), its label quoted, its figures shown as the
        field's kind (or ``kind``)."""
        if label is None:
            label = self.label(name, index) if name else ""
        if kind is None and name in self.layout.fields:
            kind = self.layout.fields[name].kind
        return finding(type_, label=quoted(label), kind=kind, **details, **self.position(name, index, cell))


_NAME_COLUMNS = ("level3", "content", "item", "name")    # the column that names a row of a table


def _noun(label: str) -> str:
    """The word for a row named in a column: 三级指标, 指标 (指标内容), 科目 (科目名称), 机构, 专项…"""
    return label.removesuffix("名称").removesuffix("内容") or label


def quoted(label: str) -> str:
    """A label in quotation marks, unless it quotes a name itself (三级指标“培训人次”（第17行）得分)."""
    return label if not label or "“" in label else f"“{label}”"


def _row_numbers(row: dict, columns: frozenset[str]) -> dict:
    row = row.copy()
    for column in columns:
        if column in row:
            row[column] = _number(row[column])
    return row
