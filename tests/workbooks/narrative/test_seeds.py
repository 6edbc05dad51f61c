"""The five seed reports, turned into Word documents (their tables real Word tables), read and
checked against their attachments built as workbooks: the exact statements for a few labels and the
exact findings. Statements that agree give no finding."""

from __future__ import annotations

import pytest

from tests.helpers.libreoffice import convert, requires_writer
from tests.helpers.reports import ATTACHMENTS, requires_seeds, seed_docx, seed_facts
from workbooks.narrative.report import check_report, read_report

pytestmark = requires_seeds


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """number → (docx, facts of its attachments)"""
    folder = tmp_path_factory.mktemp("seeds")
    return {n: (seed_docx(n, folder / f"{n}.docx"), seed_facts(n, folder) if n in ATTACHMENTS else [])
            for n in ("000", "001", "002", "003", "004")}


def figures(path, *quantities):
    _, reading = read_report(path)
    return [(s.label, s.value, s.unit, s.where) for s in reading.labelled(*quantities)]


def findings(seeds, number):
    path, facts = seeds[number]
    return [(f.type, f.cell, f.expected, f.actual) for f in check_report(path, facts).findings]


def test_000_staff_and_spending_with_their_shares(seeds):
    path = seeds["000"][0]
    assert figures(path, "编制数", "在职人数", "基本支出", "项目支出") == [
        ("本部门编制数", 10, "人", "第3段"), ("在职人数", 8, "人", "第3段"),
        ("基本支出", 313.21, "万元", "第8段"), ("项目支出", 21219.89, "万元", "第10段")]
    _, reading = read_report(path)
    assert [(s.share.label, s.share.value, s.part.label, s.whole) for s in reading.shares] == [
        ("占总支出", 1.45, "基本支出", None), ("占总支出", 98.55, "项目支出", None)]
    breakdown = reading.breakdowns[2]
    assert (breakdown.total.label, breakdown.total.value) == ("总支出", 18.32)
    assert [(p.label, p.value) for p in breakdown.parts] == [
        ("政策宣传类办公费", 7.81), ("维修（护）费", 2.71), ("档案整理等服务支出", 7.8)]


def test_000_findings_no_tables(seeds):
    # 在职人数8人，其中：在岗人数21人 — the report contradicts itself
    assert findings(seeds, "000") == [("report-part-exceeds", "第3段", "8人", "21人")]


def test_001_statements(seeds):
    path = seeds["001"][0]
    assert figures(path, "支出合计", "基本支出", "项目支出") == [
        ("决算支出", 351.25, "万元", "第21段"), ("基本支出", 201.98, "万元", "第21段"),
        ("项目支出", 149.27, "万元", "第21段"), ("基本支出", 201.98, "万元", "第24段"),
        ("项目经费支出", 149.27, "万元", "第27段")]
    assert figures(path, "三公经费", "编制数", "在职人数", "综合得分", "评价等次") == [
        ("实有人数", 16, "人", "第5段"),
        ("财政批复局机关“三公”经费预算数", 0, "万元", "第29段"), ("决算单位支出“三公”经费", 0, "万元", "第29段"),
        ("评价结论", "优", "", "第38段"), ("自查评分", 100, "分", "第38段"),
        ("全额拨款事业编制", 25, "个", "第47段"), ("绩效自评综合得分", 100, "分", "第130段")]


def test_001_project_list_under_its_total(seeds):
    _, reading = read_report(seeds["001"][0])
    listed = [b for b in reading.breakdowns if b.marker != "其中"]
    assert [(b.marker, b.total.label, b.total.value, [(p.label, p.value) for p in b.parts]) for b in listed] == [
        ("涉及3个项目", "项目经费支出", 149.27,
         [("争取上级资金专项工作经费", 13), ("非税收入安排的支出", 5), ("社保中心专项业务费", 15)])]


def test_001_findings(seeds):
    assert findings(seeds, "001") == [
        ("report-part-misses", "第27段", "149.27万元", "33.00万元"),         # 13 + 5 + 15 under 项目支出 149.27
        ("report-part-exceeds", "第29段", "0万元", "0.80万元"),              # 三公 budget 0, of which 公务接待费 0.80
        ("report-table-mismatch", "第21段", "106.13万元", "149.27万元"),     # 附件2-1 项目支出 本年决算数
        ("report-table-mismatch", "第29段", "0.50万元", "0万元"),            # 附件2-1 三公经费 本年预算数 (its parts)
        ("report-table-mismatch", "第29段", "0.38万元", "0万元"),            # 附件2-1 三公经费 本年决算数 (its parts)
        ("report-table-mismatch", "第47段", "16个", "25个"),                 # 附件2-1 编制数
    ]


def test_001_finding_quotes_the_sentence_and_names_the_cell(seeds):
    path, facts = seeds["001"]
    mismatch = check_report(path, facts).findings[2]
    assert mismatch.message == (
        "报告中“项目支出”为 149.27万元，表格中为 106.13万元（001-附件.xlsx“附件2-1”D13（项目支出·本年决算数）；"
        "第21段：“2023年决算支出351.25万元，其中：基本支出201.98万元，项目支出149.27万元。”）")
    assert (mismatch.file, mismatch.template, mismatch.severity) == (str(path), "报告", "warning")


def test_002_statements(seeds):
    path = seeds["002"][0]
    assert figures(path, "支出合计", "基本支出", "项目支出", "三公经费") == [
        ("我局整体支出规模", 48929.9, "万元", "第119段"), ("单位基本支出", 2768.2, "万元", "第119段"),
        ("项目支出", 46161.6, "万元", "第119段"), ("基本支出", 2768.2, "万元", "第128段"),
        ("发生三公经费", 8.9, "万元", "第128段"),
        ("项目支出在预算内", 50, "万元", "第208段"), ("实际支出", 50, "万元", "第208段"),      # a project's table
        ("项目支出在预算内", 30, "万元", "第330段")]
    _, reading = read_report(path)
    assert [(s.label, s.value, s.scope, s.where) for s in reading.labelled("综合得分", "评价等次")] == [
        ("绩效自评综合得分", 97, "单位", "第82段"), ("评价等次", "优", "单位", "第83段"),
        ("绩效自评综合得分", 95, "项目", "第221段"), ("评价等次", "优", "项目", "第222段"),
        ("评价结果", "优", "项目", "第283段"),
        ("绩效自评综合得分", 95, "项目", "第343段"), ("评价等次", "优", "项目", "第344段"),
        ("评价结果", "优", "项目", "第385段")]


def test_002_findings(seeds):
    assert findings(seeds, "002") == [
        ("report-part-exceeds", "第135段", "440万元", "749万元"),           # 总支出440万元，其中征缴基金749万元
        ("report-table-mismatch", "第119段", "46161.70万元", "46161.6万元"),  # 收支情况 项目支出 46161.7
    ]


def test_003_statements_and_shares(seeds):
    path = seeds["003"][0]
    assert figures(path, "三公经费", "评价等次", "在职人数") == [
        ("“三公”经费财政拨款支出预算", 9, "万元", "第259段"), ("支出决算", 7.94, "万元", "第259段"),
        ("评价结果", "优", "", "第288段"), ("有在职人员", 59, "人", "第307段"), ("等级", "优", "", "第372段")]
    _, reading = read_report(path)
    assert [(s.share.value, s.part.value, s.whole.value, s.share.where) for s in reading.shares] == [
        (100.0, 1387.53, 1387.53, "第227段"), (96.1, 1333.74, 1387.53, "第229段"), (3.9, 53.79, 1387.53, "第229段"),
        (100.0, 1387.53, 1387.53, "第234段"), (100.0, 1387.53, 1387.53, "第236段"),
        (82.1, 1095.42, 1333.74, "第255段"), (17.9, 238.32, 1333.74, "第255段"),
        (24.4, 1.94, 7.94, "第265段"), (0.0, 0.0, 7.94, "第265段"), (75.6, 6.0, 7.94, "第265段"),
        (100.0, 35.4, 35.4, "第282段"), (100.0, 35.4, 35.4, "第282段"), (100.0, 53.79, 53.79, "第287段")]


def test_003_agrees_with_its_tables_and_itself(seeds):
    assert findings(seeds, "003") == []


def test_004_findings(seeds):
    # 附件2 总分 97 is 优; the report says 评价结果为良好
    assert findings(seeds, "004") == [("report-table-mismatch", "第176段", "优", "良")]


@requires_writer
def test_001_as_pdf_keeps_pages_and_finds_the_same(seeds, tmp_path):
    pdf = convert([seeds["001"][0]], tmp_path, to="pdf")[0]
    _, reading = read_report(pdf)
    project = [(s.label, s.value, s.page) for s in reading.labelled("项目支出")]
    assert project == [("项目支出", 149.27, 2), ("项目经费支出", 149.27, 2)]
    found = check_report(pdf, seeds["001"][1]).findings
    assert [(f.type, f.expected, f.actual) for f in found] == [
        (t, e, a) for t, _, e, a in findings(seeds, "001")]
    assert all(f.cell.startswith("第") and "页第" in f.cell for f in found)
