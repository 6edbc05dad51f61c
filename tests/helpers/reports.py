"""The seed reports (../shared/seeds, as text) turned back into Word documents, their tables as real
Word tables, as units send them; and their attachments as workbooks.

The seeds' text holds a table either one cell per line, each line starting with a tab, rows
separated by a blank line (seeds 001, 002, 004), or one row per line with tab-separated cells
(seed 003)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import official
from workbooks.check import check_file
from workbooks.narrative.tables import Fact, table_facts

ROOT = Path(__file__).resolve().parents[2]
SEEDS = next((p for p in (ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds") if p.is_dir()),
             ROOT.parent / "shared" / "seeds")
requires_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")


def seed_text(number: str) -> str:
    return next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


def _pieces(text: str) -> list[str | list[list[str]]]:
    """Paragraphs (str) and tables (rows of cells) in order."""
    pieces: list = []
    row: list[str] | None = None
    table: list[list[str]] | None = None

    def close_table() -> None:
        nonlocal table, row
        if row:
            table.append(row)
        if table:
            pieces.append(table)
        table, row = None, None

    for line in text.splitlines():
        body = line[1:] if line.startswith("\t") else line
        if "\t" in body:                                                      # one row a line
            if table is None or row is not None:
                close_table()
                table = []
            table.append(line.split("\t"))
        elif line.startswith("\t"):                                            # one cell a line
            if table is None:
                table = []
            if row is None:
                row = []
            row.append(body)
        elif not line.strip():
            if row:
                table.append(row)
                row = None
        else:
            close_table()
            pieces.append(line)
    close_table()
    return pieces


def seed_docx(number: str, path: Path, changes: dict[str, str] | None = None) -> Path:
    """The seed as a Word document; ``changes`` replace text (each must occur exactly once)."""
    import docx

    text = seed_text(number)
    for old, new in (changes or {}).items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    document = docx.Document()
    for piece in _pieces(text):
        if isinstance(piece, str):
            document.add_paragraph(piece)
            continue
        columns = max(len(r) for r in piece)
        table = document.add_table(rows=0, cols=columns)
        for cells in piece:
            row = table.add_row().cells
            for i, text in enumerate(cells):
                row[i].text = text
    document.save(str(path))
    return path


# the seeds' attachments, as the units fill them in Excel
ATTACHMENTS = {
    "001": lambda: {"附件2-1": official.seed_001_t1(), "附件2-2": official.seed_001_t2()},
    "002": lambda: {"收支情况": official.seed_002_finances(), "项目自评表": official.seed_002_project()},
    "003": lambda: {"自评表": official.seed_003_t2(**official.REASON_003), **official.seed_003_final_accounts()},
    "004": lambda: {"附件2": official.seed_004_tree("T4"), "附件5": official.seed_004_tree("T5")},
}


def seed_workbook(number: str, path: Path) -> Path:
    return official.write(path, ATTACHMENTS[number]())


def seed_facts(number: str, folder: Path) -> list[Fact]:
    return table_facts(check_file(seed_workbook(number, folder / f"{number}-附件.xlsx")).contexts)
