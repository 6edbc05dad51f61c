"""A stated rate (执行率, 控制率, 变动率 …) equals its definition at the shown precision; a value cut
off instead of rounded is a warning."""

from __future__ import annotations

from udfs.compare import RATE_DECIMALS, Agreement, blank, rate_agreement
from udfs.rounding import excel_round
from workbooks.checks.base import Rule
from workbooks.checks.computed import RATES, computed, operands
from workbooks.checks.context import Context


class Rates(Rule):
    code = "JX201"
    name = "rates"
    title = "比率"
    types = ("rate-mismatch", "rate-truncated")

    def applies(self, ctx: Context) -> bool:
        return not ctx.extract.ours

    def check(self, ctx: Context) -> None:
        for cell in computed(ctx, RATES):
            number, expected = cell.number, cell.expected
            if expected is None or (number is None and not blank(cell.stated)):
                continue
            agreement = Agreement.MISMATCH if number is None else rate_agreement(number, expected)
            if agreement is Agreement.EQUAL:
                continue
            kind = "rate-truncated" if agreement is Agreement.TAIL else "rate-mismatch"
            ctx.emit(kind, cell.field.name, cell.index, actual=number if number is not None else cell.stated,
                     expected=excel_round(expected, RATE_DECIMALS), message=operands(ctx, cell.field, cell.index))
