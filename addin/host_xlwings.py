"""The xlwings implementation of :mod:`addin.host`, used inside Excel. Kept thin: every xlwings
attribute it touches is listed in ``XLWINGS_API`` and a test checks them against the pinned xlwings."""

from __future__ import annotations

from pathlib import Path

import xlwings as xw

COLOURS = {"error": (255, 199, 206), "warning": (255, 235, 156)}
XLWINGS_API = {
    ("App", "alert"), ("App", "api"), ("App", "books"), ("Book", "caller"), ("Book", "app"), ("Book", "fullname"),
    ("Book", "save"), ("Book", "sheets"), ("Books", "open"), ("Sheets", "add"), ("Sheet", "range"), ("Sheet", "delete"),
    ("Sheet", "name"), ("Range", "value"), ("Range", "color"), ("Range", "note"), ("Note", "text"),
    ("Range", "add_note"),
}


class XlwingsBook:
    def __init__(self, book: xw.Book):
        self.book = book
        self.path = Path(book.fullname)

    def save(self) -> None:
        self.book.save()

    def write_sheet(self, name: str, rows: list[list]) -> None:
        if name in [s.name for s in self.book.sheets]:
            self.book.sheets[name].delete()
        sheet = self.book.sheets.add(name, before=self.book.sheets[0])
        sheet.range("A1").value = [["'" + v if isinstance(v, str) and v.startswith("=") else v for v in row]
                                   for row in rows]

    def mark(self, sheet: str, cell: str, severity: str, note: str) -> None:
        target = self.book.sheets[sheet].range(cell)
        target.color = COLOURS[severity]
        if target.note is None:
            target.add_note(note)
        else:
            target.note.text = note

    def set_value(self, sheet: str, cell: str, value: object) -> None:
        self.book.sheets[sheet].range(cell).value = ("'" + value) if isinstance(value, str) and value.startswith("=") else value


class XlwingsHost:
    """The Excel whose button ran the action, and the workbook active in it (``RunPython`` names
    both, so a second Excel open at the same time is never touched)."""

    def __init__(self):
        self.book = xw.Book.caller()
        self.app = self.book.app
        self.documents = Path.home() / "Documents"

    def active_book(self) -> XlwingsBook | None:
        return XlwingsBook(self.book)

    def choose_folder(self, title: str) -> Path | None:
        dialog = self.app.api.FileDialog(4)          # msoFileDialogFolderPicker
        dialog.Title = title
        return Path(dialog.SelectedItems(1)) if dialog.Show() == -1 else None

    def choose(self, title: str, options: list[str]) -> str | None:
        prompt = "\n".join(f"{i}. {o}" for i, o in enumerate(options, 1))
        answer = self.app.api.InputBox(f"{prompt}\n\n输入序号：", title, "1")
        return options[int(answer) - 1] if str(answer).isdigit() and 0 < int(answer) <= len(options) else None

    def open(self, path: Path) -> None:
        self.app.books.open(str(path))

    def message(self, text: str) -> None:
        self.app.alert(text, title="绩效工具")
