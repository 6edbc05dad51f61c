"""评分表 trees: each 一级 and 二级 分值 (the number in brackets) equals the sum of the 分值 below it, the
一级 add up to 100 (and to the spec's weights, a hint), and a row under a step rule scores one of the
rule's outcomes. The range of each score is the range rule's (ranges.py)."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from udfs.compare import within
from udfs.steps import parse_step_rule
from workbooks.checks.base import Rule
from workbooks.checks.context import Context
from workbooks.checks.findings import figure
from workbooks.locate import norm

_POINTS = re.compile(r"[（(]\s*([\d.]+)\s*分\s*[）)]")
_LEVELS = ("level1", "level2", "level3")
_LEVEL_NAMES = {"level1": "一级指标", "level2": "二级指标", "level3": "三级指标"}


@lru_cache(maxsize=4096)
def stated_points(label: object) -> float | None:
    match = _POINTS.search(str(label or ""))
    return float(match[1]) if match else None


@lru_cache(maxsize=4096)
def node_name(label: object) -> str:
    return norm(_POINTS.sub("", str(label or "")))


@lru_cache(maxsize=64)
def _rules_by_node(rules: tuple[tuple[str, str], ...]) -> dict[str, str]:
    by_node: dict[str, str] = {}
    for name, text in rules:
        by_node.setdefault(node_name(name), text)
    return by_node


class Trees(Rule):
    code = "JX402"
    name = "tree-points"
    title = "评分表分值"
    types = ("tree-points", "weights-deviate")
    configurable = True

    def applies(self, ctx: Context) -> bool:
        return "items" in ctx.layout.trees

    def check(self, ctx: Context) -> None:
        rows = ctx.extract.values.get("items") or []
        tree = ctx.layout.trees["items"]
        sums: dict[tuple, float] = defaultdict(float)
        labels: dict[tuple, tuple[object, int]] = {}
        for i, (row, numbers) in enumerate(zip(rows, ctx.numbers.get("items") or [])):
            points = numbers.get("points") or 0.0
            names = tuple(map(node_name, map(row.get, _LEVELS)))
            for depth, level in enumerate(_LEVELS):
                path = names[: depth + 1]
                sums[path] += points
                labels.setdefault(path, (row.get(level), i))
        for path, (label, i) in labels.items():
            stated = stated_points(label)
            if stated is not None and abs(stated - sums[path]) > 1e-6:
                level = _LEVELS[len(path) - 1]
                ctx.emit("tree-points", f"items.{level}", i, label=f"{_LEVEL_NAMES[level]}“{path[-1]}”",
                         actual=stated, expected=sums[path], kind="points")
        level1 = {p[0]: s for p, s in sums.items() if len(p) == 1}
        if level1 and abs(sum(level1.values()) - 100) > 1e-6:
            ctx.emit("tree-points", "total_points", label="总分", actual=100, expected=sum(level1.values()), kind="points")
        for name, weight in tree["weights"].items():
            if name in level1 and abs(level1[name] - weight) > 1e-6:
                i = labels[(name,)][1]
                ctx.emit("weights-deviate", "items.level1", i, label=f"一级指标“{name}”", actual=level1[name],
                         expected=weight, kind="points")


class StepRules(Rule):
    """A row under a step rule of the 评分表 (三公经费变动率 >0 → 0 …) scores one of its outcomes."""

    code = "JX403"
    name = "step-rule"
    title = "分段计分"
    types = ("step-rule",)
    configurable = True

    def applies(self, ctx: Context) -> bool:
        return "items" in ctx.layout.trees and bool(ctx.layout.trees["items"]["rules"])

    def check(self, ctx: Context) -> None:
        rules = _rules_by_node(tuple(ctx.layout.trees["items"]["rules"].items()))
        rows = ctx.extract.values.get("items") or []
        for i, (row, numbers) in enumerate(zip(rows, ctx.numbers.get("items") or [])):
            text, score = rules.get(node_name(row.get("level3"))), numbers.get("self")
            if text is None or score is None:
                continue
            points = numbers.get("points") or 0.0
            outcomes = [(c.low * points, c.high * points) for c in parse_step_rule(text).clauses]
            if not any(within(score, low, high) for low, high in outcomes):
                allowed = "、".join(figure(lo, "score") if lo == hi else f"{figure(lo, 'score')}～{figure(hi, 'score')}"
                                    for lo, hi in outcomes)
                ctx.emit("step-rule", "items.self", i, actual=score, expected=allowed)
