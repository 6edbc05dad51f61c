"""Build the Excel add-in ``jixiao.xlam`` on Linux, from the ribbon add-in template that ships in
the installed xlwings package (BSD licensed).

The VBA project is named jixiao and its ribbon module ``RibbonJixiao``, whose ``RunMain`` runs the
dispatch with the button's tag; ``PROJECT_NAME`` becomes jixiao; the module ``xlwings_udfs`` holds
the wrappers of the ``JX_`` functions as xlwings' ``ImportPythonUDFsToAddin`` would write them, so
the functions work in any workbook while the add-in is loaded; the ribbon part becomes
``customUI/customUI14.xml`` with its relationship, and the config sheet names the UDF module.
Everything else Office wrote is kept: references, module code names, and the ``_VBA_PROJECT``
stream of version 0xFFFF without performance cache, so that Excel compiles the VBA from its
source. Every module is stored as compressed source from offset 0.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import xlwings

from addin import cfb, ovba, wrappers
from addin.ribbon import PART, RELATIONSHIP, RIBBON_MODULE, ribbon_xml
from workbooks.atomic import atomic_path

TEMPLATE = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
PROJECT_NAME = "jixiao"
UDF_MODULES = wrappers.UDF_MODULE
CONFIG_SHEET = f"{PROJECT_NAME}.conf"
RENAMES = {"RibbonMyAddin": RIBBON_MODULE}      # the template's module names → ours
NO_WORKBOOK = "请先打开一个工作簿（任意一个均可），再点此按钮。"


def vba_string(text: str) -> str:
    """A VBA expression of any text in ASCII: the project's code page is 1252, so Chinese is ChrW."""
    return " & ".join(f"ChrW(&H{ord(c):X})" if ord(c) > 126 else f'"{c}"' for c in text)


RIBBON_SOURCE = (
    f'Attribute VB_Name = "{RIBBON_MODULE}"\r\n'
    "Sub RunMain(control As IRibbonControl)\r\n"
    "    ' Every button of the jixiao ribbon tab runs the Python action named by its tag.\r\n"
    "    ' xlwings' RunPython reads the active workbook, and stops on error 91 when none is open.\r\n"
    "    If ActiveWorkbook Is Nothing Then\r\n"
    f"        MsgBox {vba_string(NO_WORKBOOK)}, vbInformation, {vba_string('绩效工具')}\r\n"
    "        Exit Sub\r\n"
    "    End If\r\n"
    "    RunPython \"import addin.dispatch; addin.dispatch.run('\" & control.Tag & \"')\"\r\n"
    "End Sub\r\n"
)   # ASCII only; the Chinese labels of the ribbon live in its UTF-8 XML
NO_PERFORMANCE_CACHE = b"\xcc\x61\xff\xff\x00\x00\x00"   # _VBA_PROJECT: 0x61CC, version 0xFFFF
ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def _edit(module: str, source: str) -> str:
    """A module's source in the add-in, from the template's (empty for a module it lacks)."""
    if module == RIBBON_MODULE:
        return RIBBON_SOURCE
    if module == wrappers.MODULE:
        return wrappers.wrapper_source()
    if module == "xlwings":
        return re.sub(r'(Public Const PROJECT_NAME As String = )"[^"]*"', rf'\1"{PROJECT_NAME}"', source)
    return source


def module_sources(vba_project: bytes) -> dict[str, str]:
    """Each module's source text, as stored in a VBA project."""
    tree = cfb.read(vba_project)
    vba = tree.child("VBA")
    records = ovba.parse_dir(ovba.decompress(vba.child("dir").data))
    return {name: ovba.decompress(vba.child(stream).data[offset:]).decode(ovba.CODE_PAGE)
            for name, stream, offset in ovba.modules(records)}


def intended_sources() -> dict[str, str]:
    """What the built add-in's modules must hold: the template's, renamed and edited, and the wrappers."""
    with zipfile.ZipFile(TEMPLATE) as template:
        sources = module_sources(template.read("xl/vbaProject.bin"))
    sources = {RENAMES.get(name, name): text for name, text in sources.items()} | {wrappers.MODULE: ""}
    return {name: _edit(name, text) for name, text in sources.items()}


def vba_project(template: bytes) -> bytes:
    tree = cfb.read(template)
    vba = tree.child("VBA")
    records = ovba.renamed_project(ovba.parse_dir(ovba.decompress(vba.child("dir").data)), PROJECT_NAME)
    old_sources = {name: ovba.decompress(vba.child(stream).data[offset:]).decode(ovba.CODE_PAGE)
                   for name, stream, offset in ovba.modules(records)}
    for old, new in RENAMES.items():
        records = ovba.renamed_module(records, old, new)
        vba.child(old).name = new
        old_sources[new] = old_sources.pop(old)
    records = ovba.with_module(records, wrappers.MODULE, like=RIBBON_MODULE)
    vba.children.append(cfb.Entry(wrappers.MODULE, cfb.STREAM))
    for name, stream, _ in ovba.modules(records):
        vba.child(stream).data = ovba.compress(_edit(name, old_sources.get(name, "")).encode("ascii"))
    vba.child("dir").data = ovba.compress(ovba.pack_dir(ovba.without_offsets(records)))
    vba.child("_VBA_PROJECT").data = NO_PERFORMANCE_CACHE
    project = tree.child("PROJECT")
    project.data = ovba.project_text(project.data.decode(ovba.CODE_PAGE), PROJECT_NAME, RENAMES,
                                     wrappers.MODULE).encode(ovba.CODE_PAGE)
    tree.child("PROJECTwm").data = ovba.name_map(tree.child("PROJECTwm").data, RENAMES, wrappers.MODULE)
    return cfb.write(tree)


def _relationships(xml: str) -> str:
    xml = re.sub(r'<Relationship [^>]*Target="customUI/customUI\.xml"\s*/>', "", xml)
    return xml.replace("</Relationships>", f'<Relationship Id="rIdJixiaoRibbon" Type="{RELATIONSHIP}" Target="{PART}" /></Relationships>')


def _config_sheet(xml: str) -> str:
    """The row ``UDF Modules`` of xlwings' config sheet gets our module."""
    row = re.search(r'<row r="(\d+)"[^>]*>(?:(?!</row>).)*?<v>1</v></c></row>', xml)   # shared string 1: UDF Modules
    number = row[1]
    cell = f'<c r="B{number}" s="1" t="inlineStr"><is><t>{UDF_MODULES}</t></is></c>'
    return xml.replace(row[0], row[0].replace("</c></row>", f"</c>{cell}</row>").replace('spans="1:1"', 'spans="1:2"'))


def build_xlam(output: Path | str) -> Path:
    """Write jixiao.xlam; building twice gives the same bytes."""
    output = Path(output)
    with zipfile.ZipFile(TEMPLATE) as template:
        parts = {name: template.read(name) for name in template.namelist()}
    parts.pop("customUI/customUI.xml", None)
    parts[PART] = ribbon_xml().encode("utf-8")
    parts["_rels/.rels"] = _relationships(parts["_rels/.rels"].decode("utf-8")).encode("utf-8")
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].decode("utf-8").replace(
        'name="_myaddin.conf"', f'name="{CONFIG_SHEET}"').encode("utf-8")
    parts["xl/worksheets/sheet1.xml"] = _config_sheet(parts["xl/worksheets/sheet1.xml"].decode("utf-8")).encode("utf-8")
    parts["xl/vbaProject.bin"] = vba_project(parts["xl/vbaProject.bin"])
    with atomic_path(output) as temporary:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in ["[Content_Types].xml", *sorted(n for n in parts if n != "[Content_Types].xml")]:
                info = zipfile.ZipInfo(name, ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, parts[name])
    return output
