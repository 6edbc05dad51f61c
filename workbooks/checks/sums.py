"""Totals equal the sum of their parts: the sums a spec declares (基本支出 + 项目支出 = 年度资金总额,
column by column) and, in a layout units fill by hand, every total the template computes. A
difference within a cent per part is a rounding tail (尾数误差), more is an error."""

from __future__ import annotations

from udfs.compare import EPSILON, Agreement, blank, sum_agreement
from workbooks.checks.base import Rule
from workbooks.checks.computed import SUMS, computed, parts
from workbooks.checks.context import Context

_KIND = {Agreement.TAIL: "rounding-tail", Agreement.MISMATCH: "sum-mismatch"}


class Sums(Rule):
    code = "JX101"
    name = "sums"
    title = "合计与各项之和"
    types = ("sum-mismatch", "rounding-tail")

    @staticmethod
    def part(ctx: Context, name: str) -> float | None:
        """A field's number, or the sum of a group column (None when all its rows are blank)."""
        if "." not in name:
            return ctx.number(name)
        numbers = [v for v in ctx.column_numbers(name) if v is not None]
        return round(sum(numbers), 6) if numbers else None

    def check(self, ctx: Context) -> None:
        self.declared(ctx)
        if not ctx.extract.ours:
            self.computed_totals(ctx)

    def declared(self, ctx: Context) -> None:
        for check in ctx.layout.checks:
            found = [self.part(ctx, p) for p in check.parts]
            if all(p is None for p in found) or ctx.extract.address(check.total) is None:
                continue
            total = ctx.number(check.total)
            if total is None and ctx.layout.fields[check.total].computed:
                total = ctx.expected.get(check.total)
            if total is None:
                continue
            summed = sum(p for p in found if p is not None)
            agreement = sum_agreement(total, summed, len(check.parts))
            if agreement is Agreement.EQUAL:
                continue
            labels = "＋".join(ctx.layout.fields[p].label.split("·")[0] for p in check.parts)[:60]
            ctx.emit(_KIND[agreement], check.total, label=f"{ctx.label(check.total)}（{labels}）",
                     actual=total, expected=round(summed, 2))

    def computed_totals(self, ctx: Context) -> None:
        for cell in computed(ctx, SUMS):
            name, index, number, expected = cell.field.name, cell.index, cell.number, cell.expected
            if expected is None or (number is None and not blank(cell.stated)):   # not a number: reported as such
                continue
            if number is None and abs(expected) < EPSILON:
                continue
            if index is None and not ctx.has_input(cell.field.formula):   # nothing to add up: an unfilled split
                continue
            agreement = Agreement.MISMATCH if number is None else sum_agreement(number, expected, parts(cell.field.formula, ctx))
            if agreement is not Agreement.EQUAL:
                ctx.emit(_KIND[agreement], name, index, actual=cell.stated if number is None else number,
                         expected=round(expected, 2))
