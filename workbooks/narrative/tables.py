"""The figures of a unit's tables that its 自评报告 also states: read once from a workbook's check
(the rules' numbers, in the worker that checked it), small enough to send between processes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from udfs.scores import grade
from workbooks.checks.context import Context
from workbooks.checks.cross import stated_value
from workbooks.checks.findings import shared
from workbooks.read import cell_name

# (quantity, stage) → the template fields holding it, in the order a finding prefers them
TABLE_FIELDS: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("支出合计", "actual"): [("T2", "total_executed"), ("T6-01", "expense_total_amount"), ("T6-03", "total_total"),
                          ("T7", "expense_sum_total")],
    ("基本支出", "actual"): [("T2", "basic_executed"), ("T6-03", "total_basic"), ("T6-05", "total_basic"),
                          ("T7", "expense_sum_basic")],
    ("项目支出", "actual"): [("T2", "project_executed"), ("T1", "projects_actual"), ("T6-03", "total_project"),
                          ("T6-05", "total_project"), ("T7", "expense_sum_project")],
    ("人员经费", "actual"): [("T7", "expense_sum_personnel")],
    ("公用经费", "actual"): [("T1", "public_actual"), ("T7", "expense_sum_public")],
    ("三公经费", "actual"): [("T1", "sangong_actual"), ("T6-07", "actual_total"), ("T7", "sangong_sum_total")],
    ("三公经费", "budget"): [("T1", "sangong_budget"), ("T6-07", "budget_total")],
    ("编制数", "actual"): [("T1", "staff_authorized")],
    ("在职人数", "actual"): [("T1", "staff_actual")],
    ("综合得分", "actual"): [("T2", "total_score"), ("T4", "total_self")],
    ("执行率", "actual"): [("T2", "execution_rate")],
    ("评价等次", "actual"): [("T2", "grade"), ("T4", "total_self")],
}


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure of a table: what it is, its value and where it stands."""
    quantity: str
    stage: str
    value: float | str
    unit: str                    # the unit (单位) the table names
    file: str
    template: str
    sheet: str
    cell: str
    label: str
    year: int | None = None

    @property
    def where(self) -> str:
        return f"{Path(self.file).name}“{self.sheet}”{self.cell}（{self.label}）"

    def __reduce__(self) -> tuple:
        """Sent from a worker: rebuilt with its repeated strings shared (a merge keeps every file's)."""
        return (_arrived, (self.quantity, self.stage, self.value, self.unit, self.file, self.template, self.sheet,
                           self.cell, self.label, self.year))


def _arrived(quantity: str, stage: str, value: float | str, unit: str, file: str, template: str, sheet: str,
             cell: str, label: str, year: int | None) -> Fact:
    return Fact(*shared(quantity, stage), value, unit, *shared(file, template, sheet, cell, label), year)


def table_facts(contexts: list[Context]) -> list[Fact]:
    """The figures of the templates found in one workbook that a report may state."""
    facts = []
    for ctx in contexts:
        spec = ctx.extract.spec.id
        for (quantity, stage), fields in TABLE_FIELDS.items():
            for template, name in fields:
                if template == spec and name in ctx.layout.fields:
                    fact = _fact(ctx, quantity, stage, name)
                    if fact is not None:
                        facts.append(fact)
    return facts


def _fact(ctx: Context, quantity: str, stage: str, name: str) -> Fact | None:
    value, cell = stated_value(ctx, name)
    if quantity == "评价等次":
        if name != "grade":                                  # a 评分表's 总分 gives the grade
            value = grade(value)
        elif value is None or str(value).strip() == "":
            value = ctx.expected.get("grade")
        value = str(value).strip() if value not in (None, "") else None
    elif quantity == "执行率" and isinstance(value, float):
        value *= 100
    if value is None or value == "":
        return None
    return Fact(quantity, stage, value, ctx.extract.unit, ctx.file, ctx.extract.spec.id, ctx.extract.sheet.name,
                cell_name(*cell) if cell else "", ctx.label(name), ctx.extract.year)
