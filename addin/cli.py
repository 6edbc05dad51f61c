"""The ``jixiao`` command. Thin: every command calls the packages and formats their answer.

Exit codes: 0 success, 1 a failure in the work (errors found, a file not merged), 2 a usage error.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

import click
from tqdm import tqdm

from addin.install import install_target
from addin.xlam import build_xlam
from udfs import xl
from workbooks.annotate import annotate
from workbooks.build import build_all, build_workbook, field_table
from workbooks.check import brief, check_many, workbook_paths
from workbooks.merge import merge as merge_paths
from workbooks.report import as_data, as_text
from workbooks.spec import SpecError, builtin_specs, bundles, get_spec, load_spec
from workbooks.summary import write_summary


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


@main.command()
@click.argument("template_id", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=True), help="输出文件（all 时为目录）。")
@click.option("--unit", help="预先填好的单位名称。")
@click.option("--year", type=int, help="预先填好的年度。")
@click.option("--spec", "spec_file", type=click.Path(exists=True, dir_okay=False), help="使用自己的模板规格文件（TOML）。")
@click.option("--list", "list_", is_flag=True, help="列出全部模板。")
@click.option("--fields", is_flag=True, help="列出模板的全部字段：名称、标签、工作表、单元格、输入或计算。")
def template(template_id, output, unit, year, spec_file, list_, fields):
    """生成填报模板：jixiao template T2 -o 自评表.xlsx；jixiao template all -o 模板/。"""
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
    if not spec_files:
        return None
    try:
        county = [load_spec(f) for f in spec_files]
    except SpecError as exc:
        raise click.UsageError(str(exc)) from None
    return {**builtin_specs(), **{s.id: s for s in county}}


_SPEC_OPTION = click.option("--spec", "spec_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                            help="本县的模板规格文件（TOML，可多次给出）：覆盖同编号的内置模板。")


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(exists=True))
@click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text", help="报告格式。")
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False), help="把标注了问题的副本写到此目录。")
@_SPEC_OPTION
@click.option("--rules", "list_rules", is_flag=True, help="列出全部校验规则：编号、名称、默认级别、能否由规格修改。")
@click.option("--select", multiple=True, help="只用这些规则（编号或前缀，如 JX3、JX101；可多次给出）。")
@click.option("--ignore", multiple=True, help="不用这些规则（编号或前缀；可多次给出）。")
def check(inputs, format_, annotate_dir, spec_files, list_rules, select, ignore):
    """校验工作簿：jixiao check 文件或文件夹...；有错误或无法读取时退出码为 1。"""
    from workbooks.checks import SelectionError, rule_table, selected_types
    if list_rules:
        click.echo("编号\t名称\t规则\t默认级别\t县可修改")
        for row in rule_table():
            click.echo("\t".join(row))
        return
    if not inputs:
        raise click.UsageError("请给出要校验的文件或文件夹")
    try:
        types = selected_types(select, ignore) if select or ignore else None
    except SelectionError as exc:
        raise click.UsageError(str(exc)) from None
    specs = _specs(spec_files)
    paths = list(workbook_paths(inputs))
    with tqdm(total=len(paths), unit="个文件", desc="校验", disable=None, file=sys.stderr) as bar:
        reports = list(check_many(paths, progress=bar.update, then=None if format_ == "json" else brief, specs=specs))
    if types is not None:
        for report in reports:
            report.findings = [f for f in report.findings if f.type in types]
    if annotate_dir:
        for report in reports:
            annotate(report, annotate_dir)
    if format_ == "json":
        click.echo(json.dumps(as_data(reports), ensure_ascii=False, indent=1, default=str))
    else:
        click.echo(as_text(reports))
    raise SystemExit(1 if any(r.errors for r in reports) else 0)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="输出的汇总表（.xlsx）。")
@click.option("--region", default="", help="本汇总表的地区名称（如某县），合并到上级汇总时作为“地区”。")
@click.option("--jobs", type=int, help="并行进程数（默认：全部核心）。")
@_SPEC_OPTION
def merge(inputs, output, region, jobs, spec_files):
    """合并汇总：jixiao merge 收文/ -o 县汇总.xlsx；有未合并文件或错误时退出码为 1。"""
    specs = _specs(spec_files)
    paths = [p for p in workbook_paths(inputs) if p.resolve() != Path(output).resolve()]
    with tqdm(total=len(paths), unit="个文件", desc="校验与合并", disable=None, file=sys.stderr) as bar:
        summary = merge_paths(paths, region=region, jobs=jobs, progress=bar.update, specs=specs)
    write_summary(summary, output, region=region, inputs=list(inputs))
    click.echo(summary.line)
    click.echo(f"已写入 {output}")
    failed = summary.count("not-merged") or any(r["errors"] for r in summary.units.values())
    raise SystemExit(1 if failed else 0)


@main.group()
def addin():
    """Excel 加载项：jixiao addin build / jixiao addin install。"""


@addin.command("build")
@click.option("-o", "--output", default="jixiao.xlam", show_default=True, type=click.Path(dir_okay=False))
def addin_build(output):
    """生成 Excel 加载项 jixiao.xlam（“绩效工具”选项卡与 JX_ 函数）。"""
    click.echo(f"已生成 {build_xlam(output)}")


@addin.command("install")
@click.option("--target", type=click.Path(file_okay=False), help="加载项目录（默认：Windows 上 Excel 的 XLSTART 目录）。")
def addin_install(target):
    """生成加载项并放到 Excel 启动时加载的目录。"""
    try:
        folder = install_target(target)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    path = build_xlam(Path(folder) / "jixiao.xlam")
    click.echo(f"已安装 {path}：重新启动 Excel 后出现“绩效工具”选项卡")
