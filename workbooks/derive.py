"""The derived cells of a workbook that do not show what their formulas give: for 计算得分, which
fills them with values in files whose formulas were lost. A cell of our templates that still
holds its formula is left alone: Excel computes it."""

from __future__ import annotations

from pathlib import Path

from workbooks.check import extract_templates
from workbooks.checks.context import Context
from workbooks.checks.formulas import same_value
from workbooks.read import cell_name, open_workbook
from workbooks.spec import builtin_specs


def derived_values(path: Path | str) -> list[tuple[str, str, object]]:
    """(sheet, cell, value) of every computed field whose cell shows something else."""
    workbook = open_workbook(path)
    try:
        found = []
        for extract in extract_templates(workbook, builtin_specs()):
            formulas = workbook.formulas(extract.sheet) if extract.ours else {}
            ctx = Context(str(path), workbook, extract)
            for name, f in extract.layout.computed.items():
                if f.group:
                    continue
                where, value = extract.address(name), ctx.expected.get(name)
                if where is None or value is None or where in formulas:
                    continue
                if not same_value(extract.values.get(name), value):
                    found.append((extract.sheet.name, cell_name(*where), value))
        return found
    finally:
        workbook.close()
