"""The formula library as Excel functions (xlwings UDFs): ``=JX_SCORE("≥95%", B5, 10)``.

Each wrapper holds no logic: it calls one pure function and turns "no value" into an empty cell.
Arguments accept a cell, a number or text. On Linux ``xlwings.func`` is a no-op, so the tests call
the wrappers directly; in Excel the add-in imports this module through xlwings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import xlwings as xw

from udfs.numbers import parse_number
from udfs.rates import change_rate, ratio, saving_rate
from udfs.scores import (
    AT_MOST_FORMS,
    execution_score,
    grade,
    indicator_score,
    qualitative_band,
    total_score,
)
from udfs.steps import step_score
from udfs.targets import parse_target


@dataclass(frozen=True)
class Udf:
    name: str
    function: Callable
    pure: Callable
    example: tuple

    @property
    def doc(self) -> str:
        return (self.function.__doc__ or "").strip()

    def example_call(self) -> str:
        args = ", ".join(f'"{a}"' if isinstance(a, str) else repr(a) for a in self.example)
        return f"={self.name}({args})"


UDFS: list[Udf] = []


def _cell(value: object) -> object:
    """What a cell shows for a result: nothing for None."""
    return "" if value is None else value


def _flat(values: object) -> list:
    if isinstance(values, list | tuple):
        return [v for item in values for v in _flat(item)]
    return [values]


def udf(pure: Callable, example: tuple) -> Callable[[Callable], Callable]:
    """Register a wrapper of ``pure`` as an Excel function, with an example call for the docs."""

    def register(function: Callable) -> Callable:
        wrapped = xw.func(function)
        UDFS.append(Udf(function.__name__, wrapped, pure, example))
        return wrapped

    return register


@udf(parse_number, ("351.25万元",))
def JX_NUMBER(value):
    """读取写成文字的数字，如“351.25万元”“1,387.53”“１００％”，返回数值（百分数返回小数）；不是数字时返回空。"""
    return _cell(parse_number(value).value)


@udf(parse_number, ("31.88 万人",))
def JX_UNIT(value):
    """返回数字文字中的单位，如“31.88 万人”返回“万人”。"""
    return parse_number(value).unit


@udf(ratio, (1387.53, 1387.53))
def JX_RATE(numerator, denominator):
    """比率：分子/分母，用于执行率、控制率、完成率等；分母为空或为0时返回空，不会出现#DIV/0!。"""
    return _cell(ratio(numerator, denominator))


@udf(change_rate, (7.94, 9))
def JX_CHANGE_RATE(current, previous):
    """变动率：(本年-上年)/上年，如三公经费变动率；上年为空或为0时返回空。"""
    return _cell(change_rate(current, previous))


@udf(saving_rate, (50, 48))
def JX_SAVING_RATE(planned, actual):
    """成本节约率：(计划成本-实际成本)/计划成本；计划成本为空或为0时返回空。"""
    return _cell(saving_rate(planned, actual))


@udf(execution_score, (10, 1))
def JX_EXEC_SCORE(points, rate):
    """执行率得分：分值×执行率，不超过分值，不低于0。"""
    return _cell(execution_score(points, rate))


@udf(indicator_score, ("≥95%", "96%", 10))
def JX_SCORE(target, actual, points, at_most="ratio"):
    """定量指标得分：读懂“≥95%”“4.5%以内”“=100%”“安全事故0起”等指标值。正向达标得满分，否则按完成值/指标值；反向按指标值/完成值（第4个参数为"deviation"时按偏差：分值×(1-(完成值-指标值)/指标值)）；等于按显示精度相等得满分；定性指标返回空。"""
    form = at_most if at_most in AT_MOST_FORMS else "ratio"
    return _cell(indicator_score(target, actual, points, form).score)


@udf(parse_target, ("4.5%以内",))
def JX_DIRECTION(target):
    """指标方向：正向（不低于）、反向（不高于）、时限或定性。"""
    return str(parse_target(target).direction)


@udf(parse_target, ("不低于95%",))
def JX_TARGET(target):
    """指标值中的数值，如“不低于95%”返回0.95；定性或时限指标返回空。"""
    return _cell(parse_target(target).value)


@udf(qualitative_band, (7.5, 10))
def JX_BAND(score, points):
    """定性指标得分所在档次：达成（80%-100%）、部分达成（60%-80%）、未达成（60%以下）。"""
    return _cell(qualitative_band(score, points))


@udf(step_score, (-0.05, ">0:0; =0:0.5; <0:1", 1))
def JX_STEP_SCORE(value, rule, points):
    """按评分表的分段规则计分，规则写作“>0:0; =0:0.5; <0:1”（比例×分值）；区间规则返回如“0~5”。"""
    return _cell(step_score(value, rule, points))


@udf(total_score, ([[10, 9.5], [None, 80]],))
def JX_TOTAL(scores):
    """综合得分：所选得分之和，空白按0计，写成文字的数字也计入。"""
    return total_score(_flat(scores))


@udf(grade, (89.995,))
def JX_GRADE(total):
    """评价等次：90分（含）以上为优，80（含）-90为良，60（含）-80为中，60以下为差。"""
    return _cell(grade(total))


def catalogue() -> list[tuple[str, str, str, str]]:
    """(name, description, example call, example result) for every UDF, for lists and the README."""
    rows = []
    for entry in UDFS:
        result = entry.function(*entry.example)
        shown = f"{result:.10g}" if isinstance(result, float) else str(result)
        rows.append((entry.name, entry.doc, entry.example_call(), shown))
    return rows


def markdown_table() -> str:
    lines = ["| 函数 | 说明 | 示例 | 结果 |", "| --- | --- | --- | --- |"]
    for name, doc, call, result in catalogue():
        lines.append(f"| `{name}` | {doc} | `{call}` | {result or '（空）'} |")
    return "\n".join(lines)
