"""A score against the rule that gives it: 执行率得分 = 分值 × 执行率, and an indicator's 得分 from
its target and actual (正向, 反向 in the spec's form, 等于). A stated score above the rule's result
is an error; below it a hint, since units deduct for reasons the table does not show."""

from __future__ import annotations

from udfs.compare import SCORE_DECIMALS, blank, within
from udfs.rounding import excel_round
from workbooks.checks.base import Rule
from workbooks.checks.computed import SCORES, computed, operands
from workbooks.checks.context import Context
from workbooks.checks.indicators import assessed, has_indicators


class Scores(Rule):
    code = "JX301"
    name = "score-rule"
    title = "得分与计分规则"
    types = ("score-above-rule", "score-below-rule", "score-mismatch")

    def check(self, ctx: Context) -> None:
        if not ctx.extract.ours:
            self.computed_scores(ctx)
        if has_indicators(ctx, "score", "points"):
            self.indicators(ctx)

    def computed_scores(self, ctx: Context) -> None:
        for cell in computed(ctx, SCORES):
            if cell.expected is None or (cell.number is None and not blank(cell.stated)):
                continue
            self.compare(ctx, cell.field.name, cell.index, cell.number, cell.stated, cell.expected)

    def indicators(self, ctx: Context) -> None:
        for a in assessed(ctx):
            if a.score is None or not within(a.score, 0, a.points) or a.result.score is None:
                continue            # blank or out of range: reported by the range rule
            self.compare(ctx, "indicators.score", a.index, a.score, a.score, a.result.score)

    @staticmethod
    def compare(ctx: Context, name: str, index: int | None, number: float | None, stated: object, expected: float) -> None:
        rule = excel_round(expected, SCORE_DECIMALS)
        if number is not None and excel_round(number, SCORE_DECIMALS) == rule:
            return
        basis = operands(ctx, ctx.layout.fields[name], index)
        if number is None:
            ctx.emit("score-mismatch", name, index, actual=stated, expected=rule, message=basis)
        elif number > rule:
            ctx.emit("score-above-rule", name, index, actual=stated, expected=rule, message=basis)
        else:
            ctx.emit("score-below-rule", name, index, actual=number, expected=rule, message=basis)
