"""Files filled in version 1 of T2/T3 (指标方向 typed from a list, 参考得分 from numbers only) are
checked as version 1 built them, by the version stamped in them or, unstamped, by their layout: a
typed 指标方向 is no formula typed over, and the real errors are still found."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.helpers.libreoffice import convert, requires_libreoffice
from workbooks.build import build_template
from workbooks.check import check_file, extract_templates
from workbooks.read import open_workbook
from workbooks.spec import at_version, get_spec

# What the version 1 builder wrote (commit fb69b0a^, built there once and read with openpyxl): the
# first indicator row, its 参考得分 formula and the list of 指标方向; ten printed columns, none hidden.
V1_REFERENCE = ('=IF(AND(ISNUMBER(E{r}),ISNUMBER(F{r}),ISNUMBER(G{r})),MAX(0,MIN(G{r},IF(D{r}="反向",IF(F{r}<=E{r},G{r},'
                'IF(F{r}>0,G{r}*E{r}/F{r},0)),IF(F{r}>=E{r},G{r},IF(E{r}>0,G{r}*F{r}/E{r},0))))),"")')
V1 = {"T2": ("附件2-2", 16), "T3": ("项目自评表", 13)}
V1_COLUMNS = ["actual", "direction", "level1", "level2", "level3", "points", "reason", "reference", "score", "target"]
INDICATORS = [
    {"level1": "产出指标", "level2": "数量指标", "level3": "救助人数", "direction": "正向", "target": 1200, "actual": 1250,
     "points": 30, "score": 30},
    {"level1": "产出指标", "level2": "成本指标", "level3": "人均救助成本", "direction": "反向", "target": 3000, "actual": 3200,
     "points": 20, "score": 18.75, "reason": "物价上涨，下年度压减非必要支出"},
    {"level1": "效益指标", "level2": "社会效益指标", "level3": "救助覆盖率", "direction": "正向", "target": 0.9, "actual": 0.93,
     "points": 30, "score": 30},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "服务对象满意度", "direction": "定性", "target": "满意",
     "actual": "满意", "points": 10, "score": 10},
]
FUNDS = {"T2": {"general_initial": 900.0, "general_full": 1000.0, "general_executed": 950.0, "basic_executed": 600.0,
                "project_executed": 350.0},
         "T3": {"appropriation_initial": 90.0, "appropriation_full": 100.0, "appropriation_executed": 95.0,
                "project": "城乡低保提标", "department": "甲县民政局"}}


def v1_file(folder: Path, template: str) -> Path:
    """A version 1 file as a unit filled it: 指标方向 chosen, 得分 copied from 参考得分."""
    values = {"unit": "甲县民政局", "year": 2024, "goal_expected": "保障困难群众基本生活", "goal_actual": "已完成",
              "indicators": [dict(row) for row in INDICATORS], **FUNDS[template]}
    folder.mkdir(parents=True, exist_ok=True)
    return build_template(at_version(get_spec(template), 1), folder / f"{template}-第1版.xlsx", values)


def rows(path: Path) -> list[tuple[str, str, str, str]]:
    return check_file(path).rows


@pytest.mark.parametrize("template", sorted(V1))
def test_version_1_is_laid_out_as_version_1_built_it(tmp_path, template):
    sheet_name, first = V1[template]
    book = openpyxl.load_workbook(v1_file(tmp_path, template))
    sheet = book[sheet_name]
    assert [(p.name, p.value) for p in book.custom_doc_props.props] == [
        ("jixiao_template", template), ("jixiao_template_version", "1")]
    prefix = f"jx_{template.lower()}_indicators_"
    names = {n[len(prefix):]: d.attr_text for n, d in book.defined_names.items() if n.startswith(prefix)}
    assert sorted(names) == V1_COLUMNS
    assert names["direction"] == f"'{sheet_name}'!$D${first}:$D${first + 11}"
    assert sheet[f"H{first}"].value == V1_REFERENCE.format(r=first)
    assert sheet[f"D{first}"].value == "正向"
    lists = [(str(v.sqref), v.formula1) for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert lists[0] == (f"D{first}", '"正向,反向,定性"') and len(lists) == 12
    assert sheet.max_column == 10


@requires_libreoffice
@pytest.mark.parametrize("template", sorted(V1))
def test_a_correct_version_1_file_has_no_findings(tmp_path, template):
    path = v1_file(tmp_path / "填报", template)
    [saved] = convert([path], tmp_path / "另存")             # opened, recalculated and saved by a spreadsheet program
    assert openpyxl.load_workbook(saved, data_only=True)[V1[template][0]][f"H{V1[template][1] + 1}"].value == 18.75
    assert rows(path) == [] and rows(saved) == []


@requires_libreoffice
def test_a_version_1_file_still_shows_its_real_errors(tmp_path):
    path = v1_file(tmp_path / "填报", "T2")
    book = openpyxl.load_workbook(path)
    sheet = book["附件2-2"]
    sheet["I17"] = 20              # 得分 above the rule's 18.75 (反向: 20 × 3000 / 3200)
    sheet["H16"] = 30              # 参考得分, a formula in version 1 too, typed over with its own value
    sheet["D18"] = "向上"          # no word of the list
    book.save(path)
    [saved] = convert([path], tmp_path / "另存")
    assert rows(saved) == [("附件2-2", "D18", "choice-invalid", "error"),
                           ("附件2-2", "H16", "formula-overwritten", "error"),
                           ("附件2-2", "I17", "score-above-rule", "error")]
    [invalid] = [f for f in check_file(saved).findings if f.type == "choice-invalid"]
    assert (invalid.actual, invalid.expected) == ("向上", "正向、反向、定性")


@requires_libreoffice
def test_an_unstamped_version_1_file_is_told_by_its_layout(tmp_path):
    """Without the version (a marker of one property only) by its defined names; without any marker
    (read as an official layout) by its columns; a version 2 file unstamped stays version 2."""
    [saved] = convert([v1_file(tmp_path / "填报", "T2")], tmp_path / "另存")
    no_version, unmarked = tmp_path / "无版本.xlsx", tmp_path / "无标记.xlsx"
    _rewrite(saved, no_version, lambda name, data: data.replace(b"jixiao_template_version", b"jixiao_other")
             if name == "docProps/custom.xml" else data)
    _rewrite(saved, unmarked, lambda name, data: data.replace(b"jixiao_template", b"some_property")
             if name == "docProps/custom.xml" else data)
    for path, ours in ((no_version, True), (unmarked, False)):
        [extract] = extract_templates(open_workbook(path), {"T2": get_spec("T2")})
        assert (extract.spec.version, extract.ours) == (1, ours)
        assert rows(path) == []
    current = build_template(get_spec("T2"), tmp_path / "第2版.xlsx")
    _rewrite(current, tmp_path / "第2版无标记.xlsx", lambda name, data: data.replace(b"jixiao_template", b"x")
             if name == "docProps/custom.xml" else data)
    [extract] = extract_templates(open_workbook(tmp_path / "第2版无标记.xlsx"), {"T2": get_spec("T2")})
    assert (extract.spec.version, extract.ours) == (2, False)


def test_a_version_2_file_with_a_typed_direction_is_still_a_formula_typed_over(tmp_path):
    values = {"unit": "甲县民政局", "year": 2024, "indicators": [dict(row) for row in INDICATORS], **FUNDS["T2"]}
    path = build_template(get_spec("T2"), tmp_path / "第2版.xlsx", values)
    book = openpyxl.load_workbook(path)
    book["附件2-2"]["D17"] = "反向"
    book.save(path)
    assert [r for r in rows(path) if r[2] == "formula-overwritten"] == [("附件2-2", "D17", "formula-overwritten", "error")]


def _rewrite(source: Path, target: Path, change) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, change(item.filename, old.read(item.filename)))
