"""The rule engine: one small module per rule, each a class with a fixed kebab-case ``type``."""

from workbooks.checks.base import Rule, run_rules
from workbooks.checks.formulas import Formulas
from workbooks.checks.indicators import Indicators
from workbooks.checks.ledgers import CodeTree
from workbooks.checks.parts import Parts
from workbooks.checks.required import Required
from workbooks.checks.splits import Splits
from workbooks.checks.staff import Overstaffed
from workbooks.checks.sums import Sums
from workbooks.checks.trees import Trees
from workbooks.checks.types import NumberTypes
from workbooks.checks.yuan import UnitYuan, YuanHeader

RULES: list[Rule] = [YuanHeader(), Required(), NumberTypes(), Formulas(), Sums(), Splits(), Parts(), Indicators(), Trees(), CodeTree(), Overstaffed(),
                     UnitYuan()]

__all__ = ["RULES", "Rule", "run_rules"]
