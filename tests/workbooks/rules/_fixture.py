"""The findings of one rule on a sheet of the seeds' layouts (other rules' findings left out)."""

from __future__ import annotations

from tests.helpers import official
from workbooks.check import check_file
from workbooks.checks import REGISTRY


def rule_rows(tmp_path, code: str, sheets: dict, specs=None) -> list[tuple[str, str, str, str]]:
    types = REGISTRY[code].types
    return [r for r in check_file(official.write(tmp_path / "unit.xlsx", sheets), specs).rows if r[2] in types]
