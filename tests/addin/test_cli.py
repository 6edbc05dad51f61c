from click.testing import CliRunner

from addin.cli import main
from udfs import xl


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_version_and_help():
    assert run("--version").output.startswith("jixiao 版本 ")
    result = run("--help")
    assert result.exit_code == 0 and "functions" in result.output
    lines = result.output.splitlines()
    assert (lines[0], lines[4:7], lines[8]) == ("用法：main [OPTIONS] COMMAND [ARGS]...", [
        "选项：", "  -V, --version  显示版本并退出。", "  -h, --help     显示本帮助并退出。"], "命令：")


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

    assert run("--version").output == f"jixiao 版本 {__version__}\n" and version("jixiao") == __version__
