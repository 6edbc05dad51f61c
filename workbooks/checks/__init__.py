"""The rule registry: every rule with its stable code, what each finding type belongs to, and the
choice of rules (``--select`` / ``--ignore`` by code or code prefix, as ruff does)."""

from __future__ import annotations

from workbooks.checks.base import Rule, run_rules
from workbooks.checks.choices import Choices
from workbooks.checks.coverage import Coverage
from workbooks.checks.cross import CrossSheet
from workbooks.checks.findings import ERROR_TYPES
from workbooks.checks.formulas import FormulaIntegrity
from workbooks.checks.grades import Grades
from workbooks.checks.indicators import Bands, PointsTotal
from workbooks.checks.ledgers import CodeTree
from workbooks.checks.parts import Parts
from workbooks.checks.ranges import ScoreRange
from workbooks.checks.rates import Rates
from workbooks.checks.reasons import Reasons
from workbooks.checks.required import Required
from workbooks.checks.scores import Scores
from workbooks.checks.splits import Splits
from workbooks.checks.staff import Overstaffed
from workbooks.checks.sums import Sums
from workbooks.checks.trees import StepRules, Trees
from workbooks.checks.types import NumberTypes
from workbooks.checks.yuan import UnitYuan, YuanHeader


class FileReadable(Rule):
    """Reported while opening a file, before any rule runs; never deselected."""

    code = "JX000"
    name = "file"
    title = "文件可读"
    types = ("empty-file", "not-a-workbook", "corrupt", "encrypted", "too-large", "unreadable", "no-template", "macros",
             "external-link", "dde-link", "crashed", "timeout", "not-annotated")


class RuleFailed(Rule):
    """A rule that could not be applied to a template says so; never deselected."""

    code = "JX009"
    name = "rule-not-applied"
    title = "规则未能执行"
    types = ("rule-not-applied",)


class FinalAccounts(Rule):
    """Raised by the merge, where a unit's 决算 and its self-evaluation meet."""

    code = "JX106"
    name = "final-accounts"
    title = "决算与自评一致"
    types = ("final-accounts-differ",)
    configurable = True


class SummaryInvalid(Rule):
    """Raised by the merge: a summary among the inputs whose rows do not follow from its figures."""

    code = "JX109"
    name = "summary-invalid"
    title = "汇总表核对"
    types = ("summary-invalid",)


class ReportReadable(Rule):
    """Raised while reading a unit's 自评报告 (workbooks/narrative)."""

    code = "JX601"
    name = "report-readable"
    title = "自评报告可读"
    types = ("report-needs-conversion", "report-no-text", "report-no-statements")


class ReportFigures(Rule):
    """Raised by the checks of a 自评报告 (workbooks/narrative/rules.py): its figures against each
    other and against the unit's tables."""

    code = "JX602"
    name = "report-figures"
    title = "自评报告数字"
    types = ("report-part-exceeds", "report-part-misses", "report-share-mismatch", "report-rate-mismatch",
             "report-shares-total", "report-stated-twice", "report-grade-mismatch", "report-table-mismatch")


# run on every template found, in this order
RULES: list[Rule] = [YuanHeader(), Required(), NumberTypes(), Choices(), FormulaIntegrity(), Sums(), Parts(), Splits(), CodeTree(), Rates(),
                     Overstaffed(), Scores(), Bands(), PointsTotal(), ScoreRange(), Reasons(), Coverage(), Grades(),
                     Trees(), StepRules(), UnitYuan()]
REGISTRY: dict[str, type[Rule]] = {r.code: r for r in sorted(
    [FileReadable, RuleFailed, CrossSheet, FinalAccounts, SummaryInvalid, ReportReadable, ReportFigures,
     *map(type, RULES)], key=lambda r: r.code)}
ALWAYS = frozenset({FileReadable.code, RuleFailed.code})
RULE_OF: dict[str, type[Rule]] = {t: rule for rule in REGISTRY.values() for t in rule.types}


def shown_rule(type_: str) -> str:
    """A finding's rule as people see it: the type's Chinese title and its rule's code
    (``合计不符 JX101``); a type this version does not know (read from an older summary) as it is."""
    kind, rule = ERROR_TYPES.get(type_), RULE_OF.get(type_)
    return f"{kind.title} {rule.code}" if kind and rule else type_


def type_of(shown: str) -> str:
    """The finding type a 规则 cell written by :func:`shown_rule` stands for."""
    return _SHOWN.get(shown, shown)


_SHOWN = {shown_rule(t): t for t in ERROR_TYPES}


class SelectionError(ValueError):
    pass


def selected_types(select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> frozenset[str]:
    """The finding types of the rules chosen: those matching a code or prefix of ``select`` (all
    when none is given) and none of ``ignore``; the file and rule-failure types always."""
    for code in (*select, *ignore):
        if not any(c.startswith(code.upper()) for c in REGISTRY):
            raise SelectionError(f"没有规则“{code}”（jixiao check --rules 查看全部规则）")

    def matches(code: str, prefixes: tuple[str, ...]) -> bool:
        return any(code.startswith(p.upper()) for p in prefixes)

    chosen = [rule for code, rule in REGISTRY.items()
              if code in ALWAYS or ((not select or matches(code, select)) and not matches(code, ignore))]
    return frozenset(t for rule in chosen for t in rule.types)


def rule_table() -> list[tuple[str, str, str, str, str]]:
    """(code, name, 中文名, default severity in Chinese, whether a county may change it) of every rule."""
    from workbooks.checks.findings import SEVERITY_NAMES
    return [(code, rule.name, rule.title, SEVERITY_NAMES[rule.severity()], "可" if rule.configurable else "")
            for code, rule in REGISTRY.items()]


def _unowned() -> list[str]:
    """Finding types no rule declares, and types two rules declare (both must be empty)."""
    declared = [t for rule in REGISTRY.values() for t in rule.types]
    return sorted({t for t in declared if declared.count(t) > 1} | (set(ERROR_TYPES) ^ set(declared)))


__all__ = ["ALWAYS", "REGISTRY", "RULES", "RULE_OF", "Rule", "SelectionError", "rule_table", "run_rules", "selected_types",
           "shown_rule", "type_of"]
