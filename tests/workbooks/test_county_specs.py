"""A county's own spec files: validated on load (a malformed one names the file, the section and
the key), and used by check and merge with ``--spec`` with no code change: other weights, the
deviation form of the 反向 score, an extra column."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from addin.cli import main
from tests.helpers import official
from tests.helpers.county import county_spec_file, county_specs
from tests.helpers.libreoffice import convert, requires_libreoffice
from tests.helpers.seeds import T2_003
from udfs import xl
from udfs.definitions import FORMULAS
from udfs.scores import indicator_score
from workbooks.build import build_template
from workbooks.check import check_file
from workbooks.spec import SpecError, load_spec

COUNTY_T2 = ('[scoring]\nat_most = "deviation"\n[rules.JX305]\nexceeded = 1.5\n', (
    ('  { name = "reason", label = "偏差原因分析及改进措施" },',
     '  { name = "reason", label = "偏差原因分析及改进措施" },\n  { name = "evidence", label = "佐证材料" },'),
    ("widths = [24, 16, 22, 9, 16, 16, 9, 11, 11, 28]", "widths = [24, 16, 22, 9, 16, 16, 9, 11, 11, 28, 20]"),
))
COUNTY_T4 = ("", (('weights = { "投入" = 10, "过程" = 30, "产出" = 30, "效果" = 30 }',
                   'weights = { "投入" = 15, "过程" = 25, "产出" = 30, "效果" = 30 }'),))
# 反向: at most 4.5%, reached 6%, with a reason
AT_MOST_ROW = {"level1": "产出指标", "level2": "成本指标", "level3": "管理费用占比",
               "target": "≤4.5%", "actual": "6%", "points": 10, "reason": "房租上涨", "evidence": "租赁合同"}


def with_at_most(**values) -> dict:
    """Seed 003's self-evaluation with its fourth indicator (12.5 points) turned into the 反向 one."""
    rows = list(T2_003["indicators"])
    rows[3] = {**AT_MOST_ROW, "points": 12.5, "score": 8.33}       # 12.5 × (1 − 1.5 / 4.5)
    return {**T2_003, "indicators": rows, **values}


def county_t2(tmp_path):
    return county_spec_file(tmp_path / "县T2.toml", "T2", COUNTY_T2[0], COUNTY_T2[1])


def test_a_countys_deviation_form_scores_the_template_and_the_check_alike(tmp_path):
    spec = load_spec(county_t2(tmp_path))
    path = build_template(spec, tmp_path / "县.xlsx", with_at_most())
    report = check_file(path, {"T2": spec})
    (extract,) = report.extracts
    assert extract.spec is spec and extract.layout.groups["indicators"].columns["evidence"].label == "佐证材料"
    reference = extract.values["indicators"][3]["reference"]
    assert reference == pytest.approx(12.5 * (1 - 1.5 / 4.5))
    assert reference == pytest.approx(indicator_score("≤4.5%", "6%", 12.5, "deviation").score)
    # the 9.5 of 10 of 满意度 without a reason; the 反向 row scored by the deviation form is clean
    assert report.rows == [("附件2-2", "I24", "score-below-rule", "warning"), ("附件2-2", "J24", "reason-missing", "error")]


@requires_libreoffice
def test_the_deviation_form_agrees_in_python_excel_and_libreoffice(tmp_path):
    spec = load_spec(county_t2(tmp_path))
    values = {**T2_003, "indicators": [AT_MOST_ROW, {**AT_MOST_ROW, "actual": "10%"}, {**AT_MOST_ROW, "actual": "4%"}]}
    path = build_template(spec, tmp_path / "县.xlsx", values)
    (recalculated,) = convert([path], tmp_path / "lo", work=tmp_path)
    import openpyxl
    sheet = openpyxl.load_workbook(recalculated, data_only=True)[spec.sheet]
    group = check_file(path, {"T2": spec}).extracts[0].layout.groups["indicators"]
    column = group.columns["reference"].col + 1
    shown = [sheet.cell(group.first_row + 1 + i, column).value for i in range(3)]
    python = [FORMULAS["indicator_score"].python("反向", 0.045, float(r["actual"][:-1]) / 100, 10, "deviation")
              for r in values["indicators"]]
    assert shown == pytest.approx(python) and python == pytest.approx([10 * (1 - 1.5 / 4.5), 0, 10])
    cells = [xl.JX_SCORE("≤4.5%", r["actual"], 10, "deviation") for r in values["indicators"]]   # the function in cells
    assert cells == pytest.approx(python)


def test_check_and_merge_with_a_countys_specs(tmp_path):
    t2, t4 = county_t2(tmp_path), county_spec_file(tmp_path / "县T4.toml", "T4", *COUNTY_T4)
    inbox = tmp_path / "收文"
    inbox.mkdir()
    spec = load_spec(t2)
    build_template(spec, inbox / "甲单位.xlsx", with_at_most(unit="甲单位"))
    official.write(inbox / "桃江.xlsx", {"附件2": official.seed_004_tree("T4")})
    run = CliRunner().invoke
    plain = run(main, ["check", str(inbox / "桃江.xlsx")])
    county = run(main, ["check", str(inbox), "--spec", str(t2), "--spec", str(t4), "--format", "json"])
    assert "weights-deviate" not in plain.output
    import json
    files = {f["file"].rsplit("/", 1)[1]: f for f in json.loads(county.output)["files"]}
    assert [(f["cell"], f["type"], f["actual"], f["expected"]) for f in files["桃江.xlsx"]["findings"]
            if f["type"] == "weights-deviate"] == [("A5", "weights-deviate", 10, 15), ("A15", "weights-deviate", 30, 25)]
    ours = files["甲单位.xlsx"]
    assert ours["templates"][0]["fields"]["indicators"]["columns"]["evidence"] == "佐证材料"
    assert [f["type"] for f in ours["findings"]] == ["score-below-rule", "reason-missing"]      # 9.5 of 10, no reason
    merged = run(main, ["merge", str(inbox), "-o", str(tmp_path / "县汇总.xlsx"), "--spec", str(t2), "--spec", str(t4)])
    assert merged.exit_code == 1 and "合并 2" in merged.output          # 1: the missing reason is an error


MALFORMED = [
    ("id = 3\n", "缺少", None),
    ("", "“name”的类型不对", ('name = "部门整体支出绩效自评表"', "name = 3")),
    ("", "第3个区块（cells）第2格缺少“name”", ('{ name = "unit", label = "预算部门名称"', '{ label = "预算部门名称"')),
    ("", "第4个区块（grid）第2行缺少“label”", ('{ key = "general", label = "其中：一般公共预算" }', '{ key = "general" }')),
    ("", "“kind”未知：“金额”", ('kind = "money"\nchecks', 'kind = "金额"\nchecks')),
    ("", "“type”未知：“表格”", ('type = "table"', 'type = "表格"')),
    ('[scoring]\nat_most = "平方"\n', "[scoring]“at_most”应为 ratio 或 deviation", None),
    ('[rules.JX999]\nseverity = "warning"\n', "[rules.JX999]没有这条规则", None),
    ('[rules.JX101]\nseverity = "warning"\n', "[rules.JX101]这条规则不能由规格修改", None),
    ('[rules.JX305]\nexceeded = "多"\n', "[rules.JX305]“exceeded”的类型不对", None),
    ('[rules.JX305]\nseverity = "fatal"\n', "“severity”应为 error 或 warning", None),
    ('[rules.JX305]\nthreshold = 2\n', "[rules.JX305]有未知的键“threshold”", None),
    ("", "公式引用了不存在的“nothing”", ('formula = "ratio(total_executed, total_full)"', 'formula = "ratio(total_executed, nothing)"')),
    ("", "不是有效的 TOML", ("[[section]]", "[[section]")),
    ("", "[versions.3]版本号应为小于当前版本 2 的正整数", ("[versions.1.indicators]", "[versions.3.indicators]")),
    ("", "[versions.1.indicators]表中没有列“nothing”", ('removed = ["goal_text"', 'removed = ["nothing", "goal_text"')),
    ("", "[versions.1.funds]没有这个表格区块（table）", ("[versions.1.indicators]", "[versions.1.funds]")),
    ("", "“indicators.reference”的公式引用了不存在的“target”", ('removed = ["goal_text"', 'removed = ["target", "goal_text"')),
]


@pytest.mark.parametrize(("tables", "message", "change"), MALFORMED)
def test_a_malformed_county_spec_names_the_file_section_and_key(tmp_path, tables, message, change):
    path = county_spec_file(tmp_path / "我县.toml", "T2", tables, (change,) if change else ())
    if tables.startswith("id = 3"):           # a key given twice is not TOML
        path.write_text(path.read_text(encoding="utf-8").replace('id = "T2"\n', ""), encoding="utf-8")
        message = "缺少“id”"
    with pytest.raises(SpecError) as error:
        load_spec(path)
    assert str(error.value).startswith("我县.toml：") and message in str(error.value)
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--spec", str(path)])
    assert result.exit_code == 2 and message in result.output
