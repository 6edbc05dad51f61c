"""The openpyxl implementation of :mod:`addin.host`: real files, answers given in advance."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment

from workbooks.annotate import FILLS, set_text


class OpenpyxlBook:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._workbook = None

    @property
    def workbook(self) -> openpyxl.Workbook:
        if self._workbook is None:
            self._workbook = openpyxl.load_workbook(self.path, keep_vba=self.path.suffix.lower() == ".xlsm")
        return self._workbook

    def save(self) -> None:
        if self._workbook is not None:
            self._workbook.save(self.path)
            self._workbook = None

    def write_sheet(self, name: str, rows: list[list]) -> None:
        if name in self.workbook.sheetnames:
            del self.workbook[name]
        sheet = self.workbook.create_sheet(name, 0)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                set_text(sheet.cell(r, c), value)

    def mark(self, sheet: str, cell: str, severity: str, note: str) -> None:
        target = self.workbook[sheet][cell]
        if type(target).__name__ == "MergedCell":
            return
        target.fill = FILLS[severity]
        target.comment = Comment(note, "jixiao")

    def set_value(self, sheet: str, cell: str, value: object) -> None:
        set_text(self.workbook[sheet][cell], value)


@dataclass
class OpenpyxlHost:
    """Excel stood in for: the active workbook is a file; dialogs answer as told in advance."""

    book_path: Path | None = None
    folder: Path | None = None
    choice: str | None = None
    documents: Path = Path(".")
    opened: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def active_book(self) -> OpenpyxlBook | None:
        return OpenpyxlBook(self.book_path) if self.book_path else None

    def choose_folder(self, title: str) -> Path | None:
        return self.folder

    def choose(self, title: str, options: list[str]) -> str | None:
        return next((o for o in options if self.choice and o.startswith(self.choice)), None)

    def open(self, path: Path) -> None:
        self.opened.append(Path(path))

    def message(self, text: str) -> None:
        self.messages.append(text)
