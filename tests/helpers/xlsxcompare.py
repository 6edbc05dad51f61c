"""Compare two .xlsx files part by part and element by element, in the manner of XlsxWriter's
tests: the parts of both zips must match, each XML part must hold the same elements, attributes
and text, a named list of volatile parts is ignored, and a difference shows as a readable diff."""

from __future__ import annotations

import difflib
import zipfile
from pathlib import Path
from xml.etree import ElementTree

VOLATILE = frozenset({"docProps/core.xml"})   # creation dates: fixed by the builder, named here anyway


def _elements(data: bytes) -> list[str]:
    """One line per element: its path, sorted attributes and stripped text."""
    lines: list[str] = []

    def visit(element: ElementTree.Element, path: str) -> None:
        tag = element.tag.rpartition("}")[2]
        here = f"{path}/{tag}"
        attributes = " ".join(f'{k.rpartition("}")[2]}="{v}"' for k, v in sorted(element.attrib.items()))
        text = (element.text or "").strip()
        lines.append(f"{here} {attributes} {text!r}".rstrip())
        for child in element:
            visit(child, here)

    visit(ElementTree.fromstring(data), "")
    return lines


def compare(got: Path, expected: Path, ignore: frozenset[str] = VOLATILE) -> list[str]:
    """The differences between two workbooks; an empty list when they are the same."""
    with zipfile.ZipFile(got) as a, zipfile.ZipFile(expected) as b:
        got_parts, expected_parts = set(a.namelist()) - ignore, set(b.namelist()) - ignore
        problems = [f"part only in {got.name}: {p}" for p in sorted(got_parts - expected_parts)]
        problems += [f"part only in {expected.name}: {p}" for p in sorted(expected_parts - got_parts)]
        for part in sorted(got_parts & expected_parts):
            left, right = a.read(part), b.read(part)
            if left == right:
                continue
            if part.endswith((".xml", ".rels")):
                diff = difflib.unified_diff(_elements(right), _elements(left), f"expected/{part}", f"got/{part}", lineterm="", n=1)
                problems.append("\n".join(diff))
            else:
                problems.append(f"binary part differs: {part}")
    return problems
