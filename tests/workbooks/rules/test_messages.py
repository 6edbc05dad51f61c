"""The words of the findings, as a finance officer reads them: a row of a table by the name it holds
(三级指标“…”（第15行）得分, 科目“208 …”), by its number where it has none; figures in fixed decimals
with their units (万元, %), never in scientific notation; and what was compared with what."""

from pathlib import Path

import pytest

from tests.helpers import official
from workbooks.check import check_file
from workbooks.checks import Rule, run_rules
from workbooks.checks.findings import figure


def messages(tmp_path, sheets: dict, *types: str) -> list[tuple[str, str]]:
    report = check_file(official.write(tmp_path / "unit.xlsx", sheets))
    return [(f.cell, f.message) for f in report.findings if f.type in types]


def t2(**changes) -> dict:
    return {"附件2-2": official.seed_001_t2(B27="优", **changes)}


def test_an_indicator_is_named_by_its_row(tmp_path):
    assert messages(tmp_path, t2(H15=12, D16=None, H16=12), "score-out-of-range") == [
        ("H15", "三级指标“各项工作完成率”（第15行）得分为 12.00，不在 0 至分值 10.00 之间"),
        ("H16", "“第16行得分”为 12.00，不在 0 至分值 10.00 之间")]                 # no name: its row


def test_a_score_is_compared_with_the_target_and_actual_it_follows_from(tmp_path):
    assert messages(tmp_path, t2(E15="≥12000人", F15="12450人", H15=9), "score-below-rule", "reason-missing") == [
        ("H15", "三级指标“各项工作完成率”（第15行）得分为 9.00，低于按指标值“≥12000人”与完成值“12450人”算得的 10.00"
                "（如有扣分理由请说明）"),
        ("I15", "三级指标“各项工作完成率”（第15行）偏差原因分析及改进措施未填写：得分 9.00 低于分值 10.00，"
                "应说明偏差原因及改进措施")]


def test_the_execution_score_is_compared_with_its_points_and_rate(tmp_path):
    assert messages(tmp_path, t2(E5=288.03, G5=0.82, H5=9.5), "score-above-rule", "sum-mismatch") == [
        ("B26", "“绩效自评综合得分”为 100.00，按各项相加应为 98.20"),
        ("H5", "“执行率得分”为 9.50，高于按执行率分值 10.00 × 执行率 82.00%算得的 8.20")]


def test_a_rate_is_compared_with_the_amounts_it_divides(tmp_path):
    sheets = {"自评表": official.seed_003_t2(D7=0.5)}
    assert messages(tmp_path, sheets, "rate-mismatch") == [
        ("G4", "“执行率”为 100.00%，按全年执行数 1,387.53 万元 ÷ 全年预算数 1,388.03 万元应为 99.96%")]


def test_an_amount_in_yuan_is_shown_in_full(tmp_path):
    assert messages(tmp_path, t2(C5=3_697_400), "unit-yuan") == [
        ("C5", "“年度资金总额·年初预算数”为 3,697,400.00 万元，超过 500,000 万元，疑似以元为单位填报（应为万元）；"
               "该单位金额未计入汇总合计")]


def test_a_score_tables_row_and_node_are_named(tmp_path):
    sheets = {"附件2": official.seed_004_tree("T4", G7=3, F6=9)}
    assert messages(tmp_path, sheets, "score-out-of-range", "tree-points") == [
        ("G7", "三级指标“绩效目标合理性（3分）”（第7行）自评得分为 3.00，不在 0 至分值 1.00 之间"),
        ("A5", "一级指标“投入”为 10.00 分，其下各项分值之和为 18.00 分"),
        ("B5", "二级指标“设定目标”为 7.00 分，其下各项分值之和为 15.00 分"),
        ("C5", "三级指标“绩效目标合理性”为 3.00 分，其下各项分值之和为 11.00 分"),
        ("F51", "“总分”为 100.00 分，其下各项分值之和为 108.00 分")]


def test_a_ledger_row_is_named_by_its_code_and_name(tmp_path):
    sheets = official.seed_003_final_accounts(**{"公开02表!C9": 1400})
    assert messages(tmp_path, sheets, "code-tree")[:1] == [
        ("C8", "科目“208 社会保障和就业支出”（第8行）本年收入合计为 1,387.53 万元，下级科目之和为 1,423.57 万元")]


@pytest.mark.parametrize(("value", "kind", "shown"), [
    (3_697_400.0, "money", "3,697,400.00 万元"), (3_697_400.0, None, "3,697,400"), (1e20, None, "100,000,000,000,000,000,000"),
    (0.99964, "rate", "99.96%"), (9.5, "score", "9.50"), (10, "points", "10.00"), (2024.0, "int", "2024"),
    (1234.0, "people", "1,234"), (0.95, None, "0.95"), (float("nan"), "score", "无法计算"), (float("inf"), None, "无法计算"),
    (None, "money", "空"), ("", None, "空"), (True, None, "是"), ("优", "grade", "优"), (-0.00001, None, "0"),
])
def test_a_figure_in_a_message(value, kind, shown):
    assert figure(value, kind) == shown


class Failing(Rule):
    code, name, title, types = "JX999", "failing", "会出错的规则", ("rule-not-applied",)

    def check(self, ctx) -> None:
        raise KeyError("indicators")


def test_a_rule_that_fails_says_so_without_the_pythons_words(tmp_path):
    ctx = check_file(official.write(tmp_path / "unit.xlsx", t2())).contexts[0]
    ctx.findings.clear()
    run_rules(ctx, [Failing()])
    assert [(f.type, f.message, f.actual) for f in ctx.findings] == [
        ("rule-not-applied", "规则“JX999 会出错的规则”未能执行：程序内部错误，该规则已跳过，其余规则照常校验；请将此文件反馈给维护人员",
         "程序内部错误，该规则已跳过，其余规则照常校验；请将此文件反馈给维护人员")]


def test_overstaffing_names_both_counts(tmp_path):
    report = check_file(Path(__file__).parents[3] / "workbooks" / "samples" / "示例县住房和城乡建设局-基础数据表.xlsx")
    assert [f.message for f in report.findings] == [
        "实际在职人数 117 人，编制数 115 人，在职人数超过编制数，在职人员控制率为 101.74%"]
