"""Reading reports in every format a unit sends: real files written and read back."""

from __future__ import annotations

import docx
from pypdf import PdfWriter

from tests.helpers.libreoffice import convert, requires_writer
from workbooks.narrative.documents import Block, read_blocks
from workbooks.narrative.report import check_report, read_report

SCORE = "经自评，部门整体支出绩效评价结论为“优”，自查评分为95分。"


def word(path, paragraphs, rows=()):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if rows:
        table = document.add_table(rows=0, cols=max(len(r) for r in rows))
        for cells in rows:
            row = table.add_row().cells
            for i, text in enumerate(cells):
                row[i].text = text
    document.save(str(path))
    return path


def test_docx_paragraphs_then_table_rows_with_values_after_their_labels(tmp_path):
    path = word(tmp_path / "报告.docx", ["部门整体支出绩效自评报告", "基本支出313.21万元。"],
                [["绩效自评综合得分", "97分", "", ""], ["评价等次", "优"], ["人员编制", "164人", "实有人数", "164人"]])
    assert read_blocks(path) == [
        Block("部门整体支出绩效自评报告", 1), Block("基本支出313.21万元。", 2),
        Block("绩效自评综合得分：97分", 3, table=True), Block("评价等次：优", 4, table=True),
        Block("人员编制：164人，实有人数：164人", 5, table=True)]
    _, reading = read_report(path)
    assert [(s.kind, s.label, s.value, s.quantity) for s in reading.statements] == [
        ("amount", "基本支出", 313.21, "基本支出"), ("score", "绩效自评综合得分", 97, "综合得分"),
        ("grade", "评价等次", "优", "评价等次"), ("count", "人员编制", 164, "编制数"), ("count", "实有人数", 164, "在职人数")]


def test_docx_merged_cells_are_read_once(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "绩效自评综合得分"
    table.cell(0, 2).text = "97分"
    document.save(str(tmp_path / "r.docx"))
    assert [b.text for b in read_blocks(tmp_path / "r.docx")] == ["绩效自评综合得分：97分"]


def test_txt_in_gbk_and_in_utf8_with_bom(tmp_path):
    text = "部门整体支出绩效自评报告\r\n" + SCORE + "\r\n"
    (tmp_path / "gbk.txt").write_bytes(text.encode("gbk"))
    (tmp_path / "utf8.txt").write_bytes(text.encode("utf-8-sig"))
    for name in ("gbk.txt", "utf8.txt"):
        _, reading = read_report(tmp_path / name)
        assert [(s.label, s.value, s.where) for s in reading.statements] == [
            ("评价结论", "优", "第2段"), ("自查评分", 95, "第2段")]


def test_a_grade_that_does_not_follow_from_the_stated_score(tmp_path):
    (tmp_path / "r.txt").write_text("经自评，评价结论为“优”，自查评分为85分。", encoding="utf-8")
    assert [(f.type, f.expected, f.actual, f.cell) for f in check_report(tmp_path / "r.txt").findings] == [
        ("report-grade-mismatch", "良", "优", "第1段")]


def test_unreadable_files_are_findings(tmp_path):
    (tmp_path / "empty.docx").write_bytes(b"")
    (tmp_path / "bad.docx").write_bytes(b"not a zip at all")
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00\x81\xff")
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with open(tmp_path / "scan.pdf", "wb") as out:
        writer.write(out)
    rows = {name: [(f.type, f.severity, f.message) for f in check_report(tmp_path / name).findings]
            for name in ("empty.docx", "bad.docx", "binary.txt", "scan.pdf")}
    assert rows == {
        "empty.docx": [("empty-file", "error", "文件为空（0 字节）")],
        "bad.docx": [("corrupt", "error", "文件不是有效的 Word 文档（.docx），可能已损坏或扩展名有误")],
        "binary.txt": [("unreadable", "error", "文本文件的编码无法识别（应为 UTF-8 或 GBK）")],
        "scan.pdf": [("report-no-text", "error", "PDF 没有文字层（可能是扫描件）：无法读取其中的文字。"
                                                  "请提供 Word 文档（.docx）或由 Word/WPS 直接导出的 PDF")],
    }


def test_wps_without_libreoffice_says_how_to_convert(tmp_path, monkeypatch):
    (tmp_path / "报告.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    monkeypatch.setenv("PATH", str(tmp_path))                 # no soffice on the path
    report = check_report(tmp_path / "报告.wps")
    assert [(f.type, f.severity, f.message) for f in report.findings] == [(
        "report-needs-conversion", "error",
        ".wps 格式需要转换：本机未安装 LibreOffice，无法读取。请用 Word 或 WPS 打开，“另存为”Word 文档（.docx）后重新提交；"
        "或安装 LibreOffice（soffice）后重试")]
    assert report.unreadable == ".wps 格式需要转换"


@requires_writer
def test_doc_is_converted_by_libreoffice(tmp_path):
    source = word(tmp_path / "报告.docx", ["部门整体支出绩效自评报告", SCORE], [["评价等次", "优"]])
    doc = convert([source], tmp_path / "doc", to="doc")[0]
    _, reading = read_report(doc)
    assert [(s.label, s.value, s.where) for s in reading.statements] == [
        ("评价结论", "优", "第2段"), ("自查评分", 95, "第2段"), ("评价等次", "优", "第3段")]
