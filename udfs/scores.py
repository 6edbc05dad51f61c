"""Scores: 执行率得分, a quantitative indicator's score from its target text, the qualitative bands,
the total and the grade (评价等次)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from udfs.compare import EPSILON as _EPSILON
from udfs.compare import number as _number
from udfs.numbers import convert, parse_number
from udfs.rounding import excel_round
from udfs.targets import DATE_PATTERN, Direction, Target, parse_target

GRADES: tuple[tuple[float, str], ...] = ((90, "优"), (80, "良"), (60, "中"), (float("-inf"), "差"))
BANDS: tuple[tuple[str, float, float], ...] = (("达成", 0.8, 1.0), ("部分达成", 0.6, 0.8), ("未达成", 0.0, 0.6))


def _clamp(score: float, points: float) -> float:
    return max(0.0, min(points, score))


def execution_score(points: object, rate: object) -> float | None:
    """执行率得分 = 分值 × 执行率, never above 分值 nor below 0."""
    pts, r = _number(points), _number(rate)
    if pts is None or r is None:
        return None
    return _clamp(pts * r, pts)


def grade(total: object) -> str | None:
    """评价等次 of a total shown with two decimals: 90 ≤ 优, 80 ≤ 良 < 90, 60 ≤ 中 < 80, 差 below 60."""
    value = _number(total)
    if value is None:
        return None
    shown = excel_round(value, 2)
    return next(name for bound, name in GRADES if shown >= bound)


def total_score(scores: Iterable[object]) -> float:
    """综合得分: the sum of every 得分; blank counts as 0."""
    return sum(v for v in map(_number, scores) if v is not None)


def qualitative_band(score: object, points: object) -> str | None:
    """The band a qualitative indicator's score lies in: 达成 ≥ 80%, 部分达成 ≥ 60%, else 未达成."""
    s, pts = _number(score), _number(points)
    if s is None or not pts:
        return None
    share = s / pts
    return next(name for name, low, _ in BANDS if share >= low - _EPSILON)


def band_range(band: str, points: float) -> tuple[float, float]:
    """The (low, high) scores of a band for ``points``."""
    for name, low, high in BANDS:
        if name == band:
            return points * low, points * high
    raise ValueError(f"没有等级“{band}”，应为达成、部分达成或未达成")


class ScoreStatus(StrEnum):
    MET = "达成"
    PARTIAL = "部分达成"
    QUALITATIVE = "定性"       # no number to compute with: check against the bands
    UNSCORABLE = "无法计算"    # a number is missing or the units differ


@dataclass(frozen=True)
class IndicatorScore:
    score: float | None
    status: ScoreStatus
    reason: str = ""


def _actual_number(actual: object, target: Target) -> float | None:
    """The completed value in the target's unit; ``大于95%`` as an actual reads as 95%."""
    parsed = parse_number(actual)
    if parsed.ok:
        value, unit = parsed.value, parsed.unit
    else:
        as_target = parse_target(actual)
        if not as_target.quantitative:
            return None
        value, unit = as_target.value, as_target.unit
    return convert(value, unit, target.unit)


def _deadline_score(target: Target, actual: object, points: float) -> IndicatorScore:
    text = str(actual or "")
    match = DATE_PATTERN.search(text)
    if match and match["d"]:
        done = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        if done <= dt.date.fromisoformat(target.text):
            return IndicatorScore(points, ScoreStatus.MET)
        return IndicatorScore(None, ScoreStatus.PARTIAL, f"完成日期{done}晚于{target.text}")
    if "完成" in text and "未" not in text:
        return IndicatorScore(points, ScoreStatus.MET)
    return IndicatorScore(None, ScoreStatus.QUALITATIVE, "完成情况无法判断是否按期")


def _at_most_ratio(points: float, target: float, done: float) -> float:
    """分值 × 指标值 / 完成值."""
    return points * target / done if done > 0 else 0.0


def _at_most_deviation(points: float, target: float, done: float) -> float:
    """分值 × (1 − (完成值 − 指标值) / 指标值): 0 at twice the target."""
    return points * (1 - (done - target) / target) if target > 0 else 0.0


# how a county scores a missed 反向 target (its spec's ``[scoring] at_most``)
AT_MOST_FORMS = {"ratio": _at_most_ratio, "deviation": _at_most_deviation}


def _shown_equal(done: float, goal: Target) -> bool:
    digits = goal.decimals + (2 if goal.unit == "%" else 0)
    return excel_round(done, digits) == excel_round(goal.value, digits)


def indicator_score(target: object, actual: object, points: object, at_most: str = "ratio") -> IndicatorScore:
    """The score of one indicator under DOMAIN.md's rule.

    正向 (at least): met → 分值, else 分值 × 完成值 / 指标值. 反向 (at most): met → 分值, else the
    county's form (``at_most``: ``ratio`` 分值 × 指标值 / 完成值, or ``deviation``). 等于: met when
    equal at the shown precision, below scored as 正向, above as 反向; a target of 0 is met only
    at 0, else 0. Never above 分值, never below 0. A far exceeded target still scores 分值: that
    is a hint for the checker, not a deduction.
    """
    pts = _number(points)
    goal = target if isinstance(target, Target) else parse_target(target)
    if pts is None:
        return IndicatorScore(None, ScoreStatus.UNSCORABLE, "分值为空")
    if goal.direction is Direction.QUALITATIVE:
        return IndicatorScore(None, ScoreStatus.QUALITATIVE, "定性指标按档次评分")
    if goal.direction is Direction.DEADLINE:
        return _deadline_score(goal, actual, pts)
    done = _actual_number(actual, goal)
    if done is None:
        return IndicatorScore(None, ScoreStatus.UNSCORABLE, "实际完成值不是可比较的数字")
    t = goal.value
    tolerance = _EPSILON * max(1.0, abs(t))
    below = AT_MOST_FORMS[at_most]
    if goal.direction is Direction.EQUAL:
        met = _shown_equal(done, goal)
        score = pts if met else 0.0 if t == 0 else pts * done / t if done < t else below(pts, t, done)
    elif goal.direction is Direction.AT_LEAST:
        met = done > t + tolerance if goal.strict else done >= t - tolerance
        score = pts if met else (pts * done / t if t > 0 else 0.0)
    else:
        met = done < t - tolerance if goal.strict else done <= t + tolerance
        score = pts if met else below(pts, t, done)
    return IndicatorScore(_clamp(score, pts), ScoreStatus.MET if met else ScoreStatus.PARTIAL)
