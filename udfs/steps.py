"""Step rules of the 评分表, as data: ``">0:0; =0:0.5; <0:1"``.

Each clause is ``COMPARISON VALUE : SHARE`` where SHARE is the share of 分值 given, or a range
``LOW-HIGH`` when the table leaves the score to judgement (成本节约率 < 0 → 0–5 of 10 points).
``else`` matches anything. Clauses are tried in order. Counties change these every year, so
they live in the template specs, never in code.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import lru_cache

from udfs.numbers import normalise_text, parse_number

_OPS = {
    ">=": operator.ge, "≥": operator.ge, "<=": operator.le, "≤": operator.le,
    ">": operator.gt, "<": operator.lt, "=": operator.eq,
}
_CLAUSE = re.compile(r"^(?:(?P<op>>=|<=|≥|≤|>|<|=)(?P<value>[^:]+)|(?P<else>else|其他|其余)):(?P<share>[^:]+)$")

# The rules of seed 004 (桃江县 2021), the defaults of the T4/T5 specs.
SANGONG_CHANGE = ">0:0; =0:0.5; <0:1"           # 三公经费变动率
SATISFACTION = ">=95%:1; >=80%:0.6; else:0"      # 满意度
KEY_SPENDING = ">=60%:1; else:0"                 # 重点支出安排率
COST_SAVING = ">0:1; =0:0.9; <0:0-0.5"           # 成本节约率


@dataclass(frozen=True)
class Clause:
    op: str | None          # None for else
    value: float | None
    low: float              # share of 分值
    high: float


@dataclass(frozen=True)
class StepRule:
    clauses: tuple[Clause, ...]
    text: str

    def shares(self, value: float) -> tuple[float, float] | None:
        """The (low, high) share of 分值 for ``value``; None when no clause matches."""
        for clause in self.clauses:
            if clause.op is None or _OPS[clause.op](round(value, 12), clause.value):
                return clause.low, clause.high
        return None

    def score(self, value: float, points: float) -> tuple[float, float] | None:
        """The (low, high) score; low == high where the rule fixes it."""
        shares = self.shares(value)
        return None if shares is None else (points * shares[0], points * shares[1])


def _share(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    lo, hi = parse_number(low), parse_number(high or low)
    if not (lo.ok and hi.ok) or not (0 <= lo.value <= hi.value <= 1):
        raise ValueError(f"评分规则中的得分比例“{text}”应为0到1之间的数或区间")
    return lo.value, hi.value


@lru_cache(maxsize=1024)
def parse_step_rule(text: str) -> StepRule:
    """Parse a rule; raises ValueError with a Chinese message naming the bad clause. (Cached: the
    rules of a 评分表 repeat in every file of a batch.)"""
    clauses = []
    for raw in normalise_text(text).replace("；", ";").split(";"):
        if not raw:
            continue
        match = _CLAUSE.match(raw)
        if not match:
            raise ValueError(f"无法识别评分规则“{raw}”，应写作“>=95%:1”或“else:0”")
        low, high = _share(match["share"])
        if match["else"]:
            clauses.append(Clause(None, None, low, high))
            continue
        bound = parse_number(match["value"])
        if not bound.ok:
            raise ValueError(f"评分规则“{raw}”中的界限不是数字")
        clauses.append(Clause(match["op"], bound.value, low, high))
    if not clauses:
        raise ValueError("评分规则为空")
    return StepRule(tuple(clauses), text)


def step_score(value: object, rule: str | StepRule, points: object) -> float | str | None:
    """The score a step rule gives ``value`` out of ``points``: a number, or ``"0~5"`` where the rule
    leaves a range to judgement; None when the value or points are missing or no clause matches."""
    number, pts = parse_number(value), parse_number(points)
    if not (number.ok and pts.ok):
        return None
    compiled = rule if isinstance(rule, StepRule) else parse_step_rule(rule)
    scored = compiled.score(number.value, pts.value)
    if scored is None:
        return None
    low, high = scored
    return low if low == high else f"{low:g}~{high:g}"
