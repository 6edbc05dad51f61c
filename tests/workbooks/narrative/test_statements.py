"""Statements read from sentences as these reports write them, and the checks within a report."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbooks.narrative.checks import Checker
from workbooks.narrative.documents import Block
from workbooks.narrative.statements import read_statements


def reading(*paragraphs: str):
    return read_statements([Block(text, i) for i, text in enumerate(paragraphs, 1)])


def found(*paragraphs: str):
    return [(f.type, f.cell, f.expected, f.actual) for f in Checker("报告.docx").within(reading(*paragraphs))]


def test_amount_breakdown_share_count_score_grade():
    r = reading("2023年全年基本支出201.98 万元，其中：工资福利支出193.68万元、商品和服务支出8.30万元，占基本支出的4.11%。",
                "本部门编制数10人，年末在职人数8人，涉及3个项目。",
                "经自评，评价结论为“优”，自查评分为100分，预算执行率100%。")
    assert [(s.kind, s.label, s.value, s.unit, s.quantity, s.year) for s in r.statements] == [
        ("amount", "基本支出", 201.98, "万元", "基本支出", 2023),
        ("amount", "工资福利支出", 193.68, "万元", "", None),
        ("amount", "商品和服务支出", 8.30, "万元", "", None),
        ("share", "占基本支出", 4.11, "%", "", None),
        ("count", "本部门编制数", 10, "人", "编制数", None),
        ("count", "在职人数", 8, "人", "在职人数", None),
        ("count", "涉及", 3, "个", "", None),
        ("grade", "评价结论", "优", "", "评价等次", None),
        ("score", "自查评分", 100, "分", "综合得分", None),
        ("rate", "预算执行率", 100, "%", "执行率", None)]
    [b] = r.breakdowns
    assert (b.total.value, [p.value for p in b.parts], b.complete) == (201.98, [193.68, 8.30], False)
    [s] = r.shares
    assert (s.part.value, s.whole.value) == (8.30, 201.98)


def test_qualifier_takes_the_quantity_before_it_and_its_own_stage():
    r = reading("“三公”经费财政拨款支出预算为9万元，支出决算为7.94万元，完成预算的88.2%。")
    assert [(s.label, s.quantity, s.stage) for s in r.statements] == [
        ("“三公”经费财政拨款支出预算", "三公经费", "budget"), ("支出决算", "三公经费", "actual")]


def test_bare_total_takes_the_subject_of_its_sentence_or_the_heading_before():
    r = reading("项目支出由1个业务工作经费支出和4个公共专项经费支出组成，共计21219.89万元。", "1、基本支出。总额2768.2万元，用于工资。")
    assert [(s.label, s.value) for s in r.labelled("项目支出", "基本支出")] == [("项目支出", 21219.89), ("基本支出", 2768.2)]


def test_total_split_into_basic_and_project_is_the_units_spending():
    r = reading("2021 年支出 1387.53 万元, 其中基本支出 1333.74 万元, 项目支出 53.79 万元。")
    assert [(s.label, s.quantity) for s in r.statements] == [
        ("支出", "支出合计"), ("基本支出", "基本支出"), ("项目支出", "项目支出")]


def test_project_sections_and_sentences_are_not_the_units():
    r = reading("部门整体支出绩效自评报告", "项目支出53.79万元。", "项目支出绩效自评报告", "项目支出48万元。",
                "部门整体支出绩效自评表", "该项目项目支出50万元。")
    assert [(s.value, s.scope) for s in r.statements] == [(53.79, "单位"), (48, "项目"), (50, "项目")]


def test_changes_last_years_and_targets_are_not_parts():
    assert found("三公经费支出决算为10.84万元，其中：公务接待费支出预算为6万元，支出决算为5.47万元，与上年相比减少0.02万元。",
                 "职业技能培训3527人，完成目标任务3400人的103%，其中农村劳动者培训2378人。") == []


def test_breakdown_in_brackets_is_a_detail():
    assert found("项目支出53.79万元, 其中商品和服务支出为48万元, 对个人和家庭的补助支出为5.79万元"
                 "(公益性岗位补贴工资4.08万元, 其他就业补助支出工资1.71万元)。") == []


def test_counted_list_must_add_up_but_a_partial_list_need_not():
    assert found("项目经费支出149.27万元，涉及3个项目，甲经费13万元,乙经费5万元,丙经费15万元。") == [
        ("report-part-misses", "第1段", "149.27万元", "33.00万元")]
    assert found("总支出7.41亿元，其中机关事保1.14亿元，企业职保6.13亿元。") == []


def test_a_list_that_shows_it_is_whole_must_add_up():
    assert found("基本支出201.98万元，其中：工资福利支出183.68万元、商品和服务支出8.30万元、资本性支出0万元。") == [
        ("report-part-misses", "第1段", "201.98万元", "191.98万元")]


def test_rounded_totals_in_yi_agree_with_their_parts():
    assert found("总收入1.53亿元，其中机关事保4266.26万元，企业职保9818.29万元，工保739.88万元，城乡居保572.63万元。") == []


def test_same_figure_stated_twice():
    assert found("基本支出201.98万元。", "2023年全年基本支出210.98万元。", "基本支出201.98万元。") == [
        ("report-stated-twice", "第2段", "201.98万元", "210.98万元")]


def test_shares_of_a_named_whole_never_stated():
    assert found("基本支出313.21万元，占总支出的1.45%。", "项目支出21219.89万元，占总支出的98.55%。") == []
    assert found("基本支出313.21万元，占总支出的1.55%。", "项目支出21219.89万元，占总支出的98.45%。") == [
        ("report-share-mismatch", "第1段", "1.45%", "1.55%"), ("report-share-mismatch", "第2段", "98.55%", "98.45%")]


cents = st.integers(min_value=100, max_value=10_000_000)


@given(st.lists(cents, min_size=2, max_size=6))
def test_parts_that_add_up_give_no_finding_and_parts_over_the_total_do(parts):
    total = sum(parts)
    listed = "、".join(f"第{i}项{p / 100:.2f}万元" for i, p in enumerate(parts, 1))
    assert found(f"基本支出{total / 100:.2f}万元，其中：{listed}。") == []
    less = total - len(parts) - 2             # beyond the rounding of the parts and the total
    assert [f[0] for f in found(f"基本支出{less / 100:.2f}万元，其中：{listed}。")] == ["report-part-exceeds"]


@given(st.integers(min_value=10_000, max_value=10_000_000), st.integers(min_value=10_000, max_value=10_000_000))
def test_a_share_rounded_from_its_figures_agrees_and_one_a_tenth_off_does_not(part, rest):
    whole = part + rest
    share = round(part / whole * 100, 1)
    sentence = "本年支出合计{w:.2f}万元，其中：基本支出{p:.2f}万元，占{s:.1f}%。"
    assert found(sentence.format(w=whole / 100, p=part / 100, s=share)) == []
    wrong = share + 0.2 if share < 99 else share - 0.2
    assert [f[0] for f in found(sentence.format(w=whole / 100, p=part / 100, s=wrong))] == ["report-share-mismatch"]


CLEAN = ["示例县某某局2023年度部门整体支出绩效自评报告",
         "本单位编制数20人，实有人数18人，其中在职人员18人、退休人员5人。行政编制5人，事业编制15人。",
         "2023年度部门整体支出1234.56万元，其中：基本支出1000.00万元，占81.00%；项目支出234.56万元，占19.00%。",
         "“三公”经费支出5.2万元，其中公务接待费2.2万元，公务用车运行维护费3万元，因公出国（境）费0万元，较上年减少1.1万元，下降17.46%。",
         "年初预算数1200万元，全年预算数1250万元，全年执行数1234.56万元，预算执行率98.76%。",
         "项目支出234.56万元，主要用于两个项目，其中：A项目100万元，B项目134.56万元。",
         "部门整体支出绩效自评得分为96分，评价等次为优。"]


def test_a_clean_report_in_the_usual_words_gives_no_finding():
    assert found(*CLEAN) == []
    r = reading(*CLEAN)
    assert [(s.quantity, s.value) for s in r.statements if s.quantity] == [
        ("编制数", 20), ("在职人数", 18), ("在职人数", 18), ("支出合计", 1234.56), ("基本支出", 1000), ("项目支出", 234.56),
        ("三公经费", 5.2), ("执行率", 98.76), ("项目支出", 234.56), ("综合得分", 96), ("评价等次", "优")]


def test_contradictions_planted_in_the_clean_report():
    def planted(old, new):
        return found(*(p.replace(old, new) for p in CLEAN))

    assert planted("公务接待费2.2万元", "公务接待费3.2万元") == [("report-part-exceeds", "第4段", "5.2万元", "6.2万元")]
    assert planted("占19.00%", "占18.00%") == [("report-share-mismatch", "第3段", "19.00%", "18.00%"),
                                               ("report-shares-total", "第3段", "100%", "99.00%")]
    assert planted("评价等次为优", "评价等次为良") == [("report-grade-mismatch", "第7段", "优", "良")]
    assert planted("B项目134.56万元", "B项目124.56万元") == []                  # 其中 may list part of it
    assert planted("主要用于两个项目，其中：", "涉及2个项目，") == []
    assert planted("主要用于两个项目，其中：A项目100万元，B项目134.56万元", "涉及2个项目，A项目100万元，B项目124.56万元") == [
        ("report-part-misses", "第6段", "234.56万元", "224.56万元")]
