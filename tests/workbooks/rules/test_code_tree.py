"""JX104 科目层级合计: a parent code equals the sum of its children; a cent per child is a tail."""

from tests.helpers import official
from tests.workbooks.rules._fixture import rule_rows


def test_the_code_tree_of_a_final_accounts_table(tmp_path):
    sheets = official.seed_003_final_accounts(**{"公开02表!C9": 1300})
    rows = rule_rows(tmp_path, "JX104", {"公开02表": sheets["公开02表"]})
    assert rows == [("公开02表", "C8", "code-tree", "error"), ("公开02表", "D8", "code-tree-tail", "warning"),
                    ("公开02表", "C9", "code-tree", "error")]
