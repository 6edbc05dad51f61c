"""The indicator table (绩效指标) of T2 and T3: 0 ≤ 得分 ≤ 分值, the score against the rule for
quantitative targets, the bands for qualitative ones, and 分值 adding up to 100."""

from __future__ import annotations

from udfs.numbers import parse_number
from udfs.rounding import excel_round
from udfs.scores import indicator_score
from udfs.targets import Direction, parse_target
from workbooks.checks.base import Rule
from workbooks.checks.context import Context
from workbooks.checks.required import blank

_FAR = 1.5     # an actual this many times its target suggests the target was set too low
_DONE_WORDS = ("已", "完成", "达到", "到位", "实现", "明显")


def _achieved(target: str, actual: object) -> bool | None:
    text = str(actual or "").strip()
    if not text:
        return None
    if "未" in text or "没有" in text:
        return False
    return text == target.strip() or any(w in text for w in _DONE_WORDS) or None


class Indicators(Rule):
    type = "score-above-rule"
    title = "绩效指标得分"

    def applies(self, ctx: Context) -> bool:
        group = ctx.layout.groups.get("indicators")
        return group is not None and "score" in group.columns and "points" in group.columns

    def check(self, ctx: Context) -> None:
        rows = ctx.extract.values.get("indicators") or []
        total_points = 0.0
        for i, (row, numbers) in enumerate(zip(rows, ctx.numbers.get("indicators") or [])):
            points, score = numbers.get("points"), numbers.get("score")
            if points is None:
                continue
            total_points += points
            if score is None:
                if blank(row.get("score")):
                    ctx.emit("blank-score", "indicators.score", i)
                continue
            if score < 0 or score > points + 1e-9:
                ctx.emit("score-out-of-range", "indicators.score", i, actual=score, expected=points)
                continue
            self.against_rule(ctx, i, row, points, score)
        execution = ctx.number("points")
        if rows and total_points:
            total_points += execution or 0
            if abs(total_points - 100) > 1e-6:
                ctx.emit("points-total", "indicators.points", 0, label="分值", actual=total_points, expected=100)

    def against_rule(self, ctx: Context, i: int, row: dict, points: float, score: float) -> None:
        target = parse_target(row.get("target"))
        direction = str(row.get("direction") or "")
        if direction == Direction.AT_MOST.value and target.direction is Direction.AT_LEAST and target.value is not None:
            target = type(target)(Direction.AT_MOST, target.value, target.unit, target.strict)
        if target.direction is Direction.QUALITATIVE:
            if _achieved(target.text, row.get("actual")) and score < 0.8 * points - 1e-9:
                ctx.emit("score-band", "indicators.score", i, actual=score, message="达成",
                         expected=f"{0.8 * points:g}～{points:g}")
            return
        result = indicator_score(target, row.get("actual"), points)
        if result.score is None:
            return
        rule = excel_round(result.score, 2)
        if excel_round(score, 2) > rule:
            ctx.emit("score-above-rule", "indicators.score", i, actual=score, expected=rule)
        elif excel_round(score, 2) < rule:
            ctx.emit("score-below-rule", "indicators.score", i, actual=score, expected=rule)
        actual = parse_number(row.get("actual"))
        if (target.direction is Direction.AT_LEAST and target.value and actual.ok
                and actual.unit == target.unit and actual.value >= _FAR * target.value):
            ctx.emit("target-far-exceeded", "indicators.actual", i, actual=row.get("actual"), expected=row.get("target"))
