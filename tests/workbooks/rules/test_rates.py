"""JX201 比率: a stated rate equals its definition at the shown precision; truncated is a warning."""

import pytest

from tests.helpers import official
from tests.workbooks.rules._fixture import rule_rows


@pytest.mark.parametrize(("rate", "expected"), [
    (0.8824, []), (0.8823, [("附件2-1", "D5", "rate-truncated", "warning")]), (0.9, [("附件2-1", "D5", "rate-mismatch", "error")]),
])
def test_the_staff_control_rate(tmp_path, rate, expected):
    sheets = {"附件2-1": official.seed_001_t1(B5=17, C5=15, D5=rate)}
    assert rule_rows(tmp_path, "JX201", sheets) == expected
