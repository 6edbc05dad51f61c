"""The formula library of jixiao: pure, typed functions with no I/O and no Excel.

Every quantity of the self-evaluation workbooks (rates, scores, grade) is defined once here;
the templates' Excel formulas come from :mod:`udfs.excel`, the cells' UDFs from :mod:`udfs.xl`,
and the checker calls these same functions.
"""

from udfs.numbers import ParsedNumber, format_number, parse_number
from udfs.rates import change_rate, ratio, saving_rate
from udfs.rounding import excel_round, shown_equal, truncate
from udfs.scores import (
    band_range,
    execution_score,
    grade,
    indicator_score,
    qualitative_band,
    total_score,
)
from udfs.steps import StepRule, parse_step_rule
from udfs.targets import Direction, Target, format_target, parse_target

__all__ = [
    "ParsedNumber", "parse_number", "format_number",
    "ratio", "change_rate", "saving_rate",
    "excel_round", "truncate", "shown_equal",
    "execution_score", "grade", "indicator_score", "qualitative_band", "band_range", "total_score",
    "StepRule", "parse_step_rule",
    "Direction", "Target", "parse_target", "format_target",
]
