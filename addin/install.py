"""Where Excel loads add-ins at start: the user's XLSTART folder on Windows."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def install_target(target: str | Path | None = None) -> Path:
    if target:
        return Path(target)
    if sys.platform != "win32" or not os.environ.get("APPDATA"):
        raise ValueError("Excel 加载项只能安装在 Windows 上；在其他系统上请用 --target 指定目录，"
                         "或用 jixiao addin build 生成后复制到 Windows 的 %APPDATA%\\Microsoft\\Excel\\XLSTART")
    return Path(os.environ["APPDATA"]) / "Microsoft" / "Excel" / "XLSTART"
