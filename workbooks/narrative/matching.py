"""Which unit a report belongs to: the unit whose name the report states (部门名称, 单位名称, the
title) among the units of the workbooks checked with it, and, where names do not decide, the
folder it was found in."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from workbooks.narrative.documents import Block
from workbooks.narrative.tables import Fact

_NAMED = re.compile(r"(?:预算部门名称|部门[（(]单位[）)]名称|部门名称|单位名称|填报单位|评价单位(?:[（(]盖章[）)])?|预算单位)"
                    r"[：:]?(?P<name>[\u4e00-\u9fff（）()]{4,40}?)(?=预算编码|填报日期|评价方式|$|[，,。；\s])")
_HEAD_BLOCKS = 80


def unit_key(name: str) -> str:
    """A unit name as compared: spaces trimmed, full- and half-width punctuation unified."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def stated_units(blocks: list[Block]) -> list[str]:
    """The unit names a report states in its first blocks, in order."""
    names = []
    for block in blocks[:_HEAD_BLOCKS]:
        for match in _NAMED.finditer("".join(block.text.split())):
            names.append(match["name"])
    return list(dict.fromkeys(names))


def match_unit(path: Path, blocks: list[Block], facts: list[Fact]) -> str | None:
    """The unit of ``facts`` the report belongs to, or None."""
    units: dict[str, set[Path]] = {}
    for fact in facts:
        if fact.unit:
            units.setdefault(fact.unit, set()).add(Path(fact.file).parent.resolve())
    if not units:
        return None
    text = unit_key("".join(b.text for b in blocks))
    stated = {unit_key(n) for n in stated_units(blocks)}
    folder = path.parent.resolve()

    def score(unit: str) -> tuple[int, int, int]:
        key = unit_key(unit)
        return (key in stated, folder in units[unit], len(key)) if key in text else (0, 0, 0)

    best = max(units, key=score)
    if score(best) != (0, 0, 0):
        return best
    here = [unit for unit, folders in units.items() if folder in folders]
    return here[0] if len(here) == 1 else None
