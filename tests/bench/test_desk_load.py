"""The desk's load script keeps running (a dozen units; its figures are for people, not asserts)."""

from __future__ import annotations

import re

from tests.bench import desk_load


def test_desk_load_keeps_every_submission_and_prints_its_figures(capsys):
    figures = desk_load.main(12, 4)
    out = capsys.readouterr().out
    assert figures["lost"] == 0 and figures["units"] == 12
    assert re.search(r"desk load +: 12 units from 4 clients in [\d.]+ s", out)
    assert re.search(r"upload→findings: p50 \d+ ms, p95 \d+ ms, max \d+ ms", out)
    assert re.search(r"desk CPU       : \d+ ms a file", out)
    assert "kept           : 12 of 12 submissions stored and checked, lost 0;" in out
