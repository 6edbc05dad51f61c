"""Which version of a template a file was filled in: the version stamped in it (our marker), else
its layout. A file of an earlier version is read and checked with that version's spec
(:func:`workbooks.spec.at_version`), so that a cell it had units type is not taken for a formula
typed over now; everything that version computed is still checked."""

from __future__ import annotations

from functools import lru_cache

from workbooks.locate import SheetText, norm
from workbooks.spec import Spec, at_version, layout


@lru_cache(maxsize=64)
def versions(spec: Spec) -> tuple[Spec, ...]:
    """The spec as each of its versions built it, newest first."""
    return tuple(at_version(spec, v) for v in sorted((spec.version, *spec.versions), reverse=True))


def stamped(spec: Spec, stamp: str, names: dict) -> Spec:
    """The version a file of ours says it is; when it says none this spec knows, the one whose
    fields the file's defined names match most closely (the newest of equals)."""
    built = versions(spec)
    if len(built) == 1:
        return spec
    known = {str(s.version): s for s in built}
    if stamp.strip() in known:
        return known[stamp.strip()]
    present = frozenset(n for n in names if n.startswith(spec.prefix))
    return min(built, key=lambda s: len(_names(s) ^ present))


def by_labels(spec: Spec, text: SheetText) -> Spec:
    """An unstamped file: the newest version all of whose table columns head columns of the sheet;
    this version when none does (an official layout, typed by hand)."""
    built = versions(spec)
    if len(built) == 1:
        return spec
    return next((s for s in built if _columns(s) <= text.where.keys()), spec)


@lru_cache(maxsize=64)
def _names(spec: Spec) -> frozenset[str]:
    return frozenset(spec.defined_name(name) for name in layout(spec).fields)


@lru_cache(maxsize=64)
def _columns(spec: Spec) -> frozenset[str]:
    return frozenset(norm(f.label) for g in layout(spec).groups.values() for f in g.columns.values())
