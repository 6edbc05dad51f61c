"""JX003 选项取值: a cell chosen from a list (指标方向 of a version 1 T2) holds a word of the list; a
blank or a word with spaces around it is no finding."""

from workbooks.build import build_template
from workbooks.check import check_file
from workbooks.checks import REGISTRY
from workbooks.spec import at_version, get_spec


def test_a_direction_not_of_the_list(tmp_path):
    rows = [{"level1": "产出指标", "level3": "救助人数", "direction": d, "target": 100, "actual": 100, "points": 10, "score": 10}
            for d in ("正", " 反向 ", None, "正向")]
    path = build_template(at_version(get_spec("T2"), 1), tmp_path / "v1.xlsx", {"indicators": rows})
    findings = [f for f in check_file(path).findings if f.type in REGISTRY["JX003"].types]
    assert [(f.cell, f.actual, f.expected, f.severity) for f in findings] == [("D16", "正", "正向、反向、定性", "error")]
    assert [f.message for f in findings] == ["三级指标“救助人数”（第16行）指标方向为“正”，应为 正向、反向、定性 之一"]
