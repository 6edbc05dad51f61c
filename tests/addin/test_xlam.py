"""The built jixiao.xlam: ribbon XML against Microsoft's schema, VBA read back by oletools and by
LibreOffice, the DLL version of the pinned xlwings, and a deterministic build."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import unescape

import olefile
import pytest
import xlwings
import xmlschema
from click.testing import CliRunner
from oletools.olevba import VBA_Parser

from addin import cfb, ovba
from addin.actions import ACTIONS
from addin.ribbon import NAMESPACE, PART, RELATIONSHIP
from addin.cli import main
from addin.xlam import CONFIG_SHEET, UDF_MODULES, build_xlam, intended_sources
from udfs import xl
from tests.helpers.libreoffice import convert, requires_libreoffice

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = next((p / "shared" / "schemas" / "customui14.xsd" for p in ROOT.parents[:2]
               if (p / "shared" / "schemas" / "customui14.xsd").exists()), ROOT.parent / "shared" / "schemas" / "customui14.xsd")


@pytest.fixture(scope="module")
def xlam(tmp_path_factory):
    return build_xlam(tmp_path_factory.mktemp("addin") / "jixiao.xlam")


@pytest.mark.skipif(not SCHEMA.exists(), reason="../shared/schemas is not beside the repository")
def test_ribbon_validates_against_the_customui14_schema(xlam):
    schema = xmlschema.XMLSchema(str(SCHEMA))
    with zipfile.ZipFile(xlam) as archive:
        schema.validate(archive.read(PART).decode("utf-8"))
        assert not schema.is_valid(archive.read(PART).decode("utf-8").replace('size="large"', 'size="huge"'))


def test_every_button_is_an_action_and_every_action_a_button(xlam):
    with zipfile.ZipFile(xlam) as archive:
        xml = archive.read(PART).decode("utf-8")
        rels = archive.read("_rels/.rels").decode("utf-8")
    assert f'xmlns="{NAMESPACE}"' in xml and 'label="绩效工具"' in xml
    tags = re.findall(r'tag="([^"]+)"', xml)
    assert sorted(tags) == sorted(a.tag for a in ACTIONS)
    labels = re.findall(r'<button [^>]*label="([^"]+)"', xml)
    assert labels[:4] == ["校验本表", "计算得分", "合并汇总", "新建模板"] and "函数说明" in labels
    assert f'Type="{RELATIONSHIP}" Target="{PART}"' in rels and "customUI/customUI.xml" not in rels


def test_olevba_reads_back_exactly_the_intended_source(xlam):
    found = {Path(name).stem: code for _, _, name, code in VBA_Parser(str(xlam)).extract_macros()}
    intended = {name: text.replace("\r\n", "\n") for name, text in intended_sources().items()}
    assert sorted(found) == sorted(intended)
    for name, text in intended.items():
        assert found[name].replace("\r\n", "\n").rstrip("\n") == text.rstrip("\n"), name
    assert 'addin.dispatch.run(\'" & control.Tag & "\')' in found["RibbonJixiao"]
    assert 'Public Const PROJECT_NAME As String = "jixiao"' in found["xlwings"]


def _u16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _decoded(expression: str) -> str:
    """The text of a VBA expression of ChrW(&H…) and "…" joined by &."""
    parts = re.findall(r'ChrW\(&H([0-9A-F]+)\)|"([^"]*)"', expression)
    return "".join(chr(int(code, 16)) if code else text for code, text in parts)


def test_the_ribbon_macro_asks_for_a_workbook_in_chinese_when_none_is_open(xlam):
    found = {Path(name).stem: code for _, _, name, code in VBA_Parser(str(xlam)).extract_macros()}
    lines = [line.strip() for line in found["RibbonJixiao"].splitlines()]
    guard = lines.index("If ActiveWorkbook Is Nothing Then")
    message, style, title = lines[guard + 1].removeprefix("MsgBox ").split(", ")
    assert (_decoded(message), style, _decoded(title)) == ("请先打开一个工作簿（任意一个均可），再点此按钮。", "vbInformation", "绩效工具")
    assert lines[guard + 2:guard + 5] == ["Exit Sub", "End If", 'RunPython "import addin.dispatch; addin.dispatch.run(\'" & control.Tag & "\')"']


def test_vba_project_keeps_what_office_wrote_named_jixiao_with_one_module_more(xlam):
    with zipfile.ZipFile(xlam) as built, zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam") as template:
        ours, theirs = olefile.OleFileIO(built.read("xl/vbaProject.bin")), olefile.OleFileIO(template.read("xl/vbaProject.bin"))
        renamed = [["VBA", "RibbonJixiao"] if p == ["VBA", "RibbonMyAddin"] else p for p in theirs.listdir()]
        assert sorted(ours.listdir()) == sorted(renamed + [["VBA", "xlwings_udfs"]])
        project = theirs.openstream("PROJECT").read().decode("cp1252")
        assert ours.openstream("PROJECT").read().decode("cp1252") == (
            project.replace("Module=RibbonMyAddin", "Module=RibbonJixiao").replace('Name="MyAddin"', 'Name="jixiao"')
            .replace("Module=xlwings\r\n", "Module=xlwings\r\nModule=xlwings_udfs\r\n").replace("RibbonMyAddin=98", "RibbonJixiao=98"))
        names = ["ThisWorkbook", "Dictionary", "RibbonJixiao", "Sheet2", "xlwings", "xlwings_udfs"]
        assert ours.openstream("PROJECTwm").read() == b"".join(n.encode() + b"\0" + _u16(n) + b"\0\0" for n in names) + b"\0\0"
        assert ours.openstream("VBA/_VBA_PROJECT").read() == b"\xcc\x61\xff\xff\x00\x00\x00"
        records = ovba.parse_dir(ovba.decompress(ours.openstream("VBA/dir").read()))
        template_records = ovba.parse_dir(ovba.decompress(theirs.openstream("VBA/dir").read()))
        names_of = {b"MyAddin": b"jixiao", b"RibbonMyAddin": b"RibbonJixiao", _u16("RibbonMyAddin"): _u16("RibbonJixiao"),
                    b"\x05\x00": b"\x06\x00"}        # 5 modules → 6
        expected = [(r.id, names_of.get(r.data, r.data)) for r in template_records if r.id != ovba.MODULE_OFFSET]
        expected[-1:-1] = [(0x19, b"xlwings_udfs"), (0x47, _u16("xlwings_udfs")), (0x1A, b"xlwings_udfs"),
                           (0x32, _u16("xlwings_udfs")), (0x1C, b""), (0x48, b""), (0x1E, bytes(4)), (0x2C, b"\xff\xff"),
                           (0x21, b""), (0x2B, b"")]
        assert [(r.id, r.data) for r in records if r.id != ovba.MODULE_OFFSET] == expected
        assert [offset for _, _, offset in ovba.modules(records)] == [0] * 6
        sheet = built.read("xl/worksheets/sheet1.xml").decode()
        assert f"<t>{UDF_MODULES}</t>" in sheet and f'name="{CONFIG_SHEET}"' in built.read("xl/workbook.xml").decode()


def test_a_wrapper_for_every_function_calling_python_through_xlwings(xlam):
    found = {Path(name).stem: code for _, _, name, code in VBA_Parser(str(xlam)).extract_macros()}
    wrappers = found["xlwings_udfs"].replace("\r\n", "\n")
    functions = re.findall(r"^Function (\w+)\((.*)\)$", wrappers, re.M)
    listed = CliRunner().invoke(main, ["functions"]).output
    assert sorted(name for name, _ in functions) == sorted(re.findall(r"^(JX_\w+)", listed, re.M)) == sorted(u.name for u in xl.UDFS)
    for name, arguments in functions:
        passed = arguments.replace("Optional ", "")           # an optional argument is passed on as it is
        call = (f'{name} = XLPy.CallUDF("udfs.xl", "{name}", Array({passed}), ActiveWorkbook, Application.Caller)')
        assert wrappers.count(call) == 1, name
    assert "Function XLPy()" in found["xlwings"] and re.findall(r"^(?:Sub|Function) ", wrappers, re.M) == ["Function "] * len(xl.UDFS)
    assert "JX_SCORE(target, actual, points, Optional at_most)" in wrappers     # the county's 反向 form


def test_dll_name_and_version_match_the_pinned_xlwings():
    pinned = re.search(r'"xlwings==([\d.]+)"', (ROOT / "pyproject.toml").read_text())[1]
    assert pinned == xlwings.__version__
    source = intended_sources()["xlwings"]
    assert set(re.findall(r'"xlwings(?:32|64)-([\d.]+)\.dll"', source)) == {pinned}
    assert f'XLWINGS_VERSION As String = "{pinned}"' in source


def test_building_twice_gives_the_same_bytes(tmp_path, xlam):
    assert build_xlam(tmp_path / "again.xlam").read_bytes() == xlam.read_bytes()


def _libreoffice_modules(ods: Path) -> dict[str, str]:
    with zipfile.ZipFile(ods) as archive:
        modules = {}
        for name in archive.namelist():
            match = re.fullmatch(r"Basic/[^/]+/([^/]+)\.xml", name)
            if match and not name.endswith(("script-lb.xml", "script-lc.xml")):
                xml = archive.read(name).decode("utf-8")
                body = re.search(r"<script:module[^>]*>(.*)</script:module>", xml, re.S)[1]
                modules[match[1]] = unescape(body, {"&apos;": "'", "&quot;": '"'})
    return modules


LIBREOFFICE_HEADER = ("Rem Attribute VBA_ModuleType", "Option VBASupport", "Option ClassModule")  # what LO adds


def differences(ods: Path) -> list[str]:
    """Modules whose source LibreOffice imported differs from the intended one."""
    imported = _libreoffice_modules(ods)
    problems = []
    for name, text in intended_sources().items():
        ours = [line for line in text.replace("\r\n", "\n").split("\n") if not line.startswith("Attribute ")]
        theirs = [line for line in imported.get(name, "").split("\n")
                  if not line.startswith(LIBREOFFICE_HEADER)]
        if [l.rstrip() for l in ours if l.strip()] != [l.rstrip() for l in theirs if l.strip()]:
            problems.append(name)
    return problems


@requires_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_imports_the_modules_and_a_corrupt_build_fails(xlam, tmp_path):
    corrupt = tmp_path / "corrupt.xlam"
    with zipfile.ZipFile(xlam) as good, zipfile.ZipFile(corrupt, "w", zipfile.ZIP_DEFLATED) as bad:
        for name in good.namelist():
            data = good.read(name)
            if name == "xl/vbaProject.bin":
                tree = cfb.read(data)
                module = tree.find("VBA/RibbonJixiao")
                source = ovba.decompress(module.data).replace(b"addin.dispatch", b"addin.dispatcx")
                module.data = ovba.compress(source)
                data = cfb.write(tree)
            bad.writestr(name, data)
    shutil.copy(xlam, tmp_path / "jixiao.xlam")
    good_ods, bad_ods = convert([tmp_path / "jixiao.xlam", corrupt], tmp_path / "ods", to="ods",
                                infilter="Calc MS Excel 2007 VBA XML")
    assert sorted(_libreoffice_modules(good_ods)) == sorted(intended_sources())
    assert differences(good_ods) == []
    assert differences(bad_ods) == ["RibbonJixiao"]
