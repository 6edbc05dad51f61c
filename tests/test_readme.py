"""README.md opens with the two commands, CI runs exactly its test command, and the documented
tables are the ones the code produces."""

import re
from pathlib import Path

from click.testing import CliRunner

from addin.cli import main
from udfs import xl

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_setup_and_test_commands():
    first, second = re.findall(r"```(?:bash|sh)\n(.*?)```", README, re.S)[:2]
    assert "pip install" in first and "jixiao " in first
    assert second.strip().startswith("python -m pytest")


def test_ci_runs_the_readme_test_command():
    test_command = re.findall(r"```(?:bash|sh)\n(.*?)```", README, re.S)[1].strip()
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_lists_every_udf_as_the_code_does():
    assert xl.markdown_table() in README


def _commands(group, prefix=""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}"
        if hasattr(command, "commands"):
            yield from _commands(command, f"{prefix}{name} ")


def test_every_command_is_documented():
    for command in _commands(main):
        assert f"jixiao {command}" in README, f"README does not document `jixiao {command}`"
    assert CliRunner().invoke(main, ["--help"]).exit_code == 0


def test_the_benchmarks_the_readme_names_exist():
    modules = re.findall(r"python -m (tests\.bench\.\w+)", README)
    assert sorted(set(modules)) == ["tests.bench.check_bench", "tests.bench.desk_load", "tests.bench.fuzz_campaign",
                                    "tests.bench.hostile_bench", "tests.bench.memory_bench", "tests.bench.merge_bench"]
    assert all((ROOT / (m.replace(".", "/") + ".py")).is_file() for m in modules)


def test_the_readme_tells_what_the_first_command_does_to_the_sample_county(tmp_path):
    line = re.search(r"ends with exit\s+code (\d) and the\s+line `(收到 [^`]*)`", README)
    result = CliRunner().invoke(main, ["merge", str(ROOT / "workbooks" / "samples"), "-o", str(tmp_path / "县汇总.xlsx")])
    assert (result.exit_code, result.output.splitlines()[0]) == (int(line[1]), line[2])
    assert f"such as `{line[2]}`" in README
