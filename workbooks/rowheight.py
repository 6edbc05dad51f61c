"""Row heights from the text a row holds: neither Excel nor LibreOffice fits a row to wrapped
text in merged cells, and a file opened without a stored height shows such text row over row.

Widths are in Excel's column units (the width of a digit of the default font, 宋体 11 pt, about
half a Chinese character at that size); a Chinese character of a font of ``size`` points takes
``size / 11 × 2`` units. Lines are ``1.45 × size`` points apart, enough for 宋体 and for the CJK
fonts LibreOffice falls back to.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

DEFAULT_SIZE = 11.0
LINE = 1.45
GLYPH = 1.05          # CJK fallback fonts are a little wider than 宋体
PADDING_UNITS = 1.5      # cell margins, in column units
PADDING_POINTS = 4.0


@dataclass(frozen=True)
class Text:
    row: int
    rows: int           # rows it spans downwards (merged)
    width: float        # column units it spans across
    text: str
    size: float         # font size, points


def units(text: str, size: float) -> float:
    """How many column units ``text`` needs on one line."""
    wide = sum(unicodedata.east_asian_width(ch) in "WFA" for ch in text)   # “ ” … are wide in CJK fonts
    return (2 * wide + len(text) - wide) * size / DEFAULT_SIZE * GLYPH


def lines(text: str, width: float, size: float) -> int:
    room = max(width - PADDING_UNITS, 1.0)
    return sum(max(1, math.ceil(units(line, size) / room - 1e-9)) for line in text.split("\n"))


def height(text: Text) -> float:
    """Points the text needs, over all the rows it spans."""
    return lines(text.text, text.width, text.size) * LINE * text.size + PADDING_POINTS


def row_heights(texts: list[Text], given: dict[int, float], default: float) -> dict[int, float]:
    """Heights of the rows whose text needs more than they have: a single-row text sets its row's
    height, a text over several rows spreads what is missing over them."""
    heights = dict(given)
    for text in sorted(texts, key=lambda t: t.rows):
        rows = range(text.row, text.row + text.rows)
        missing = height(text) - sum(heights.get(r, default) for r in rows)
        if missing > 0.5:
            for r in rows:
                heights[r] = round(heights.get(r, default) + missing / text.rows, 1)
    return heights
