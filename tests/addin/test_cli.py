import re

import pytest
from click.testing import CliRunner

from addin import __version__
from addin.cli import main
from addin.usage import _columns
from udfs import xl


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_version_and_help():
    assert run("--version").output == f"jixiao {__version__}\n"
    result = CliRunner().invoke(main, ["--help"], prog_name="jixiao")
    assert result.exit_code == 0
    assert result.output.splitlines()[:9] == [
        "用法：jixiao [选项] 命令 [参数]...", "", "  绩效表格工具箱：预算绩效自评表格的模板、校验与汇总。", "",
        "选项：", "  -V, --version  显示版本号并退出", "  -h, --help     显示本帮助并退出", "", "命令："]
    assert [line.split()[0] for line in result.output.splitlines()[9:] if line.startswith("  ") and line[2] != " "] == [
        "addin", "check", "functions", "merge", "serve", "template"]


COMMANDS = [(), ("addin",), ("addin", "build"), ("addin", "install"), ("check",), ("functions",), ("merge",),
            ("serve",), ("template",)]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_help_page_is_chinese_and_fits_the_terminal(command):
    result = CliRunner().invoke(main, [*command, "--help"], terminal_width=80, prog_name="jixiao")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith(f"用法：jixiao {' '.join(command)}".rstrip())
    assert re.findall(r"\b(?:Usage|Options|Commands|Show|FILE|TEXT|DIRECTORY|PATH|INTEGER|OPTIONS|default|required)\b",
                      result.output) == []
    assert max(map(_columns, lines)) <= 80


def test_a_help_line_is_wrapped_by_terminal_columns_and_never_starts_with_a_stop():
    result = CliRunner().invoke(main, ["merge", "--help"], terminal_width=60)
    lines = result.output.splitlines()
    options = lines[lines.index("选项："):]
    assert options[1:4] == ["  -o, --output 文件            输出的汇总表（.xlsx；分析用的",
                            "                               .csv 或 .parquet 只含“汇总”",
                            "                               表）。 [必填]"]
    assert [line for line in options if re.match(r"\s*[。，、；：）]", line)] == []


def test_functions_lists_every_udf_with_example():
    result = run("functions")
    assert result.exit_code == 0
    for entry in xl.UDFS:
        assert entry.name in result.output and entry.example_call() in result.output


def test_unknown_command_is_a_usage_error():
    assert run("frobnicate").exit_code == 2


def test_addin_build_and_install(tmp_path):
    result = run("addin", "build", "-o", str(tmp_path / "a.xlam"))
    assert result.exit_code == 0 and (tmp_path / "a.xlam").stat().st_size > 20_000
    result = run("addin", "install", "--target", str(tmp_path / "XLSTART"))
    assert result.exit_code == 0 and (tmp_path / "XLSTART" / "jixiao.xlam").exists() and "绩效工具" in result.output


def test_addin_install_without_windows_is_a_usage_error(monkeypatch):
    monkeypatch.delenv("APPDATA", raising=False)
    result = run("addin", "install")
    assert result.exit_code == 2 and "Windows" in result.output


def test_merge_offers_the_formats_the_summary_writes():
    from addin.cli import SUMMARY_FORMATS
    from workbooks.summary import FORMATS

    assert SUMMARY_FORMATS == FORMATS


def test_the_version_is_written_once():
    from importlib.metadata import version

    from addin import __version__

    assert run("--version").output == f"jixiao {__version__}\n" and version("jixiao") == __version__


def test_the_console_script_answers_version_without_loading_the_command_line():
    import subprocess
    import sys

    def launch(*args: str) -> subprocess.CompletedProcess:
        code = ("import sys; from addin.launch import main; sys.argv = ['jixiao', *sys.argv[1:]]; main(); "
                "print('click' in sys.modules, 'addin.cli' in sys.modules)")
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)

    for flag in ("--version", "-V"):
        assert launch(flag).stdout == f"jixiao {__version__}\nFalse False\n"
    assert launch("--version").stdout.splitlines()[0] == run("--version").output.strip()   # one line, both ways
    helped = launch("--help")
    assert helped.returncode == 0 and helped.stdout.startswith("用法：jixiao [选项] 命令 [参数]...")
    assert launch("frobnicate").returncode == 2
