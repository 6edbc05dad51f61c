"""Files kept once by their SHA-256 in the data folder, written atomically and synced to disk
before anyone is told they arrived. A stored file is data: never executed, never served inline."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class Store:
    def __init__(self, data: Path):
        self.root = data / "files"
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str, suffix: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}{suffix}"

    def put(self, content: bytes, suffix: str) -> str:
        """Keep ``content``; returns its SHA-256. Storing the same bytes again costs nothing."""
        sha256 = hashlib.sha256(content).hexdigest()
        target = self.path(sha256, suffix)
        if target.is_file() and target.stat().st_size == len(content):
            return sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        return sha256
