"""The indicator table (绩效指标) of T2 and T3: how each indicator is assessed against its target,
the qualitative bands, and 分值 adding up to 100."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from udfs.compare import EPSILON
from udfs.numbers import parse_number
from udfs.scores import IndicatorScore, ScoreStatus, band_range, indicator_score
from udfs.targets import Direction, Target, parse_target
from workbooks.checks.base import Rule
from workbooks.checks.context import Context
from workbooks.checks.findings import figure

_DONE_WORDS = ("已", "完成", "达到", "到位", "实现", "明显")


class Assessed(NamedTuple):
    index: int
    row: dict                   # as stated
    points: float
    score: float | None
    target: Target
    result: IndicatorScore      # the rule's score, or why there is none

    @property
    def missed(self) -> bool:
        """The 实际完成值 misses its target."""
        if self.target.direction is Direction.QUALITATIVE:
            return achieved(self.target.text, self.row.get("actual")) is False
        return self.result.status is ScoreStatus.PARTIAL

    @property
    def ratio(self) -> float | None:
        """完成值 / 指标值 of a quantitative target in one unit."""
        actual = parse_number(self.row.get("actual"))
        t = self.target
        if not (t.quantitative and t.value and actual.ok and actual.unit == t.unit):
            return None
        return actual.value / t.value


def achieved(target: str, actual: object) -> bool | None:
    """Whether words say a qualitative target was reached (None: they do not say)."""
    text = str(actual or "").strip()
    if not text:
        return None
    if "未" in text or "没有" in text:
        return False
    return text == target.strip() or any(w in text for w in _DONE_WORDS) or None


def has_indicators(ctx: Context, *columns: str) -> bool:
    group = ctx.layout.groups.get("indicators")
    return group is not None and all(c in group.columns for c in columns)


def assessed(ctx: Context) -> list[Assessed]:
    """Every indicator row with a 分值, assessed under the spec's rule (its 反向 form)."""
    if "indicators" in ctx.memo:
        return ctx.memo["indicators"]
    rows = ctx.extract.values.get("indicators") or []
    form = ctx.extract.spec.at_most
    out = []
    for i, (row, numbers) in enumerate(zip(rows, ctx.numbers.get("indicators") or [])):
        points = numbers.get("points")
        if points is None:
            continue
        target = parse_target(row.get("target"))
        if row.get("direction") == Direction.AT_MOST.value and target.direction is Direction.AT_LEAST:
            target = replace(target, direction=Direction.AT_MOST)
        out.append(Assessed(i, row, points, numbers.get("score"), target,
                            indicator_score(target, row.get("actual"), points, form)))
    ctx.memo["indicators"] = out
    return out


class Bands(Rule):
    code = "JX302"
    name = "qualitative-band"
    title = "定性指标档次"
    types = ("score-band",)
    configurable = True

    def applies(self, ctx: Context) -> bool:
        return has_indicators(ctx, "score", "points")

    def check(self, ctx: Context) -> None:
        for a in assessed(ctx):
            if a.target.direction is not Direction.QUALITATIVE or a.score is None:
                continue
            low, high = band_range("达成", a.points)
            if achieved(a.target.text, a.row.get("actual")) and a.score < low - EPSILON:
                ctx.emit("score-band", "indicators.score", a.index, actual=a.score, message="达成",
                         expected=f"{figure(low, 'score')}～{figure(high, 'score')}")


class PointsTotal(Rule):
    code = "JX303"
    name = "points-total"
    title = "分值合计"
    types = ("points-total",)
    configurable = True

    def applies(self, ctx: Context) -> bool:
        return has_indicators(ctx, "score", "points")

    def check(self, ctx: Context) -> None:
        total = sum(a.points for a in assessed(ctx))
        if total:
            total += ctx.number("points") or 0
            if abs(total - 100) > 1e-6:
                ctx.emit("points-total", "indicators.points", 0, label="执行率分值与各指标分值", actual=total, expected=100)
