"""JX401 评价等次: the grade follows from the total and is not blank."""

import pytest

from tests.helpers import official
from tests.workbooks.rules._fixture import rule_rows


@pytest.mark.parametrize(("grade", "expected"), [
    ("优", []), (None, [("附件2-2", "B27", "grade-blank", "error")]), ("良", [("附件2-2", "B27", "grade-mismatch", "error")]),
    (0, [("附件2-2", "B27", "grade-uncached", "warning")]),
])
def test_the_grade_against_the_total(tmp_path, grade, expected):
    assert rule_rows(tmp_path, "JX401", {"附件2-2": official.seed_001_t2(B27=grade)}) == expected
