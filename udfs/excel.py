"""The same formulas as :mod:`udfs.rates` and :mod:`udfs.scores`, written in Excel's language.

The templates put these in their computed cells; the tests recalculate the templates in
LibreOffice and in the ``formulas`` package and compare every cell with the Python function, so
the two definitions cannot drift apart. Only functions that Excel, WPS and LibreOffice all know
are used. An empty or non-numeric input gives an empty cell, never ``#DIV/0!``.
"""

from __future__ import annotations

from udfs.scores import GRADES


def _numeric(*refs: str) -> str:
    return f"AND({','.join(f'ISNUMBER({r})' for r in refs)})"


def ratio(numerator: str, denominator: str) -> str:
    return f'IF({_numeric(numerator, denominator)},IF({denominator}=0,"",{numerator}/{denominator}),"")'


def change_rate(current: str, previous: str) -> str:
    return f'IF({_numeric(current, previous)},IF({previous}=0,"",({current}-{previous})/{previous}),"")'


def saving_rate(planned: str, actual: str) -> str:
    return f'IF({_numeric(planned, actual)},IF({planned}=0,"",({planned}-{actual})/{planned}),"")'


def execution_score(points: str, rate: str) -> str:
    return f'IF({_numeric(points, rate)},MAX(0,MIN({points},{points}*{rate})),"")'


def indicator_score(direction: str, target: str, actual: str, points: str, at_most: str = '"ratio"') -> str:
    """Score of a quantitative indicator whose target and actual are plain numbers; ``direction``
    holds 正向 or 反向; ``at_most`` names the spec's form of a missed 反向 target (a constant)."""
    t, a, p = target, actual, points
    missed = {"ratio": f"IF({a}>0,{p}*{t}/{a},0)",
              "deviation": f"IF({t}>0,{p}*(1-({a}-{t})/{t}),0)"}[at_most.strip('"')]
    at_most = f"IF({a}<={t},{p},{missed})"
    at_least = f"IF({a}>={t},{p},IF({t}>0,{p}*{a}/{t},0))"
    return f'IF({_numeric(t, a, p)},MAX(0,MIN({p},IF({direction}="反向",{at_most},{at_least}))),"")'


def total(*ranges: str) -> str:
    return f"SUM({','.join(ranges)})"


def total_or_blank(*ranges: str) -> str:
    """SUM, but an empty cell while nothing is entered (an empty form shows no total and no grade)."""
    refs = ",".join(ranges)
    return f'IF(COUNT({refs})=0,"",SUM({refs}))'



def grade(total_ref: str) -> str:
    shown = f"ROUND({total_ref},2)"
    expression = f'"{GRADES[-1][1]}"'
    for bound, name in reversed(GRADES[:-1]):
        expression = f'IF({shown}>={bound:g},"{name}",{expression})'
    return f'IF(ISNUMBER({total_ref}),{expression},"")'


def difference(minuend: str, subtrahend: str) -> str:
    return f'IF({_numeric(minuend, subtrahend)},{minuend}-{subtrahend},"")'


def class_total(codes: str, values: str) -> str:
    """The sum of ``values`` on the rows whose code has 3 digits (the 类 of 功能分类科目编码)."""
    return f"SUMPRODUCT((LEN({codes})=3)*1,{values})"
