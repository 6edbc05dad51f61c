"""The Python side of the spec formulas behaves as Excel's SUM and COUNT (the LibreOffice
recalculation of the templates checks the two sides agree on the templates' own values)."""

from __future__ import annotations

from udfs.definitions import class_total, difference, sum_of, sum_or_blank


def test_sum_adds_numbers_in_ranges_and_cells_and_skips_text_and_blanks():
    assert sum_of(1, [2.5, None, "3", ""], None, [], 4) == 7.5
    assert sum_of() == 0 and sum_of([None, "十"]) == 0


def test_sum_or_blank_is_blank_when_nothing_is_a_number():
    assert sum_or_blank([None, "", "5"], None) is None
    assert sum_or_blank([0.0], None) == 0.0
    assert sum_or_blank(2, [3]) == 5


def test_difference_and_class_totals():
    assert difference(10, 4.5) == 5.5 and difference(10, "4") is None
    assert class_total([208, "20801", 201.0, "2010101"], [1.0, 2.0, 3.0, 4.0]) == 4.0

