"""JX105 表间一致: the same quantity stated on two sheets agrees; a cent apart is a tail."""

import pytest

from tests.helpers import official
from tests.workbooks.rules._fixture import rule_rows


@pytest.mark.parametrize(("project", "expected"), [
    (106.13, []), (106.14, [("附件2-2", "E9", "cross-sheet-tail", "warning")]),
    (149.27, [("附件2-2", "E9", "cross-sheet-mismatch", "error")]),
])
def test_project_spending_on_both_sheets(tmp_path, project, expected):
    sheets = {"附件2-1": official.seed_001_t1(), "附件2-2": official.seed_001_t2(E9=project)}
    assert rule_rows(tmp_path, "JX105", sheets) == expected
