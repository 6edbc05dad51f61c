"""Workbooks an attacker or a broken tool would send, built byte by byte: a package of the parts
given, each written as raw XML (no library cleans it up)."""

from __future__ import annotations

import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def sheet_xml(cells: str, dimension: str | None = None) -> str:
    """A worksheet whose sheetData holds ``cells`` (raw ``<row>`` elements)."""
    stated = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{stated}<sheetData>{cells}</sheetData></worksheet>'


def package(path: Path, sheets: dict[str, str], *, workbook_part: str = "xl/workbook.xml",
            extra: dict[str, bytes | str] | None = None, rels: str = "", types: str = "",
            workbook_inside: str = "") -> Path:
    """An .xlsx of the given sheets (name → sheet XML), the workbook at ``workbook_part``;
    ``extra`` parts, relationships of the workbook and content types added as given."""
    folder = workbook_part.rsplit("/", 1)[0]
    entries = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(sheets, 1))
    links = "".join(f'<Relationship Id="rId{i}" Type="{R}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                    for i in range(1, len(sheets) + 1))
    overrides = "".join(f'<Override PartName="/{folder}/worksheets/sheet{i}.xml" ContentType="application/'
                        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(sheets) + 1))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                               'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                               'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
                               '"application/xml"/>'
                               f'<Override PartName="/{workbook_part}" ContentType="application/vnd.openxmlformats-'
                               f'officedocument.spreadsheetml.sheet.main+xml"/>{overrides}{types}</Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}"><Relationship '
                       f'Id="rId1" Type="{R}/officeDocument" Target="{workbook_part}"/></Relationships>',
        workbook_part: f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{R}"><sheets>{entries}'
                       f'</sheets>{workbook_inside}</workbook>',
        f"{folder}/_rels/{workbook_part.rsplit('/', 1)[1]}.rels":
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">{links}{rels}</Relationships>',
    }
    parts.update({f"{folder}/worksheets/sheet{i}.xml": xml for i, xml in enumerate(sheets.values(), 1)})
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def number_row(row: int, values: dict[str, str]) -> str:
    return f'<row r="{row}">' + "".join(f'<c r="{col}{row}"><v>{v}</v></c>' for col, v in values.items()) + "</row>"
