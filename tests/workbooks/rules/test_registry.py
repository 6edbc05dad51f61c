"""The rule registry: stable codes, every finding type owned by exactly one rule, the README's
table equal to the registry, and the choice of rules by code or prefix."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from addin.cli import main
from tests.helpers import official
from workbooks.check import check_file
from workbooks.checks import REGISTRY, RULE_OF, SelectionError, _unowned, rule_table, selected_types
from workbooks.checks.findings import ERROR_TYPES

README = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")


def test_every_finding_type_belongs_to_exactly_one_rule():
    assert _unowned() == []
    assert sorted(RULE_OF) == sorted(ERROR_TYPES)
    assert all(t.title and not t.title.isascii() for t in ERROR_TYPES.values())


def test_codes_are_stable_and_names_unique():
    assert all(code.startswith("JX") and len(code) == 5 for code in REGISTRY)
    names = [rule.name for rule in REGISTRY.values()]
    assert len(names) == len(set(names))


def test_readme_lists_the_rules_as_the_registry_holds_them():
    table = "\n".join("| " + " | ".join(row) + " |" for row in rule_table())
    assert table in README


def test_cli_lists_the_rules_in_chinese():
    result = CliRunner().invoke(main, ["check", "--rules"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "编号\t规则\t默认级别\t县可修改"
    assert lines[1:] == ["\t".join((code, title, severity, county)) for code, _, title, severity, county in rule_table()]
    assert "JX305\t偏差原因\t错误\t可" in lines


def test_select_and_ignore_by_code_or_prefix():
    assert selected_types(("JX101",)) == frozenset(
        {"sum-mismatch", "rounding-tail", *REGISTRY["JX000"].types, *REGISTRY["JX009"].types})
    scores = selected_types(("JX3",), ("JX303",))
    assert "points-total" not in scores and "score-above-rule" in scores and "reason-missing" in scores
    assert "empty-file" in selected_types((), ("JX0",))        # the file rules always report
    with pytest.raises(SelectionError):
        selected_types(("JX999",))


def test_check_select_keeps_only_the_findings_of_the_chosen_rules(tmp_path):
    official.write(tmp_path / "003.xlsx", {"自评表": official.seed_003_t2(H22=98.5)})
    run = CliRunner().invoke
    everything = run(main, ["check", str(tmp_path)])
    only_sums = run(main, ["check", str(tmp_path), "--select", "JX101"])
    without_sums = run(main, ["check", str(tmp_path), "--ignore", "jx1"])
    assert "（合计不符 JX101）" in everything.output and everything.exit_code == 1
    assert "合计不符 JX101" in only_sums.output and "得分低于规则 JX301" not in only_sums.output and only_sums.exit_code == 1
    assert "合计不符 JX101" not in without_sums.output and "得分低于规则 JX301" in without_sums.output
    assert run(main, ["check", str(tmp_path), "--select", "JX9"]).exit_code == 2
    assert check_file(tmp_path / "003.xlsx").rows == [("自评表", "H22", "sum-mismatch", "error"),
                                                      ("自评表", "H21", "score-below-rule", "warning"),
                                                      ("自评表", "I21", "reason-missing", "error")]
