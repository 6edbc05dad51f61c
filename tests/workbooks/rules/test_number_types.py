"""JX002 数字类型: a number typed as text is read with a warning, text that is no number is an error,
an error value is an error, and a placeholder (``/ — —— － 无``) means nothing to report."""

import pytest

from tests.helpers import official
from tests.workbooks.rules._fixture import rule_rows


@pytest.mark.parametrize(("value", "expected"), [
    ("1,387.53", [("自评表", "D4", "number-as-text", "warning")]),
    ("１３８７.５３万元", [("自评表", "D4", "number-as-text", "warning")]),
    ("一千多", [("自评表", "D4", "not-a-number", "error")]),
    ("#REF!", [("自评表", "D4", "error-value", "error")]),
])
def test_numbers_as_people_type_them(tmp_path, value, expected):
    assert rule_rows(tmp_path, "JX002", {"自评表": official.seed_003_t2(D4=value)}) == expected


@pytest.mark.parametrize("placeholder", ["/", "—", "——", "－", "无"])
def test_not_applicable_is_no_finding(tmp_path, placeholder):
    # the 上年结转资金 row has no money: a placeholder instead of a blank
    assert rule_rows(tmp_path, "JX002", {"自评表": official.seed_003_t2(C6=placeholder, D6=placeholder)}) == []
