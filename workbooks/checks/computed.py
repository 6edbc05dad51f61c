"""The computed fields of a template with what the unit stated in them and what their formulas
give: the sums, rates, scores and grades rules each compare the ones of their kind."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from workbooks import expressions
from workbooks.checks.context import Context
from workbooks.checks.findings import figure
from workbooks.spec import Field, Layout

SUMS = frozenset({"sum", "sum_or_blank", "difference", "class_total"})
RATES = frozenset({"ratio", "change_rate", "saving_rate"})
SCORES = frozenset({"execution_score", "indicator_score"})
GRADES = frozenset({"grade"})


class Computed(NamedTuple):
    field: Field
    index: int | None           # the row of a group column
    has_formula: bool           # the cell still holds a formula (our templates)
    stated: object              # as the cell holds it
    number: float | None        # the stated value as a number
    expected: object            # what the formula gives


def function(formula: str) -> str:
    return formula.split("(", 1)[0]


@lru_cache(maxsize=256)
def _by_function(layout: Layout, functions: frozenset[str]) -> tuple[Field, ...]:
    return tuple(f for f in layout.computed.values() if function(f.formula) in functions)


def computed(ctx: Context, functions: frozenset[str] | None = None) -> Iterator[Computed]:
    """Every computed cell found in the sheet (of the given formula functions)."""
    extract = ctx.extract
    formulas = ctx.workbook.formulas(extract.sheet) if extract.ours else {}
    fields = ctx.layout.computed.values() if functions is None else _by_function(ctx.layout, functions)
    for f in fields:
        if f.group is None:
            where = extract.cells.get(f.name)
            if where is not None:
                yield Computed(f, None, where in formulas, extract.values.get(f.name), _number(ctx, f, None),
                               ctx.expected.get(f.name))
            continue
        column = extract.columns.get(f.name)
        if column is None:
            continue
        stated_rows, expected_rows = extract.values.get(f.group) or [], ctx.expected.get(f.group) or []
        for index, (row, stated, expected) in enumerate(zip(extract.rows.get(f.group, []), stated_rows, expected_rows)):
            yield Computed(f, index, (row, column) in formulas, stated.get(f.column), _number(ctx, f, index),
                           expected.get(f.column))


def _number(ctx: Context, f: Field, index: int | None) -> float | None:
    return ctx.number(f.name, index) if f.numeric else None


def parts(formula: str, ctx: Context) -> int:
    """How many figures a formula adds up: each may carry a cent of rounding."""
    count = 0
    for name in expressions.names(formula):
        f = ctx.layout.fields.get(expressions.split_slice(name)[0])
        if f is not None and f.group:
            count += sum(v is not None for v in ctx.column_numbers(name))
        else:
            count += 1
    return max(count, 1)


_SIGNS = {"ratio": " ÷ ", "execution_score": " × "}


def operands(ctx: Context, f: Field, index: int | None = None) -> str:
    """What a rate's or a score's formula reads, in words with its figures: ``全年执行数 95.00 万元÷全年预算数
    100.00 万元``; an indicator's score reads its target and actual: ``指标值“≥98%”与完成值“99.2%”``."""
    if f.group == "indicators" and index is not None:
        row = (ctx.extract.values.get("indicators") or [])[index]
        return f"指标值“{figure(row.get('target'))}”与完成值“{figure(row.get('actual'))}”"
    sign = _SIGNS.get(function(f.formula))
    if sign is None:
        return "公式"
    words = []
    for name in expressions.names(f.formula):
        used = ctx.layout.fields[name]
        value = ctx.expected.get(name) if used.group is None else (ctx.expected.get(used.group) or [{}])[index or 0].get(used.column)
        words.append(f"{used.label.rpartition('·')[2]} {figure(value, used.kind)}")
    return sign.join(words)
