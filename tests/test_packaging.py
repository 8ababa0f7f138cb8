"""``pip install .`` (not editable) gives a working ``minutes``: the wheel holds every
file the package reads (``metadata.yml``), and an installed copy imports and serves an
archive from outside the source tree, with nothing of the repository importable."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, SAMPLES, Server, get, minutes_env, run_command

PACKAGE = REPO / "parser"
#: What a fresh clone needs to build the package (tests, samples and bench are not in it).
BUILD_FILES = ["pyproject.toml", "README.md", "metadata.yml", "parser"]


def test_the_top_level_metadata_is_the_packaged_file():
    # People edit metadata.yml at the top; the package ships parser/metadata.yml.
    top = REPO / "metadata.yml"
    assert top.resolve() == (PACKAGE / "metadata.yml").resolve(), (
        "metadata.yml must stay a link to parser/metadata.yml (an editor replaced it with a "
        "copy?): put the change into parser/metadata.yml and run: "
        "ln -sf parser/metadata.yml metadata.yml")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel ``pip wheel .`` builds from a copy of the repository's files."""
    source = tmp_path_factory.mktemp("clone")
    for name in BUILD_FILES:
        path = REPO / name
        if path.is_dir() and not path.is_symlink():
            shutil.copytree(path, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, source / name, follow_symlinks=False)
    out = tmp_path_factory.mktemp("wheel")
    built = run_command([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                         "--disable-pip-version-check", "-w", out, source],
                        dict(os.environ, PIP_NO_INPUT="1"))
    assert built.returncode == 0, built.stderr
    (wheel,) = out.glob("minutes_archive-*.whl")
    return wheel


def test_the_wheel_holds_the_package_and_its_data(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        assert z.read("parser/metadata.yml") == (PACKAGE / "metadata.yml").read_bytes()
        assert {f"parser/{p.name}" for p in PACKAGE.glob("*.py")} <= names
        assert not [n for n in names if n.split("/")[0] in ("tests", "samples", "bench")]
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        entries = z.read(entry_points).decode("utf-8")
    assert "minutes = parser.cli:main" in entries
    assert "minutes = parser.datasette_plugin" in entries


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> tuple[list[str], Path, str]:
    """The wheel installed into a folder of its own: the command that runs its
    ``minutes``, the folder, and the PYTHONPATH under which only that copy of the
    package, and this environment's dependencies, can be imported (``python -S``: no
    site-packages but those named, so not this repository's editable install)."""
    target = tmp_path_factory.mktemp("installed")
    done = run_command([sys.executable, "-m", "pip", "install", "--no-deps", "-q",
                        "--disable-pip-version-check", "--target", target, wheel], dict(os.environ))
    assert done.returncode == 0, done.stderr
    # The dependencies: this environment's site-packages without the project itself.
    dependencies = tmp_path_factory.mktemp("dependencies")
    site = Path(sysconfig.get_paths()["purelib"])
    for entry in site.iterdir():
        if not entry.name.startswith(("minutes_archive", "__editable__", "parser")):
            (dependencies / entry.name).symlink_to(entry)
    command = [sys.executable, "-S", str(target / "bin" / "minutes")]
    return command, target, f"{target}{os.pathsep}{dependencies}"


def test_an_installed_minutes_serves_an_archive_outside_the_source_tree(installed, tmp_path,
                                                                         monkeypatch):
    command, target, pythonpath = installed
    env = minutes_env(tmp_path, PYTHONPATH=pythonpath)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    where = run_command([sys.executable, "-S", "-c",
                         "import parser, datasette; print(parser.__file__)"], env)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(target)

    helped = run_command([*command, "--help"], env)
    assert helped.returncode == 0 and "serve" in helped.stdout, helped.stderr
    db = outside / "archive.db"
    imported = run_command([*command, "import", SAMPLES / "hollola-kunnanvaltuusto-2024-06-17.pdf",
                            "--db", db, "--silent"], env)
    assert imported.returncode == 0, imported.stderr

    with Server(db, env, command=command) as server:
        # The register's front page, from the installed package's templates, with
        # metadata.yml's title.
        status, page = get(server.base + "/")
        assert status == 200 and '<html lang="fi">' in page and "Hae päätöksiä" in page
        assert "Pöytäkirja-arkisto" in page
        status, page = get(server.base + "/?q=paatos")
        assert status == 200 and "<mark>" in page, page[-2000:]
        status, page = get(server.base + "/archive")
        assert status == 200 and "Pöytäkirjat, pykälät ja päätökset" in page  # metadata.yml
        status, plugins = get(server.base + "/-/plugins.json")
        assert sorted(p["name"] for p in json.loads(plugins)) == ["datasette-atom", "minutes-archive"]
        # A canned query of metadata.yml, with the plugin's SQL functions.
        assert server.search("päätös"), server.output()
