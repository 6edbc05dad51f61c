"""The ``jixiao`` console script. ``jixiao --version`` (or ``-V``) alone is answered here, before
the command line and its framework (click: half of the start-up) are loaded; everything else goes
to :mod:`addin.cli`, which prints the version the same way for ``python -m addin.cli --version``."""

from __future__ import annotations

import sys

from addin import __version__

VERSION_LINE = f"jixiao {__version__}"      # click's version_option in addin.cli prints the same


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        print(VERSION_LINE)
        return
    from addin.cli import main as cli

    cli()
