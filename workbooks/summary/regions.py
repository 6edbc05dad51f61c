"""Which region a summary's units belong to, so that a unit is one (地区 path, unit name, year).

A region is a path of names (``某市/甲县``), compared name by name after the same normalisation as
unit names; a path and its tail are the same region (a city summary's ``某市/甲县`` is the county
summary's ``甲县``). A summary that does not state its region (made without ``--region``) is named
by its title or its file name when it is merged beside other summaries or into a named region:
two counties' 教育局 are two units.

Two summaries covering the same region and year are versions of it: the later one (by the same
rules as a unit's files, :func:`workbooks.summary.inbox.later`) is kept for that region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from workbooks.summary.inbox import Candidate, later, unit_key
from workbooks.summary.readback import ReadSummary

_PLACE = re.compile(r"[省市州盟县区旗]")
_TAIL = re.compile(r"\d{4}|预算绩效|绩效|汇总|自评|[（(【\[［〔]")
_BRACKETED = re.compile(r"[（(【\[［〔][^）)】\]］〕]*[）)】\]］〕]")


def parts(region: object) -> list[str]:
    return [p for p in (unit_key(x) for x in str(region or "").split("/")) if p]


def same_region(a: object, b: object) -> bool:
    """Whether two region paths name the same region: the shorter is the tail of the longer."""
    a, b = parts(a), parts(b)
    n = min(len(a), len(b))
    return a[-n:] == b[-n:] if n else a == b


def _place(text: str) -> str:
    """The place a title or file name starts with (甲县2024年度…汇总表 → 甲县), "" when none."""
    head = _TAIL.split(text, 1)[0].strip(" -_—.、")
    return head if len(head) >= 2 and _PLACE.search(head) else ""


def named_region(title: str, path: Path) -> str:
    """The region of a summary that states none: by its title, its file name or its folder; else
    its file name without versions in brackets (versions of one file share it)."""
    return (_place(title) or _place(path.stem) or _place(path.parent.name)
            or str(path.parent / _BRACKETED.sub("", path.stem)))


@dataclass
class Opened:
    """A summary among the inputs, read and checked: its region and the regions of its rows."""
    path: Path
    saved: str
    read: ReadSummary
    region: str
    replaced: dict[str, tuple[Path, str]] = field(default_factory=dict)   # row region → (kept summary, why)

    def rows_by_region(self, nested) -> dict[str, set]:
        years: dict[str, set] = {}
        for record in self.read.tables["units"]:
            years.setdefault(nested(self.region, str(record.get("region") or "")), set()).add(record.get("year"))
        return years


def resolve_versions(opened: list[Opened], nested) -> None:
    """For each region two summaries cover in the same year, the later summary's rows are kept and
    the other's are marked ``replaced`` (``opened`` comes latest first)."""
    claimed: list[tuple[str, set, Opened]] = []
    for item in opened:
        for region, years in item.rows_by_region(nested).items():
            owner = next((o for r, y, o in claimed if same_region(r, region) and _overlap(y, years)), None)
            if owner is None:
                claimed.append((region, years, item))
                continue
            _, _, why = later(Candidate(owner.path, owner.saved), Candidate(item.path, item.saved))
            item.replaced[region] = (owner.path, why)


def _overlap(a: set, b: set) -> bool:
    a, b = a - {None}, b - {None}
    return not a or not b or bool(a & b)
