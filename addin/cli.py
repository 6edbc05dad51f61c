"""The ``jixiao`` command. Thin: every command calls the packages and formats their answer.

Exit codes: 0 success, 1 a failure in the work (errors found, a file not merged), 2 a usage error.
"""

from __future__ import annotations

import os
import sys
from functools import partial
from pathlib import Path

import click

from addin import __version__
from addin.launch import VERSION_LINE

from addin.usage import ChineseGroup, Positive, check_output_file, check_output_folder, refuse_inside

# Every command imports what it needs when it runs: ``jixiao --version`` loads none of it.
SUMMARY_FORMATS = ("xlsx", "csv", "parquet")          # workbooks.summary.FORMATS (a test keeps them equal)


@click.group(cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", message=VERSION_LINE, help="显示版本号并退出")
def main() -> None:
    """绩效表格工具箱：预算绩效自评表格的模板、校验与汇总。"""


def _progress(total: int, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, unit="个文件", desc=desc, disable=None, file=sys.stderr)


def _echo_skipped(skipped) -> None:
    from workbooks.display import path_text, terminal_text

    for path, reason in skipped:
        click.echo(terminal_text(f"□ {path_text(path)}：{reason}"))


@main.command()
@click.option("--markdown", is_flag=True, help="输出 Markdown 表格（README 用）。")
def functions(markdown: bool) -> None:
    """列出可在单元格中使用的 JX_ 函数、说明与示例。"""
    from udfs import xl

    if markdown:
        click.echo(xl.markdown_table())
        return
    for name, doc, call, result in xl.catalogue():
        click.echo(f"{name}\n  {doc}\n  示例：{call} → {result or '（空）'}\n")


@main.command()
@click.argument("template_id", required=False, metavar="[模板编号]")
@click.option("-o", "--output", type=click.Path(dir_okay=True), help="输出文件（all 时为目录）。")
@click.option("--unit", help="预先填好的单位名称。")
@click.option("--year", type=int, help="预先填好的年度。")
@click.option("--spec", "spec_file", type=click.Path(exists=True, dir_okay=False), help="使用自己的模板规格文件（TOML）。")
@click.option("--list", "list_", is_flag=True, help="列出全部模板。")
@click.option("--fields", is_flag=True, help="列出模板的全部字段：名称、标签、工作表、单元格、输入或计算。")
def template(template_id, output, unit, year, spec_file, list_, fields):
    """生成填报模板：jixiao template T2 -o 自评表.xlsx；jixiao template all -o 模板/。"""
    from workbooks.build import build_all, build_workbook, field_table
    from workbooks.spec import SpecError, bundles, get_spec, load_spec

    if list_:
        for name, specs in bundles().items():
            tables = "、".join(s.id for s in specs) if len(specs) > 1 else ""
            click.echo(f"{name}\t{specs[0].attachment}\t{specs[0].name if len(specs) == 1 else specs[0].bundle_name}"
                       + (f"（{tables}）" if tables else ""))
        return
    try:
        groups = ({"spec": [load_spec(spec_file)]} if spec_file else
                  bundles() if template_id == "all" else
                  {template_id: bundles().get(template_id) or [get_spec(template_id)]} if template_id else None)
    except SpecError as exc:
        raise click.UsageError(str(exc)) from None
    if not groups:
        raise click.UsageError("请给出模板编号（jixiao template --list 查看）或 --spec 文件")
    if fields:
        for specs in groups.values():
            for spec in specs:
                for row in field_table(spec):
                    click.echo("\t".join(row))
        return
    if not output:
        raise click.UsageError("请用 -o 指定输出文件")
    values = {k: v for k, v in (("unit", unit), ("year", year)) if v is not None}
    check_output_folder(output) if template_id == "all" else check_output_file(output)
    if template_id == "all":
        written = build_all(groups, output, values)
    else:
        (specs,) = groups.values()
        written = [build_workbook(specs, output, {s.id: values for s in specs})]
    for path in written:
        click.echo(f"已生成 {path}")


def _specs(spec_files: tuple[str, ...]) -> dict | None:
    """The built-in specs with the county's own files over them (a file replaces the built-in
    spec of its id, or adds a template)."""
    from workbooks.spec import SpecError, builtin_specs, load_spec

    if not spec_files:
        return None
    try:
        county = [load_spec(f) for f in spec_files]
    except SpecError as exc:
        raise click.UsageError(str(exc)) from None
    return {**builtin_specs(), **{s.id: s for s in county}}


def _chosen(report, types: frozenset[str] | None):
    """The report with only the findings of the rules chosen by ``--select`` / ``--ignore``."""
    if types is not None:
        report.findings = [f for f in report.findings if f.type in types]
    return report


def _list_rules(context: click.Context, _option, given: bool) -> None:
    """``--rules``: the rules in Chinese, before any input is asked for."""
    if not given:
        return
    from workbooks.checks import rule_table

    click.echo("编号\t规则\t默认级别\t县可修改")
    for code, _name, title, severity, configurable in rule_table():      # its English name is for developers
        click.echo("\t".join((code, title, severity, configurable)))
    context.exit(0)


_SPEC_OPTION = click.option("--spec", "spec_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                            help="本县的模板规格文件（TOML，可多次给出）：覆盖同编号的内置模板。")


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True), metavar="文件或文件夹...")
@click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text", help="报告格式。")
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False), help="把标注了问题的副本写到此目录。")
@_SPEC_OPTION
@click.option("--rules", is_flag=True, is_eager=True, expose_value=False, callback=_list_rules,
              help="列出全部校验规则：编号、规则、默认级别、能否由规格修改。")
@click.option("--select", multiple=True, help="只用这些规则（编号或前缀，如 JX3、JX101；可多次给出）。")
@click.option("--ignore", multiple=True, help="不用这些规则（编号或前缀；可多次给出）。")
@click.option("--jobs", type=Positive(), help="并行进程数（默认：全部核心）。")
def check(inputs, format_, annotate_dir, spec_files, select, ignore, jobs):
    """校验工作簿与自评报告：jixiao check 文件或文件夹...；有错误或无法读取时退出码为 1。"""
    from workbooks.check import brief, gather
    from workbooks.checks import SelectionError, selected_types
    from workbooks.narrative.batch import check_with_reports, take_reports
    from workbooks.report import Totals, json_chunks, text_lines

    try:
        types = selected_types(select, ignore) if select or ignore else None
    except SelectionError as exc:
        raise click.UsageError(str(exc)) from None
    specs = _specs(spec_files)
    found = gather(inputs)
    narrative = take_reports(found)
    then = None if format_ == "json" else brief
    if annotate_dir:
        from workbooks.annotate import annotated, copy_targets

        refuse_inside(Path(annotate_dir), list(inputs))
        check_output_folder(annotate_dir)
        then = partial(annotated, targets=copy_targets(found.paths, annotate_dir), keep_fields=format_ == "json")
    totals = Totals()
    with _progress(len(found.paths) + len(narrative), "校验") as bar:
        checked = check_with_reports(found.paths, narrative, jobs, bar.update, then, specs=specs)
        reports = (totals.add(_chosen(r, types)) for r in checked)
        if format_ == "json":
            for chunk in json_chunks(reports, found.skipped):
                click.echo(chunk, nl=False)
            click.echo()
        else:
            for report in reports:
                click.echo("\n".join(text_lines(report)))
            _echo_skipped(found.skipped)
            click.echo(totals.line)
    raise SystemExit(1 if totals.errors else 0)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True), metavar="文件或文件夹...")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="输出的汇总表（.xlsx；分析用的 .csv 或 .parquet 只含“汇总”表）。")
@click.option("--format", "format_", type=click.Choice(SUMMARY_FORMATS), help="汇总表格式（默认按 -o 的扩展名，否则为 xlsx）。")
@click.option("--region", default="", help="本汇总表的地区名称（如某县），合并到上级汇总时作为“地区”。")
@click.option("--bureau", default=None,
              help="汇总表的填报单位（表头“填报单位：…（盖章）”）；默认为地区的财政局（如某县财政局），无地区时留空待手填。")
@click.option("--jobs", type=Positive(), help="并行进程数（默认：全部核心）。")
@_SPEC_OPTION
def merge(inputs, output, format_, region, bureau, jobs, spec_files):
    """合并汇总：jixiao merge 收文/ -o 县汇总.xlsx；有未合并文件或错误时退出码为 1。

    \b
    每个文件的去向（合计始终等于其上各行之和）：
    - 各单位的文件：按单位、年度合并为一行；单位名称括号内不同即为不同单位。
    - 内容完全相同的文件：保留第一个，其余为“重复”。
    - 同一单位同一表格的几个版本：先按文件名（终稿/定稿 > 修改稿/第N稿/修改后 > 未标注 > 初稿/草稿/旧版 > 作废），再按文件内保存时间、文件修改时间保留较新的一个，“未合并”表说明保留了哪个及原因。
    - 汇总表：像其他文件一样核对（各行之和等于合计、比率与等次、金额合理），不通过则不合并；其中的单位另有本单位文件时，以本单位文件为准。
    - 金额疑似以元填报的单位：报错，其金额不计入合计，合计行备注说明。
    - 未保存公式计算结果的文件：按公式重新计算后汇总，并提示。
    - 无法读取、未识别表格或无单位名称的文件：列入“未合并”并说明原因。
    - 输出文件不能是收到的文件；上次生成的汇总表作为输出时被替换，不作为输入。
    """
    from workbooks.check import gather
    from workbooks.display import os_reason
    from workbooks.summary import distinct, earlier_summary, format_of, write_summary
    from workbooks.summary import merge as merge_paths

    specs = _specs(spec_files)
    named = format_of(output)
    if format_ and named and format_ != named:
        raise click.UsageError(f"输出文件“{output}”的扩展名是 .{named}，与 --format {format_} 不符")
    if not format_ and not named:
        raise click.UsageError(f"输出文件“{output}”的扩展名不是汇总表的格式；请用 "
                               f"{'、'.join('.' + f for f in SUMMARY_FORMATS)}，或用 --format 指定格式")
    check_output_file(output)
    from workbooks.narrative.batch import take_reports

    found = gather(inputs)
    narrative = distinct(take_reports(found))
    target = os.path.realpath(output)
    given = distinct(found.paths)
    paths = [p for p in given if os.path.realpath(p) != target]
    if len(paths) < len(given):
        if not earlier_summary(Path(target)):
            raise click.UsageError(f"输出文件“{output}”是收到的文件之一，写入会覆盖它；请另选输出文件")
        click.echo(f"{output} 是上次生成的汇总表：不作为输入，将由本次汇总替换")
    with _progress(len(paths) + len(narrative), "校验与合并") as bar:
        summary = merge_paths(paths, region=region, jobs=jobs, progress=bar.update, reports=narrative,
                             specs=specs)
    summary.skipped = list(dict.fromkeys(found.skipped))         # listed in 说明: every entry accounted for
    try:
        write_summary(summary, output, region=region, inputs=list(inputs), format=format_ or named or "xlsx",
                      bureau=bureau)
    except OSError as exc:
        raise click.UsageError(f"汇总表“{output}”无法写入：{os_reason(exc)}") from None
    _echo_skipped(found.skipped)
    click.echo(summary.line)
    click.echo(f"已写入 {output}")
    raise SystemExit(1 if summary.failed else 0)


@main.command()
@click.option("--data", "data_dir", default="jixiao-data", show_default=True, type=click.Path(file_okay=False),
              help="数据目录：上传的文件与 SQLite 数据库存放于此。")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址；0.0.0.0 允许其他计算机访问（须放在 HTTPS 之后）。")
@click.option("--port", default=8765, show_default=True, type=int, help="端口。")
@click.option("--db", "db_url", help="数据库地址，如 postgresql://用户:密码@主机/库名（默认：数据目录中的 SQLite）。")
def serve(data_dir, host, port, db_url):
    """收文台：jixiao serve 后在浏览器打开 http://127.0.0.1:8765/，各单位通过各自的链接上传并立即看到校验结果。"""
    from addin.desk.serve import serve as run      # the web stack loads only for this command
    run(Path(data_dir), host, port, db_url)


@main.group()
def addin():
    """Excel 加载项：jixiao addin build / jixiao addin install。"""


@addin.command("build")
@click.option("-o", "--output", default="jixiao.xlam", show_default=True, type=click.Path(dir_okay=False))
def addin_build(output):
    """生成 Excel 加载项 jixiao.xlam（“绩效工具”选项卡与 JX_ 函数）。"""
    from addin.xlam import build_xlam

    check_output_file(output)
    click.echo(f"已生成 {build_xlam(output)}")


@addin.command("install")
@click.option("--target", type=click.Path(file_okay=False), help="加载项目录（默认：Windows 上 Excel 的 XLSTART 目录）。")
def addin_install(target):
    """生成加载项并放到 Excel 启动时加载的目录。"""
    from addin.install import install_target
    from addin.xlam import build_xlam

    try:
        folder = install_target(target)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    path = build_xlam(Path(folder) / "jixiao.xlam")
    click.echo(f"已安装 {path}：重新启动 Excel 后出现“绩效工具”选项卡")


if __name__ == "__main__":
    main()
