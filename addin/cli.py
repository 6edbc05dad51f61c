"""The ``jixiao`` command. Thin: every command calls the packages and formats their answer.

Exit codes: 0 success, 1 a failure in the work (errors found, a file not merged), 2 a usage error.
"""

from __future__ import annotations

from importlib.metadata import version

import click

from udfs import xl


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version("jixiao"), "-V", "--version", prog_name="jixiao")
def main() -> None:
    """绩效表格工具箱：预算绩效自评表格的模板、校验与汇总。"""


@main.command()
@click.option("--markdown", is_flag=True, help="输出 Markdown 表格（README 用）。")
def functions(markdown: bool) -> None:
    """列出可在单元格中使用的 JX_ 函数、说明与示例。"""
    if markdown:
        click.echo(xl.markdown_table())
        return
    for name, doc, call, result in xl.catalogue():
        click.echo(f"{name}\n  {doc}\n  示例：{call} → {result or '（空）'}\n")
