"""JX001 必填项: a required cell blank, or holding only a placeholder (``/``, ``无``), is missing."""

import pytest

from tests.helpers import official
from tests.workbooks.rules._fixture import rule_rows


@pytest.mark.parametrize("blank", [None, "/", "无", "——"])
def test_a_required_cell_blank_or_not_applicable_is_missing(tmp_path, blank):
    rows = rule_rows(tmp_path, "JX001", {"自评表": official.seed_003_t2(B2=blank)})
    assert rows == [("自评表", "B2", "required-missing", "error")]


def test_a_template_that_states_no_year_lacks_it(tmp_path):
    assert rule_rows(tmp_path, "JX001", {"附件2-2": official.seed_001_t2()}) == [("附件2-2", "", "field-not-found", "warning")]
