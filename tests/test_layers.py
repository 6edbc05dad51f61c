"""Imports point one way: addin → workbooks → udfs."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"udfs": {"workbooks", "addin"}, "workbooks": {"addin"}}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_lower_layers_do_not_import_upper_ones(package):
    for path in (ROOT / package).rglob("*.py"):
        wrong = _imported_packages(path) & FORBIDDEN[package]
        assert not wrong, f"{path.relative_to(ROOT)} imports {wrong}"


def test_udfs_does_no_io():
    for path in (ROOT / "udfs").rglob("*.py"):
        imported = _imported_packages(path)
        assert not imported & {"os", "pathlib", "io", "openpyxl", "xlsxwriter", "python_calamine", "shutil"}, path
