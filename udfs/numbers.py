"""Numbers as units type them: ``351.25万元``, ``1,387.53``, ``１００％``, `` 16 ``, ``31.88 万人``, ``—``.

:func:`parse_number` returns the value, its unit and how it arrived, or says that the text is not a
number. It never raises.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class NumberKind(StrEnum):
    NUMBER = "number"    # a native number
    TEXT = "text"        # a number read from text (the checker says so)
    BLANK = "blank"      # empty, or a placeholder meaning "nothing": —, 无, /
    INVALID = "invalid"  # text that is not a number


@dataclass(frozen=True)
class ParsedNumber:
    kind: NumberKind
    value: float | None = None
    unit: str = ""
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.kind in (NumberKind.NUMBER, NumberKind.TEXT)


# Placeholders people put in a number cell to say "none".
_PLACEHOLDERS = frozenset({"", "-", "--", "—", "——", "–", "/", "无", "空", "暂无", "没有", "n/a", "na"})
_NUMBER = re.compile(
    r"""^(?P<sign>[+-])?
        (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
        (?P<unit>%|[^\d\s.,%+\-=<>≤≥]{1,6})?$""",
    re.VERBOSE,
)


def normalise_text(text: str) -> str:
    """Full-width forms to ASCII (NFKC), all white space removed, dashes unified."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("－", "-").replace("−", "-")
    return "".join(text.split())


def _decimal_number(number: str) -> Decimal:
    return Decimal(number.replace(",", ""))


_BLANK = ParsedNumber(NumberKind.BLANK)


def parse_number(value: object) -> ParsedNumber:
    """Read a number cell however it arrived. Percentages become fractions (95% → 0.95)."""
    if value is None or value == "":
        return _BLANK
    if type(value) is float and math.isfinite(value):
        return ParsedNumber(NumberKind.NUMBER, value)
    if isinstance(value, bool):
        return ParsedNumber(NumberKind.INVALID, reason="逻辑值不是数字")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return ParsedNumber(NumberKind.INVALID, reason="不是有限数")
        return ParsedNumber(NumberKind.NUMBER, float(value))
    if not isinstance(value, str):
        return ParsedNumber(NumberKind.INVALID, reason=f"不是数字：{type(value).__name__}")
    text = normalise_text(value)
    if text.lower() in _PLACEHOLDERS:
        return ParsedNumber(NumberKind.BLANK)
    match = _NUMBER.match(text)
    if not match:
        return ParsedNumber(NumberKind.INVALID, reason=f"“{value.strip()}”不是数字")
    try:
        number = _decimal_number(match["num"])
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return ParsedNumber(NumberKind.INVALID, reason=f"“{value.strip()}”不是数字")
    if match["sign"] == "-":
        number = -number
    unit = match["unit"] or ""
    if unit == "%":
        number = number / 100
    return ParsedNumber(NumberKind.TEXT, float(number), unit)


def format_number(value: float, unit: str = "") -> str:
    """The shortest text that :func:`parse_number` reads back as the same value and unit."""
    number = Decimal(repr(float(value)))
    if unit == "%":
        number = number * 100
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{unit}"


_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000, "千": 1_000, "百": 100}


def split_unit(unit: str) -> tuple[float, str]:
    """``万人`` → (10000, ``人``); ``万元`` → (10000, ``元``); ``%`` → (1, ``%``)."""
    if len(unit) > 1 and unit[0] in _MULTIPLIERS:
        return _MULTIPLIERS[unit[0]], unit[1:]
    return 1, unit


def convert(value: float, unit: str, to_unit: str) -> float | None:
    """``value`` in ``unit`` expressed in ``to_unit``; None when the units measure different things.

    A missing unit on either side is taken as the other's (people write ``3400`` for ``3400人``).
    """
    if not unit or not to_unit or unit == to_unit:
        return value
    factor, base = split_unit(unit)
    to_factor, to_base = split_unit(to_unit)
    if base != to_base:
        return None
    return value * factor / to_factor
