"""A rule is a small class with a fixed kebab-case ``type``; it looks at one template and emits
findings. A rule that cannot be applied says why instead of crashing (see :func:`run_rules`)."""

from __future__ import annotations

from typing import ClassVar

from workbooks.checks.context import Context


class Rule:
    type: ClassVar[str]
    title: ClassVar[str]

    def applies(self, ctx: Context) -> bool:
        return True

    def check(self, ctx: Context) -> None:
        raise NotImplementedError


def run_rules(ctx: Context, rules: list[Rule]) -> None:
    for rule in rules:
        try:
            if rule.applies(ctx):
                rule.check(ctx)
        except Exception as exc:  # a broken rule must not stop the others nor the batch
            ctx.emit("rule-not-applied", message=rule.type, actual=f"{type(exc).__name__}: {exc}", label="")
