"""Sheets laid out as people lay them out: the seeds' tables with what else they put on the same
sheet, two templates stacked on one sheet, labels and values sharing a cell."""

from __future__ import annotations

from tests.helpers import official
from workbooks.rows import Rows

# seed 002 goes on, below its 收支情况 tables, with its self-evaluation and its evaluators
SELF_EVALUATION_002 = [
    [None, "三、部门（单位）整体支出绩效自评情况"],
    [None, "整体支出绩效定性目标及实施计划完成情况", "预期目标", None, "实际完成"],
    [None, None, "1：全面完成四大保险基金的征缴及发放工作。", None, "实现新增城镇就业4915人，完成目标任务4900人的100%"],
    [None, "整体支出绩效定量目标及实施计划完成情况", "评价内容", None, "绩效目标", "完成情况"],
    [None, None, "产出目标", "质量指标", "完成四大保险基金征缴48241万元，", "120%"],
    [None, None, None, "数量指标", "养老保险基金收缴41981万元。", "100%"],
    [None, None, None, "时效指标", "2021年1-12月", "2021年1-12月"],
    [None, None, "效益目标", "社会效益", "就业服务水平稳步提升", "知晓率99%"],
    [None, None, None, "社会公众或服务对象满意度", "社会公众对人社部门的各项工作比较满意", "99%"],
    [None, "绩效自评综合得分", "97分"],
    [None, "评价等次", "优"],
    [None, "四、评价人员"],
    [None, "姓  名", "职务/职称", "单  位", "签  字"],
    [None, "王剑", "局长", "湘阴县人社局"],
    [None, "刘伟", "副局长", "湘阴县人社局"],
    [None, "陈旭峰", "监察室主任", "湘阴县人社局"],
]


def finances_002_with_self_evaluation(**changes) -> Rows:
    """The 收支情况 tables of seed 002, one column in (as the seed prints them), with the rest of the
    report below them on the same sheet."""
    rows = [[None, *row] for row in official.seed_002_finances()] + [[None]] + SELF_EVALUATION_002
    return official._apply(rows, changes)


def stacked_001(**changes) -> Rows:
    """附件2-1 above 附件2-2 on one sheet, two blank rows between them."""
    return official._apply([*official.seed_001_t1(), [None], [None], *official.seed_001_t2()], changes)
