from click.testing import CliRunner

from addin.cli import main
from udfs import xl


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_version_and_help():
    assert run("--version").output.startswith("jixiao, version ")
    result = run("--help")
    assert result.exit_code == 0 and "functions" in result.output


def test_functions_lists_every_udf_with_example():
    result = run("functions")
    assert result.exit_code == 0
    for entry in xl.UDFS:
        assert entry.name in result.output and entry.example_call() in result.output


def test_unknown_command_is_a_usage_error():
    assert run("frobnicate").exit_code == 2
