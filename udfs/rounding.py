"""Excel's rounding, so that a stated figure is compared with a computed one as Excel shows it.

Excel's ROUND works on the decimal value a person sees (15 significant digits) and rounds half
away from zero: ROUND(2.675, 2) is 2.68, where Python's ``round`` gives 2.67 from the binary value.
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

_SIGNIFICANT = "{:.15g}"


def _decimal(x: float) -> Decimal:
    return Decimal(_SIGNIFICANT.format(x))


def _quantum(digits: int) -> Decimal:
    return _QUANTA.get(digits) or Decimal(1).scaleb(-digits)


_QUANTA = {d: Decimal(1).scaleb(-d) for d in range(7)}


def excel_round(x: float, digits: int = 2) -> float:
    """ROUND(x, digits) as Excel computes it."""
    near = round(x, digits)
    if near == x and abs(x) < 10.0 ** (15 - digits):   # already shown as it is: most stated figures
        return near
    return _decimal_round(x, digits)


def _decimal_round(x: float, digits: int) -> float:
    return float(_decimal(x).quantize(_quantum(digits), rounding=ROUND_HALF_UP))


def truncate(x: float, digits: int = 2) -> float:
    """TRUNC(x, digits): what a unit gets when it cuts digits off instead of rounding."""
    return float(_decimal(x).quantize(_quantum(digits), rounding=ROUND_DOWN))


def shown_equal(stated: float, computed: float, digits: int = 2) -> bool:
    """True when both values show the same at ``digits`` decimals."""
    return excel_round(stated, digits) == excel_round(computed, digits)
