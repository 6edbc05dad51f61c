"""Targets (年度指标值) as people write them: ``≥95%``, ``不低于95%``, ``4.5%以内``, ``控制在3%以内``,
``31.88 万人``, ``2023年12月31日之前完成``, ``效果明显``.

:func:`parse_target` gives a :class:`Target` with a direction (reach at least, stay at most, a
deadline, or qualitative), the number and its unit. :func:`format_target` writes it back in the
canonical form, which parses to the same target.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from udfs.numbers import format_number, normalise_text, parse_number


class Direction(StrEnum):
    AT_LEAST = "正向"      # reach at least the value
    AT_MOST = "反向"       # stay at most at the value
    EQUAL = "等于"         # equal at the shown precision: below scores as 正向, above as 反向
    DEADLINE = "时限"      # done by a date
    QUALITATIVE = "定性"   # words only: scored by bands


@dataclass(frozen=True)
class Target:
    direction: Direction
    value: float | None = None
    unit: str = ""
    strict: bool = False   # 大于 / 低于: the bound itself does not meet the target
    text: str = ""         # the qualitative wording, or the deadline as ISO date
    decimals: int = 0      # shown precision of the value (in percent for a percentage)

    @property
    def quantitative(self) -> bool:
        return self.direction in (Direction.AT_LEAST, Direction.AT_MOST, Direction.EQUAL)


# Comparison words, longest first within each list so that 大于等于 wins over 大于.
_PREFIXES: list[tuple[str, Direction, bool]] = [
    (">=", Direction.AT_LEAST, False), ("≥", Direction.AT_LEAST, False), ("≧", Direction.AT_LEAST, False),
    ("大于等于", Direction.AT_LEAST, False), ("大于或等于", Direction.AT_LEAST, False),
    ("不低于", Direction.AT_LEAST, False), ("不少于", Direction.AT_LEAST, False),
    ("不小于", Direction.AT_LEAST, False), ("至少", Direction.AT_LEAST, False),
    ("达到", Direction.AT_LEAST, False), ("高于", Direction.AT_LEAST, True),
    ("大于", Direction.AT_LEAST, True), ("多于", Direction.AT_LEAST, True), (">", Direction.AT_LEAST, True),
    ("<=", Direction.AT_MOST, False), ("≤", Direction.AT_MOST, False), ("≦", Direction.AT_MOST, False),
    ("小于等于", Direction.AT_MOST, False), ("小于或等于", Direction.AT_MOST, False),
    ("不高于", Direction.AT_MOST, False), ("不超过", Direction.AT_MOST, False),
    ("不多于", Direction.AT_MOST, False), ("不大于", Direction.AT_MOST, False),
    ("控制在", Direction.AT_MOST, False), ("低于", Direction.AT_MOST, True),
    ("小于", Direction.AT_MOST, True), ("少于", Direction.AT_MOST, True), ("<", Direction.AT_MOST, True),
    ("=", Direction.EQUAL, False), ("＝", Direction.EQUAL, False), ("等于", Direction.EQUAL, False),
    ("为", Direction.EQUAL, False),
]
_PREFIXES.sort(key=lambda p: -len(p[0]))
_SUFFIXES: list[tuple[str, Direction | None]] = [
    ("及以上", Direction.AT_LEAST), ("以上", Direction.AT_LEAST),
    ("及以下", Direction.AT_MOST), ("以下", Direction.AT_MOST), ("以内", Direction.AT_MOST),
    ("之内", Direction.AT_MOST),
]
# a count of what should not happen: 安全事故0起, 投诉0次, 差错率为0
_ZERO = re.compile(r"^\D*?\s*0(?:\.0+)?\s*(?P<unit>[^\d\s]{0,3})$")
_DECIMALS = re.compile(r"\.(\d+)")
DATE_PATTERN = re.compile(r"(?P<y>\d{4})(?:年|-|/|\.)(?P<m>\d{1,2})(?:月|-|/|\.)?(?:(?P<d>\d{1,2})日?)?")
_DEADLINE_WORDS = ("之前", "以前", "前", "完成", "截止", "底")


def _split_comparison(text: str) -> tuple[Direction | None, bool, str]:
    for word, direction, strict in _PREFIXES:
        if text.startswith(word):
            rest = text[len(word):]
            suffix_direction, rest = _strip_suffix(rest)
            return suffix_direction or direction, strict, rest
    suffix_direction, rest = _strip_suffix(text)
    return suffix_direction, False, rest


def _strip_suffix(text: str) -> tuple[Direction | None, str]:
    for word, direction in _SUFFIXES:
        if text.endswith(word):
            return direction, text[: -len(word)]
    return None, text


def _deadline(text: str) -> Target | None:
    match = DATE_PATTERN.search(text)
    if not match or not any(w in text for w in _DEADLINE_WORDS):
        return None
    year, month = int(match["y"]), int(match["m"])
    if not 1 <= month <= 12:
        return None
    if match["d"]:
        day = int(match["d"])
    else:  # 2023年12月前: the end of that month
        day = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return Target(Direction.DEADLINE, text=date.isoformat())


def parse_target(value: object) -> Target:
    """Read a 年度指标值. Anything that is not a comparison, a number or a deadline is qualitative."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Target(Direction.AT_LEAST, float(value))
    if not isinstance(value, str) or not value.strip():
        return Target(Direction.QUALITATIVE, text="")
    return _parse_target_text(value)


@lru_cache(maxsize=4096)
def _parse_target_text(value: str) -> Target:
    """Targets repeat across a batch (``≥95%``, ``100%``): each text is read once."""
    text = normalise_text(value)
    direction, strict, rest = _split_comparison(text)
    number = parse_number(rest)
    if number.ok:
        if number.value == 0 and direction is None:      # 0 without a comparison: met only at 0
            direction = Direction.EQUAL
        return Target(direction or Direction.AT_LEAST, number.value, number.unit, strict, decimals=_decimals(rest))
    zero = _ZERO.match(text)
    if zero:
        return Target(Direction.EQUAL, 0.0, zero["unit"].strip())
    deadline = _deadline(text)
    if deadline:
        return deadline
    return Target(Direction.QUALITATIVE, text=value.strip())


def _decimals(text: str) -> int:
    match = _DECIMALS.search(text)
    return len(match[1]) if match else 0


def format_target(target: Target) -> str:
    """The canonical text of a target: ``≥95%``, ``≤4.5%``, ``2023年12月31日之前完成``."""
    if target.direction is Direction.QUALITATIVE:
        return target.text
    if target.direction is Direction.DEADLINE:
        date = dt.date.fromisoformat(target.text)
        return f"{date.year}年{date.month}月{date.day}日之前完成"
    sign = {
        (Direction.AT_LEAST, False): "≥", (Direction.AT_LEAST, True): ">",
        (Direction.AT_MOST, False): "≤", (Direction.AT_MOST, True): "<", (Direction.EQUAL, False): "=",
    }[(target.direction, target.strict)]
    return sign + format_number(target.value, target.unit)
