"""The formulas a template spec may use, each as the pair (Python function, Excel formula builder).

A spec writes ``ratio(staff_actual, staff_authorized)``; the template builder asks for the Excel
side, the checker evaluates the Python side on the values it read, and the tests recalculate the
built templates in LibreOffice to prove both sides agree. Python functions take the same
arguments as their Excel builders; a range argument arrives as a list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from udfs import excel, excel_targets, written
from udfs.numbers import parse_number
from udfs.rates import change_rate, ratio, saving_rate
from udfs.scores import execution_score, grade, indicator_score
from udfs.targets import Direction, Target


def _number(value: object) -> float | None:
    """A number cell as SUM sees it: text (even "12") and blanks are not numbers."""
    if type(value) is float or type(value) is int:
        return float(value)
    if value is None or isinstance(value, str):
        return None
    parsed = parse_number(value)
    return parsed.value if parsed.ok else None


def _numbers(values: tuple) -> list[float]:
    """The numbers among the arguments, ranges (lists) flattened, as SUM and COUNT see them."""
    numbers = []
    for item in values:
        for v in (item if type(item) is list else (item,)):
            if type(v) is float:                # the checker's numbers are floats already
                numbers.append(v)
            elif v is not None and (n := _number(v)) is not None:
                numbers.append(n)
    return numbers


def sum_of(*values: object) -> float:
    """SUM: numbers only (Excel ignores text in a range); blank counts as 0."""
    return sum(_numbers(values))


def sum_or_blank(*values: object) -> float | None:
    """SUM of the numbers, or nothing when there is none (COUNT = 0)."""
    numbers = _numbers(values)
    return sum(numbers) if numbers else None


def difference(minuend: object, subtrahend: object) -> float | None:
    """A − B, empty when either is not a number (结余 = 实际到位 − 实际支出)."""
    a, b = _number(minuend), _number(subtrahend)
    return None if a is None or b is None else a - b


def code_text(code: object) -> str:
    """A 科目编码 as text whatever the cell held: 208, 208.0 and "208" are all "208"."""
    if isinstance(code, float) and code.is_integer():
        code = int(code)
    return str(code or "").strip()


def class_total(codes: list, values: list) -> float:
    """合计 of a 决算 table: the sum over its 类 rows (3-digit codes); blank counts as 0."""
    return sum_of([v for c, v in zip(codes, values) if len(code_text(c)) == 3])


def numeric_indicator_score(direction: object, target: object, actual: object, points: object,
                            at_most: str = "ratio") -> float | None:
    """The cell version of :func:`udfs.scores.indicator_score`: target and actual are numbers in
    their cells and the direction (正向/反向) sits in its own cell, as in our templates; ``at_most``
    is the spec's form of the 反向 score."""
    t, a, p = _number(target), _number(actual), _number(points)
    if t is None or a is None or p is None:
        return None
    way = Direction.AT_MOST if direction == Direction.AT_MOST.value else Direction.AT_LEAST
    return indicator_score(Target(way, t), a, p, at_most).score


def _numeric_only(function: Callable) -> Callable:
    """Excel's arithmetic sees only numbers in cells; text there is a finding, not a value."""

    def strict(*args: object) -> object:
        if any(_number(a) is None for a in args):
            return None
        return function(*args)

    strict.__name__ = function.__name__
    return strict


@dataclass(frozen=True)
class Definition:
    python: Callable
    excel: Callable[..., str]


FORMULAS: dict[str, Definition] = {
    "ratio": Definition(_numeric_only(ratio), excel.ratio),
    "change_rate": Definition(_numeric_only(change_rate), excel.change_rate),
    "saving_rate": Definition(_numeric_only(saving_rate), excel.saving_rate),
    "execution_score": Definition(_numeric_only(execution_score), excel.execution_score),
    "indicator_score": Definition(numeric_indicator_score, excel.indicator_score),
    "difference": Definition(difference, excel.difference),
    "sum": Definition(sum_of, excel.total),
    "sum_or_blank": Definition(sum_or_blank, excel.total_or_blank),
    "class_total": Definition(class_total, excel.class_total),
    "grade": Definition(lambda total: grade(total) if _number(total) is not None else None, excel.grade),
    # a target and an actual as people type them (≥98%, 4.5%以内, 12450人): udfs.written
    "written_text": Definition(written.written_text, excel_targets.written_text),
    "target_value": Definition(written.target_value, excel_targets.target_value),
    "target_unit": Definition(written.target_unit, excel_targets.target_unit),
    "target_direction": Definition(written.target_direction, excel_targets.target_direction),
    "actual_value": Definition(written.actual_value, excel_targets.actual_value),
}
