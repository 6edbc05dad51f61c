"""Read a narrative report (自评报告) as blocks of text in document order: its paragraphs and the
rows of its real Word tables, each with its position (paragraph number; page for a PDF).

``.docx`` through python-docx, ``.pdf`` through pypdf (its text layer), ``.txt`` as UTF-8 or GBK,
``.doc``/``.wps`` converted to ``.docx`` by LibreOffice headless when it is installed. Nothing in
the file is executed; files and their parts are bounded in size. A file that cannot be read
raises :class:`workbooks.read.ReadError` with a Chinese message.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from workbooks.read import ReadError

SUFFIXES = frozenset({".docx", ".pdf", ".txt", ".doc", ".wps"})
CONVERTED = frozenset({".doc", ".wps"})          # read through LibreOffice
MAX_FILE = 32 * 1024 * 1024              # bytes of the report itself
MAX_EXPANDED = 128 * 1024 * 1024         # bytes the parts of a .docx may expand to
MAX_XML = 24 * 1024 * 1024               # bytes its XML parts (the text) may expand to
MAX_PAGES = 500
CONVERT_TIMEOUT = 120                    # seconds LibreOffice may take for one file
_QUOTES = str.maketrans("", "", "“”")
_GRADE_WORDS = frozenset({"优", "良", "中", "差", "优秀", "良好", "中等", "合格", "不合格"})


@dataclass(frozen=True)
class Block:
    """A paragraph, or a table row joined into one (``绩效自评综合得分：97分``)."""
    text: str
    paragraph: int                       # 1-based, table rows counted as paragraphs
    page: int | None = None              # 1-based, PDF only
    table: bool = False

    @property
    def where(self) -> str:
        return f"第{self.page}页第{self.paragraph}段" if self.page else f"第{self.paragraph}段"


def read_blocks(path: Path) -> list[Block]:
    """The blocks of a report; raises ReadError when it cannot be read."""
    if not path.is_file():
        raise ReadError("unreadable", "文件不存在")
    size = path.stat().st_size
    if size == 0:
        raise ReadError("empty-file", "文件为空（0 字节）")
    if size > MAX_FILE:
        raise ReadError("too-large", f"文件大小 {size // (1 << 20)} MB，超出合理大小，已拒绝读取")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx(path)
    if suffix == ".pdf":
        return _pdf(path)
    if suffix == ".txt":
        return _numbered(_text_lines(path.read_bytes()))
    if suffix in CONVERTED:
        return _converted(path)
    raise ReadError("unreadable", f"不支持的报告格式“{path.suffix}”（支持 .docx、.pdf、.txt、.doc、.wps）")


def _numbered(texts: list[tuple[str, bool]]) -> list[Block]:
    return [Block(text, i, table=table) for i, (text, table) in enumerate(texts, 1)]


# ---------------------------------------------------------------- .docx


def _docx(path: Path) -> list[Block]:
    import docx
    from docx.table import Table

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if sum(i.file_size for i in parts) > MAX_EXPANDED or \
                    sum(i.file_size for i in parts if i.filename.endswith((".xml", ".rels"))) > MAX_XML:
                raise ReadError("too-large", "文档解压后超出合理大小，已拒绝读取")
        document = docx.Document(str(path))
    except ReadError:
        raise
    except zipfile.BadZipFile:
        raise ReadError("corrupt", "文件不是有效的 Word 文档（.docx），可能已损坏或扩展名有误") from None
    except Exception:  # python-docx raises many kinds on damaged parts
        raise ReadError("corrupt", "Word 文档已损坏或不是 Word 文档，无法读取") from None
    texts: list[tuple[str, bool]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            texts.extend((row, True) for row in _table_rows(item))
        else:
            texts.append((item.text, False))
    return _numbered(texts)


def _table_rows(table) -> list[str]:
    """Each row's cells straight from the XML (a cell merged across columns is one ``w:tc``)."""
    from docx.oxml.ns import qn

    return [row_text([_xml_text(tc) for tc in tr.iterchildren(qn("w:tc"))])
            for tr in table._tbl.iterchildren(qn("w:tr"))]


def _xml_text(element) -> str:
    from docx.oxml.ns import qn

    return "".join("".join(t.text or "" for t in element.iter(qn("w:t"))).split())


def row_text(cells: list[str]) -> str:
    """A table row as one line: a cell holding only a value (``97分``, ``优``) goes after the label
    in the cell before it (``绩效自评综合得分：97分``); the pairs are joined by ``，``."""
    clauses: list[str] = []
    for cell in cells:
        if not cell:
            continue
        if clauses and (cell[0].isdigit() or cell in _GRADE_WORDS) and not clauses[-1][-1].isdigit():
            clauses[-1] += "：" + cell
        else:
            clauses.append(cell)
    return "，".join(clauses)


# ---------------------------------------------------------------- .pdf


def _pdf(path: Path) -> list[Block]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("encrypted", "PDF 文件已加密，请提供未加密的文件")
        if len(reader.pages) > MAX_PAGES:
            raise ReadError("too-large", f"PDF 共 {len(reader.pages)} 页，超出合理大小，已拒绝读取")
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError):
        raise ReadError("corrupt", "PDF 文件已损坏或不是 PDF 文件，无法读取") from None
    if not any(text.strip() for text in pages):
        raise ReadError("report-no-text", "PDF 没有文字层（可能是扫描件）")
    return _pdf_blocks(pages)


def _pdf_blocks(pages: list[str]) -> list[Block]:
    """Lines joined into paragraphs: a paragraph ends at a blank line (the layout text keeps the
    space between paragraphs) or at a line that ends a sentence; one that runs on to the next page
    keeps the page it starts on. Curly quotes are dropped: fonts that draw them apart from the line
    (as Word and LibreOffice do) make them come out of place."""
    blocks: list[Block] = []
    current, start = "", 1

    def close() -> None:
        nonlocal current
        if current:
            blocks.append(Block(current, len(blocks) + 1, start))
        current = ""

    for number, text in enumerate(pages, 1):
        for line in text.translate(_QUOTES).splitlines():
            line = " ".join(line.split())
            if not line:
                close()
                continue
            if not current:
                start = number
            current += line
            if line[-1] in "。：:；;！？":
                close()
    close()
    return blocks


# ---------------------------------------------------------------- .txt


def _text_lines(data: bytes) -> list[tuple[str, bool]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReadError("unreadable", "文本文件的编码无法识别（应为 UTF-8 或 GBK）")
    if "\x00" in text:
        raise ReadError("unreadable", "文件不是文本文件")
    return [(line, False) for line in text.splitlines()]


# ---------------------------------------------------------------- .doc / .wps


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _converted(path: Path) -> list[Block]:
    program = soffice()
    if program is None:
        raise ReadError("report-needs-conversion", f"{path.suffix} 格式需要转换")
    with tempfile.TemporaryDirectory(prefix="jixiao-report-") as work:
        work = Path(work)
        source = work / ("report" + path.suffix.lower())        # a plain name: no option can hide in it
        shutil.copyfile(path, source)
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "docx", "--outdir", str(work / "out"), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise ReadError("unreadable", f"LibreOffice 转换超时（{CONVERT_TIMEOUT} 秒）") from None
        result = work / "out" / "report.docx"
        if not result.is_file():
            raise ReadError("unreadable", f"LibreOffice 无法转换此 {path.suffix} 文件（文件可能已损坏，或未安装 LibreOffice Writer）；"
                                          "请用 Word 或 WPS 打开，“另存为”Word 文档（.docx）后重新提交")
        return _docx(result)
