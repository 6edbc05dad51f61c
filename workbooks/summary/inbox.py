"""What a bureau's inbox holds, sorted out: unit names compared as the domain says, and which of
two versions of the same table is the later one.

A later version wins by its name (终稿/定稿 over 修改稿/修订稿/第N稿 with the higher N, 修改后/最新/更正
over an unmarked name over 初稿/草稿/（旧）; a file marked 作废 never over a live one; a folder named
初稿/ or 终稿/ speaks for the files in it), then by the time saved inside the file (``docProps/core.xml``
modified), then by the file time; 未合并 says which file was kept and why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_SPACE = re.compile(r"\s+")
_FINAL = re.compile(r"终稿|定稿|最终稿|最终版")
_NTH = re.compile(r"第\s*([0-9一二三四五六七八九十两]+)\s*(?:稿|版|次修改)")
_REVISION = re.compile(r"(?:修改|修订|修正|更正)[稿版]\s*[（(]?\s*([0-9]*)")
_LATER = re.compile(r"修改后|修订后|更正后?|修正后?|最新")
_DRAFT = re.compile(r"初稿|草稿|征求意见稿|[（(](?:旧|旧版|原稿|原版)[)）]")
_VOID = re.compile(r"作废|已废|废弃")
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", 0)} | {"两": 2}


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_BRACKETS = str.maketrans("【〔[〖】〕]〗", "(((())))")       # after NFKC: ［］ are []
_LABELLED = re.compile(r"^\s*(?:单位名称|评价单位|填报单位|预算单位|部门名称|单位)\s*(?:[(（]盖章[)）])?\s*[:：]\s*(.+?)"
                       r"(?:\s+[^\s:：]{2,8}\s*[:：].*)?$", re.S)


def unit_name(name: object) -> str:
    """A unit name as shown: invisible characters (zero-width spaces, byte-order marks) dropped,
    and of a cell that holds more (``单位名称：某局   填报日期：…``) only the name."""
    text = str(name or "").translate(_INVISIBLE)
    labelled = _LABELLED.match(text)
    return (labelled[1] if labelled else text).strip()


def unit_key(name: object) -> str:
    """A unit name as compared: as :func:`unit_name` shows it, spaces trimmed, full- and
    half-width punctuation unified, 【】〔〕［］ as （）; what stands inside brackets stays
    (教育局（本级） and 教育局（县实验幼儿园） are two units)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", unit_name(name)).translate(_BRACKETS))


def _chinese_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0)
    return _DIGITS.get(text, 0)


@dataclass(frozen=True, order=True)
class Version:
    """How late a file's name says it is: (rank, N); ``word`` is what the name says."""
    rank: int
    number: int
    word: str

    @property
    def named(self) -> str:
        return f"“{self.word}”" if self.word else "未标稿次的文件名"


def version_of(path: Path) -> Version:
    """What the file's name says, else the name of its folder (versions kept in 初稿/ and 终稿/)."""
    return _version_in(path.stem) or _version_in(path.parent.name) or Version(2, 0, "")


def _version_in(name: str) -> Version | None:
    """A name's version word, read after unifying full-width digits and 【】［］ with （） (the word
    shown as the name writes it): 作废 (withdrawn: below every live version), 终稿, 第N稿,
    修改稿, 修改后/最新/更正, 初稿/（旧）."""
    read = "".join(unicodedata.normalize("NFKC", c)[:1] or c for c in name).translate(_BRACKETS)

    def word(found: re.Match) -> str:
        return name[found.start():found.end()]

    if found := _VOID.search(read):
        return Version(-1, 0, word(found))
    if found := _FINAL.search(read):
        return Version(4, 0, word(found))
    if found := _NTH.search(read):
        return Version(3, _chinese_number(found[1]), word(found))
    if found := _REVISION.search(read):
        return Version(3, int(found[1] or 1), word(found).rstrip("（( "))
    if found := _LATER.search(read):
        return Version(3, 1, word(found))
    if found := _DRAFT.search(read):
        return Version(0, 0, word(found))
    return None


@dataclass(frozen=True)
class Candidate:
    path: Path
    saved: str                          # docProps/core.xml modified, "" when the file does not say

    def order(self) -> tuple:
        return (version_of(self.path), self.saved, _mtime(self.path), str(self.path))


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def later(a: Candidate, b: Candidate) -> tuple[Candidate, Candidate, str]:
    """(kept, replaced, why) of two versions of the same table."""
    kept, replaced = sorted((a, b), key=Candidate.order, reverse=True)
    mine, theirs = version_of(kept.path), version_of(replaced.path)
    if (mine.rank, mine.number) != (theirs.rank, theirs.number):
        why = f"按文件名，{mine.named}晚于{theirs.named}"
    elif kept.saved != replaced.saved:
        why = f"文件内保存时间 {kept.saved or '未记录'} 晚于 {replaced.saved or '未记录'}"
    elif _mtime(kept.path) != _mtime(replaced.path):
        why = "文件修改时间较晚"
    else:
        why = "两者无先后可辨，按文件名顺序保留"
    return kept, replaced, why
