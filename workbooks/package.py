"""The parts of an Office Open XML workbook, found as Excel finds them: relationships lead from
the package to the workbook and from the workbook to its sheets, external links and macros, and
``[Content_Types].xml`` says what each part holds, whatever the parts are called.

Every part is parsed by a real XML parser (expat, through ElementTree), defused: a part with a
document type declaration is refused unread, and without one no entity can be declared and no
external reference fetched (an Office part never has one). defusedxml does the same in a parser
written in Python, several times slower on a sheet. Files of one template share these small parts
byte for byte: each distinct small part is parsed once a batch; the caches hold only small parts,
so their size is bounded in bytes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from typing import TypeVar
from xml.etree.ElementTree import Element, ParseError, fromstring

from workbooks.zipparts import ZipParts

CACHED_XML = 64 * 1024                  # bytes: larger parts are parsed each time, never kept
VBA_CONTENT = "application/vnd.ms-office.vbaProject"
T = TypeVar("T")


class BadPart(Exception):
    """A part the package needs that is not well-formed XML, or has a document type declaration."""


@dataclass
class Package:
    workbook: str                                                # the workbook part, e.g. xl/workbook.xml
    sheets: dict[str, str] = field(default_factory=dict)        # sheet name → its part
    defined: tuple[tuple[str, str], ...] = ()                    # (name, text) of every defined name
    custom: dict[str, str] = field(default_factory=dict)        # custom document properties
    macros: bool = False
    links: list[tuple[str, str]] = field(default_factory=list)  # ("external" | "dde", what it points to)
    saved: str = ""                                              # core properties' modified (ISO 8601)


def small_cache(function: Callable[[bytes], T]) -> Callable[[bytes], T]:
    """Cache a parse of small parts only: a batch holds many copies of one template's parts, and a
    hostile file's 30 MB part must never stay in memory after its file."""
    cached = lru_cache(maxsize=128)(function)

    @wraps(function)
    def call(data: bytes) -> T:
        return cached(data) if len(data) <= CACHED_XML else function(data)
    return call


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def defused(data: bytes) -> bytes:
    """The part's bytes, refused when they declare a document type (where entities and external
    references live) or come in UTF-16 (where the check below could not see one)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:64]:
        raise BadPart("XML 部件使用 UTF-16 编码，不予读取")
    if b"<!DOCTYPE" in data:
        raise BadPart("XML 部件含文档类型声明（DOCTYPE），不予读取")
    return data


def parse(data: bytes) -> Element:
    try:
        return fromstring(defused(data))
    except (ParseError, ValueError, LookupError) as exc:     # LookupError: an encoding Python does not know
        raise BadPart(str(exc)) from None


def _attribute(element: Element, name: str) -> str | None:
    """An attribute by its local name, in whichever namespace (transitional or strict)."""
    for key, value in element.attrib.items():
        if local(key) == name:
            return value
    return None


@small_cache
def relationships(data: bytes) -> tuple[tuple[str, str, str, bool], ...]:
    """(id, type, target, external) of a relationships part."""
    return tuple((r.get("Id", ""), r.get("Type", ""), r.get("Target", ""), r.get("TargetMode") == "External")
                 for r in parse(data) if local(r.tag) == "Relationship")


@small_cache
def content_types(data: bytes) -> frozenset[str]:
    """Every content type the package declares."""
    return frozenset(t.get("ContentType", "") for t in parse(data))


@small_cache
def workbook_entries(data: bytes) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """((sheet name, relationship id) …), ((defined name, its text) …) of workbook.xml."""
    sheets, names = [], []
    for element in parse(data).iter():
        tag = local(element.tag)
        if tag == "sheet":
            sheets.append((element.get("name", ""), _attribute(element, "id") or ""))
        elif tag == "definedName":
            names.append((element.get("name", ""), element.text or ""))
    return tuple(sheets), tuple(names)


@small_cache
def modified(data: bytes) -> str:
    """When the core properties say the file was last saved (``dcterms:modified``, ISO 8601 in
    UTC, which sorts as text); "" when they do not say."""
    for element in parse(data):
        if local(element.tag) == "modified":
            return (element.text or "").strip()
    return ""


@small_cache
def custom_properties(data: bytes) -> dict[str, str]:
    """Name → value of the custom properties (treat as read-only: it is shared)."""
    found = {}
    for prop in parse(data):
        if local(prop.tag) == "property" and len(prop):
            found[prop.get("name", "")] = prop[0].text or ""
    return found


def _saved(data: bytes) -> str:
    """The time saved, "" when the core properties do not say or are broken: they are a note about
    the file, not its content, and a broken one is no reason to refuse the file."""
    try:
        return modified(data) if data else ""
    except BadPart:
        return ""


def resolve(source: str, target: str) -> str:
    """A relationship's target as a part name, relative to the part that holds the relationship."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


def rels_of(archive: ZipParts, part: str) -> list[tuple[str, str, str, bool]]:
    """The relationships of a part, with internal targets resolved to part names."""
    folder, name = posixpath.split(part)
    data = _part(archive, posixpath.join(folder, "_rels", f"{name}.rels"))
    if not data:
        return []
    return [(i, kind, target if external else resolve(part, target), external)
            for i, kind, target, external in relationships(data)]


def _part(archive: ZipParts, name: str) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        return b""


def workbook_part(archive: ZipParts) -> str | None:
    """The workbook the package's relationships name, or the usual name when they name none."""
    for _, kind, target, external in rels_of(archive, ""):
        if kind.endswith("/officeDocument") and not external and target in archive.entries:
            return target
    return "xl/workbook.xml" if "xl/workbook.xml" in archive.entries else None


def read_package(archive: ZipParts, workbook: str) -> Package:
    """Sheets, defined names, custom properties, macros and links of a workbook's package;
    raises :class:`BadPart` (or the archive's ``BadArchive``) when a part it needs is broken."""
    package = Package(workbook)
    root_rels = rels_of(archive, "")
    links = rels_of(archive, workbook)
    targets = {i: target for i, _, target, external in links if not external}
    sheets, package.defined = workbook_entries(archive.read(workbook))
    package.sheets = {name: targets[i] for name, i in sheets if i in targets}
    custom = next((t for _, kind, t, external in root_rels if kind.endswith("/custom-properties") and not external),
                  "docProps/custom.xml")
    data = _part(archive, custom)
    package.custom = custom_properties(data) if data else {}
    core = next((t for _, kind, t, external in root_rels if kind.endswith("/core-properties") and not external),
                "docProps/core.xml")
    package.saved = _saved(_part(archive, core))
    types = _part(archive, "[Content_Types].xml")
    package.macros = (any(kind.endswith("/vbaProject") for _, kind, _, _ in links)
                      or (bool(types) and VBA_CONTENT in content_types(types))
                      or any(name.lower().endswith("vbaproject.bin") for name in archive.entries))
    for _, kind, target, external in links:
        if kind.endswith("/externalLink"):
            package.links.append(external_link(archive, target) if not external else ("external", target))
    return package


def external_link(archive: ZipParts, part: str) -> tuple[str, str]:
    """What an external-link part points to: a DDE server and topic, or a file."""
    data = _part(archive, part)
    if data:
        for element in parse(data).iter():
            if local(element.tag) == "ddeLink":
                return "dde", f"{element.get('ddeService', '')}|{element.get('ddeTopic', '')}"
    target = next((t for _, kind, t, _ in rels_of(archive, part) if kind.endswith("/externalLinkPath")), "")
    return "external", target or part

