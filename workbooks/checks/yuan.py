"""Money is 万元 (DOMAIN.md, 元 for 万元). A sheet whose header or label says （元） is read and
converted to 万元, with a warning; a template whose total is above 500,000 万元 holds amounts in 元
without saying so (``unit-yuan``, an error): the merge leaves that unit's amounts out of 合计.
Amounts 10,000 times the same quantity in another of the unit's files are found by the merge."""

from __future__ import annotations

import re

from udfs.numbers import parse_number
from workbooks.checks.base import Rule
from workbooks.checks.context import Context

LIMIT = 500_000.0                 # 万元: no unit's total is above it
YUAN = 10_000
_IN_YUAN = re.compile(r"[（(]\s*元\s*[)）]|单位\s*[:：]\s*元(?!\w)")


def _money_end(ctx: Context) -> int | None:
    """The last row of the sheet that holds an amount (its money block ends there)."""
    extract = ctx.extract
    rows = [extract.cells[name][0] for name, f in ctx.layout.fields.items()
            if f.kind == "money" and f.group is None and name in extract.cells]
    rows += [r for name, f in ctx.layout.fields.items() if f.kind == "money" and f.group is not None
             for r in extract.rows.get(f.group, [])[-1:]]
    return max(rows, default=None)


def _yuan_label(ctx: Context) -> str | None:
    """The first header or label cell of the money block (the rows down to its last amount) that
    says its amounts are in 元, unless one says 万元; text further down (an indicator's target of
    ``0.5万元/人``) says nothing about the amounts."""
    found = None
    end = _money_end(ctx)
    for row in ctx.extract.sheet.rows[:None if end is None else end + 1]:
        for value in row:
            if type(value) is str and "元" in value:
                if "万元" in value:
                    return None
                if found is None and _IN_YUAN.search(value):
                    found = value.strip()
    return found


def _in_wan(value: object) -> object:
    if isinstance(value, bool) or value is None or value == "":
        return value
    parsed = value if isinstance(value, int | float) else parse_number(value).value
    return value if parsed is None else round(parsed / YUAN, 6)


class YuanHeader(Rule):
    """Runs first: the amounts of a sheet headed （元） become 万元 before any rule reads them."""

    code = "JX107"
    name = "amount-in-yuan"
    title = "金额以元为单位"
    types = ("amount-in-yuan",)

    def check(self, ctx: Context) -> None:
        label = _yuan_label(ctx)
        if label is None:
            return
        values = ctx.extract.values
        for name, f in ctx.layout.fields.items():
            if f.kind != "money":
                continue
            if f.group is None:
                if name in values:
                    values[name] = _in_wan(values[name])
            else:
                for row in values.get(f.group) or []:
                    if f.column in row:
                        row[f.column] = _in_wan(row[f.column])
        ctx.emit("amount-in-yuan", label="", actual=label)


class UnitYuan(Rule):
    """A template total above 500,000 万元: 元 typed for 万元."""

    code = "JX108"
    name = "unit-yuan"
    title = "疑似以元填报"
    types = ("unit-yuan",)

    def check(self, ctx: Context) -> None:
        expected = ctx.expected
        amounts = [(value, name) for name, f in ctx.layout.fields.items()
                   if f.kind == "money" and f.group is None
                   and isinstance(value := expected.get(name), int | float) and not isinstance(value, bool)]
        if not amounts:
            return
        value, name = max(amounts)
        if value > LIMIT:
            ctx.emit("unit-yuan", name, actual=value, expected=round(value / YUAN, 2),
                     message=f"超过 {LIMIT:,.0f} 万元")
