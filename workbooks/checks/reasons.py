"""偏差原因分析及改进措施: an indicator scored below its 分值, or whose 实际完成值 misses its target,
must say why (blank is an error: the bureau sends such a form back); an actual at a multiple of its
target or more (130% unless the spec says otherwise) needs a reason too, as the target may have been
set too low (blank is a warning)."""

from __future__ import annotations

from udfs.compare import EPSILON, blank
from udfs.targets import Direction
from workbooks.checks.base import Rule
from workbooks.checks.context import Context
from workbooks.checks.findings import figure
from workbooks.checks.indicators import assessed, has_indicators


class Reasons(Rule):
    code = "JX305"
    name = "deviation-reason"
    title = "偏差原因"
    types = ("reason-missing", "target-far-exceeded")
    configurable = True
    parameters = {"exceeded": 1.3}

    def applies(self, ctx: Context) -> bool:
        return has_indicators(ctx, "points", "reason") and "indicators.reason" in ctx.extract.columns

    def check(self, ctx: Context) -> None:
        exceeded = self.parameter(ctx, "exceeded")
        for a in assessed(ctx):
            if not blank(a.row.get("reason")):
                continue
            if a.score is not None and a.score < a.points - EPSILON:
                ctx.emit("reason-missing", "indicators.reason", a.index, message=f"得分 {figure(a.score, 'score')} 低于分值 {figure(a.points, 'points')}")
            elif a.missed:
                ctx.emit("reason-missing", "indicators.reason", a.index, message="实际完成值未达到指标值")
            elif (a.target.direction in (Direction.AT_LEAST, Direction.EQUAL) and a.ratio is not None
                  and a.ratio >= exceeded - EPSILON):
                ctx.emit("target-far-exceeded", "indicators.reason", a.index, actual=a.row.get("actual"),
                         expected=a.row.get("target"), message=f"{exceeded:.0%}")
