"""The built templates: structure against the reference files in workbooks/templates/, and the
properties a unit relies on (protection, validation, formats, names, marker, determinism)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.helpers.xlsxcompare import compare
from workbooks.build import (
    MARKER_TEMPLATE,
    MARKER_VERSION,
    build_template,
    build_workbook,
    field_table,
)
from workbooks.spec import builtin_specs, bundles, get_spec, layout

SPECS = sorted(builtin_specs())
BUNDLES = bundles()
FILE_OF = {spec.id: name for name, specs in BUNDLES.items() for spec in specs}
TEMPLATES = Path(__file__).resolve().parents[2] / "workbooks" / "templates"


@pytest.mark.parametrize("name", sorted(BUNDLES))
def test_reference_file_is_exactly_what_the_builder_makes(name, tmp_path):
    built = build_workbook(BUNDLES[name], tmp_path / f"{name}.xlsx")
    assert compare(built, TEMPLATES / f"{name}.xlsx") == []
    assert built.read_bytes() == (TEMPLATES / f"{name}.xlsx").read_bytes()


def test_templates_folder_holds_exactly_the_bundles():
    assert sorted(p.stem for p in TEMPLATES.glob("*.xlsx")) == sorted(BUNDLES)


def test_comparison_shows_a_readable_element_diff(tmp_path):
    built = build_template(get_spec("T2"), tmp_path / "T2.xlsx", {"unit": "某单位"})
    problems = compare(built, TEMPLATES / "T2.xlsx")
    assert problems and any("xl/sharedStrings.xml" in p and "某单位" in p for p in problems)


def test_building_twice_gives_the_same_bytes(tmp_path):
    one = build_template(get_spec("T4"), tmp_path / "a.xlsx", {"unit": "甲", "year": 2024})
    two = build_template(get_spec("T4"), tmp_path / "b.xlsx", {"unit": "甲", "year": 2024})
    assert one.read_bytes() == two.read_bytes()


@pytest.fixture(scope="module", params=SPECS)
def opened(request):
    spec = get_spec(request.param)
    workbook = openpyxl.load_workbook(TEMPLATES / f"{FILE_OF[spec.id]}.xlsx")
    return spec, layout(spec), workbook, workbook[spec.sheet]


def test_formula_cells_are_locked_and_inputs_unlocked_under_protection(opened):
    spec, out, _, sheet = opened
    assert sheet.protection.sheet is True and not sheet.protection.password
    for f in out.fields.values():
        cell = sheet.cell(f.row + 1, f.col + 1)
        if f.computed:
            assert cell.data_type == "f" and cell.protection.locked, (spec.id, f.name)
        elif not f.locked:
            assert not cell.protection.locked, (spec.id, f.name)


def test_numeric_inputs_are_validated_with_a_chinese_prompt(opened):
    spec, out, _, sheet = opened
    validated = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for row in cell_range.rows:
                for coordinate in row:
                    validated[(coordinate[0], coordinate[1])] = validation
    for f in out.fields.values():
        if f.numeric and not (f.computed or f.locked):
            validation = validated.get((f.row + 1, f.col + 1))
            assert validation is not None, (spec.id, f.name)
            assert validation.type in ("decimal", "whole") and validation.promptTitle and validation.prompt
            assert any("\u4e00" <= ch <= "\u9fff" for ch in validation.prompt)


def test_every_field_has_a_workbook_level_defined_name(opened):
    spec, out, workbook, _ = opened
    table = {name: cell for name, _, _, cell, _ in field_table(spec)}
    for name, cell in table.items():
        refs = workbook.defined_names[name].attr_text.split("!")[1].replace("$", "")
        assert refs == cell


@pytest.mark.parametrize(("kind", "number_format"), [("money", "#,##0.00"), ("rate", "0.00%"), ("people", "0")])
def test_number_formats_by_kind(kind, number_format):
    spec = get_spec("T1")
    out = layout(spec)
    sheet = openpyxl.load_workbook(TEMPLATES / "T1.xlsx")[spec.sheet]
    fields = [f for f in out.fields.values() if f.kind == kind]
    assert fields
    for f in fields:
        assert sheet.cell(f.row + 1, f.col + 1).number_format == number_format


def test_marker_and_frozen_header(opened):
    spec, _, workbook, sheet = opened
    properties = {p.name: p.value for p in workbook.custom_doc_props.props}
    ids = properties[MARKER_TEMPLATE].split(",")
    assert spec.id in ids and properties[MARKER_VERSION].split(",")[ids.index(spec.id)] == str(spec.version)
    assert sheet.freeze_panes == f"A{spec.header_rows + 1}"


def test_hostile_text_is_written_as_text(tmp_path):
    path = build_template(get_spec("T2"), tmp_path / "t.xlsx", {"unit": '=HYPERLINK("http://x","点我")'})
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "HYPERLINK" not in sheet
    assert openpyxl.load_workbook(path)[get_spec("T2").sheet]["B3"].data_type == "s"
