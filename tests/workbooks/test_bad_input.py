"""Bad input is a finding naming the file, never a crash, and the run goes on to the next file."""

from __future__ import annotations

import hashlib
import shutil
import tracemalloc
import zipfile
from pathlib import Path

import pytest
import xlwings

from tests.helpers import official
from tests.helpers.libreoffice import convert, requires_libreoffice
from workbooks.check import check_file, workbook_paths

TEMPLATES = Path(__file__).resolve().parents[2] / "workbooks" / "templates"


def only(path):
    report = check_file(path)
    return report, [(f.type, f.severity) for f in report.findings]


def test_empty_file(tmp_path):
    (tmp_path / "空.xlsx").write_bytes(b"")
    report, rows = only(tmp_path / "空.xlsx")
    assert rows == [("empty-file", "error")] and report.findings[0].file.endswith("空.xlsx")


def test_not_a_workbook(tmp_path):
    (tmp_path / "说明.xlsx").write_text("这不是表格", encoding="utf-8")
    assert only(tmp_path / "说明.xlsx")[1] == [("not-a-workbook", "error")]


def test_zip_without_a_workbook(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.xlsx", "w") as z:
        z.writestr("readme.txt", "x")
    assert only(tmp_path / "a.xlsx")[1] == [("not-a-workbook", "error")]


def test_corrupt_zip(tmp_path):
    data = (TEMPLATES / "T2.xlsx").read_bytes()
    (tmp_path / "坏.xlsx").write_bytes(data[: len(data) // 2])
    assert only(tmp_path / "坏.xlsx")[1] == [("corrupt", "error")]


def test_password_protected_workbook(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    with (TEMPLATES / "T2.xlsx").open("rb") as source, (tmp_path / "密.xlsx").open("wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    report, rows = only(tmp_path / "密.xlsx")
    assert rows == [("encrypted", "error")] and "密码" in report.findings[0].message


def test_zip_bomb_is_refused_with_bounded_memory(tmp_path):
    path = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b" " * (1 << 20)
            for _ in range(200):                      # 200 MiB of spaces, a few hundred KiB packed
                sheet.write(chunk)
    assert path.stat().st_size < 2 << 20
    tracemalloc.start()
    report, rows = only(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert rows == [("too-large", "error")] and "sheet1.xml" in report.findings[0].message
    assert peak < 5 << 20


def test_a_file_beyond_64_mb_is_refused_unread(tmp_path):
    path = tmp_path / "巨大.xlsx"
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(65 << 20)                    # sparse: nothing written but its size
    tracemalloc.start()
    report, rows = only(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert rows == [("too-large", "error")] and "文件大小 65 MB" in report.findings[0].message
    assert peak < 5 << 20                           # hashed in blocks for 说明, never held whole


def test_workbook_with_no_template(tmp_path):
    path = official.write(tmp_path / "杂.xlsx", {"Sheet1": [["姓名", "电话"], ["张三", "123"]]})
    report, rows = only(path)
    assert rows == [("no-template", "error")] and "Sheet1" in report.findings[0].message


def test_macro_workbook_is_read_without_running_macros(tmp_path):
    source = Path(xlwings.__file__).parent / "quickstart.xlsm"
    path = shutil.copy(source, tmp_path / "宏.xlsm")
    before = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    assert only(path)[1] == [("macros", "warning"), ("no-template", "error")]
    assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == before


def test_the_run_goes_on_to_the_next_file(tmp_path):
    (tmp_path / "a-空.xlsx").write_bytes(b"")
    (tmp_path / "b-文字.xlsx").write_text("x", encoding="utf-8")
    official.write(tmp_path / "c-好.xlsx", {"自评表": official.seed_003_t2(**official.REASON_003)})
    (tmp_path / "~$c-好.xlsx").write_bytes(b"lock")                       # Office's lock file: skipped
    reports = [check_file(p) for p in workbook_paths([tmp_path])]
    assert [(r.path.name, r.errors) for r in reports] == [("a-空.xlsx", 1), ("b-文字.xlsx", 1), ("c-好.xlsx", 0)]
    assert reports[2].extracts[0].unit == "株洲市社会保险服务中心"


@requires_libreoffice
@pytest.mark.libreoffice
@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_legacy_xls_and_ods_give_the_same_findings(tmp_path, suffix):
    source = official.write(tmp_path / "株洲.xlsx", {"自评表": official.seed_003_t2(H22=98.5)})
    converted = convert([source], tmp_path / suffix, to=suffix)[0]
    assert converted.suffix == f".{suffix}"
    assert check_file(converted).rows == check_file(source).rows == [
        ("自评表", "H22", "sum-mismatch", "error"), ("自评表", "H21", "score-below-rule", "warning"),
        ("自评表", "I21", "reason-missing", "error")]
