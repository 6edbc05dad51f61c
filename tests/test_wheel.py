"""What README's install steps promise: a wheel built from the repository that declares every
package it imports, and installs with pip from a folder of wheels without an index."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from email.parser import Parser
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from addin.xlam import build_xlam
from workbooks.check import check_file

ROOT = Path(__file__).resolve().parents[1]
WHEEL_COMMAND = ["pip", "wheel", ".", "-w", "dist", "--no-deps"]       # README's, run below from the repository


def test_readme_installs_from_a_wheel_and_a_folder_never_from_the_index():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The Excel add-in"):readme.index("## Checking")]
    commands = [line.strip() for block in re.findall(r"```bat\n(.*?)```", section, re.S) for line in block.splitlines() if line.strip()]
    assert commands == ["python -m pip wheel . -w dist --no-deps",
                        "python -m pip download dist\\jixiao-0.1.0-py3-none-any.whl -d jixiao-wheels",
                        "python -m pip install --no-index --find-links E:\\jixiao-wheels jixiao",
                        "jixiao addin install"]
    assert commands[0].split()[2:] == WHEEL_COMMAND


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheels")
    work = tmp_path_factory.mktemp("repository")
    shutil.copytree(ROOT, work, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "node_modules"))
    subprocess.run([sys.executable, "-m", *WHEEL_COMMAND, "-q"], check=True, cwd=work)
    (built,) = (work / "dist").glob("jixiao-*.whl")
    return Path(shutil.copy(built, folder))


def _imports(source: str) -> set[str]:
    """The top-level names a module imports, at its top or inside its functions."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.slow
def test_the_wheel_holds_the_packages_and_declares_every_package_they_import(wheel):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = Parser().parsestr(archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode())
        imported = set().union(*(_imports(archive.read(n).decode("utf-8")) for n in names if n.endswith(".py")))
    ours = {name.split("/")[0] for name in names if name.endswith(".py")}
    assert ours == {"udfs", "workbooks", "addin"}
    assert any(n.startswith("workbooks/templates/") and n.endswith(".xlsx") for n in names)
    assert any(n.startswith("workbooks/specs/") and n.endswith(".toml") for n in names)
    required = {Requirement(r).name.lower() for r in metadata.get_all("Requires-Dist") if "extra ==" not in r}
    assert required == {Requirement(r).name.lower() for r in project["dependencies"]}
    windows_only = {"pythoncom", "pywintypes", "win32com"}        # named by addin/wrappers.py, never imported here
    third_party = imported - ours - set(sys.stdlib_module_names) - windows_only
    providers = packages_distributions()
    undeclared = {name for name in third_party
                  if not {d.lower().replace("_", "-") for d in providers.get(name, [name])} & required}
    assert undeclared == set()


@pytest.mark.slow
def test_the_wheel_installs_from_a_folder_without_an_index_and_runs(wheel, tmp_path):
    """Into a fresh environment that sees the installed dependencies, never an index: the
    console script and the package data come from the wheel."""
    environment = tmp_path / "venv"
    venv.create(environment, system_site_packages=True, with_pip=True)
    outside = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}     # not this working tree

    def run(*args) -> str:
        return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True, cwd=tmp_path,
                              env=outside).stdout

    python, jixiao = environment / "bin" / "python", environment / "bin" / "jixiao"
    run(python, "-m", "pip", "install", "-q", "--no-index", "--find-links", wheel.parent, "--no-deps", "--force-reinstall",
        "jixiao")
    where = run(python, "-c", "import addin, udfs, workbooks; print(addin.__file__, udfs.__file__, workbooks.__file__)")
    assert all(Path(p).is_relative_to(environment) for p in where.split())
    assert run(jixiao, "--version") == "jixiao 0.1.0\n"
    run(jixiao, "addin", "build", "-o", tmp_path / "jixiao.xlam")
    assert (tmp_path / "jixiao.xlam").read_bytes() == build_xlam(tmp_path / "here.xlam").read_bytes()
    run(jixiao, "template", "T2", "-o", tmp_path / "自评表.xlsx")
    assert check_file(tmp_path / "自评表.xlsx").extracts[0].spec.id == "T2"
