"""A county's own spec file: a built-in spec with the county's changes, written as a county would
write it (the TOML text edited, tables added at its end)."""

from __future__ import annotations

from pathlib import Path

from workbooks.spec import SPEC_DIR, Spec, builtin_specs, load_spec


def county_spec_file(path: Path, template_id: str, tables: str = "", replace: tuple[tuple[str, str], ...] = ()) -> Path:
    text = (SPEC_DIR / f"{template_id}.toml").read_text(encoding="utf-8")
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text + "\n" + tables, encoding="utf-8")
    return path


def county_specs(path: Path, template_id: str, tables: str = "", replace: tuple[tuple[str, str], ...] = ()) -> dict[str, Spec]:
    """The specs a check with ``--spec`` uses: the built-in ones with the county's over them."""
    spec = load_spec(county_spec_file(path, template_id, tables, replace))
    return {**builtin_specs(), spec.id: spec}
