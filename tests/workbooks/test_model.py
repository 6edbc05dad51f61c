"""The evaluation plan of a layout: every computed field once, after the fields it reads."""

from __future__ import annotations

import pytest

from workbooks.model import _reads, compute, inputs, plan
from workbooks.spec import builtin_specs, layout

SPECS = builtin_specs()


@pytest.mark.parametrize("spec_id", sorted(SPECS))
def test_every_computed_field_comes_after_the_computed_fields_it_reads(spec_id):
    out = layout(SPECS[spec_id])
    order = [step.field.name for step in plan(out)]
    assert sorted(order) == sorted(out.computed)
    for position, name in enumerate(order):
        read = [n for n in _reads(out, out.fields[name]) if out.fields[n].computed]
        assert all(order.index(n) < position for n in read), (name, read)


def test_a_total_of_totals_adds_what_its_parts_add_up_to():
    out = layout(SPECS["T1"])
    values = {"car_purchase_actual": 1.0, "car_running_actual": 2.0, "abroad_actual": 3.0,
              "reception_actual": 4.0, "staff_actual": 9.0, "staff_authorized": 10.0,
              "specials": [{"actual": 5.0}, {"actual": "六"}, {"actual": None}]}
    result = compute(out, values)
    assert (result["car_actual"], result["sangong_actual"]) == (3.0, 10.0)
    assert result["special_actual"] == 5.0                  # text in a range is not a number, as in SUM
    assert result["staff_control_rate"] == pytest.approx(0.9)
    assert result["sangong_budget"] == 0                    # no parts: SUM of blanks
    assert values["specials"][1] == {"actual": "六"}        # the inputs are not written into


def test_a_kept_total_stands_and_what_reads_it_uses_the_stated_figure():
    out = layout(SPECS["T1"])
    values = {"car_actual": 7.0, "abroad_actual": 3.0}
    result = compute(out, values, keep=frozenset({"car_actual"}))
    assert (result["car_actual"], result["sangong_actual"]) == (7.0, 10.0)
    assert compute(out, values)["sangong_actual"] == 3.0    # recomputed: car from its empty parts


def test_slices_of_a_group_column_add_their_rows_only():
    out = layout(SPECS["T4"])
    rows = [{"points": float(i), "self": 1.0} for i in range(46)]
    result = compute(out, {"items": rows})
    assert result["level1_1_points"] == sum(range(10))
    assert result["level1_4_points"] == sum(range(42, 46))
    assert result["total_self"] == 46.0


def test_a_group_column_reads_its_row_and_a_sibling_computed_before_it():
    out = layout(SPECS["T7"])          # expense_units: total = sum(basic, project), basic = sum(personnel, public)
    rows = [{"personnel": 1.0, "public": 2.0, "project": 3.0, "basic": 99.0}, {"project": 4.0}]
    result = compute(out, {"expense_units": rows})
    assert [(r["basic"], r["total"]) for r in result["expense_units"]] == [(3.0, 6.0), (0, 4.0)]
    assert rows[0]["basic"] == 99.0                         # the stated rows are copied, not written into


def test_inputs_reach_through_computed_totals_to_their_parts():
    out = layout(SPECS["T1"])
    singles, columns = inputs(out, out.fields["sangong_actual"].formula)
    assert {"car_actual", "car_purchase_actual", "car_running_actual", "abroad_actual"} <= set(singles)
    assert columns == ()
    singles, columns = inputs(out, out.fields["projects_actual"].formula)
    assert "special_actual" in singles and columns == ("specials.actual",)
