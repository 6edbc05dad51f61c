"""LibreOffice headless as an independent spreadsheet engine for the tests.

``soffice --convert-to xlsx`` recalculates a file without cached values, but keeps stale cached
values unless its profile sets OOXMLRecalcMode to 0 (always recalculate): the profile made here
does. One call silently stops after about 247 files, so at most 200 go in one call.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
BATCH = 200
_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

requires_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (.ci/run installs it)")
WRITER = SOFFICE is not None and (Path(os.path.realpath(SOFFICE)).parent / "libswlo.so").exists()
requires_writer = pytest.mark.skipif(not WRITER, reason="LibreOffice Writer is not installed (.ci/run installs it)")


def profile(directory: Path) -> str:
    user = directory / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_XCU, encoding="utf-8")
    return directory.resolve().as_uri()


def convert(paths: list[Path], outdir: Path, to: str = "xlsx", infilter: str | None = None,
            work: Path | None = None) -> list[Path]:
    """Convert (and so recalculate) ``paths`` into ``outdir``; returns the converted files in order."""
    outdir.mkdir(parents=True, exist_ok=True)
    user = profile((work or outdir) / ".lo-profile")
    for start in range(0, len(paths), BATCH):
        command = [SOFFICE, f"-env:UserInstallation={user}", "--headless", "--norestore",
                   "--convert-to", to, "--outdir", str(outdir)]
        if infilter:
            command.append(f"--infilter={infilter}")
        subprocess.run(command + [str(p) for p in paths[start:start + BATCH]],
                       check=True, capture_output=True, timeout=600)
    results = [outdir / (p.stem + "." + to.split(":")[0]) for p in paths]
    missing = [r for r in results if not r.exists()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return results
