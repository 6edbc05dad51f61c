"""Rates of DOMAIN.md. One shape for all of them: a part over a whole, empty when the whole is.

执行率, 控制率, 规模/投资概算控制率, 三公经费/公用经费控制率, 预算完成率, 预算调整率, 结转结余率,
重点支出安排率, 政府采购执行率, 固定资产利用率, 资金到位率, 到位及时率, 计划完成率, 质量达标率 and
完成及时率 are all :func:`ratio`; 三公经费变动率 is :func:`change_rate`; 成本节约率 :func:`saving_rate`.
"""

from __future__ import annotations

from udfs.numbers import parse_number


def _number(value: object) -> float | None:
    parsed = parse_number(value)
    return parsed.value if parsed.ok else None


def ratio(numerator: object, denominator: object) -> float | None:
    """numerator / denominator; None (an empty cell, never #DIV/0!) when either is missing or the
    denominator is zero."""
    num, den = _number(numerator), _number(denominator)
    if num is None or not den:
        return None
    return num / den


def change_rate(current: object, previous: object) -> float | None:
    """三公经费变动率 = (本年 − 上年) / 上年."""
    now, before = _number(current), _number(previous)
    if now is None or not before:
        return None
    return (now - before) / before


def saving_rate(planned: object, actual: object) -> float | None:
    """成本节约率 = (计划成本 − 实际成本) / 计划成本."""
    plan, spent = _number(planned), _number(actual)
    if spent is None or not plan:
        return None
    return (plan - spent) / plan
