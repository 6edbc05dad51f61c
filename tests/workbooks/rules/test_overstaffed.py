"""JX202 超编: more staff than posts is a hint, which a county may raise to an error."""

from tests.helpers import official
from tests.helpers.county import county_specs
from tests.workbooks.rules._fixture import rule_rows


def test_overstaffing_is_a_hint_or_the_countys_error(tmp_path):
    sheets = {"附件2-1": official.seed_001_t1(C5=18, D5=1.125)}
    assert rule_rows(tmp_path, "JX202", sheets) == [("附件2-1", "D5", "overstaffed", "warning")]
    specs = county_specs(tmp_path / "县T1.toml", "T1", '[rules.JX202]\nseverity = "error"\n')
    assert rule_rows(tmp_path, "JX202", sheets, specs) == [("附件2-1", "D5", "overstaffed", "error")]
