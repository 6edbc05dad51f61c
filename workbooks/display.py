"""Text from files we do not control, made safe to show: file names that are not valid UTF-8
(GBK bytes from an old archive), and control characters or escape sequences in names, sheet names
and cells that would otherwise reach a terminal raw."""

from __future__ import annotations

import errno
import math
import os
import re
from pathlib import PurePath

# C0 and C1 controls, DEL, bidirectional overrides and lone surrogates
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_LINES = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# the control characters no XML 1.0 document (no cell of an xlsx) can hold
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def path_text(path: os.PathLike | str) -> str:
    """A path as text: each part that is not valid UTF-8 is read as GB18030 (the Chinese Windows
    encoding), or shown with its bytes escaped."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    return str(PurePath(*(_decoded(part) for part in PurePath(text).parts)))


def _decoded(text: str) -> str:
    """Text holding undecodable bytes as lone surrogates (``surrogateescape``), decoded."""
    raw = text.encode("utf-8", "surrogateescape")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "backslashreplace")


def _escape(match: re.Match) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """One line for a terminal: every control character, line break included, shown escaped."""
    return _UNSAFE_LINES.sub(_escape, text)


def json_text(text: str) -> str:
    """JSON already written, with the characters JSON leaves raw (C1 controls, bidirectional
    overrides, lone surrogates) turned into ``\\uXXXX`` escapes."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def cell_text(value: object) -> object:
    """A value as a cell writer accepts it: text without lone surrogates (read as a path's are)
    and with the control characters XML cannot hold shown escaped (``\\x1b``), NaN and
    infinities as their text."""
    if isinstance(value, str):
        return _NOT_IN_XML.sub(_escape, path_text(value))
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


FIGURE_FORMAT = "#,##0.00##"      # a finding's 应为/实际: two decimals at least, four at most, the value kept whole


def figure_format(value: object) -> str | None:
    """The number format of a finding's 应为 or 实际 cell: a fraction in fixed decimals (never
    ``1.0173913043478262``), a whole number and text as they are."""
    return FIGURE_FORMAT if type(value) is float and math.isfinite(value) else None


_OS_REASONS = {errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOENT: "路径不存在",
               errno.ENOSPC: "磁盘空间不足", errno.EROFS: "磁盘只读", errno.EISDIR: "这是文件夹",
               errno.ENOTDIR: "路径中有一段不是文件夹", errno.ENAMETOOLONG: "文件名过长", errno.EBUSY: "文件正被占用"}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in Chinese (its own words are English)."""
    return _OS_REASONS.get(exc.errno, f"系统错误 {exc.errno}" if exc.errno else "系统错误")
