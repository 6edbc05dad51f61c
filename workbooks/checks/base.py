"""A rule, as ruff keeps them: a class with a stable code (``JX101``), a kebab-case name, a Chinese
title, the finding types it may raise (no two rules share one), and whether a county's spec may
change it (the severity of its findings, its thresholds). It looks at one template and emits
findings; a rule that cannot be applied says why instead of crashing (see :func:`run_rules`)."""

from __future__ import annotations

import logging
from typing import ClassVar

from workbooks.checks.context import Context
from workbooks.checks.findings import ERROR_TYPES

_log = logging.getLogger(__name__)
FAILED = "程序内部错误，该规则已跳过，其余规则照常校验；请将此文件反馈给维护人员"


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    title: ClassVar[str]
    types: ClassVar[tuple[str, ...]]
    configurable: ClassVar[bool] = False           # a county's spec may set severity and parameters
    parameters: ClassVar[dict[str, float]] = {}    # thresholds a county's spec may change

    def applies(self, ctx: Context) -> bool:
        return True

    def check(self, ctx: Context) -> None:
        raise NotImplementedError

    @classmethod
    def severity(cls) -> str:
        """The default severity: that of its most severe type."""
        severities = {ERROR_TYPES[t].severity for t in cls.types}
        return "error" if "error" in severities else "warning"

    def parameter(self, ctx: Context, key: str) -> float:
        """A threshold: the template spec's ``[rules.JXnnn]`` value, else the rule's default."""
        return ctx.extract.spec.rules.get(self.code, {}).get(key, self.parameters[key])


def run_rules(ctx: Context, rules: list[Rule]) -> None:
    overrides = ctx.extract.spec.rules
    for rule in rules:
        start = len(ctx.findings)
        try:
            if rule.applies(ctx):
                rule.check(ctx)
        except Exception:  # a broken rule must not stop the others nor the batch
            _log.debug("rule %s failed on %s", rule.code, ctx.file, exc_info=True)
            ctx.emit("rule-not-applied", message=f"{rule.code} {rule.title}", actual=FAILED, label="")
            continue
        severity = overrides.get(rule.code, {}).get("severity")
        if severity:
            ctx.findings[start:] = [f.with_severity(severity) for f in ctx.findings[start:]]
