"""The bundled sample: the submissions of an imaginary county (示例县) for one year.

    python -m workbooks.sample_county [DIR]      (default: workbooks/samples)

Most units fill our templates; one sends the official national layout typed by hand; a few show
the typical defects (a grade typed over its formula, a number typed as text, a score above its
points, a total that does not add up, T1 and T2 stating different 项目支出), and the inbox holds
what a real one does: a file that is unreadable, a draft and its revision, a unit that typed its
amounts in 元, files saved by a program that does not calculate, and the summary of an earlier run.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import openpyxl

from workbooks.build import build_template, build_workbook
from workbooks.model import compute, initial_values
from workbooks.rows import write_rows
from workbooks.spec import bundles, get_spec, layout

COUNTY = "示例县"
YEAR = 2024
UNITS = ["教育局", "卫生健康局", "民政局", "人力资源和社会保障局", "财政局", "农业农村局", "水利局", "交通运输局",
         "住房和城乡建设局", "自然资源局", "生态环境局", "文化旅游广电体育局", "市场监督管理局", "应急管理局",
         "退役军人事务局"]
INDICATORS = [
    ("产出指标", "数量指标", "重点工作任务完成数", "正向", 12, 12, 15),
    ("产出指标", "质量指标", "资金使用合规率", "正向", 1.0, 1.0, 15),
    ("产出指标", "时效指标", "资金支付及时率", "正向", 0.95, 0.97, 10),
    ("产出指标", "成本指标", "公用经费控制率", "反向", "≤100%", "96%", 10),
    ("效益指标", "社会效益指标", "服务对象覆盖率", "正向", 0.9, 0.93, 15),
    ("效益指标", "可持续影响指标", "制度建设完善程度", "定性", "逐步完善", "已完善", 15),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "正向", 0.95, 0.96, 10),
]
# the draft is saved after its revision: only the names say which is later
REVISED, DRAFT_SAVED = 1_717_200_000, 1_717_800_000
IN_YUAN = "医疗保障局"                     # typed every amount in 元
WITHOUT_RESULTS = ("交通运输局", "文化旅游广电体育局")   # saved by a program that does not calculate
EARLIER = ("教育局", "卫生健康局", "水利局")       # in the summary of an earlier run, left in the inbox


def _t2_values(rng: random.Random, unit: str) -> dict:
    full = round(rng.uniform(300, 8000), 2)
    initial = round(full * rng.uniform(0.85, 1.0), 2)
    executed = round(full * rng.uniform(0.88, 1.0), 2)
    basic = round(executed * rng.uniform(0.3, 0.7), 2)
    indicators = []
    for level1, level2, level3, direction, target, actual, points in INDICATORS:
        if isinstance(target, float) and direction == "正向" and rng.random() < 0.3:
            actual = round(target * rng.uniform(0.85, 1.0), 4)
        indicators.append({"level1": level1, "level2": level2, "level3": level3, "direction": direction,
                           "target": target, "actual": actual, "points": points})
    values = {"unit": f"{COUNTY}{unit}", "year": YEAR, "general_initial": initial, "general_full": full,
              "general_executed": executed, "basic_executed": basic, "project_executed": round(executed - basic, 2),
              "goal_expected": "全面完成年度重点工作任务", "goal_actual": "已完成", "indicators": indicators,
              "filler": "张明", "phone": "0737-0000000"}
    return values


def _with_scores(values: dict) -> dict:
    """Units copy the reference score into 得分, a qualitative one scored by hand."""
    out = layout(get_spec("T2"), {"indicators": len(values["indicators"])})
    computed = compute(out, initial_values(out, values))
    for row, done in zip(values["indicators"], computed["indicators"]):
        row["score"] = done["reference"] if done["reference"] is not None else row["points"] * 0.9
    return values


def _t1_values(rng: random.Random, unit: str, projects: float) -> dict:
    """T1 whose 项目支出 is T2's (住房和城乡建设局 states only its 业务工作经费: the files differ)."""
    authorized = rng.randint(12, 120)
    business = round(rng.uniform(15, 20), 2) if unit == "住房和城乡建设局" else projects
    return {"unit": f"{COUNTY}{unit}", "year": YEAR, "staff_authorized": authorized,
            "staff_actual": authorized - rng.randint(-2, 6),
            "car_running_prev": round(rng.uniform(2, 8), 2), "car_running_budget": round(rng.uniform(2, 8), 2),
            "car_running_actual": round(rng.uniform(2, 8), 2), "reception_prev": round(rng.uniform(0.5, 3), 2),
            "reception_budget": round(rng.uniform(0.5, 3), 2), "reception_actual": round(rng.uniform(0.5, 3), 2),
            "business_budget": business, "business_actual": business,
            "public_prev": 80, "public_budget": 85, "public_actual": round(rng.uniform(70, 85), 2),
            "office_actual": round(rng.uniform(10, 20), 2)}


def _national_layout_rows(unit: str) -> list[list]:
    """The official national 整体支出绩效自评表 typed by hand (the layout of seed 003)."""
    return [
        [f"{YEAR} 年度部门整体支出绩效自评表"],
        ["部门名称", f"{COUNTY}{unit}"],
        ["资金情况 (万元)", "年度资金总额", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分(分值×执行率)"],
        [None, "合计", 2150.4, 2286.75, 2201.06, 10, 0.9625, 9.63],
        [None, "其中：当年财政拨款", 2150.4, 2286.75, 2201.06],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标 (50分)", "数量指标", "市场主体监管检查户数", "3000户", "3126户", 25, 25],
        [None, None, "质量指标", "抽检合格率", "≥95%", "96.3%", 25, 25],
        [None, "效益指标 (30分)", "社会效益指标", "食品安全事故发生数", "0起", "0起", 30, 30],
        [None, "满意度指标 (10分)", "服务对象满意度指标", "群众满意度", "≥90%", "92%", 10, 10],
        [None, None, "总分", None, None, None, 100, 99.63, "等级: 优"],
    ]


def generate(directory: Path | str) -> list[Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2024)
    written: list[Path] = []
    t2, t1 = get_spec("T2"), get_spec("T1")
    for i, unit in enumerate(UNITS + [IN_YUAN]):
        values = _with_scores(_t2_values(rng, unit))
        if unit == "农业农村局":
            values["indicators"][1]["score"] = 18                 # above its 15 points
        if unit == "文化旅游广电体育局":
            for row in values["indicators"]:
                row["score"] = round(row["score"] * 0.85, 2)      # deductions: a total of 良
        if unit == "市场监督管理局":
            continue                                               # sends the official layout below
        t2_values = _in_yuan(values) if unit == IN_YUAN else values
        written.append(build_template(t2, directory / f"{COUNTY}{unit}-整体支出绩效自评表.xlsx", t2_values))
        if unit in WITHOUT_RESULTS:
            _save_without_results(written[-1], grade="优" if unit == "文化旅游广电体育局" else None)
        if i % 2 == 0 or unit == IN_YUAN:
            t1_values = _t1_values(rng, unit, values["project_executed"])
            if unit == "水利局":
                t1_values["office_prev"] = "1,234.50"               # a number typed as text, above its total
            written.append(build_template(t1, directory / f"{COUNTY}{unit}-基础数据表.xlsx", t1_values))
            if unit == "教育局":
                written.append(_final_accounts(directory, unit, values, t1_values))
    written.append(write_rows(directory / f"{COUNTY}市场监督管理局-自评表（手填）.xlsx",
                              {"自评表": _national_layout_rows("市场监督管理局")}))
    written += _projects(directory)
    written.append(build_template(get_spec("T7"), directory / f"{COUNTY}民政局-收支情况.xlsx", {
        "unit": f"{COUNTY}民政局", "year": YEAR,
        "income_units": [{"name": "局机关", "fiscal": 1860.5}, {"name": "社会救助服务中心", "fiscal": 412.3}],
        "expense_units": [{"name": "局机关", "personnel": 620.4, "public": 98.6, "project": 1141.5},
                          {"name": "社会救助服务中心", "personnel": 210.2, "public": 31.1, "project": 171.0}],
        "sangong_units": [{"name": "局机关", "reception": 2.1, "car_running": 3.5}],
        "assets_units": [{"name": "局机关", "in_use": 845.0}]}))
    written += _score_table(directory)
    written += _duplicate_and_unreadable(directory, rng)
    written.append(_earlier_summary(directory, written))
    return written


def _in_yuan(values: dict) -> dict:
    """The same figures typed in 元: every amount 10,000 times."""
    return {k: round(v * 10_000, 2) if k.startswith(("general_", "basic_", "project_")) else v for k, v in values.items()}


def _save_without_results(path: Path, grade: str | None = None) -> None:
    """Saved by a program that does not calculate (openpyxl keeps the formulas, drops their
    results); ``grade`` typed over the grade formula (优 where the total gives 良)."""
    workbook = openpyxl.load_workbook(path)
    if grade:
        spec = get_spec("T2")
        cell = workbook.defined_names[spec.defined_name("grade")].attr_text.split("!")[1].replace("$", "")
        workbook[spec.sheet][cell] = grade
    workbook.save(path)


def _earlier_summary(directory: Path, written: list[Path]) -> Path:
    """The summary a bureau made a week earlier from the first files of a few units, left in the inbox."""
    from workbooks.summary import merge, write_summary

    early = [p for p in written if any(p.name.startswith(f"{COUNTY}{unit}-") for unit in EARLIER)]
    path = directory / f"{COUNTY}县汇总（上次）.xlsx"
    return write_summary(merge(early, jobs=1), path, inputs=[str(directory)])


def _final_accounts(directory: Path, unit: str, t2: dict, t1: dict) -> Path:
    """公开01–09表 of a unit, from our T6 templates, agreeing with its self-evaluation."""
    basic, project = t2["basic_executed"], t2["project_executed"]
    name = f"{COUNTY}{unit}"
    rows = [{"code": "205", "name": "教育支出", "basic": basic, "project": project},
            {"code": "20501", "name": "教育管理事务", "basic": basic, "project": project}]
    values = {
        "T6-01": {"unit": name, "year": YEAR, "general_amount": round(basic + project, 2), "f05_amount": round(basic + project, 2)},
        "T6-02": {"unit": name, "year": YEAR, "rows": [{"code": r["code"], "name": r["name"], "fiscal": round(basic + project, 2)} for r in rows]},
        "T6-03": {"unit": name, "year": YEAR, "rows": rows},
        "T6-05": {"unit": name, "year": YEAR, "rows": rows},
        "T6-07": {"unit": name, "year": YEAR, "budget_car_running": t1["car_running_budget"],
                  "budget_reception": t1["reception_budget"], "actual_car_running": t1["car_running_actual"],
                  "actual_reception": t1["reception_actual"]},
    }
    for spec in bundles()["T6"]:
        values.setdefault(spec.id, {}).update(unit=name, year=YEAR)
    return build_workbook(bundles()["T6"], directory / f"{name}-部门决算公开表.xlsx", values)


def _projects(directory: Path) -> list[Path]:
    spec = get_spec("T3-HN")
    projects = [
        ("人力资源和社会保障局", "就业创业补助资金", 120, 118.6, 96),
        ("农业农村局", "高标准农田建设", 860, 842.35, 92),
    ]
    paths = []
    for unit, project, planned, spent, score in projects:
        values = {"project": project, "year": YEAR, "unit": f"{COUNTY}{unit}", "department": f"{COUNTY}{unit}",
                  "county_planned": planned, "county_received": planned, "county_spent": spent,
                  "expenses": [{"item": "项目实施支出", "amount": round(spent * 0.8, 2)},
                               {"item": "其他支出", "amount": round(spent - round(spent * 0.8, 2), 2)}],
                  "total_score": score}
        paths.append(build_template(spec, directory / f"{COUNTY}{unit}-项目自评表-{project}.xlsx", values))
    return paths


def _score_table(directory: Path) -> list[Path]:
    spec = get_spec("T4")
    rows = [tuple(r) for s in spec.sections if s.get("type") == "tree" for r in s["rows"]]
    scores = [{"self": points} for *_, points in rows]
    scores[11]["self"] = 2                                          # 预算调整率: 2 of 3
    return [build_template(spec, directory / f"{COUNTY}民政局-整体支出绩效评分表.xlsx",
                           {"unit": f"{COUNTY}民政局", "year": YEAR, "items": scores})]


def _duplicate_and_unreadable(directory: Path, rng: random.Random) -> list[Path]:
    spec = get_spec("T2")
    first = build_template(spec, directory / f"{COUNTY}审计局-整体支出绩效自评表（初稿）.xlsx",
                           _with_scores(_t2_values(rng, "审计局")))
    second = build_template(spec, directory / f"{COUNTY}审计局-整体支出绩效自评表（修改稿）.xlsx",
                            _with_scores(_t2_values(rng, "审计局")))
    os.utime(first, (DRAFT_SAVED, DRAFT_SAVED))
    os.utime(second, (REVISED, REVISED))
    broken = directory / f"{COUNTY}统计局-整体支出绩效自评表.xlsx"
    data = build_template(spec, broken, _with_scores(_t2_values(rng, "统计局"))).read_bytes()
    broken.write_bytes(data[: len(data) // 3])                     # a transfer cut short
    return [first, second, broken]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "samples"
    files = generate(target)
    print(f"已生成 {len(files)} 个示例文件于 {target}")
