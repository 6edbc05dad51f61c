"""Atomic output: a file is written under a temporary name beside its target and renamed into place
only when complete, so a reader never sees half a file and a failure leaves the old file intact."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


NAME_BYTES = 255                 # the longest name of one file on most file systems
TEMPORARY_BYTES = 12             # what the temporary's name adds: two dots and eight random characters


def _shortened(stem: str) -> str:
    """The stem, its end cut so that the temporary's name fits where the target's does."""
    while len(stem.encode("utf-8", "surrogateescape")) > NAME_BYTES - TEMPORARY_BYTES - 8:
        stem = stem[:-1]
    return stem


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{_shortened(path.stem)}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
