"""What the board says about a unit: which of its submissions count now, and its state."""

from __future__ import annotations

from dataclasses import dataclass

from addin.desk.db import Submission, Unit

STATES = {"none": "未提交", "pending": "校验中", "errors": "有错误", "warnings": "仅提示", "passed": "已通过"}


def current(submissions: list[Submission]) -> list[Submission]:
    """The submissions that count: a later file with the same templates replaces an earlier one,
    and a file in which no template was found is replaced by any later file."""
    kept: list[Submission] = []
    covered: set[str] = set()
    for item in sorted(submissions, key=lambda s: (s.received, s.id), reverse=True):
        found = set(item.templates.split(",")) - {""}
        if item.state == "pending" or (found and not found <= covered) or (not found and not kept):
            kept.append(item)
        covered |= found
    return sorted(kept, key=lambda s: (s.received, s.id))


@dataclass
class Row:
    unit: Unit
    state: str
    errors: int
    warnings: int
    files: int
    last: object

    @property
    def label(self) -> str:
        return STATES[self.state]


def row(unit: Unit) -> Row:
    items = current(unit.submissions)
    errors, warnings = sum(s.errors for s in items), sum(s.warnings for s in items)
    state = ("none" if not items else "pending" if any(s.state == "pending" for s in items) else
             "errors" if errors else "warnings" if warnings else "passed")
    last = max((s.received for s in unit.submissions), default=None)
    return Row(unit, state, errors, warnings, len(items), last)


def state_of(submission: Submission) -> str:
    if submission.state == "pending":
        return "pending"
    return "errors" if submission.errors else "warnings" if submission.warnings else "passed"
