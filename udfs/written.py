"""A target (年度指标值) and an actual (实际完成值) as the templates' formulas read them from their cells.

The formulas of :mod:`udfs.excel_targets` read the forms people type most — a comparison word or
sign, a number, a unit and a closing word: ``≥98%``, ``不低于95%``, ``95%以上``, ``控制在3%以内``,
``≥12000人``, ``≤3000元``, ``=100%``, ``12个月`` — and leave the cell empty for anything else.
These functions are their Python side: where the formula reads a text they give what
:mod:`udfs.targets` and :mod:`udfs.scores` give, elsewhere nothing (``jixiao check`` still reads
those texts). :func:`readable` is the grammar both sides share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from udfs.numbers import parse_number
from udfs.targets import Direction, parse_target

# 等于 targets (=100%, 等于100%, a bare 0) score both ways around the target: left to jixiao check
AT_LEAST_WORDS = ("", ">=", "≥", "≧", "大于等于", "大于或等于", "不低于", "不少于", "不小于", "至少", "达到",
                  "高于", "大于", "多于", ">")
AT_MOST_WORDS = ("<=", "≤", "≦", "小于等于", "小于或等于", "不高于", "不超过", "不多于", "不大于", "控制在",
                 "低于", "小于", "少于", "<")
STRICT_WORDS = ("高于", "大于", "多于", ">", "低于", "小于", "少于", "<")   # the bound itself misses
SUFFIXES = (("及以上", Direction.AT_LEAST), ("及以下", Direction.AT_MOST), ("以上", Direction.AT_LEAST),
            ("以下", Direction.AT_MOST), ("以内", Direction.AT_MOST), ("之内", Direction.AT_MOST))
NOT_IN_UNIT = ",%+-=<>≤≥"           # with digits and ".": a unit holds none of these
UNIT_LENGTH = 6
_DIGITS = "0123456789"
_FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}   # what ASC makes half-width
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def clean(value: object) -> str:
    """The cell's text as the formula reads it: full-width letters made half-width (ASC), spaces,
    ideographic spaces and line breaks removed."""
    text = "".join(_FULL_WIDTH.get(ch, ch) for ch in str(value))
    return text.replace(" ", "").replace("\u3000", "").replace("\n", "")


@dataclass(frozen=True)
class Written:
    words: str          # the comparison before the number ("" for none)
    number: str
    tail: str           # what follows the number: a unit and a closing word (以上, 以内 …)

    @property
    def suffix(self) -> str:
        return next((word for word, _ in SUFFIXES if self.tail.endswith(word)), "")

    @property
    def unit(self) -> str:
        return self.tail[:len(self.tail) - len(self.suffix)]


def split(text: str) -> Written | None:
    """Words, number and tail of a cleaned text, else None. The number is the run of digits and
    points from the first digit: it holds every digit and point of the text, at most one point,
    and ends in a digit."""
    first = next((i for i, ch in enumerate(text) if ch in _DIGITS), None)
    if first is None:
        return None
    length = sum(ch in _DIGITS or ch == "." for ch in text)
    number = text[first:first + length]
    if len(number) < length or not _NUMBER.fullmatch(number):
        return None
    return Written(text[:first], number, text[first + length:])


def unit_like(text: str) -> bool:
    """A unit: none, ``%``, or up to six characters that are not digits, signs or separators."""
    return text == "%" or (len(text) <= UNIT_LENGTH and not any(ch in NOT_IN_UNIT for ch in text))


def readable(value: object) -> bool:
    """Whether the formula reads ``value`` as a target: a number, or a text of the shared grammar
    other than a strict bound of 0 (``大于0``, ``低于0``), the one case where a strict comparison
    changes the score."""
    if _is_number(value):
        return True
    parts = split(clean(value)) if isinstance(value, str) else None
    if parts is None or parts.words not in AT_LEAST_WORDS + AT_MOST_WORDS or not unit_like(parts.unit):
        return False
    if float(parts.number) == 0 and (parts.words in STRICT_WORDS or not parts.words):
        return False            # 大于0: met only above it; a bare 0 (安全事故0起): met only at 0
    return True


def _is_number(value: object) -> bool:
    return type(value) in (int, float)


def written_text(value: object) -> str:
    """The cell's text as the formulas read it (:func:`clean`); empty for a number or a blank."""
    return "" if value is None or _is_number(value) else clean(value)


def target_value(target: object, text: str) -> float | None:
    """The target's number (a fraction for %) where the formula reads it; ``text`` is its
    :func:`written_text`."""
    if _is_number(target):
        return float(target)
    return parse_target(text).value if readable(text) else None


def target_unit(text: str, value: object) -> str | None:
    """The target's unit ("" for none) where it is read (``value`` is its :func:`target_value`)."""
    if not _is_number(value):
        return None
    return parse_target(text).unit if text else None


def target_direction(target: object, text: str, value: object) -> str | None:
    """指标方向: 正向 or 反向 for a target the formula reads, 定性 for a text without a digit,
    nothing for an empty cell or a text the formula does not read (a deadline, a range …)."""
    if _is_number(target):
        return Direction.AT_LEAST.value
    if not text:
        return None
    if not any(ch in _DIGITS for ch in text):
        return Direction.QUALITATIVE.value
    return parse_target(text).direction.value if _is_number(value) else None


def actual_value(actual: object, text: str, unit: object) -> float | None:
    """The actual's number where the formula reads it: a number, or a text of a number and a unit
    (no comparison words) whose unit is the target's ``unit`` (empty: any) or that has none."""
    if _is_number(actual):
        return float(actual)
    parts = split(text)
    if parts is None or parts.words or not unit_like(parts.tail):
        return None
    number = parse_number(text)
    if not number.ok or (number.unit and unit and number.unit != unit):
        return None
    return number.value
