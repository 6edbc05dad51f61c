"""Workbooks a unit sends: a T2 built from our template (as Excel saves it, with cached values),
with every indicator met, or with one score above its points."""

from __future__ import annotations

from pathlib import Path

from workbooks.build import build_template
from workbooks.spec import get_spec

INDICATORS = [
    ("产出指标", "数量指标", "重点工作任务完成数", "正向", 12, 12, 20),
    ("产出指标", "质量指标", "资金使用合规率", "正向", 1.0, 1.0, 20),
    ("产出指标", "时效指标", "资金支付及时率", "正向", 0.95, 0.97, 10),
    ("效益指标", "社会效益指标", "服务对象覆盖率", "正向", 0.9, 0.93, 30),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "正向", 0.95, 0.96, 10),
]


def t2_values(unit: str, full: float = 1000.0, executed: float = 950.0, over: int | None = None) -> dict:
    """A unit's T2: budget ``full`` 万元, ``executed`` spent; indicator ``over`` scored 3 above its points."""
    indicators = [{"level1": a, "level2": b, "level3": c, "direction": d, "target": t, "actual": v, "points": p,
                   "score": p + (3 if i == over else 0)} for i, (a, b, c, d, t, v, p) in enumerate(INDICATORS)]
    return {"unit": unit, "year": 2024, "general_initial": full, "general_full": full, "general_executed": executed,
            "basic_executed": round(executed * 0.4, 2), "project_executed": round(executed * 0.6, 2),
            "goal_expected": "全面完成年度重点工作任务", "goal_actual": "已完成", "indicators": indicators,
            "filler": "张明", "phone": "0737-0000000"}


def t2_file(path: Path, unit: str, **kwargs) -> Path:
    return build_template(get_spec("T2"), path, t2_values(unit, **kwargs))
