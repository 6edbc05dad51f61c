"""Workbooks laid out as the official attachments of the seeds, as units fill them in Excel (not
our templates): the tests build these as real .xlsx files and check them."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.helpers.official_004 import T4_ROWS, T5_ROWS

Rows = list[list]


def write(path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None) -> Path:
    """Write sheets of rows (None for an empty cell) into a real workbook."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is not None:
                    sheet.cell(r, c).value = value
                    if isinstance(value, str) and value.startswith("="):
                        sheet.cell(r, c).data_type = "s"   # text from units stays text
        for merged in (merges or {}).get(name, []):
            sheet.merge_cells(merged)
    workbook.save(path)
    return path


def seed_001_t1(**changes) -> Rows:
    """附件2-1 of 洪江区社会保险服务中心 (seed 001): 三公经费 left blank where 公务接待 has amounts."""
    rows = [
        ["附件2-1"],
        ["部门整体支出绩效评价基础数据表"],
        ["填报单位：洪江区社会保险服务中心"],
        ["财政供养人员情况", "编制数", "2023年实际在职人数", "控制率"],
        [None, 16, 16, 1],
        ["经费控制情况(万元)", "2022年决算数", "2023年预算数", "2023年决算数"],
        ["三公经费", 3.73, None, None],
        ["1、公务用车购置和维护经费", 3.73, None, None],
        ["其中：公车购置", None, None, None],
        ["公车运行维护", 3.73, None, None],
        ["2、出国经费", None, None, None],
        ["3、公务接待", None, 0.5, 0.38],
        ["项目支出：", None, 106.13, 106.13],
        ["1、业务工作经费", None, None, None],
        ["2、运行维护经费", None, None, None],
        ["3、本级专项资金（一个专项一行）", None, 106.13, 106.13],
        ["劳动保障监察", None, 1.93, 1.93],
        ["社会保险经办机构", None, 87.34, 87.34],
        ["公益性岗位补贴", None, 16.86, 16.86],
        ["公用经费：", 131.43, 193.68, 193.68],
        ["其中：办公经费", 8.61, 2.31, 4.19],
        ["水费、电费、差旅费", 10.74, 0.38, 5.76],
        ["会议费、培训费", 0.53, 0.38, 0.50],
        ["政府采购金额", None, None, None],
        ["部门基本支出预算调整 ", None, None, None],
        ["楼堂馆所控制情况 \n（2023年完工项目）", "批复规模 \n（㎡）", "实际规模\n（㎡）", "规模控制率", "预算投资\n（万元）", "实际投资\n（万元）", "投资概算控制率"],
        [None, None, None, None, None, None, None],
        ["厉行节约保障措施", None],
        ["说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。"],
        ["填表人：        填报日期：        联系电话：       单位负责人签字："],
    ]
    return _apply(rows, changes)


def seed_001_t2(**changes) -> Rows:
    """附件2-2 of seed 001: one value column per split, total written “100分”, 评价等次 left blank."""
    rows = [
        ["附件2-2："],
        ["整体支出绩效自评表"],
        ["预算部门名称", "洪江区社会保险服务中心"],
        ["年度预算申请\n(万元)", None, "年初预算数(万元)", "全年预算数（万元）", "全年执行数（万元）", "分值", "执行率", "得分"],
        [None, "年度资金总额：", 351.25, 351.25, 351.25, 10, 1, 10],
        [None, "按收入性质分：", None, "按支出性质分："],
        [None, "一般公共预算：", 351.25, "其中:基本支出：", 201.98],
        [None, "政府性基金拨款：", 0, None, None],
        [None, "纳入专户管理的非税收入拨款：", 0, "项目支出：", 149.27],
        [None, "其他资金", 0, None, None],
        ["年度总体目标", "预期目标", None, None, "实际完成情况"],
        [None, "目标1：根据上级有关政策，做好养老保险、工伤保险政策宣传和解释工作", None, None, "已完成"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None] * 9,
        ["绩效指标", "产出指标", "数量指标", "各项工作完成率", "100%", "100%", 10, 10, None],
        [None, None, "质量指标", "资金使用合规率", "100%", "100%", 10, 10, None],
        [None, None, "时效指标", "完成及时率", "2023年12月31日之前完成", "完成", 10, 10, None],
        [None, "效益指标", "经济效益指标", "充分发挥资金使用效益", "效果明显", "效果明显", 10, 10, None],
        [None, None, "社会效益指标", "维护参保人员的切身利益，维护养老及工伤稳定", "效果明显", "效果明显", 10, 10, None],
        [None, None, "生态效益指标", "生态效益情况", "效果明显", "效果明显", 10, 10, None],
        [None, None, "可持续影响指标", "可持续影响情况", "效果明显", "效果明显", 10, 10, None],
        [None, "满意度指标", "服务对象满意度指标", "群众满意、工作人员满意度", "95%", "95%", 10, 10, None],
        [None, "成本指标", "经济成本指标", "整体支出成本节约率", "100%", "100%", 10, 10, None],
        [None, None, "社会成本指标", None, None, None, None, None, None],
        [None, None, "生态环境成本指标", None, None, None, None, None, None],
        ["绩效自评综合得分", "100分"],
        ["评价等次", None],
    ]
    return _apply(rows, changes)


def seed_003_t2(**changes) -> Rows:
    """2021 年度部门整体支出绩效自评表 of 株洲市社会保险服务中心 (seed 003, national layout)."""
    rows = [
        ["2021 年度部门整体支出绩效自评表"],
        ["部门名称", "株洲市社会保险服务中心"],
        ["资金情况 (万元)", "年度资金总额", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分(分值×执行率)"],
        [None, "合计", 1366.77, 1387.53, 1387.53, 10, 1, 10],
        [None, "其中：当年财政拨款", 1366.77, 1387.53, None],
        [None, "上年结转资金"],
        [None, "其他资金"],
        ["年度总体目标", "预期目标", None, None, "实际完成情况"],
        [None, "为养老保险提供服务保障。", None, None, "全部完成"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及"],
        [None, "产出指标 (50分)", "数量指标", "全市企业养老保险离退休人数", "31.88 万人", "32.66 万人", 12.5, 12.5],
        [None, None, None, "全市机关养老保险离退休人数", "4.55 万人", "4.63 万人", 12.5, 12.5],
        [None, None, "质量指标", "全市企业养老保险离退休人员养老金发放率", "100%", "100%", 12.5, 12.5],
        [None, None, None, "全市机关养老保险离退休人员养老金发放率", "100%", "100%", 12.5, 12.5],
        [None, None, "时效指标"],
        [None, None, "成本指标"],
        [None, "效益指标 (30分)", "经济效益指标", "企业职工养老待遇发放", "确保养老金发放到位", "已发放到位", 7.5, 7.5],
        [None, None, "经济效益指标", "机关事业单位离退休人员养老待遇发放", "确保养老金发放到位", "已发放到位", 7.5, 7.5],
        [None, None, "社会效益指标", "企业职工退休金", "保障老有所养", "保障老有所养", 7.5, 7.5],
        [None, None, "社会效益指标", "机关事业单位离退休人员退休金", "保障老有所养", "保障老有所养", 7.5, 7.5],
        [None, "满意度指标 (10分)", "服务对象满意度指标", "参保人满意度", "大于等于95%", "大于95%", 10, 9.5],
        [None, None, "总分", None, None, None, 100, 99.5, "等级: 优"],
        ["备注： 1. “执行率” = “全年执行数” / “全年预算数”；"],
    ]
    return _apply(rows, changes)


def seed_002_project(**changes) -> Rows:
    """项目支出绩效自评表 社保基金征缴经费 of 湘阴县人社局 (seed 002, Hunan county layout)."""
    rows = [
        ["湘阴县财政支出项目绩效评价自评表"],
        ["项目名称", "社保基金征缴经费"],
        ["项目单位", "湘阴县人社局", "主管部门", "湘阴县人社局"],
        ["一、项 目 基 本 概 况"],
        ["项目负责人", "王剑", "联系电话", "13575055588"],
        ["项目地址", "湘阴县新世纪大道", "邮  编", "414600"],
        ["项目起止时间", "2021年 1月起至2021 年 12月止"],
        ["计划安排资金\n\n（万元）", 50, "实际到位资金\n\n（万元）", 50, "实际支出\n\n（万元）", 50, "结余（万元）", None],
        ["其中：中央财政", None, "其中：中央财政", None, "其中：中央财政", None, "其中：中央财政", None],
        ["省财政", None, "省财政", None, "省财政", None, "省财政", None],
        ["市财政", None, "市财政", None, "市财政", None, "市财政", None],
        ["县市区财政", 50, "县市区财政", 50, "县市区财政", 50, "县市区财政", None],
        ["其它", None, "其它", None, "其它", None, "其它", None],
        ["二、项目支出明细情况"],
        ["支出内容", "实际支出数", "会计凭证号", "备注"],
        ["办公费", 23, None, "凭证笔数过多"],
        ["印刷费", 13.7, None, "凭证笔数过多"],
        ["差旅费", 11.4, None, "凭证笔数过多"],
        ["维修费", 0.2, None, "凭证笔数过多"],
        ["邮电费", 0.4, None, "凭证笔数过多"],
        ["加班用餐", 1.3, None, "凭证笔数过多"],
        [None, None, None, None],
        ["支出合计", 50, None, None],
        ["三、项目绩效自评情况"],
        ["项目绩效定性目标及实施计划完成情况", "预  期 目 标", "实际完成"],
        [None, "为激励人社部门征缴基金积极性，提高基金收入规模。", "2021年各项基金征缴达49869万元"],
        ["项目绩效定量目标（指标）及完成情况", "一级指标", "二级指标", "指标内容", "指标（目标）值", "实际完成值"],
        [None, "项目产出指标", "数量指标", "四类基金正常缴纳", "企业养老保险参保职工55708人", "企业养老保险基金14618万元"],
        [None, None, "质量指标", "确保基金缴纳工作正常运行", "100%", "100%"],
        [None, None, "时效指标", "项目在时效内完成", "12个月", "2021年1-12月"],
        [None, None, "成本指标", "项目支出在预算内", "50万元", "实际支出50万元，控制在预算内"],
        [None, "项目效益指标", "经济效益指标", "确保基金收入应征尽征", "49869万元", "49869万元"],
        [None, None, "社会效益指标", "参保人员享受应有的权益", "90%", "95%"],
        [None, None, "服务对象满意度指标", "群众满意度", "90%", "95%"],
        ["绩效自评综合得分", "95分"],
        ["评价等次", "优"],
    ]
    return _apply(rows, changes)


def seed_004_tree(template: str, **changes) -> Rows:
    """附件2 (T4) or 附件5 (T5) of seed 004, 桃江县社会保险服务中心."""
    body = T4_ROWS if template == "T4" else T5_ROWS
    title = ("桃江县2021年度部门整体支出绩效评价指标及评分表" if template == "T4"
             else "桃江县2021年度项目支出绩效评价指标及评分表")
    total = 97 if template == "T4" else 95
    rows = [
        ["附件2" if template == "T4" else "附件5"],
        [title],
        ["评价单位（盖章）： 桃江县社会保险服务中心", None, None, None, None,
         "填报日期：2022年5 月24日" if template == "T4" else "项目名称:县财政对城乡居民养老保险基础养老金补助和缴费补助"],
        ["一级\n指标", "二级\n\n指标", "三级\n\n指标", "指标内容", "指标说明", "分值", "自评得分", "审核得分"],
        *[list(r) for r in body],
        ["总  分", None, None, None, None, 100, total, None],
    ]
    return _apply(rows, changes)


def _apply(rows: Rows, changes: dict) -> Rows:
    """``B7=5`` style changes: ``_apply(rows, {"C7": 0.5})`` puts 0.5 in C7 (spreadsheet addresses)."""
    rows = [list(r) for r in rows]
    for address, value in changes.items():
        col = ord(address[0]) - 65
        row = int(address[1:]) - 1
        while len(rows) <= row:
            rows.append([])
        while len(rows[row]) <= col:
            rows[row].append(None)
        rows[row][col] = value
    return rows
