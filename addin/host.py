"""What an action may do with Excel, as a small interface with two implementations: the xlwings
one used inside Excel (kept thin) and the openpyxl one the tests and the command line use."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol


class Book(Protocol):
    """The workbook an action works on."""

    path: Path

    def save(self) -> None: ...

    def write_sheet(self, name: str, rows: list[list]) -> None:
        """Replace (or add, first) a sheet holding ``rows``; strings stay strings."""

    def mark(self, sheet: str, cell: str, severity: str, note: str) -> None:
        """Colour a cell (red for errors, yellow for warnings) and give it the note ``note``
        (from :func:`workbooks.annotate.cell_notes`: every finding of the cell, one a line)."""

    def set_value(self, sheet: str, cell: str, value: object) -> None: ...


class Host(Protocol):
    """Excel, or what stands for it."""

    documents: Path

    def active_book(self) -> Book | None: ...

    def choose_folder(self, title: str) -> Path | None: ...

    def choose(self, title: str, options: list[str]) -> str | None: ...

    def open(self, path: Path) -> None: ...

    def message(self, text: str) -> None: ...
