"""Hostile legacy (.xls) and binary (.xlsb) workbooks, and what the fuzz campaign
(tests/bench/fuzz_campaign.py) found: each costs only itself, with a finding naming it, and the
good file beside it is reported in full. Every file is built here, record by record."""

from __future__ import annotations

import struct
import zipfile

import openpyxl
import pytest

from tests.helpers.hostile import number_row, package, sheet_xml, xls, xlsb
from tests.workbooks.test_bad_input_hostile import GOOD, checked, good, messages, run
from workbooks.zipparts import TooManyEntries, ZipParts

TOO_LARGE = [["", "", "too-large", "error"]]
CORRUPT = [["", "", "corrupt", "error"]]


def _cyclic_fat(data: bytes) -> bytes:
    """Every sector of the compound file's allocation table points to itself: chains that never end."""
    out, start = bytearray(data), (int.from_bytes(data[0x4C:0x50], "little") + 1) * 512
    for k in range(8):
        out[start + 4 * k:start + 4 * k + 4] = struct.pack("<I", k)
    return bytes(out)


def test_hostile_legacy_xls_files_cost_only_themselves(tmp_path):
    inbox = tmp_path / "收文"
    good(inbox)
    legacy = xls(inbox / "旧.xls", {"表": {(0, 0): "单位名称", (0, 1): "某局", (1, 1): 2.5}, "二": {(3, 3): 1.0}})
    xls(inbox / "远.xls", {"表": {(0, 0): "单位", (65535, 255): 1.0}})              # 2.5 KB, 16.7 million cells
    xls(inbox / "谎.xls", {"表": {(0, 0): "单位"}}, dims={"表": (0, 65536, 0, 256)})  # DIMENSIONS of the whole sheet
    (inbox / "环.xls").write_bytes(_cyclic_fat(legacy.read_bytes()))
    offset = bytearray(legacy.read_bytes())                                           # BOUNDSHEET past the end
    at = offset.find(b"\x85\x00")
    offset[at + 4:at + 8] = struct.pack("<I", 0x7FFFFFF0)
    (inbox / "偏.xls").write_bytes(bytes(offset))
    code, found = checked(inbox)
    assert code == 1 and found == {"偏.xls": CORRUPT, "好.xlsx": GOOD, "旧.xls": [["", "", "no-template", "error"]],
                                   "环.xls": TOO_LARGE, "谎.xls": TOO_LARGE, "远.xls": TOO_LARGE}
    said = messages(inbox)
    assert said["旧.xls"] == ["工作簿中没有可识别的绩效表格（工作表：表、二）"]
    assert said["远.xls"] == said["谎.xls"] == [      # the stated range, read before the reader reserves it
        "工作表“表”的范围到 IV65536，共 16,777,216 个单元格，超出合理大小（最多 2,000,000 个），已拒绝读取"]
    assert said["环.xls"] == ["读取“环.xls”所需内存超过 128 MB 的限制，已停止读取此文件（文件过大或结构异常）；其余文件照常处理"]
    assert said["偏.xls"] == ["文件已损坏，无法读取"]
    result = run("merge", inbox, "-o", tmp_path / "汇总.xlsx")
    assert result.exit_code == 1 and "收到 6 个文件：合并 1，未合并 5，重复 0" in result.output


def test_binary_xlsb_workbooks_are_read_and_hostile_ones_cost_only_themselves(tmp_path):
    inbox = tmp_path / "收文"
    good(inbox)
    xlsb(inbox / "二进制.xlsb", {"表": {(0, 0): "单位名称", (0, 1): "某局", (1, 1): 2.5}, "二": {(3, 3): 1.0}})
    xlsb(inbox / "远.xlsb", {"表": {(0, 0): "单位", (1048575, 16383): 1.0}})
    cut = xlsb(tmp_path / "截.xlsb", {"表": {(0, 0): "单位"}}).read_bytes()
    (inbox / "截.xlsb").write_bytes(cut[:len(cut) // 2])
    code, found = checked(inbox)
    assert code == 1 and found == {"二进制.xlsb": [["", "", "no-template", "error"]], "好.xlsx": GOOD,
                                   "截.xlsb": CORRUPT, "远.xlsb": TOO_LARGE}
    said = messages(inbox)
    assert said["二进制.xlsb"] == ["工作簿中没有可识别的绩效表格（工作表：表、二）"]    # read, not "corrupt"
    assert said["截.xlsb"] == ["文件已损坏：不是完整的 Excel 压缩包"]


def test_a_name_too_long_for_the_copy_gets_a_shortened_copy(tmp_path):
    long = "长" * 82 + ".xlsx"                                        # 251 bytes: ".校验" would pass 255
    good(tmp_path / "收文", long)
    good(tmp_path / "收文", "好.xlsx")
    result = run("check", tmp_path / "收文", "--annotate", tmp_path / "标注")
    assert result.exit_code == 0 and "共 2 个文件：2 个无错误；错误 0 条，提示 2 条" in result.stdout
    copies = sorted(p.name for p in (tmp_path / "标注").iterdir())
    assert copies == ["好.校验.xlsx", "长" * 81 + ".校验.xlsx"]
    assert len(copies[1].encode()) == 255
    listing = openpyxl.load_workbook(tmp_path / "标注" / copies[1])["校验结果"]
    assert [row[4].value for row in listing.iter_rows(min_row=2)] == ["得分低于规则 JX301"]


def test_a_finding_that_quotes_control_characters_is_annotated_and_the_run_goes_on(tmp_path):
    """A part named with control characters (as a spliced archive has) is quoted in the finding;
    the annotated copy cannot hold them raw (openpyxl refuses them): they are written escaped."""
    good(tmp_path / "收文")
    with zipfile.ZipFile(tmp_path / "收文" / "控.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("x\x01\x1b[2J.xml", b"\0" * (40 << 20))
    result = run("check", tmp_path / "收文", "--annotate", tmp_path / "标注")
    assert result.exit_code == 1 and "内部错误" not in result.output and "\x1b" not in result.output
    assert "共 2 个文件：1 个无错误；错误 1 条，提示 1 条" in result.stdout
    assert sorted(p.name for p in (tmp_path / "标注").iterdir()) == ["好.校验.xlsx", "控.校验.xlsx"]
    listing = openpyxl.load_workbook(tmp_path / "标注" / "控.校验.xlsx")["校验结果"]
    assert [(row[4].value, row[6].value) for row in listing.iter_rows(min_row=2)] == [
        ("文件过大 JX000", "部件“x\\x01\\x1b[2J.xml”解压后达 40 MB，超出合理大小（疑似压缩炸弹），已拒绝读取")]


def test_an_archive_of_70000_entries_is_refused_by_the_count_its_end_record_states(tmp_path):
    """More than 65,535 entries need a ZIP64 end record; its count refuses the file before a
    single entry is listed (listing 100,000 of them cost two seconds)."""
    good(tmp_path / "收文")
    with zipfile.ZipFile(tmp_path / "收文" / "多.xlsx", "w") as z:
        for i in range(70_000):
            z.writestr(f"x/{i}", b"")
    data = (tmp_path / "收文" / "多.xlsx").read_bytes()
    assert ZipParts(data).entries.keys() >= {"x/0", "x/69999"}
    with pytest.raises(TooManyEntries) as refused:
        ZipParts(data, 10_000)
    assert refused.value.count == 70_000
    code, found = checked(tmp_path / "收文")
    assert code == 1 and found == {"多.xlsx": TOO_LARGE, "好.xlsx": GOOD}
    assert messages(tmp_path / "收文")["多.xlsx"] == ["压缩包含 70000 个部件，超出合理数量（10000），已拒绝读取"]


def test_an_xml_declaration_naming_an_unknown_encoding_is_a_corrupt_file_not_a_crash(tmp_path):
    """One byte flipped in ``encoding="UTF-8"`` made the parser raise LookupError, which reached the
    bulkhead as a crash of the reader."""
    good(tmp_path / "收文")
    built = package(tmp_path / "built.xlsx", {"表": sheet_xml(number_row(1, {"A": "1"}))})
    with zipfile.ZipFile(built) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'encoding="UTF-8"', b'encoding="URF-8"')
    with zipfile.ZipFile(tmp_path / "收文" / "码.xlsx", "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    code, found = checked(tmp_path / "收文")
    assert code == 1 and found == {"码.xlsx": CORRUPT, "好.xlsx": GOOD}
    assert messages(tmp_path / "收文")["码.xlsx"] == ["文件已损坏，无法读取"]
