"""How a stated figure is compared with the one it should be: the one policy the checker's rules,
the merge and the functions in cells share.

- **Sums.** Published tables are rounded: a total may differ from the sum of its parts by one cent
  per part (a 尾数误差, a warning); more is an error.
- **Rates and scores.** Equal when they show the same at the shown precision (Excel's ROUND); a
  value cut off instead of rounded is a truncation (a warning).
- **Bands.** A qualitative score is checked against its band of the 分值, not computed.
- **Numbers.** A cell's number however it arrived; a placeholder (``/``, ``—``, ``——``, ``－``,
  ``无``) means nothing to report: blank.
"""

from __future__ import annotations

from enum import StrEnum

from udfs.numbers import NumberKind, parse_number
from udfs.rounding import excel_round, truncate

CENT = 0.01                 # the rounding of one published part, in 万元
EPSILON = 1e-9
MONEY_DECIMALS, RATE_DECIMALS, SCORE_DECIMALS = 2, 4, 2


class Agreement(StrEnum):
    EQUAL = "equal"
    TAIL = "tail"           # within the rounding of the parts
    MISMATCH = "mismatch"


def number(value: object) -> float | None:
    """A cell's number: a native number, or text that reads as one; None for blanks, placeholders
    and text that is not a number."""
    if type(value) is float or type(value) is int:
        return float(value)
    if value is None or value == "":       # calamine reads an empty cell of a row as ""
        return None
    parsed = parse_number(value)
    return parsed.value if parsed.ok else None


def blank(value: object) -> bool:
    """Empty, only spaces, or a placeholder meaning "none" (``/``, ``—``, ``无``)."""
    if value is None:
        return True
    return isinstance(value, str) and parse_number(value).kind is NumberKind.BLANK


def sum_agreement(stated: float, summed: float, parts: int) -> Agreement:
    """A stated total against the sum of ``parts`` rounded parts."""
    difference = abs(stated - summed)
    if difference < EPSILON or excel_round(stated, MONEY_DECIMALS) == excel_round(summed, MONEY_DECIMALS):
        return Agreement.EQUAL
    return Agreement.TAIL if difference <= CENT * max(parts, 1) + EPSILON else Agreement.MISMATCH


def exceeds(parts: float, whole: float, count: int) -> bool:
    """其中: parts exceed their total by more than their rounding."""
    return parts > whole + CENT * count + EPSILON


def shown_same(stated: float, expected: float, decimals: int) -> bool:
    return excel_round(stated, decimals) == excel_round(expected, decimals)


def rate_agreement(stated: float, expected: float, decimals: int = RATE_DECIMALS) -> Agreement:
    """A stated rate against its definition: equal when shown the same, TAIL when truncated."""
    if shown_same(stated, expected, decimals):
        return Agreement.EQUAL
    if excel_round(stated, decimals) == truncate(expected, decimals):
        return Agreement.TAIL
    return Agreement.MISMATCH


def within(score: float, low: float, high: float) -> bool:
    return low - EPSILON <= score <= high + EPSILON
