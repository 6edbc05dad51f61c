"""JX101 合计: a total equals the sum of its parts; within a cent per part it is a 尾数误差 warning."""

import pytest

from tests.helpers import official
from tests.workbooks.rules._fixture import rule_rows


@pytest.mark.parametrize(("total", "expected"), [
    (50, []), (50.01, [("Sheet1", "B23", "rounding-tail", "warning")]), (51, [("Sheet1", "B23", "sum-mismatch", "error")]),
])
def test_the_project_spending_total(tmp_path, total, expected):
    assert rule_rows(tmp_path, "JX101", {"Sheet1": official.seed_002_project(B23=total)}) == expected
