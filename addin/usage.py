"""The command line in Chinese: its help (headings, usage line, the help option's own line), what a
user can get wrong (Click's own errors: a missing option, an unknown command, a bad value) and
outputs that cannot be written, found before any work is done. Errors end with exit code 2 and no
traceback."""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from pathlib import Path

import click

# Click's English messages (click 8) → Chinese; the groups are kept
_MESSAGES = (
    (r"No such command '(.*)'\.", "没有命令“{0}”"),
    (r"No such option:? '?([^'\s]*)'?\.? Did you mean '?([^'\s]*?)'?\?", "没有选项 {0}，是否想用 {1}？"),
    (r"No such option:? '?([^'\s]*)'?\.? \(Possible options: (.*)\)", "没有选项 {0}（可能是：{1}）"),
    (r"No such option:? '?([^'\s]*)'?\.?", "没有选项 {0}"),
    (r"Option '(.*)' requires an argument\.", "选项 {0} 需要给出一个值"),
    (r"Option '(.*)' does not take a value\.", "选项 {0} 不接受值"),
    (r"Got unexpected extra arguments? \((.*)\)", "多余的参数：{0}"),
    (r"Missing command\.", "缺少命令"),
    (r"Invalid value for '(.*?)': (.*)", "{0} 的值无效：{1}"),
    (r"Invalid value for (.*?): (.*)", "{0} 的值无效：{1}"),
    (r"Missing (argument|option|parameter) (.*?)\.?", "缺少{0} {1}"),
    (r"(File|Directory|Path) '(.*)' does not exist\.", "{0}“{1}”不存在"),
    (r"(File|Directory|Path) '(.*)' is a directory\.", "{0}“{1}”是文件夹"),
    (r"(File|Directory|Path) '(.*)' is a file\.", "{0}“{1}”是文件，不是文件夹"),
    (r"'(.*)' is not a valid integer(?: range)?\.", "“{0}”不是整数"),
    (r"'(.*)' is not one of (.*)\.", "“{0}”不是可选的值（{1}）"),
    (r"'(.*)' is not '(.*)'\.", "“{0}”不是 {1}"),
    (r"(.*) is not in the range (.*)\.", "{0} 不在范围 {1} 内"),
    (r"Possible options: (.*)", "可能是：{0}"),
    (r"Did you mean (.*)\?", "是否想用 {0}？"),
)
_WORDS = {"argument": "参数", "option": "选项", "parameter": "参数", "File": "文件", "Directory": "文件夹",
          "Path": "路径"}


def chinese(message: str) -> str:
    """A Click message in Chinese, clause by clause; what is not Click's stays as it is."""
    def one(text: str) -> str:
        for pattern, template in _MESSAGES:
            found = re.fullmatch(pattern, text.strip(), re.S)
            if found:
                return template.format(*(_WORDS.get(g) or one(g) for g in found.groups()))
        return text
    return "\n".join(one(line) for line in message.splitlines())


_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
_TERMS = {"FILE": "文件", "DIRECTORY": "文件夹", "PATH": "路径", "TEXT": "文本", "INTEGER": "整数",
          "[OPTIONS]": "[选项]", "COMMAND": "命令", "[ARGS]...": "[参数]..."}
_EXTRAS = ((re.compile(r"\[default: (.*?)\]"), r"[默认：\1]"), (re.compile(r"\[required\]"), "[必填]"))


def _terms(text: str) -> str:
    return " ".join(_TERMS.get(word, word) for word in text.split(" "))


def _extras(text: str) -> str:
    for pattern, replacement in _EXTRAS:
        text = pattern.sub(replacement, text)
    return text


class ChineseFormatter(click.HelpFormatter):
    """Help pages with Chinese headings, usage line, value names (文件, 文本) and notes ([默认：…])."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _terms(args), "用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        """Paragraphs wrapped by terminal columns; a block marked ``\\b`` keeps its lines (each
        wrapped under its own hanging indent)."""
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 20)
        for number, block in enumerate(text.split("\n\n")):
            lines = block.splitlines()
            if number:
                self.write("\n")
            if lines and lines[0].strip() == "\b":
                for line in lines[1:]:
                    body = line.lstrip()
                    hang = " " * (len(line) - len(body) + (2 if body.startswith("- ") else 0))
                    for at, part in enumerate(_wrap(body, width - len(hang))):
                        self.write(indent + (hang if at else line[:len(line) - len(body)]) + part + "\n")
            else:
                for part in _wrap(" ".join(lines), width):
                    self.write(indent + part + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        """Click's definition list, measured in terminal columns (a Chinese character takes two)."""
        rows = [(_terms(first), _extras(second)) for first, second in rows]
        column = min(max((_columns(first) for first, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(indent + first)
            if _columns(first) <= column - col_spacing:
                self.write(" " * (column - _columns(first)))
            else:
                self.write("\n" + indent + " " * column)
            lines = _wrap(second, max(self.width - column - self.current_indent, 20))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(indent + " " * column + line + "\n")


_NO_LINE_START = set("。，、；：？！）》”’")           # punctuation a Chinese line never starts with
_TOKENS = re.compile(r"[\x21-\x7e]+|\s+|.")          # an ASCII word stays whole; a Chinese character stands alone


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` terminal columns; a stop (。，）) never starts one: the word before
    it moves down with it."""
    lines, line = [], []
    for token in _TOKENS.findall(" ".join(text.split())):
        if line and _columns("".join(line) + token) > width:
            carried = []
            while (carried[0] if carried else token) in _NO_LINE_START and len(line) > 1:
                carried.insert(0, line.pop())
            lines.append("".join(line).rstrip())
            line = [] if token.isspace() else [*carried, token]
        else:
            line.append(token)
    return [*lines, "".join(line).rstrip()]


def _columns(text: str) -> int:
    """Terminal columns a text takes: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


class _ChineseHelp:
    """A command whose help pages are Chinese, its ``-h`` option described in Chinese too."""
    context_class = ChineseContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示本帮助并退出"
        return option


class ChineseCommand(_ChineseHelp, click.Command):
    pass


class ChineseGroup(_ChineseHelp, click.Group):
    """A command group whose help is Chinese and whose usage errors are printed in Chinese (exit
    code 2); its commands and groups are made the same way."""
    command_class = ChineseCommand
    group_class = type

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            _usage_error(exc)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"错误：{chinese(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt):
            click.echo("已中止", err=True)
            sys.exit(1)
        except Exception as exc:  # a fault of ours: said in a line; JIXIAO_DEBUG=1 shows the traceback
            if os.environ.get("JIXIAO_DEBUG"):
                raise
            click.echo("程序内部错误，工作未完成。请把所做的操作和所用的文件报告给开发者"
                       "（设置环境变量 JIXIAO_DEBUG=1 后重新运行可看到详细信息）", err=True)
            sys.exit(1)
        if standalone_mode:
            sys.exit(result if isinstance(result, int) else 0)
        return result


def _usage_error(exc: click.UsageError) -> None:
    if exc.ctx is not None:
        click.echo(f"用法：{exc.ctx.command_path} {_terms(' '.join(exc.ctx.command.collect_usage_pieces(exc.ctx)))}", err=True)
        click.echo(f"运行“{exc.ctx.command_path} -h”查看帮助。", err=True)
        click.echo("", err=True)
    click.echo(f"错误：{chinese(exc.format_message())}", err=True)


class Positive(click.ParamType):
    """A whole number of at least one."""
    name = "正整数"

    def convert(self, value, param, ctx):
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(f"“{value}”不是整数", param, ctx)
        if number < 1:
            self.fail(f"应为正整数（至少为 1），实际为 {number}", param, ctx)
        return number


def check_output_file(path: str | os.PathLike) -> Path:
    """The file a command will write, checked before the work: its folder exists and takes a new
    file, and no folder stands at its name."""
    path = Path(path)
    if path.is_dir():
        raise click.UsageError(f"输出“{path}”是一个文件夹，不能写成文件；请给出文件名")
    check_output_folder(path.parent, create=False)
    return path


def check_output_folder(folder: str | os.PathLike, create: bool = True) -> Path:
    """A folder a command will write into: it exists (or, with ``create``, can be made) and takes
    a new file."""
    folder = Path(folder) if str(folder) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise click.UsageError(f"“{folder}”是文件，不是文件夹")
    if not folder.exists():
        if not create:
            raise click.UsageError(f"输出文件夹“{folder}”不存在；请先建立或换一个位置")
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            from workbooks.display import os_reason
            raise click.UsageError(f"无法建立输出文件夹“{folder}”：{os_reason(exc)}") from None
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=".jixiao-", dir=folder)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        from workbooks.display import os_reason
        raise click.UsageError(f"输出文件夹“{folder}”不能写入（{os_reason(exc)}）；请换一个位置") from None
    return folder


def refuse_inside(folder: Path, inputs: list[str]) -> None:
    """Annotated copies never go into a folder being read (the next check would read them)."""
    target = Path(os.path.realpath(folder))
    for item in inputs:
        given = Path(os.path.realpath(item))
        root = given if given.is_dir() else given.parent
        if target == root or root in target.parents:
            raise click.UsageError(f"标注副本的文件夹“{folder}”在输入“{item}”之中，副本会混入提交的文件；请换一个文件夹")
