"""Hostile, broken and odd files among good ones: each costs only itself, with a finding naming
it; the good file beside it is reported in full; nothing hangs, nothing reaches the terminal raw,
nothing is written where it should not be. Every hostile file is built here, byte by byte."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from addin.cli import main
from tests.helpers import official
from tests.helpers.hostile import number_row, package, sheet_xml
from tests.helpers.libreoffice import convert, requires_libreoffice
from workbooks.check import check_file, check_many, gather
from workbooks.read import OLE_MAGIC as OLE
from workbooks.read import open_workbook

GOOD = [["自评表", "H21", "score-below-rule", "warning"]]       # seed 003's one warning, on every run
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def run(*args):
    return CliRunner().invoke(main, [os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in args])


def good(folder: Path, name: str = "好.xlsx") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return official.write(folder / name, {"自评表": official.seed_003_t2(**official.REASON_003)})


def checked(*args) -> tuple[int, dict[str, list]]:
    """Exit code and, by file name, the findings of ``jixiao check --format json``."""
    result = run("check", *args, "--format", "json")
    data = json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    return result.exit_code, {Path(f["file"]).name: [[x["sheet"], x["cell"], x["type"], x["severity"]]
                                                     for x in f["findings"]] for f in data["files"]}


def messages(*args) -> dict[str, list[str]]:
    result = run("check", *args, "--format", "json")
    return {Path(f["file"]).name: [x["message"] for x in f["findings"]] for f in json.loads(result.stdout)["files"]}


# ---------------------------------------------------------------- memory and time


def test_a_cell_at_the_last_corner_of_a_sheet_is_refused_before_the_read(tmp_path):
    good(tmp_path)
    book = openpyxl.Workbook()
    book.active["A1"], book.active["XFD1048576"] = "单位", 1     # openpyxl states the range A1:XFD1048576
    book.save(tmp_path / "角落.xlsx")
    code, found = checked(tmp_path)
    assert code == 1 and found == {"好.xlsx": GOOD, "角落.xlsx": [["", "", "too-large", "error"]]}
    assert messages(tmp_path)["角落.xlsx"] == [
        "工作表“Sheet”的范围到 XFD1048576，共 17,179,869,184 个单元格，超出合理大小（最多 2,000,000 个），已拒绝读取"]


def test_cells_far_apart_without_a_stated_range_cost_only_their_file(tmp_path):
    """The reader would reserve the whole range between them: the worker's memory limit stops it."""
    good(tmp_path)
    package(tmp_path / "远.xlsx", {"表": sheet_xml(number_row(1, {"A": "1"}) + number_row(100000, {"ZZ": "2"}))})
    code, found = checked(tmp_path)
    assert code == 1 and found == {"好.xlsx": GOOD, "远.xlsx": [["", "", "too-large", "error"]]}
    assert messages(tmp_path)["远.xlsx"] == ["读取“远.xlsx”所需内存超过 256 MB 的限制，已停止读取此文件（文件过大或结构异常）；其余文件照常处理"]


def test_error_cells_with_empty_formulas_are_read_in_one_pass(tmp_path):
    """``<c t="e"><f/></c>`` a hundred thousand times made the old regular expression backtrack for ever."""
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="e"><f/></c></row>' for r in range(1, 100_001))
    cells += '<row r="100001"><c r="B100001" t="e"><v>#REF!</v></c></row>'
    path = package(tmp_path / "错误.xlsx", {"表": sheet_xml(cells)})
    workbook = open_workbook(path)
    assert workbook.errors(workbook.sheets[0]) == {(100_000, 1): "#REF!"}
    assert len(workbook.formulas(workbook.sheets[0])) == 100_000


def test_a_huge_part_is_never_kept_by_a_cache(tmp_path):
    comment = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(1_000_000))     # 3 MB, hardly compressible
    paths = [package(tmp_path / f"注{i}.xlsx", {"表": sheet_xml(number_row(1, {"A": str(i)}))},
                     workbook_inside=f"<!-- {comment} {i} -->") for i in range(3)]
    open_workbook(paths[0]).close()
    gc.collect()
    tracemalloc.start()
    for path in paths:
        open_workbook(path).close()
    gc.collect()
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert held < 1 << 20


def test_a_file_deleted_before_its_turn_is_a_finding_and_the_run_goes_on(tmp_path):
    paths = [good(tmp_path, "甲.xlsx"), tmp_path / "已删除.xlsx", good(tmp_path, "乙.xlsx")]
    reports = list(check_many(paths, jobs=1))
    assert [[list(r) for r in report.rows] for report in reports] == [GOOD, [["", "", "unreadable", "error"]], GOOD]
    assert reports[1].findings[0].message == "文件不存在（可能在处理过程中被删除或移动）"


# ---------------------------------------------------------------- broken packages


def _utf8_flagged_name(path: Path, old: bytes, new: bytes) -> None:
    """Rename a part to bytes that are not UTF-8 while its entry says its name is UTF-8."""
    data = bytearray(path.read_bytes())
    assert len(old) == len(new) and data.count(old) == 2
    data = bytearray(bytes(data).replace(old, new))
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + flags + 1] |= 0x08                      # bit 11: the name is UTF-8
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def test_a_part_name_that_is_not_utf8_though_flagged_so(tmp_path):
    good(tmp_path)
    path = good(tmp_path, "名.xlsx")
    _utf8_flagged_name(path, b"docProps/app.xml", b"docPr\xff\xfe\xfd/app.xml")
    with pytest.raises(UnicodeDecodeError):                  # what stopped the batch before
        zipfile.ZipFile(path)
    code, found = checked(tmp_path)
    assert code == 0 and found == {"名.xlsx": GOOD, "好.xlsx": GOOD}


def test_vba_in_a_part_of_another_name_external_and_dde_links_are_reported(tmp_path):
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    path = package(
        tmp_path / "链接.xlsx", {"表": sheet_xml(number_row(1, {"A": "1"}))},
        extra={"xl/code/macros.bin": b"\x00VBA",
               "xl/externalLinks/externalLink1.xml": '<externalLink xmlns="http://schemas.openxmlformats.org/'
               'spreadsheetml/2006/main"><ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>',
               "xl/externalLinks/externalLink2.xml": '<externalLink xmlns="http://schemas.openxmlformats.org/'
               'spreadsheetml/2006/main"><externalBook/></externalLink>',
               "xl/externalLinks/_rels/externalLink2.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.'
               f'org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/externalLinkPath" '
               'Target="file:///C:/预算/市里的表.xlsx" TargetMode="External"/></Relationships>'},
        rels=f'<Relationship Id="rId8" Type="{rel}/externalLink" Target="externalLinks/externalLink1.xml"/>'
             f'<Relationship Id="rId9" Type="{rel}/externalLink" Target="externalLinks/externalLink2.xml"/>',
        types='<Override PartName="/xl/code/macros.bin" ContentType="application/vnd.ms-office.vbaProject"/>')
    report = check_file(path)
    assert [(f.type, f.severity, f.actual) for f in report.findings] == [
        ("macros", "warning", None), ("dde-link", "error", "cmd|/c calc"),
        ("external-link", "warning", "file:///C:/预算/市里的表.xlsx"), ("no-template", "error", "表")]


def test_a_part_with_a_document_type_is_refused_unread(tmp_path):
    laughs = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    path = package(tmp_path / "实体.xlsx", {"表": sheet_xml(number_row(1, {"A": "1"}))},
                   extra={"[Content_Types].xml": laughs + "<Types/>"})
    report = check_file(path)
    assert report.rows == [("", "", "corrupt", "error")]
    assert report.findings[0].message == "文件已损坏，无法读取：XML 部件含文档类型声明（DOCTYPE），不予读取"


def test_shared_formulas_are_formulas_of_every_cell_they_cover(tmp_path):
    """Excel writes a formula filled down once: no cell of it is a constant typed over a formula."""
    from tests.helpers.seeds import T2_003
    from workbooks.build import build_template
    from workbooks.spec import get_spec

    path = build_template(get_spec("T2"), tmp_path / "t2.xlsx", T2_003)
    before = check_file(path).rows
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    first = sheet.index('<c r="H16"')
    formula = sheet[sheet.index("<f>", first) + 3: sheet.index("</f>", first)]
    sheet = sheet.replace(f"<f>{formula}</f>", f'<f t="shared" ref="H16:H27" si="0">{formula}</f>', 1)
    for row in range(17, 28):
        start = sheet.index(f'<c r="H{row}"')
        f_start, f_end = sheet.index("<f>", start), sheet.index("</f>", start) + 4
        sheet = sheet[:f_start] + '<f t="shared" si="0"/>' + sheet[f_end:]
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert sheet.count('<f t="shared"') == 12
    assert check_file(path).rows == before == [("附件2-2", "I24", "score-below-rule", "warning"),
                                               ("附件2-2", "J24", "reason-missing", "error")]
    workbook = open_workbook(path)
    formulas = workbook.formulas(workbook.sheets[0])
    assert formulas[(26, 7)] == formula.replace("&lt;", "<").replace("&gt;", ">").replace("16", "27")


# ---------------------------------------------------------------- what is given and what is found


def test_a_fifo_given_or_found_is_never_opened(tmp_path):
    good(tmp_path / "收文")
    os.mkfifo(tmp_path / "收文" / "管道.xlsx")
    os.mkfifo(tmp_path / "单独.xlsx")
    code, found = checked(tmp_path / "收文", tmp_path / "单独.xlsx")
    assert code == 1 and found == {"好.xlsx": GOOD, "单独.xlsx": [["", "", "unreadable", "error"]]}
    result = run("check", tmp_path / "收文")
    assert result.exit_code == 0 and f"□ {tmp_path / '收文' / '管道.xlsx'}：不是普通文件（设备、管道等），未读取" in result.output


def test_links_out_of_the_folder_are_never_followed(tmp_path):
    outside = good(tmp_path / "别处", "外.xlsx")
    good(tmp_path / "收文")
    (tmp_path / "收文" / "链接.xlsx").symlink_to(outside)
    (tmp_path / "收文" / "目录").symlink_to(tmp_path / "别处", target_is_directory=True)
    found = gather([tmp_path / "收文"])
    assert found.paths == [tmp_path / "收文" / "好.xlsx"]
    assert found.skipped == [(tmp_path / "收文" / "目录", "指向别处的文件夹链接，未进入"),
                             (tmp_path / "收文" / "链接.xlsx", "链接指向所给文件夹之外的文件，未读取")]
    result = run("merge", tmp_path / "收文", "-o", tmp_path / "汇总.xlsx")
    assert result.exit_code == 0 and "收到 1 个文件：合并 1，未合并 0，重复 0" in result.output


def test_every_file_in_the_folder_is_accounted_for(tmp_path):
    folder = tmp_path / "收文"
    good(folder)
    (folder / ".县汇总.k3j_x9q2.xlsx").write_bytes(b"")       # left by a merge killed while writing
    (folder / ".~好.xlsx").write_bytes(b"wps lock")
    (folder / "~$好.xlsx").write_bytes(b"excel lock")
    (folder / "照片.jpg").write_bytes(b"\xff\xd8\xff")
    result = run("merge", folder, "-o", tmp_path / "汇总.xlsx")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [f"□ {folder / '照片.jpg'}：不是工作簿，已跳过",
                                              "收到 1 个文件：合并 1，未合并 0，重复 0"]


def test_a_file_name_in_gbk_is_shown_read_and_written(tmp_path):
    folder = tmp_path / "收文"
    good(folder)
    name = os.fsencode(folder) + b"/" + "单位表.xlsx".encode("gbk")
    official.write(Path(os.fsdecode(name)), {"自评表": official.seed_003_t2(**official.REASON_003)})
    code, found = checked(folder)
    assert code == 0 and found == {"单位表.xlsx": GOOD, "好.xlsx": GOOD}
    result = run("merge", folder, "-o", tmp_path / "汇总.xlsx")
    assert result.exit_code == 0
    about = openpyxl.load_workbook(tmp_path / "汇总.xlsx")["说明"]
    assert str(folder / "单位表.xlsx") in [c.value for row in about.iter_rows() for c in row]
    result = run("check", folder, "--annotate", tmp_path / "标注")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "标注").iterdir()) == ["单位表.校验.xlsx", "好.校验.xlsx"]
    for copy in (tmp_path / "标注").iterdir():
        assert openpyxl.load_workbook(copy).sheetnames[0] == "校验结果"


@pytest.mark.skipif(ROOT, reason="root reads every file whatever its permissions")
def test_a_file_that_cannot_be_read_for_its_permissions(tmp_path):
    good(tmp_path)
    locked = good(tmp_path, "锁.xlsx")
    locked.chmod(0)
    code, found = checked(tmp_path)
    assert code == 1 and found == {"好.xlsx": GOOD, "锁.xlsx": [["", "", "unreadable", "error"]]}
    assert messages(tmp_path)["锁.xlsx"] == ["没有读取此文件的权限，无法打开；请检查文件权限"]


# ---------------------------------------------------------------- values and text


def _with_value(path: Path, old: str, new: str) -> Path:
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert sheet.count(f"<v>{old}</v>".encode()) == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(f"<v>{old}</v>".encode(), f"<v>{new}</v>".encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_nan_and_infinity_in_number_cells(tmp_path):
    good(tmp_path / "收文")
    _with_value(official.write(tmp_path / "收文" / "非数.xlsx", {"自评表": official.seed_003_t2(H22=12345.5, **official.REASON_003)}),
                "12345.5", "NaN")
    _with_value(official.write(tmp_path / "收文" / "无穷.xlsx", {"自评表": official.seed_003_t2(H22=12345.5, **official.REASON_003)}),
                "12345.5", "-INF")
    code, found = checked(tmp_path / "收文")
    assert code == 1
    assert found["非数.xlsx"] == found["无穷.xlsx"] == [["自评表", "H22", "not-a-number", "error"]] + GOOD
    said = messages(tmp_path / "收文")
    assert (said["非数.xlsx"][0], said["无穷.xlsx"][0]) == ("“绩效自评综合得分”应为数字，实际为“nan”",
                                                      "“绩效自评综合得分”应为数字，实际为“-inf”")
    assert found["好.xlsx"] == GOOD
    result = run("merge", tmp_path / "收文", "-o", tmp_path / "汇总.xlsx")
    assert result.exit_code == 1 and "收到 3 个文件" in result.output
    assert openpyxl.load_workbook(tmp_path / "汇总.xlsx").sheetnames[0] == "汇总"


def test_escape_sequences_never_reach_the_terminal(tmp_path):
    good(tmp_path)
    name = tmp_path / "\x1b]0;pwned\x07\x9b31m.xlsx"
    book = xlsxwriter.Workbook(name)
    sheet = book.add_worksheet("表")
    sheet.write_string(0, 0, "\x1b[2J\x1b]0;标题\x07清屏")
    book.close()
    result = run("check", tmp_path)
    assert result.exit_code == 1
    assert not any(ch in result.output for ch in "\x1b\x07\x9b")
    assert "■ " + str(tmp_path) + "/\\x1b]0;pwned\\x07\\x9b31m.xlsx：无可识别表格；错误 1，提示 0" in result.output
    report = json.loads(run("check", tmp_path, "--format", "json").stdout)
    assert [Path(f["file"]).name for f in report["files"]] == [name.name, "好.xlsx"]


# ---------------------------------------------------------------- annotated copies


def test_annotate_into_an_input_folder_is_refused_before_any_work(tmp_path):
    good(tmp_path / "收文")
    result = run("check", tmp_path / "收文", "--annotate", tmp_path / "收文" / "标注")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "标注副本的文件夹" in result.output and not (tmp_path / "收文" / "标注").exists()


def test_annotated_copies_never_share_a_name_and_a_broken_file_still_gets_one(tmp_path):
    good(tmp_path / "收文" / "甲", "表.xlsx")
    good(tmp_path / "收文" / "乙", "表.xlsx")
    (tmp_path / "收文" / "坏.xlsx").write_bytes(b"PK\x03\x04broken")
    core = good(tmp_path / "收文", "属性.xlsx")
    with zipfile.ZipFile(core) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["docProps/core.xml"] = b"<cp:coreProperties xmlns:cp='x'><broken"      # openpyxl cannot load it
    with zipfile.ZipFile(core, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    result = run("check", tmp_path / "收文", "--annotate", tmp_path / "标注")
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "标注").iterdir()) == [
        "坏.校验.xlsx", "属性.校验.xlsx", "表.校验.xlsx", "表（甲）.校验.xlsx"]      # 乙 sorts first
    assert result.stdout.count("■ ") == 4 and "共 4 个文件：3 个无错误；错误 1 条，提示 4 条" in result.stdout
    assert "[提示] 文件 无法在副本中标注单元格" in result.stdout
    listing = openpyxl.load_workbook(tmp_path / "标注" / "属性.校验.xlsx")["校验结果"]
    assert [row[4].value for row in listing.iter_rows(min_row=2)] == ["得分低于规则 JX301", "未能标注 JX000"]


# ---------------------------------------------------------------- the command line


def test_outputs_that_cannot_be_written_are_refused_before_the_work(tmp_path):
    good(tmp_path / "收文")
    (tmp_path / "是文件夹.xlsx").mkdir()
    cases = {tmp_path / "没有" / "汇总.xlsx": "输出文件夹“" + str(tmp_path / "没有") + "”不存在；请先建立或换一个位置",
             tmp_path / "是文件夹.xlsx": "是文件夹"}
    for output, said in cases.items():
        result = run("merge", tmp_path / "收文", "-o", output)
        assert result.exit_code == 2 and said in result.output and "Traceback" not in result.output
    if not ROOT:
        (tmp_path / "只读").mkdir(mode=0o555)
        result = run("merge", tmp_path / "收文", "-o", tmp_path / "只读" / "汇总.xlsx")
        assert result.exit_code == 2 and "不能写入" in result.output


def test_click_errors_are_in_chinese(tmp_path):
    good(tmp_path)
    expected = {("merge", tmp_path): "错误：缺少选项 '-o' / '--output'",
                ("frobnicate",): "错误：没有命令“frobnicate”",
                ("merge", tmp_path, "-o", tmp_path / "a.xlsx", "--jobs", "0"):
                    "错误：--jobs 的值无效：应为正整数（至少为 1），实际为 0",
                ("check", tmp_path, "--jobs", "-3"): "错误：--jobs 的值无效：应为正整数（至少为 1），实际为 -3",
                ("check", tmp_path / "无.xlsx"): f"错误：文件或文件夹... 的值无效：路径“{tmp_path / '无.xlsx'}”不存在"}
    for args, said in expected.items():
        result = run(*args)
        assert (result.exit_code, result.output.splitlines()[-1]) == (2, said)
        assert "用法：" in result.output and not (tmp_path / "a.xlsx").exists()


def test_json_is_written_file_by_file(tmp_path):
    from workbooks.report import json_chunks

    paths = [good(tmp_path, f"{i}.xlsx") for i in range(3)]
    made = []

    def reports():
        for report in check_many(paths, jobs=1):
            made.append(report.path.name)
            yield report

    chunks = json_chunks(reports())
    text = next(chunks) + next(chunks)
    assert made == ["0.xlsx"]
    text += "".join(chunks)
    assert made == ["0.xlsx", "1.xlsx", "2.xlsx"]
    data = json.loads(text)
    assert [Path(f["file"]).name for f in data["files"]] == made and data["skipped"] == []


def test_a_file_that_kills_its_reader_is_not_merged_and_the_summary_is_still_written(tmp_path):
    good(tmp_path / "收文")
    package(tmp_path / "收文" / "远.xlsx", {"表": sheet_xml(number_row(1, {"A": "1"}) + number_row(100000, {"ZZ": "2"}))})
    result = run("merge", tmp_path / "收文", "-o", tmp_path / "汇总.xlsx")
    assert result.exit_code == 1 and "收到 2 个文件：合并 1，未合并 1，重复 0" in result.output
    listing = openpyxl.load_workbook(tmp_path / "汇总.xlsx")["未合并"]
    assert [[c.value for c in row][1:4] for row in listing.iter_rows(min_row=2)] == [      # 文件, 类别, 原因
        [str(tmp_path / "收文" / "远.xlsx"), "未合并",
         "读取“远.xlsx”所需内存超过 256 MB 的限制，已停止读取此文件（文件过大或结构异常）；其余文件照常处理"]]


@requires_libreoffice
@pytest.mark.libreoffice
def test_a_wps_et_file_in_the_legacy_format_is_read_and_a_broken_one_says_how_to_convert(tmp_path):
    source = official.write(tmp_path / "株洲.xlsx", {"自评表": official.seed_003_t2(**official.REASON_003)})
    legacy = convert([source], tmp_path / "xls", to="xls")[0]
    (tmp_path / "收文").mkdir()
    legacy.rename(tmp_path / "收文" / "株洲.et")
    (tmp_path / "收文" / "坏.et").write_bytes(OLE + b"\0" * 600)
    code, found = checked(tmp_path / "收文")
    assert code == 1 and found == {"株洲.et": GOOD, "坏.et": [["", "", "corrupt", "error"]]}
    assert messages(tmp_path / "收文")["坏.et"][0].endswith("请在 WPS 或 Excel 中另存为 .xlsx 后再提交")


def test_a_file_that_calls_itself_a_summary_and_is_not_one_costs_only_itself(tmp_path):
    from openpyxl.packaging.custom import StringProperty

    good(tmp_path / "收文")
    book = openpyxl.Workbook()
    book.active.title = "汇总"
    book.active.append(["地区", "单位名称", "年度", "错误数"])
    book.active.append(["某县", "假单位", 2023, dt.date(2020, 1, 1)])
    book.active.append(["合计", None, None, 0])
    book.custom_doc_props.append(StringProperty(name="jixiao_summary", value="1"))
    book.save(tmp_path / "收文" / "假汇总.xlsx")
    result = run("merge", tmp_path / "收文", "-o", tmp_path / "汇总.xlsx")
    assert result.exit_code == 1 and "收到 2 个文件：合并 1，未合并 1，重复 0" in result.output
    listing = openpyxl.load_workbook(tmp_path / "汇总.xlsx")["未合并"]
    (row,) = [[c.value for c in row][1:4] for row in listing.iter_rows(min_row=2)]
    assert row[:2] == [str(tmp_path / "收文" / "假汇总.xlsx"), "未合并"] and row[2] == "汇总表无法读取：文件内容不完整或格式不符"
