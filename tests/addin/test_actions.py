"""Every ribbon action, run through the openpyxl implementation on real workbooks."""

from __future__ import annotations

import ast
from pathlib import Path

import openpyxl
import pytest
import xlwings
from xlwings import main as xlwings_main

import addin.host_xlwings as host_xlwings
from addin.actions import ACTIONS, dispatch
from addin.host_openpyxl import OpenpyxlHost
from tests.helpers import official
from tests.helpers.seeds import T3HN_002
from workbooks.annotate import annotate
from workbooks.build import build_template
from workbooks.check import check_file
from workbooks.spec import get_spec


def test_check_writes_the_result_sheet_and_marks_cells(tmp_path):
    path = official.write(tmp_path / "洪江.xlsx", {"附件2-1": official.seed_001_t1()})
    message = dispatch("check", OpenpyxlHost(book_path=path))
    assert message.startswith("校验完成：错误 2 条，提示 0 条")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "校验结果"
    rows = [[c.value for c in row] for row in book["校验结果"].iter_rows(min_row=2)]
    assert [(r[2], r[3], r[4]) for r in rows] == [("附件2-1", "C7", "合计不符 JX101"), ("附件2-1", "D7", "合计不符 JX101")]
    assert book["附件2-1"]["C7"].fill.fgColor.rgb.endswith("FFC7CE") and "0.5" in book["附件2-1"]["C7"].comment.text


def test_a_cell_with_two_findings_keeps_both_in_its_note_as_the_command_line_writes_it(tmp_path):
    path = official.write(tmp_path / "洪江.xlsx", {"附件2-1": official.seed_001_t1(C7="0.6")})
    annotated = tmp_path / "洪江.校验.xlsx"
    assert annotate(check_file(path), annotated) is None
    assert dispatch("check", OpenpyxlHost(book_path=path)).startswith("校验完成：错误 2 条，提示 1 条")
    marked = openpyxl.load_workbook(path)["附件2-1"]["C7"]
    assert marked.comment.text == ("[提示] “三公经费·本年预算数”是文字“0.6”，已按数字 0.60 万元 读取\n"
                                   "[错误] “三公经费·本年预算数”为 0.60 万元，按各项相加应为 0.50 万元")
    assert marked.fill.fgColor.rgb.endswith("FFC7CE")
    assert openpyxl.load_workbook(annotated)["附件2-1"]["C7"].comment.text == marked.comment.text


def test_compute_fills_the_derived_cells_a_unit_left_blank(tmp_path):
    path = official.write(tmp_path / "洪江.xlsx", {"附件2-2": official.seed_001_t2()})
    assert dispatch("compute", OpenpyxlHost(book_path=path)) == "已填写 2 个计算项"
    sheet = openpyxl.load_workbook(path)["附件2-2"]
    assert (sheet["B26"].value, sheet["B27"].value) == (100, "优")        # “100分” becomes a number
    assert [f.type for f in check_file(path).findings if f.severity == "error"] == []
    assert dispatch("compute", OpenpyxlHost(book_path=path)) == "计算项均已正确，无需填写"


def test_compute_restores_values_typed_over_in_our_template(tmp_path):
    spec = get_spec("T3-HN")
    path = build_template(spec, tmp_path / "p.xlsx", T3HN_002[0])
    book = openpyxl.load_workbook(path)
    cell = book.defined_names["jx_t3_hn_total_spent"].attr_text.split("!")[1].replace("$", "")
    book[spec.sheet][cell] = 40
    book.save(path)
    assert dispatch("compute", OpenpyxlHost(book_path=path)) == "已填写 1 个计算项"
    assert openpyxl.load_workbook(path)[spec.sheet][cell].value == 50


def test_merge_picks_a_folder_and_opens_the_summary(tmp_path):
    official.write(tmp_path / "株洲.xlsx", {"自评表": official.seed_003_t2(**official.REASON_003)})
    host = OpenpyxlHost(folder=tmp_path)
    assert dispatch("merge", host) == "收到 1 个文件：合并 1，未合并 0，重复 0"
    assert host.opened == [tmp_path / "县汇总.xlsx"] and (tmp_path / "县汇总.xlsx").exists()
    assert dispatch("merge", host) == "收到 1 个文件：合并 1，未合并 0，重复 0"    # its own summary is not an input
    assert dispatch("merge", OpenpyxlHost(folder=None)) == "已取消"
    (tmp_path / "县汇总.xlsx").unlink()
    official.write(tmp_path / "县汇总.xlsx", {"自评表": official.seed_003_t2(**official.REASON_003)})      # a unit's file of that name
    before = (tmp_path / "县汇总.xlsx").read_bytes()
    assert dispatch("merge", host) == "文件夹中的“县汇总.xlsx”不是汇总表，为免覆盖，未合并；请将其改名后重试"
    assert (tmp_path / "县汇总.xlsx").read_bytes() == before


def test_new_template_opens_a_new_workbook(tmp_path):
    host = OpenpyxlHost(choice="T2", documents=tmp_path)
    assert dispatch("template", host) == "已新建 部门整体支出绩效自评表.xlsx"
    assert dispatch("template", host) == "已新建 部门整体支出绩效自评表（2）.xlsx"
    assert [p.name for p in host.opened] == ["部门整体支出绩效自评表.xlsx", "部门整体支出绩效自评表（2）.xlsx"]
    assert check_file(host.opened[0]).extracts[0].spec.id == "T2"


def test_functions_and_unknown_tags():
    text = dispatch("functions", OpenpyxlHost())
    assert "JX_SCORE" in text and "=JX_GRADE(89.995) → 优" in text
    assert dispatch("nothing", OpenpyxlHost()) == "未知的操作“nothing”"
    assert dispatch("check", OpenpyxlHost()) == "没有打开的工作簿"


def test_every_action_has_a_test_here():
    tested = {"check", "compute", "merge", "template", "functions"}
    assert {a.tag for a in ACTIONS} == tested


def _xlwings_class(name: str):
    return getattr(xlwings, name, None) or getattr(xlwings_main, name)


@pytest.mark.parametrize(("cls", "attribute"), sorted(host_xlwings.XLWINGS_API))
def test_the_xlwings_attributes_the_thin_layer_uses_exist_in_the_pinned_xlwings(cls, attribute):
    assert hasattr(_xlwings_class(cls), attribute)


def test_the_thin_layer_uses_no_xlwings_attribute_it_does_not_declare():
    tree = ast.parse(Path(host_xlwings.__file__).read_text(encoding="utf-8"))
    ours = {"book", "app", "path", "documents", "message", "startswith", "api", "Title", "Show", "SelectedItems",
            "FileDialog", "InputBox", "isdigit", "text", "sheets", "Book", "home", "join"}
    used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    declared = {attribute for _, attribute in host_xlwings.XLWINGS_API}
    assert used - declared - ours == set()
