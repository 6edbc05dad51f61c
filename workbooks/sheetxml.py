"""What a sheet's XML holds that the values do not: the formula of each cell and the error values
(``#REF!``), read in one streaming pass of a real XML parser (memory bounded by one row).

Sheets up to a few megabytes are parsed whole (in C, fast); larger ones streamed, row by row.

Excel writes a formula filled down or across once, as a shared formula: the first cell holds
``<f t="shared" ref="D5:D9" si="0">B5*C5</f>`` and the others ``<f t="shared" si="0"/>``. Each of
those cells has a formula; its text is the first cell's with the relative references moved, as
Excel shows it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError, fromstring, iterparse

from workbooks.package import BadPart, defused, local

MAX_ROW, MAX_COL = 1_048_576, 16_384
STREAM_FROM = 4 << 20            # bytes of a sheet's XML from which it is streamed, not parsed whole
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")
# a string, a sheet name, or a cell reference not part of a longer name or a function call
_TOKEN = re.compile(r"""("[^"]*")|('(?:[^']|'')*'!|[A-Za-z_][\w.]*!)?(?<![\w.$])(\$?)([A-Z]{1,3})(\$?)([0-9]{1,7})(?![\w(!])""")


def column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def column_letters(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_index(reference: str) -> tuple[int, int]:
    match = _CELL.fullmatch(reference)
    if match is None:
        raise ValueError(f"not a cell reference: {reference[:20]}")
    return int(match[2]) - 1, column_index(match[1])


def shift(formula: str, rows: int, cols: int) -> str:
    """A formula moved by ``rows`` and ``cols``: relative references follow, ``$`` ones stay,
    text in quotes is left alone; a reference moved off the sheet becomes ``#REF!``."""
    def move(match: re.Match) -> str:
        if match[1]:
            return match[1]
        sheet, dollar_col, letters, dollar_row, digits = match.group(2, 3, 4, 5, 6)
        col = column_index(letters) + (0 if dollar_col else cols)
        row = int(digits) + (0 if dollar_row else rows)
        if not (0 <= col < MAX_COL and 1 <= row <= MAX_ROW):
            return f"{sheet or ''}#REF!"
        return f"{sheet or ''}{dollar_col}{column_letters(col)}{dollar_row}{row}"
    return _TOKEN.sub(move, formula)


def scan_cells(data: bytes) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], str]]:
    """(formula text by cell, error value by cell) of a worksheet part."""
    formulas: dict[tuple[int, int], str] = {}
    errors: dict[tuple[int, int], str] = {}
    masters: dict[str, tuple[int, int, str]] = {}
    followers: list[tuple[int, int, str]] = []
    row, col = -1, -1
    try:
        for tag, element in _rows_and_cells(defused(data)):
            if tag == "row":
                row, col = _row_number(element.get("r"), row), -1
                continue
            ref = element.get("r")
            row, col = cell_index(ref) if ref else (max(row, 0), col + 1)
            _cell(element, (row, col), formulas, errors, masters, followers)
    except (ParseError, ValueError, LookupError) as exc:     # LookupError: an encoding Python does not know
        raise BadPart(str(exc)) from None
    for r, c, group in followers:
        first = masters.get(group)
        formulas[(r, c)] = shift(first[2], r - first[0], c - first[1]) if first else ""
    return formulas, errors


def _rows_and_cells(data: bytes) -> Iterator[tuple[str, Element]]:
    """("row", a row as it begins) and ("c", a cell with its formula and value), in order."""
    if len(data) < STREAM_FROM:
        root = fromstring(data)
        space = root.tag[: root.tag.rfind("}") + 1]
        for row in root.iter(f"{space}row"):
            yield "row", row
            for cell in row.iter(f"{space}c"):
                yield "c", cell
        return
    for event, element in iterparse(io.BytesIO(data), events=("start", "end")):
        tag = local(element.tag)
        if event == "start" and tag == "row":
            yield tag, element
        elif event == "end" and tag == "c":
            yield tag, element
        elif event == "end" and tag == "row":
            element.clear()                   # what was read of the row: memory bounded by a row


def _row_number(ref: str | None, previous: int) -> int:
    if ref is None:
        return previous + 1
    if not ref.isdigit() or not 1 <= int(ref) <= MAX_ROW:
        raise ValueError(f"row number {ref[:20]}")
    return int(ref) - 1


def _cell(element, where, formulas, errors, masters, followers) -> None:
    for child in element:
        tag = local(child.tag)
        if tag == "f":
            text = child.text or ""
            if child.get("t") == "shared" and not text:
                followers.append((*where, child.get("si", "")))
            else:
                formulas[where] = text
                if child.get("t") == "shared":
                    masters[child.get("si", "")] = (*where, text)
        elif tag == "v" and element.get("t") == "e":
            errors[where] = child.text or ""
